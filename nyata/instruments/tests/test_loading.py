"""Loading is all-or-nothing; a published version never changes; the same file again changes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from nyata.instruments import actions, queries
from nyata.instruments.models import Instrument
from nyata.instruments.tests.conftest import data_file
from nyata.scoring import InstrumentError, read_instrument


def stored() -> dict[str, object]:
    """All that the database holds of instruments: their rows and the rows' history."""
    rows = Instrument.objects.order_by("pk").values_list("code", "version", "status", "checksum")
    return {"instruments": list(rows), "history": Instrument.history.count()}


def parts(definition) -> dict[str, int]:
    """How many of each part a parsed instrument has; inline answers count as answer definitions."""
    nodes = definition.walk()
    answers = [
        *definition.answer_types,
        *(leaf.answer for leaf in definition.leaves() if not leaf.answer.name),
    ]
    return {
        "nodes": len(nodes),
        "answer definitions": len(answers),
        "options": sum(len(answer.options) for answer in answers),
        "evidence items": sum(len(node.evidence) for node in nodes),
        "predicates": len(definition.predicates),
        "awards": len(definition.awards),
        "award minimums": sum(len(award.node_minimums) for award in definition.awards),
    }


def test_an_instrument_is_stored_once_as_its_file():
    # Issue 8: no table repeats the file, so nothing can drift from it (see queries.py).
    names = {model.__name__ for model in apps.get_app_config("instruments").get_models()}
    assert names == {"Instrument", "HistoricalInstrument"}


def test_loading_a_valid_file_stores_a_draft_whose_every_part_reads_back(db, system_admin):
    result = actions.load_instrument(data=data_file("contoh-2025.yaml"), by=system_admin)
    assert result.outcome == actions.Outcome.CREATED
    instrument = Instrument.objects.get(pk=result.instrument.pk)
    assert (instrument.code, instrument.version, instrument.status) == ("contoh", "2025.1", "draft")
    assert instrument.loaded_by == system_admin
    assert instrument.source == data_file("contoh-2025.yaml").decode()
    assert instrument.checksum == actions.checksum_of(data_file("contoh-2025.yaml"))
    definition = queries.engine_instrument(instrument)
    assert parts(definition) == {
        "nodes": 11,
        "answer definitions": 4 + 4,  # four named types, four inline answers
        "options": 2 + 3 + 4,
        "evidence items": 3,
        "predicates": 4,
        "awards": 2,
        "award minimums": 3,
    }
    nodes = {node.code: node for node in definition.walk()}
    parent = {child.code: node.code for node in nodes.values() for child in node.children}
    assert (parent["P.A.1"], parent["P.A"], parent.get("P")) == ("P.A", "P", None)  # at depth 2
    indicator = nodes["P.A.1"]
    assert indicator.is_leaf
    assert indicator.answer.name == "ya_tidak"
    assert indicator.values == ("akuntabel", "kolaboratif")
    assert indicator.pengampu == "organisasi"
    assert [(item.code, item.required) for item in indicator.evidence] == [
        ("sk-tim", True),
        ("notulen", False),
    ]
    assert nodes["P.A"].weight == Decimal("35.5")
    assert nodes["H.1"].kind == "outcome"
    assert list(nodes) == [
        "P", "P.A", "P.A.1", "P.A.2", "P.A.3", "P.B", "P.B.1", "P.B.2", "H", "H.1", "H.2",
    ]  # fmt: skip
    # The audit trail names who loaded it.
    assert instrument.history.first().history_user == system_admin


@pytest.mark.parametrize("name", ["tidak-sah.yaml", "tidak-terbaca.yaml"])
def test_an_invalid_file_changes_nothing(db, published, name):
    before = stored()
    with pytest.raises(InstrumentError):
        actions.load_instrument(data=data_file(name), by=None)
    assert stored() == before


def test_a_file_that_is_not_utf8_is_refused_with_a_problem(db):
    with pytest.raises(InstrumentError) as caught:
        actions.load_instrument(data=b"code: \xff\xfe", by=None)
    assert [str(p) for p in caught.value.problems] == ["(file): the file is not UTF-8 text (byte 6)"]
    assert Instrument.objects.count() == 0


