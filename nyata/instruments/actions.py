"""Writes: loading an instrument file (all-or-nothing) and publishing it.

Rules (docs/instrument-format.md; issue 3): a published (code, version) never changes; loading a
different file under it is refused, loading the same bytes again changes nothing; a draft may be
replaced by a new file of the same code and version until it is published.

Ownership (issue 14, models.Instrument): the code names the owner. `kota-kendari.lke-internal` belongs to
the instansi `kota-kendari`, and only its administrators load, replace or publish it; a code without a
dot is shared, and only a system administrator loads, replaces or publishes it. The command line (no
acting person) may load either.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nyata.instruments.limits import yaml_limits
from nyata.instruments.models import Instrument
from nyata.instruments.rules import manages_owner
from nyata.org import rules as org_rules
from nyata.org.models import Instansi, User
from nyata.scoring import AnswerSpec, InstrumentError, Phrase, Problem, read_instrument
from nyata.scoring import Instrument as EngineInstrument
from nyata.scoring.problems import WHOLE_FILE

# Codes are stored by the apps that name a node (evaluations' answers and reviews, evidence items), in
# fields of this length.
CODE_LENGTH = 60
# The precision Nyata accepts for weights, option values, bounds and minimums. No column holds these
# numbers any more (the file is stored once, see queries.py), but the limit stays so that the files
# Nyata accepts do not change with how it stores them; real instruments use one or two decimals.
DECIMAL_DIGITS = 18
DECIMAL_PLACES = 8


class Outcome(StrEnum):
    CREATED = "created"
    REPLACED = "replaced"  # a draft got a new file
    UNCHANGED = "unchanged"  # the same bytes were loaded before
    PUBLISHED = "published"  # the same bytes, and the draft is now published


@dataclass(frozen=True)
class LoadResult:
    instrument: Instrument
    outcome: Outcome


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_file(*, data: bytes) -> EngineInstrument:
    """Validate an uploaded file: the engine's checks plus what the database must be able to hold.

    Raises InstrumentError listing every problem, each with its place (contract, "Validation").
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InstrumentError(
            [
                Problem(
                    path=WHOLE_FILE,
                    template=gettext_noop("the file is not UTF-8 text (byte %(byte)s)"),
                    params={"byte": error.start},
                )
            ]
        ) from None
    parsed = read_instrument(text=text, limits=yaml_limits())
    problems = storage_problems(parsed)
    if problems:
        raise InstrumentError(problems)
    return parsed


def _fits(value: Decimal | None) -> bool:
    if value is None:
        return True
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    whole = abs(int(value))
    return places <= DECIMAL_PLACES and len(str(whole)) <= DECIMAL_DIGITS - DECIMAL_PLACES


def storage_problems(instrument: EngineInstrument) -> list[Problem]:
    """What a valid file may still hold that Nyata cannot store exactly (long codes, long decimals)."""
    problems: list[Problem] = []
    # Engine problems carry templates (see nyata.scoring.problems.gettext_noop); so do these.
    limit = Phrase(
        gettext_noop("at most %(places)s decimal places and %(digits)s whole digits"),
        {"places": DECIMAL_PLACES, "digits": DECIMAL_DIGITS - DECIMAL_PLACES},
    )

    def number(path: str, value: Decimal | None, code: str | None = None) -> None:
        if not _fits(value):
            problems.append(
                Problem(
                    path=path,
                    code=code,
                    template=gettext_noop("%(value)s cannot be stored: use %(limit)s"),
                    params={"value": str(value), "limit": limit},
                )
            )

    def text(path: str, value: str | None, length: int, code: str | None = None) -> None:
        if value is not None and len(value) > length:
            problems.append(
                Problem(
                    path=path,
                    code=code,
                    template=gettext_noop("is longer than %(length)s characters"),
                    params={"length": length},
                )
            )

    text("code", instrument.code, CODE_LENGTH)
    text("version", instrument.version, 40)
    text("title", instrument.title, 500)
    for spec in instrument.answer_types:
        _answer_problems(spec, path=f"answer_types.{spec.name}", number=number, text=text)
    for node in instrument.walk():
        text("nodes", node.code, CODE_LENGTH, node.code)
        text("nodes", node.pengampu, CODE_LENGTH, node.code)
        number("nodes", node.weight, node.code)
        if node.answer is not None and node.answer.name is None:
            _answer_problems(node.answer, path="nodes", number=number, text=text, code=node.code)
        for item in node.evidence:
            text("nodes", item.code, CODE_LENGTH, node.code)
    for index, band in enumerate(instrument.predicates):
        text(f"predicates[{index}].code", band.code, 20)
        text(f"predicates[{index}].label", band.label, 200)
        number(f"predicates[{index}].from", band.lower)
    for index, award in enumerate(instrument.awards):
        text(f"awards[{index}].code", award.code, 40)
        text(f"awards[{index}].label", award.label, 200)
        number(f"awards[{index}].min_total", award.min_total)
        for code, minimum in award.node_minimums:
            number(f"awards[{index}].node_minimums.{code}", minimum)
        for code, minimum in award.node_score_minimums:
            number(f"awards[{index}].node_score_minimums.{code}", minimum)
    return problems


