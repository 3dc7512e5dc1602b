"""The `data:<key>` source of the evaluation feed (nyata.evaluations.feeds): the unit's figure of kind `key`
for the evaluation period's year, with the document it came from."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.core.numbers import figure as shown
from nyata.evaluations import feeds
from nyata.evaluations.models import Assessment
from nyata.figures.models import Figure, Kind
from nyata.figures.queries import figure_of, kind_by_key

DATA = "data"


@dataclass(frozen=True)
class FigureDetail:
    key: str
    kind: Kind | None  # None: the instrument names a kind nobody registered
    year: int
    figure: Figure | None
    document_url: str  # the link, or the permission-checked download of the uploaded file


def _document_url(assessment: Assessment, figure: Figure) -> str:
    if figure.document_file:
        return reverse("figures:document", args=[assessment.period.instansi.code, figure.pk])
    return figure.document_url


def _explanation(figure: Figure) -> str:
    return _(
        "Filled from %(kind)s %(year)s: %(value)s, per %(title)s No. %(number)s of %(date)s, "
        "recorded by the Inspektorat (%(by)s)."
    ) % {
        "kind": figure.kind.name,
        "year": figure.year,
        "value": shown(figure.value, figure.kind.places),
        "title": figure.document_title,
        "number": figure.document_number,
        "date": date_format(figure.document_date, "j F Y"),
        "by": figure.entered_by.get_full_name() or figure.entered_by.get_username(),
    }


def fed(assessment: Assessment, key: str) -> feeds.Fed:
    year = assessment.period.year
    kind = kind_by_key(key, assessment.period.instansi_id)
    found = figure_of(assessment.unit_id, key, year) if kind is not None else None
    url = (
        reverse("figures:compare", args=[assessment.period.instansi.code]) + f"?jenis={key}"
        if kind is not None
        else ""
    )
    return feeds.Fed(
        source=f"{DATA}:{key}",
        value=found.value if found is not None else None,
        explanation=_explanation(found) if found is not None else "",
        detail=FigureDetail(key, kind, year, found, _document_url(assessment, found) if found else ""),
        template="figures/feed.html",
        url=url,
    )


feeds.register(
    feeds.Source(
        name=DATA,
        read=fed,
        event="filled_from_figure",
        refusal=gettext_lazy(
            "This answer is filled from a figure the Inspektorat recorded from its source document; "
            "it cannot be typed in."
        ),
    )
)