def test_a_decimal_the_database_cannot_hold_exactly_is_refused_and_nothing_stored(db):
    text = data_file("contoh-2025.yaml").decode().replace("value: 0.67", "value: 0.666666666")
    with pytest.raises(InstrumentError) as caught:
        actions.load_instrument(data=text.encode(), by=None)
    assert [str(p) for p in caught.value.problems] == [
        "answer_types.skala_4: 0.666666666 cannot be stored: use at most 8 decimal places and 10 whole digits"
    ]
    assert Instrument.objects.count() == 0


def test_loading_the_same_bytes_again_changes_nothing(db, published):
    before = stored()
    result = actions.load_instrument(data=data_file("contoh-2025.yaml"), by=None)
    assert result.outcome == actions.Outcome.UNCHANGED
    assert result.instrument.pk == published.pk
    assert stored() == before


def test_a_published_version_refuses_a_different_file_of_the_same_code_and_version(db, published):
    changed = (
        data_file("contoh-2025.yaml")
        .replace(b"weight: 25\n", b"weight: 26\n")
        .replace(b"weight: 40\n", b"weight: 41\n")
    )
    read_instrument(text=changed.decode())  # the new file itself is valid
    before = stored()
    with pytest.raises(ValidationError) as caught:
        actions.load_instrument(data=changed, by=None)
    assert caught.value.message_dict == {
        "file": [
            "contoh 2025.1 sudah terbit dan tidak dapat berubah lagi; berkas ini berbeda darinya. "
            "Beri berkas baru itu versi baru."
        ]
    }
    assert stored() == before
    published.refresh_from_db()
    assert published.checksum == actions.checksum_of(data_file("contoh-2025.yaml"))


def test_a_draft_is_replaced_whole_by_a_new_file_of_the_same_version(db, draft, system_admin):
    replacement = data_file("contoh-2026.yaml").replace(b'version: "2026.1"', b'version: "2025.1"')
    result = actions.load_instrument(data=replacement, by=system_admin)
    assert result.outcome == actions.Outcome.REPLACED
    assert result.instrument.pk == draft.pk
    definition = queries.engine_instrument(Instrument.objects.get(pk=draft.pk))
    codes = [node.code for node in definition.walk()]
    assert codes == ["P", "P.A", "P.A.1", "P.A.2", "P.A.4", "P.B", "P.B.1", "H", "H.1"]
    assert parts(definition)["awards"] == 0
    assert parts(definition)["answer definitions"] == 2 + 2
    assert definition == read_instrument(text=replacement.decode())
    # The row's history keeps the file the draft held before, and who replaced it.
    history = draft.history.order_by("history_date")
    assert list(history.values_list("source", flat=True)) == [
        data_file("contoh-2025.yaml").decode(),
        replacement.decode(),
    ]
    assert history.last().history_user == system_admin


def test_publishing_freezes_the_draft_and_cannot_happen_twice(db, draft, system_admin):
    published = actions.publish_instrument(instrument=draft, by=system_admin)
    assert published.status == "published"
    assert published.published_by == system_admin
    assert published.published_at is not None
    with pytest.raises(ValidationError):
        actions.publish_instrument(instrument=published, by=system_admin)


def test_loading_the_same_draft_file_with_publish_publishes_it(db, draft):
    result = actions.load_instrument(data=data_file("contoh-2025.yaml"), by=None, publish=True)
    assert result.outcome == actions.Outcome.PUBLISHED
    assert result.instrument.status == "published"


def test_the_engine_view_of_a_stored_instrument_is_the_file_and_is_cached_per_checksum(db, published):
    expected = read_instrument(text=data_file("contoh-2025.yaml").decode())
    compiled = queries.compiled_instrument(published)
    assert compiled.instrument == expected
    assert queries.compiled_instrument(Instrument.objects.get(pk=published.pk)) is compiled
    assert queries.engine_instrument(published) == expected


def test_a_replaced_draft_is_never_served_from_the_cache(db, draft):
    before = queries.compiled_instrument(draft)
    replacement = data_file("contoh-2026.yaml").replace(b'version: "2026.1"', b'version: "2025.1"')
    replaced = actions.load_instrument(data=replacement, by=None).instrument
    after = queries.compiled_instrument(replaced)
    assert after is not before
    assert "P.A.4" in after.leaf_index
