"""Asistensi before submission: while the self-assessment window is open, the OPD asks the Inspektorat to look
at chosen indicators of its draft; evaluators comment per indicator without scoring; the OPD closes it.
Nothing here writes a Review or a value: asistensi never counts as review (issue 12)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.clinic import notices
from nyata.clinic.models import Asistensi, AsistensiComment
from nyata.evaluations.guards import fresh, require_status, require_window
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Phase
from nyata.org import rules
from nyata.org.models import User


@transaction.atomic
def request_asistensi(*, assessment: Assessment, indicators: list[str], note: str, by: User) -> Asistensi:
    if not rules.has_perm(by, "clinic.request_asistensi", assessment):
        raise PermissionDenied
    assessment = fresh(assessment)
    require_status(assessment, Assessment.Status.SELF_ASSESSMENT)
    require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    known = indicators_of(assessment.period.instrument)
    chosen = [code for code in known if code in set(indicators)]  # in the instrument's order
    if not indicators or len(chosen) != len(set(indicators)):
        raise ValidationError({"indicators": [_("Choose the indicators of your draft to be looked at.")]})
    if Asistensi.objects.filter(assessment=assessment, status=Asistensi.Status.OPEN).exists():
        raise ValidationError(_("An asistensi of this draft is still open: close it before asking again."))
    asistensi = Asistensi(assessment=assessment, indicators=chosen, note=note.strip(), requested_by=by)
    asistensi._history_user = by
    asistensi.save()
    notices.asistensi_requested(asistensi, by=by)
    return asistensi


@transaction.atomic
def comment_asistensi(*, asistensi: Asistensi, indicator: str, text: str, by: User) -> AsistensiComment:
    if not rules.has_perm(by, "clinic.comment_asistensi", asistensi):
        raise PermissionDenied
    asistensi = (
        Asistensi.objects.select_for_update()
        .select_related("assessment__period__instansi")
        .get(pk=asistensi.pk)
    )
    if asistensi.status != Asistensi.Status.OPEN:
        raise ValidationError(_("The unit has closed this asistensi."))
    if asistensi.assessment.status != Assessment.Status.SELF_ASSESSMENT:
        raise ValidationError(
            _("The unit has submitted its self-assessment: what is said now belongs in the review.")
        )
    if indicator not in asistensi.indicators:
        raise ValidationError({"indicator": [_("Comment on one of the indicators the unit asked about.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Write the comment.")]})
    comment = AsistensiComment(asistensi=asistensi, indicator=indicator, text=text.strip(), written_by=by)
    comment._history_user = by
    comment.save()
    notices.asistensi_commented(asistensi, indicator=indicator, by=by)
    return comment


@transaction.atomic
def close_asistensi(*, asistensi: Asistensi, by: User) -> Asistensi:
    if not rules.has_perm(by, "clinic.close_asistensi", asistensi):
        raise PermissionDenied
    asistensi = Asistensi.objects.select_for_update().get(pk=asistensi.pk)
    if asistensi.status == Asistensi.Status.CLOSED:
        raise ValidationError(_("This asistensi is already closed."))
    asistensi.status, asistensi.closed_by, asistensi.closed_at = Asistensi.Status.CLOSED, by, timezone.now()
    asistensi._history_user = by
    asistensi.save(update_fields=["status", "closed_by", "closed_at"])
    return asistensi
