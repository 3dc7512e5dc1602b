"""The OPD's responses to the Inspektorat: a clarification answer or an appeal, each with its evidence,
stored together or not at all (a rejected upload leaves no half-answered request behind)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.evaluations.actions.appeals import file_appeal
from nyata.evaluations.actions.clarifications import answer_clarification
from nyata.evaluations.actions.evidence import attach_evidence
from nyata.evaluations.models import Appeal, Assessment, Clarification
from nyata.org.models import User


@dataclass(frozen=True)
class Attachments:
    """Files and/or one link the OPD sends with a response, for one indicator."""

    indicator: str = ""
    files: tuple[UploadedFile, ...] = ()
    url: str = ""
    effective_date: date | None = None

    def __bool__(self) -> bool:
        return bool(self.files or self.url.strip())


def _attach(
    attachments: Attachments,
    *,
    assessment: Assessment,
    by: User,
    clarification: Clarification | None = None,
    appeal: Appeal | None = None,
) -> None:
    common = {
        "assessment": assessment,
        "indicator": attachments.indicator,
        "item": "",
        "effective_date": attachments.effective_date,
        "by": by,
        "clarification": clarification,
        "appeal": appeal,
    }
    for upload in attachments.files:
        attach_evidence(upload=upload, **common)
    if attachments.url.strip():
        attach_evidence(url=attachments.url.strip(), **common)


@transaction.atomic
def answer_clarification_with_evidence(
    *, clarification: Clarification, response: str, attachments: Attachments, by: User
) -> Clarification:
    if attachments and attachments.indicator not in clarification.indicators:
        raise ValidationError({"indicator": [_("Choose one of the indicators the question is about.")]})
    clarification = answer_clarification(clarification=clarification, response=response, by=by)
    if attachments:
        _attach(attachments, assessment=clarification.assessment, by=by, clarification=clarification)
    return clarification


@transaction.atomic
def file_appeal_with_evidence(
    *, assessment: Assessment, indicator: str, reason: str, attachments: Attachments, by: User
) -> Appeal:
    appeal = file_appeal(assessment=assessment, indicator=indicator, reason=reason, by=by)
    if attachments:
        _attach(
            Attachments(
                indicator=indicator,
                files=attachments.files,
                url=attachments.url,
                effective_date=attachments.effective_date,
            ),
            assessment=assessment,
            by=by,
            appeal=appeal,
        )
    return appeal