def _answer_problems(spec: AnswerSpec, *, path: str, number, text, code: str | None = None) -> None:
    text(path, spec.name, 100, code)
    number(path, spec.min, code)
    number(path, spec.max, code)
    for option in spec.options:
        text(path, option.code, CODE_LENGTH, code)
        number(path, option.value, code)


OWNER_SEPARATOR = "."


def _own_prefixes(user: User) -> list[str]:
    """The code prefixes under which this person may load: those of the instansi they administer."""
    managed = {
        g.instansi_id for g in org_rules.grants_of(user) if org_rules.manages_instansi(user, g.instansi_id)
    }
    return sorted(Instansi.objects.filter(pk__in=managed).values_list("code", flat=True))


def _refusal(user: User | None, code: str) -> ValidationError:
    prefixes = _own_prefixes(user) if user is not None else []
    if prefixes:
        own = code.split(OWNER_SEPARATOR, 1)[-1]
        message = _(
            "You cannot load the instrument code %(code)s. Shared instruments (codes without a dot) are "
            "loaded by a system administrator; your instansi's instruments have codes that begin with "
            "%(prefix)s%(dot)s, e.g. %(prefix)s%(dot)s%(own)s."
        ) % {"code": code, "prefix": prefixes[0], "dot": OWNER_SEPARATOR, "own": own}
    else:
        message = _("You cannot load the instrument code %(code)s.") % {"code": code}
    return ValidationError({"file": [message]})


def owner_for_load(*, code: str, by: User | None) -> Instansi | None:
    """The owner a file's code names, if the loading person may load for it; else ValidationError.

    The refusal reads the same whether or not an instansi has the code before the dot: trying codes
    teaches nothing about other installations' instansi."""
    if OWNER_SEPARATOR not in code:
        owner = None
    else:
        owner = Instansi.objects.filter(code=code.split(OWNER_SEPARATOR, 1)[0]).first()
        if owner is None:
            if by is None or org_rules.is_system_admin(by):
                raise ValidationError(
                    {"file": [_("No instansi has the code before the dot in %(code)s.") % {"code": code}]}
                )
            raise _refusal(by, code)
    if by is not None and not manages_owner(by, owner.pk if owner else None):
        raise _refusal(by, code)
    return owner


@transaction.atomic
def load_instrument(*, data: bytes, by: User | None, publish: bool = False) -> LoadResult:
    """Validate and store an instrument file; raises InstrumentError (file) or ValidationError (rules).

    Nothing is written unless the whole file is valid and allowed. The file is stored once, verbatim on
    the instrument row (see queries.py); its history keeps every file a draft held before.
    """
    parsed = parse_file(data=data)
    owner = owner_for_load(code=parsed.code, by=by)
    checksum = checksum_of(data)
    existing = Instrument.objects.select_for_update().filter(code=parsed.code, version=parsed.version).first()
    if existing is not None and existing.owner_id != (owner.pk if owner else None):
        raise _refusal(by, parsed.code)  # loaded before owners existed under another owner: never taken over
    if existing is not None and existing.checksum == checksum:
        if publish and not existing.is_published:
            return LoadResult(publish_instrument(instrument=existing, by=by), Outcome.PUBLISHED)
        return LoadResult(existing, Outcome.UNCHANGED)
    if existing is not None and existing.is_published:
        raise ValidationError(
            {
                "file": _(
                    "%(code)s %(version)s is published and can never change; this file differs from it. "
                    "Give the new file a new version."
                )
                % {"code": parsed.code, "version": parsed.version}
            }
        )
    now = timezone.now()
    instrument = existing or Instrument(code=parsed.code, version=parsed.version, owner=owner)
    instrument.title = parsed.title
    instrument.legal_basis = list(parsed.legal_basis)
    instrument.weights_sum_to_parent = parsed.weights_sum_to_parent
    instrument.checksum = checksum
    instrument.source = data.decode("utf-8")
    instrument.status = Instrument.Status.DRAFT
    instrument.loaded_at = now
    instrument.loaded_by = by
    instrument._history_user = by
    instrument._change_reason = "replaced by a new file" if existing else "loaded"
    instrument.save()
    outcome = Outcome.REPLACED if existing else Outcome.CREATED
    if publish:
        instrument = publish_instrument(instrument=instrument, by=by)
    return LoadResult(instrument, outcome)


@transaction.atomic
def publish_instrument(*, instrument: Instrument, by: User | None) -> Instrument:
    """Freeze a draft: from now on its (code, version) stands for exactly this file."""
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if by is not None and not manages_owner(by, locked.owner_id):
        raise ValidationError(
            _("Only the administrators of its owner publish %(instrument)s.") % {"instrument": locked}
        )
    if locked.is_published:
        raise ValidationError(_("%(instrument)s is already published.") % {"instrument": locked})
    locked.status = Instrument.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = by
    locked._history_user = by
    locked._change_reason = "published"
    locked.save()
    return locked
