"""Reads. `get_instrument_for_user` answers 404 for what the person may not see; the engine view of a
stored instrument is built from its verbatim source and cached per (code, version, checksum).

One source of truth (issue 8). An instrument is stored once, as the verbatim file on its `Instrument`
row. Every page reads the parsed file: the detail page's tree, answer types, options, evidence
lists, predicates and awards, the comparison, the Excel export and the simulation. The scorers of
evaluations read it too. Seven tables (answer definitions, options, nodes, evidence items, predicate
bands, awards, award minimums) used to repeat the file for the detail page. They were dropped
(migration 0003) rather than kept as a cache rebuilt from the source, because no read needs SQL over
them:
- nothing joins to a node row: answers, reviews and evidence name an indicator by its code;
- no page searches or filters nodes across instruments;
- a page always shows one instrument whole, which the cached parse gives at no query, so the detail
  page makes the same small number of queries whatever the size of the tree.
A second copy would only add a way for the two to disagree. The instrument row's own history
(simple-history) keeps every file a draft held, so the audit trail loses nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.db.models import Q, QuerySet
from django.http import Http404

from nyata.instruments.limits import stored_yaml_limits
from nyata.instruments.models import Instrument
from nyata.org import rules
from nyata.org.models import Instansi, Role, User
from nyata.scoring import CompiledInstrument, compile_instrument, read_instrument
from nyata.scoring import Instrument as EngineInstrument

CACHE_SIZE = 32
_cache: OrderedDict[tuple[str, str, str], CompiledInstrument] = OrderedDict()
_cache_lock = threading.Lock()


def instruments_for_user(user: User) -> QuerySet[Instrument]:
    """What instruments.view grants, in SQL: the shared published ones for everyone with a role, those of
    the person's own instansi once published, and the drafts of the owners they manage."""
    if rules.is_system_admin(user):
        return Instrument.objects.all()
    if not rules.has_perm(user, "instruments.view_published"):
        return Instrument.objects.none()
    grants = rules.grants_of(user)
    member_of = {g.instansi_id for g in grants if g.instansi_id is not None}
    manages = {g.instansi_id for g in grants if g.role == Role.INSPEKTORAT_ADMIN}
    published = Q(status=Instrument.Status.PUBLISHED) & (Q(owner__isnull=True) | Q(owner__in=member_of))
    return Instrument.objects.filter(published | Q(owner__in=manages))


def usable_for_periods(instansi: Instansi) -> QuerySet[Instrument]:
    """The published instruments an instansi may pin a period to: the shared ones and its own."""
    return Instrument.objects.filter(
        Q(owner__isnull=True) | Q(owner=instansi), status=Instrument.Status.PUBLISHED
    )


def instrument_list(user: User) -> QuerySet[Instrument]:
    return (
        instruments_for_user(user)
        .select_related("loaded_by", "published_by", "owner")
        .order_by("code", "-version")
    )


def get_instrument_for_user(user: User, code: str, version: str) -> Instrument:
    instrument = Instrument.objects.filter(code=code, version=version).first()
    if instrument is None or not rules.has_perm(user, "instruments.view", instrument):
        raise Http404
    return instrument


def versions_for_user(user: User, code: str) -> list[Instrument]:
    return list(instruments_for_user(user).filter(code=code).order_by("loaded_at"))


def compiled_instrument(instrument: Instrument) -> CompiledInstrument:
    """The engine's compiled instrument for a stored one; the periods of evaluations score through this.

    Built from the verbatim source, so it is exactly what was validated at load time; the key includes
    the checksum, so a replaced draft is never served from a stale entry.
    """
    key = (instrument.code, instrument.version, instrument.checksum)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    parsed = read_instrument(text=instrument.source, limits=stored_yaml_limits())
    compiled = compile_instrument(instrument=parsed)
    with _cache_lock:
        _cache[key] = compiled
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def engine_instrument(instrument: Instrument) -> EngineInstrument:
    """The engine dataclass (`nyata.scoring.Instrument`) of a stored instrument: its tree (each node's
    weight, kind, answer type and options, guidance, evidence list), predicates and awards."""
    return compiled_instrument(instrument).instrument
