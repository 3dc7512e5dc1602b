"""Loading is all-or-nothing; a published version never changes; the same file again changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nyata.instruments import actions, queries
from nyata.instruments.models import (
    AnswerDefinition,
    AnswerOption,
    Award,
    AwardMinimum,
    EvidenceItem,
    Instrument,
    Node,
    PredicateBand,
)
from nyata.instruments.tests.conftest import data_file
from nyata.scoring import InstrumentError, read_instrument

MODELS = (Instrument, Node, AnswerDefinition, AnswerOption, EvidenceItem, PredicateBand, Award, AwardMinimum)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_a_valid_file_stores_a_draft_with_every_row(db, inspektorat_admin):
    result = actions.load_instrument(data=data_file("contoh-2025.yaml"), by=inspektorat_admin)
    assert result.outcome == actions.Outcome.CREATED
    instrument = result.instrument
    assert (instrument.code, instrument.version, instrument.status) == ("contoh", "2025.1", "draft")
    assert instrument.loaded_by == inspektorat_admin
    assert instrument.source == data_file("contoh-2025.yaml").decode()
    assert instrument.checksum == actions.checksum_of(data_file("contoh-2025.yaml"))
    assert counts() == {
        "Instrument": 1,
        "Node": 11,
        "AnswerDefinition": 4 + 4,  # four named types, four inline answers
        "AnswerOption": 2 + 3 + 4,
        "EvidenceItem": 3,
        "PredicateBand": 4,
        "Award": 2,
        "AwardMinimum": 3,
    }
    indicator = Node.objects.get(instrument=instrument, code="P.A.1")
    assert indicator.parent.code == "P.A"
    assert indicator.depth == 2
    assert indicator.is_indicator
    assert indicator.answer.name == "ya_tidak"
    assert indicator.values == ["akuntabel", "kolaboratif"]
    assert indicator.pengampu == "organisasi"
    assert list(indicator.evidence.values_list("code", "required")) == [("sk-tim", True), ("notulen", False)]
    assert Node.objects.get(instrument=instrument, code="P.A").weight == Decimal("35.5")
    assert Node.objects.get(instrument=instrument, code="H.1").kind == "outcome"
    assert list(Node.objects.filter(instrument=instrument).values_list("code", flat=True)) == [
        "P", "P.A", "P.A.1", "P.A.2", "P.A.3", "P.B", "P.B.1", "P.B.2", "H", "H.1", "H.2",
    ]  # fmt: skip
    # The audit trail names who loaded it.
    assert instrument.history.first().history_user == inspektorat_admin
    assert indicator.history.first().history_user == inspektorat_admin


@pytest.mark.parametrize("name", ["tidak-sah.yaml", "tidak-terbaca.yaml"])
def test_an_invalid_file_changes_nothing(db, published, name):
    before = counts()
    with pytest.raises(InstrumentError):
        actions.load_instrument(data=data_file(name), by=None)
    assert counts() == before


def test_a_file_that_is_not_utf8_is_refused_with_a_problem(db):
    with pytest.raises(InstrumentError) as caught:
        actions.load_instrument(data=b"code: \xff\xfe", by=None)
    assert [str(p) for p in caught.value.problems] == ["(file): the file is not UTF-8 text (byte 6)"]
    assert counts()["Instrument"] == 0


def test_a_decimal_the_database_cannot_hold_exactly_is_refused_and_nothing_stored(db):
    text = data_file("contoh-2025.yaml").decode().replace("value: 0.67", "value: 0.666666666")
    with pytest.raises(InstrumentError) as caught:
        actions.load_instrument(data=text.encode(), by=None)
    assert [str(p) for p in caught.value.problems] == [
        "answer_types.skala_4: 0.666666666 cannot be stored: use at most 8 decimal places and 10 whole digits"
    ]
    assert counts()["Instrument"] == 0


def test_loading_the_same_bytes_again_changes_nothing(db, published):
    before = counts()
    history = published.history.count()
    result = actions.load_instrument(data=data_file("contoh-2025.yaml"), by=None)
    assert result.outcome == actions.Outcome.UNCHANGED
    assert result.instrument.pk == published.pk
    assert counts() == before
    assert published.history.count() == history


def test_a_published_version_refuses_a_different_file_of_the_same_code_and_version(db, published):
    changed = (
        data_file("contoh-2025.yaml")
        .replace(b"weight: 25\n", b"weight: 26\n")
        .replace(b"weight: 40\n", b"weight: 41\n")
    )
    read_instrument(text=changed.decode())  # the new file itself is valid
    before = counts()
    with pytest.raises(ValidationError) as caught:
        actions.load_instrument(data=changed, by=None)
    assert caught.value.message_dict == {
        "file": [
            "contoh 2025.1 sudah terbit dan tidak dapat berubah lagi; berkas ini berbeda darinya. "
            "Beri berkas baru itu versi baru."
        ]
    }
    assert counts() == before
    published.refresh_from_db()
    assert published.checksum == actions.checksum_of(data_file("contoh-2025.yaml"))


def test_a_draft_is_replaced_whole_by_a_new_file_of_the_same_version(db, draft, evaluator):
    replacement = data_file("contoh-2026.yaml").replace(b'version: "2026.1"', b'version: "2025.1"')
    result = actions.load_instrument(data=replacement, by=evaluator)
    assert result.outcome == actions.Outcome.REPLACED
    assert result.instrument.pk == draft.pk
    codes = list(Node.objects.filter(instrument=draft).values_list("code", flat=True))
    assert codes == ["P", "P.A", "P.A.1", "P.A.2", "P.A.4", "P.B", "P.B.1", "H", "H.1"]
    assert counts()["Award"] == 0
    assert counts()["AnswerDefinition"] == 2 + 2
    assert queries.engine_instrument(result.instrument) == read_instrument(text=replacement.decode())


def test_publishing_freezes_the_draft_and_cannot_happen_twice(db, draft, inspektorat_admin):
    published = actions.publish_instrument(instrument=draft, by=inspektorat_admin)
    assert published.status == "published"
    assert published.published_by == inspektorat_admin
    assert published.published_at is not None
    with pytest.raises(ValidationError):
        actions.publish_instrument(instrument=published, by=inspektorat_admin)


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
