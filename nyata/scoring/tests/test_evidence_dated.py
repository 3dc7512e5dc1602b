"""Nyata's extension of the contract: an evidence item may say that the document's validity date matters."""

import pytest

from nyata.scoring import InstrumentError, read_instrument

HEAD = 'code: m\nversion: "1"\ntitle: Tanggal berlaku\n'


def _items(evidence: str):
    instrument = read_instrument(
        text=HEAD
        + f"nodes: [{{code: I, title: T, weight: 5, answer: {{kind: percent}}, evidence: {evidence}}}]\n"
    )
    return instrument.leaves()[0].evidence


def test_an_item_marked_dated_asks_for_the_validity_date():
    (sk, foto) = _items("[{code: sk, title: SK Tim, required: true, dated: true}, {code: foto, title: Foto}]")
    assert (sk.dated, sk.required) == (True, True)
    assert (foto.dated, foto.required) == (False, False)


def test_dated_false_is_the_same_as_leaving_it_out():
    (item,) = _items("[{code: sk, title: SK Tim, dated: false}]")
    assert item.dated is False


@pytest.mark.parametrize(
    ("entry", "path", "message"),
    [
        ("{code: sk, title: SK, dated: ya}", "nodes[0].evidence[0].dated", "must be true or false, got 'ya'"),
        ("{code: sk, title: SK, dates: true}", "nodes[0].evidence[0].dates", "unknown key 'dates'"),
    ],
)
def test_a_dated_that_is_not_true_or_false_or_a_misspelt_key_is_refused_with_its_place(entry, path, message):
    with pytest.raises(InstrumentError) as caught:
        _items(f"[{entry}]")
    (problem,) = caught.value.problems
    assert problem.path == path
    assert message in problem.message


def test_the_shipped_rb_pd_asks_a_date_of_decrees_and_reports_but_not_of_screenshots():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "instruments" / "rb-pd-2025.yaml").read_text(
        encoding="utf-8"
    )
    items = {
        (node.code, item.code): item for node in read_instrument(text=text).leaves() for item in node.evidence
    }
    assert items[("I.B.3.1.a", "1")].dated  # SK Tim Pengelola SP4N-LAPOR
    assert items[("I.A.3.1.a", "1")].dated  # LKIP of the previous year
    assert items[("I.A.1.1.b", "1")].dated  # Roadmap TIK and Renstra: plans of a period
    assert not items[("I.A.1.2.a", "1")].dated  # a screenshot of SIPD
    assert not items[("I.B.1.3.a", "1")].dated  # parking facilities
    assert not items[("I.B.2.2.a", "1")].dated  # a meeting invitation
    required = [item for item in items.values() if item.required]
    assert (len(required), sum(item.dated for item in required)) == (126, 59)
