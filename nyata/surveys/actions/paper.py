"""Paper survey forms: a file imported whole, then counted only once the Inspektorat accepts it.

A unit types in its own paper forms, which nobody else has seen: counted at once, one file could move the
unit's IKM and the RB indicator fed from it as far as the unit likes. So a unit's file is stored pending
(its responses kept, not counted) until an Inspektorat administrator who does not belong to the unit
accepts it, or rejects it, with a reason, on the record. A file the Inspektorat imports itself for another
unit counts at once: the Inspektorat is the independent party whose eye the acceptance stands for, and a
second administrator is often not there in a small instansi. The Inspektorat's own services are the
exception: their files wait for another administrator like any unit's.
"""

import hashlib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nyata.core.tabular import Table
from nyata.org import rules
from nyata.org.models import User
from nyata.surveys import paper
from nyata.surveys.actions.responses import count_in_tallies, local_day, period_among, submit_response
from nyata.surveys.models import Channel, PaperImport, Response, Service, SurveyPeriod
from nyata.surveys.paper import RowProblem
from nyata.surveys.questionnaire import ANSWER_FIELDS


@dataclass(frozen=True)
class PaperImportResult:
    created: int
    problems: list[RowProblem]
    batch: PaperImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _already_imported(service: Service, sha256: str) -> RowProblem | None:
    earlier = (
        PaperImport.objects.filter(service=service, sha256=sha256)
        .exclude(status=PaperImport.Status.REJECTED)
        .first()
    )
    if earlier is None:
        return None
    when = date_format(timezone.localtime(earlier.at), "j F Y H:i")
    return RowProblem(
        None,
        "",
        _(
            "This very file was already imported for this service on %(when)s (%(name)s); "
            "it was not imported twice."
        )
        % {"when": when, "name": earlier.file_name},
    )


def import_paper_responses(
    *,
    service: Service,
    table: Table,
    file_name: str,
    data: bytes,
    by: User | None,
    now: datetime | None = None,
) -> PaperImportResult:
    """Store the paper forms of a file through the same write as the online form (channel "paper").

    Every row is checked first; a file with any bad row stores nothing, and so does a file already
    imported. Each form counts on its own day (noon of the instansi's zone), so it lands in the right
    period and month of the tallies, once the file is accepted (see the module's note for who accepts).
    """
    instansi = service.unit.instansi
    zone = zoneinfo.ZoneInfo(instansi.time_zone)
    now = now or timezone.now()
    today = local_day(now, instansi)
    rows, problems = paper.check_table(table, today=today)
    if problems:
        return PaperImportResult(created=0, problems=problems)
    sha256 = hashlib.sha256(data).hexdigest()
    twice = _already_imported(service, sha256)
    if twice is not None:
        return PaperImportResult(created=0, problems=[twice])
    at_once = by is not None and rules.has_perm(by, "surveys.decide_paper_import", service)
    periods = list(SurveyPeriod.objects.filter(instansi=instansi))
    with transaction.atomic():
        batch = PaperImport.objects.create(
            service=service,
            file_name=file_name[:255],
            sha256=sha256,
            rows=len(rows),
            by=by,
            status=PaperImport.Status.ACCEPTED if at_once else PaperImport.Status.PENDING,
            decided_by=by if at_once else None,
            decided_at=now if at_once else None,
            decision_reason=_("Imported by the Inspektorat: counted at once.") if at_once else "",
        )
        for row in rows:
            submit_response(
                service=service,
                answers=row.answers,
                sex=row.sex,
                age=row.age,
                education=row.education,
                occupation=row.occupation,
                suggestion=row.suggestion,
                channel=Channel.PAPER,
                now=datetime.combine(row.day, time(12), tzinfo=zone),
                period=period_among(periods, row.day),
                paper_import=batch,
                counted=at_once,
            )
    return PaperImportResult(created=len(rows), problems=[], batch=batch)


def decide_paper_import(*, batch: PaperImport, accept: bool, reason: str, by: User) -> PaperImport:
    """Accept a pending file (its responses count from now on) or reject it (they never count).

    Permission is the caller's check (surveys.decide_paper_import); that nobody decides on a file they
    imported themselves is checked here, whatever their role.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why, for the audit trail.")]})
    if batch.by_id is not None and batch.by_id == by.pk:
        raise ValidationError(_("You imported this file yourself: another administrator decides on it."))
    status = PaperImport.Status.ACCEPTED if accept else PaperImport.Status.REJECTED
    now = timezone.now()
    with transaction.atomic():
        # Conditional: of two administrators deciding at once, only one decision is taken.
        decided = PaperImport.objects.filter(pk=batch.pk, status=PaperImport.Status.PENDING).update(
            status=status, decided_by=by, decided_at=now, decision_reason=reason
        )
        if not decided:
            raise ValidationError(_("This file has already been decided on."))
        if accept:
            waiting = Response.objects.filter(paper_import=batch, included=False, suspicious=False)
            responses = list(waiting.only("pk", "service_id", "day", "channel", *ANSWER_FIELDS))
            waiting.update(included=True)
            count_in_tallies(responses, sign=+1)
    batch.status, batch.decided_by, batch.decided_at, batch.decision_reason = status, by, now, reason
    return batch
