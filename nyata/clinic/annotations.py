"""What the clinic says beside an indicator, on the instrument page and in the worksheet
(nyata.instruments.annotations): the indicator's FAQ of the person's instansi, and in the worksheet the
comments of an asistensi of that draft. Registered when the app is ready."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from nyata.clinic.models import Asistensi
from nyata.clinic.queries.asistensi import asistensi_of
from nyata.clinic.queries.faq import faq_by_indicator
from nyata.clinic.rules import asking_units
from nyata.evaluations.instrument import indicators_of
from nyata.instruments.annotations import Annotation, register
from nyata.org import rules


def _instansi_ids(user, assessment) -> list[int]:
    if assessment is not None:
        return [assessment.period.instansi_id]
    return sorted({g.instansi_id for g in rules.grants_of(user) if g.instansi_id is not None})


@register(stylesheet="clinic/clinic.css")
def faq_beside_indicator(user, *, instrument, assessment=None):
    if not rules.is_signed_in(user):
        return []
    ids = _instansi_ids(user, assessment)
    if not ids:
        return []
    home = assessment.period.instansi if assessment is not None else user.instansi
    link = reverse("clinic:faq", args=[home.code]) if home is not None else ""
    return [
        Annotation(
            indicator=code,
            key="faq",
            heading=_("Asked before (FAQ of the clinic)"),
            template="clinic/annotations/faq.html",
            entries=tuple(faqs),
            link=link,
        )
        for code, faqs in faq_by_indicator(ids, instrument.code).items()
    ]


@register
def asistensi_beside_indicator(user, *, instrument, assessment=None):
    """The comments of the draft's asistensi, for whoever may see it (the unit, the Inspektorat)."""
    if assessment is None:
        return []
    found = []
    for asistensi in asistensi_of(assessment):
        if not rules.has_perm(user, "clinic.view_asistensi", asistensi):
            return []
        by_code: dict[str, list] = {}
        for comment in asistensi.comments.all():
            by_code.setdefault(comment.indicator, []).append(comment)
        url = reverse("clinic:asistensi", args=[assessment.period.instansi.code, asistensi.pk])
        found.extend(
            Annotation(
                indicator=code,
                key="asistensi",
                heading=_("Asistensi (not a review, not scored)"),
                template="clinic/annotations/asistensi.html",
                entries=tuple(comments),
                link=url,
                extra={"closed": asistensi.status == Asistensi.Status.CLOSED},
            )
            for code, comments in by_code.items()
        )
    return found


@register
def ask_about_indicator(user, *, instrument, assessment=None):
    """In the worksheet, a way to ask the clinic about each indicator, for whoever asks for that unit."""
    if assessment is None or assessment.unit_id not in asking_units(user, assessment.period.instansi_id):
        return []
    url = reverse("clinic:ask", args=[assessment.period.instansi.code])
    return [
        Annotation(
            indicator=code,
            key="ask",
            heading=_("Ask the clinic about this indicator"),
            template="clinic/annotations/ask.html",
            link=f"{url}?{urlencode({'indikator': f'{assessment.period_id}:{code}'})}",
        )
        for code in indicators_of(instrument)
    ]
