"""The instruments shipped under instruments/: valid, complete, and scoring as the regulations say.

Pure Python (no Django): each file is read with the engine's public API, exactly as `nyata instrument
validate` and `nyata score` read it. Figures computed by hand are written next to each expectation.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from nyata.scoring import (
    AnswerKind,
    CompiledInstrument,
    Instrument,
    Node,
    NodeKind,
    ScoreResult,
    compile_instrument,
    read_instrument,
)

INSTRUMENTS = Path(__file__).resolve().parents[3] / "instruments"
FILES = (
    "rb-pd-2024.yaml",
    "rb-pd-2024-2.yaml",
    "rb-pd-2025.yaml",
    "rb-pd-2025-2.yaml",
    "rb-pd-2025-3.yaml",
    "rb-pd-proporsi-nasional-2025.yaml",
    "zi-2021.yaml",
    "zi-2024.yaml",
    "rb-instansi-2024.yaml",
)
# Files written after the first release speak only to their users: no reliability marks, no notes about
# what was not found, no provincial name or system presented as the demo city's own (issue 13).
CLEAN_FILES = (
    "rb-pd-2024-2.yaml",
    "rb-pd-2025-2.yaml",
    "rb-pd-2025-3.yaml",
    "rb-pd-proporsi-nasional-2025.yaml",
    "zi-2024.yaml",
)
# Indicators Nyata fills from its own records of the unit (follow-up, action plans): the record is the proof.
FROM_RECORDS = ("follow-up", "action-plan")
BERAKHLAK = {"berorientasi-pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"}
PENGAMPU_AREAS = {"kelembagaan", "sdm-aparatur", "perencanaan", "spbe"}  # the demo city's unit pengampu
ZI_AREAS = {"P.MP": 8, "P.TL": 7, "P.SDM": 10, "P.AK": 10, "P.PW": 15, "P.PP": 10}  # domain.md 7


@cache
def instrument(name: str) -> Instrument:
    return read_instrument(text=(INSTRUMENTS / name).read_text(encoding="utf-8"))


@cache
def compiled(name: str) -> CompiledInstrument:
    return compile_instrument(instrument=instrument(name))


def node(name: str, code: str) -> Node:
    return next(found for found in instrument(name).walk() if found.code == code)


def full_answer(leaf: Node) -> object:
    """The answer that earns the indicator f = 1."""
    spec = leaf.answer
    assert spec is not None
    if spec.kind is AnswerKind.CHOICE:
        return max(spec.options, key=lambda option: option.value).code
    if spec.kind is AnswerKind.PERCENT:
        return 100
    if spec.kind is AnswerKind.NUMBER:
        return spec.max if spec.higher_is_better else spec.min
    return {"target": 1, "realized": 1}


def zero_answer(leaf: Node) -> object:
    """An answer that earns the indicator f = 0."""
    spec = leaf.answer
    assert spec is not None
    if spec.kind is AnswerKind.CHOICE:
        lowest = min(spec.options, key=lambda option: option.value)
        assert lowest.value == 0, f"{leaf.code} has no option worth 0"
        return lowest.code
    if spec.kind is AnswerKind.PERCENT:
        return 0
    if spec.kind is AnswerKind.NUMBER:
        return spec.min if spec.higher_is_better else spec.max
    assert spec.higher_is_better, f"{leaf.code}: a lower-is-better target never earns 0"
    return {"target": 1, "realized": 0}


def full_answers(name: str) -> dict[str, object]:
    return {leaf.code: full_answer(leaf) for leaf in instrument(name).leaves()}


def score(name: str, answers: dict[str, object]) -> ScoreResult:
    return compiled(name).score(answers=answers)


# --- every shipped file --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_shipped_instrument_is_valid_and_cites_its_legal_basis(name: str) -> None:
    loaded = instrument(name)
    assert loaded.code
    assert loaded.version
    assert loaded.title
    assert len(loaded.legal_basis) >= 2
    assert any("PermenPANRB" in basis or "Menteri PANRB" in basis for basis in loaded.legal_basis)


def test_shipped_instruments_have_their_codes_versions_and_indicator_counts() -> None:
    found = {
        name: (instrument(name).code, instrument(name).version, len(instrument(name).leaves()))
        for name in FILES
    }
    assert found == {
        "rb-pd-2024.yaml": ("rb-pd", "2024.1", 107),  # the 2025 tree under its 2024 title (see its header)
        "rb-pd-2024-2.yaml": ("rb-pd", "2024.2", 107),  # 2024.1 with the texts corrected
        "rb-pd-2025.yaml": ("rb-pd", "2025.1", 107),  # every indikator of the 2025 provincial OPD LKE
        "rb-pd-2025-2.yaml": ("rb-pd", "2025.2", 107),  # the same, weighted as the source scores
        "rb-pd-2025-3.yaml": ("rb-pd", "2025.3", 107),  # 2025.2, follow-up and action plan from Nyata
        "rb-pd-proporsi-nasional-2025.yaml": ("rb-pd-proporsi-nasional", "2025.1", 107),  # 2025.1's weights
        "zi-2021.yaml": ("zi", "2021.1", 113),  # 110 scored Pengungkit criteria + IPAK, capaian kinerja, IPKP
        "zi-2024.yaml": ("zi", "2024.1", 113),  # the same tree under the awards of PermenPANRB 5/2024
        "rb-instansi-2024.yaml": ("rb-instansi", "2024.1", 49),
    }


def test_rb_pd_2024_is_the_2025_tree_under_its_own_year_title_and_legal_basis() -> None:
    old, new = instrument("rb-pd-2024.yaml"), instrument("rb-pd-2025.yaml")
    assert (old.title, new.title) == (
        "Lembar Kerja Evaluasi Reformasi Birokrasi Perangkat Daerah 2024",
        "Lembar Kerja Evaluasi Reformasi Birokrasi Perangkat Daerah 2025",
    )
    assert old.legal_basis == new.legal_basis
    assert (old.nodes, old.predicates, old.answer_types) == (new.nodes, new.predicates, new.answer_types)


def test_rb_pd_2024_2_is_2024_1_with_corrected_texts_the_same_weights_and_the_2025_2_tree() -> None:
    first, second = instrument("rb-pd-2024.yaml"), instrument("rb-pd-2024-2.yaml")
    assert (second.version, second.title) == ("2024.2", first.title)
    assert {n.code: n.weight for n in second.walk()} == {n.code: n.weight for n in first.walk()}

    def scoring(node: Node) -> object:
        spec = node.answer
        return spec and (spec.kind, spec.min, spec.max, [(o.code, o.value) for o in spec.options])

    assert [(n.code, scoring(n)) for n in second.walk()] == [(n.code, scoring(n)) for n in first.walk()]
    assert [(n.code, n.title) for n in second.walk()] == [
        (n.code, n.title) for n in instrument("rb-pd-2025-2.yaml").walk()
    ]
    assert second.predicates == first.predicates


# Reliability marks of the sources ([U] unconfirmed, [S] secondary, [C] confirmed) belong in YAML comments:
# every text of an instrument is shown to OPD staff and evaluators.
SOURCE_MARK = re.compile(r"\[[USC]\]")


def _shown_texts(name: str) -> list[str]:
    shipped = instrument(name)
    texts = [shipped.title, *shipped.legal_basis, *(band.label for band in shipped.predicates)]
    for found in shipped.walk():
        texts += [found.title, found.guidance or "", *(item.title for item in found.evidence)]
        if found.answer is not None:
            texts += [option.label for option in found.answer.options]
    return texts


@pytest.mark.parametrize("name", FILES)
def test_no_text_shown_to_people_carries_a_source_mark(name: str) -> None:
    assert [text for text in _shown_texts(name) if SOURCE_MARK.search(text)] == []


PROVINCIAL = re.compile(r"Sulteng|Sulawesi Tengah|\bBiro\b|Provinsi")
INTERNAL_NOTE = re.compile(r"\[[USC]\]|\[U,|\[S,|was (?:not )?found|opsi sumber|Acuan\s+sumber")
TYPOS = re.compile(r"\be- [A-Z]|Survey|\(≤50%\)|sebagaian|pamplet|Praktek|e-books")


@pytest.mark.parametrize("name", CLEAN_FILES)
def test_later_files_carry_no_internal_note_even_in_comments_and_no_province_as_the_city_s_own(
    name: str,
) -> None:
    # The YAML itself can be downloaded from the instrument page, comments and all.
    text = (INSTRUMENTS / name).read_text(encoding="utf-8")
    assert INTERNAL_NOTE.findall(text) == []
    shown = _shown_texts(name)
    assert [found for found in shown if PROVINCIAL.search(found)] == []
    assert [found for found in shown if TYPOS.search(found)] == []


def test_rb_pd_roots_are_rb_general_65_and_rb_tematik_35() -> None:
    assert [(root.code, root.weight) for root in instrument("rb-pd-2025.yaml").nodes] == [
        ("I", Decimal(65)),
        ("II", Decimal(35)),
    ]


def test_zi_roots_are_pengungkit_60_and_hasil_40_with_the_area_weights_of_domain_section_7() -> None:
    zi = "zi-2021.yaml"
    assert [(root.code, root.weight) for root in instrument(zi).nodes] == [("P", 60), ("H", 40)]
    assert {area.code: area.weight for area in node(zi, "P").children} == ZI_AREAS
    for area in node(zi, "P").children:
        # Each area is a Pemenuhan half and a Reform half of equal weight.
        assert [(half.code, half.weight) for half in area.children] == [
            (f"{area.code}.PM", area.weight / 2),
            (f"{area.code}.RF", area.weight / 2),
        ]
    assert {leaf.code: leaf.weight for leaf in node(zi, "H").walk() if leaf.is_leaf} == {
        "H.BK.IPAK": Decimal("17.5"),
        "H.BK.KIN": 5,
        "H.PP.IPKP": Decimal("17.5"),
    }


def test_rb_instansi_roots_are_rb_general_100_and_rb_tematik_20() -> None:
    loaded = instrument("rb-instansi-2024.yaml")
    assert [(root.code, root.weight) for root in loaded.nodes] == [("RBG", 100), ("RBT", 20)]
    assert [(block.code, block.weight) for block in loaded.nodes[0].children] == [
        ("RBG.A", 10),  # Strategi Pelaksanaan [C]
        ("RBG.B", 40),  # Capaian Pelaksanaan Kebijakan [C]
        ("RBG.C", 50),  # Capaian Sasaran Strategis [U]
    ]
    assert loaded.weights_sum_to_parent is True


@pytest.mark.parametrize(
    "name", [name for name in FILES if name not in ("rb-pd-2025-2.yaml", "rb-pd-2025-3.yaml")]
)
def test_groups_of_groups_weigh_exactly_their_parent(name: str) -> None:
    # Points of the total down to the last group level; only indicators inside a group carry relative
    # weights (the sources average them), which is why rb-pd and zi set weights_sum_to_parent to false.
    for group in instrument(name).walk():
        if group.children and not any(child.is_leaf for child in group.children):
            assert sum(child.weight for child in group.children) == group.weight, group.code


@pytest.mark.parametrize(
    ("name", "maximum"),
    [
        ("rb-pd-2024.yaml", 100),
        ("rb-pd-2024-2.yaml", 100),
        ("rb-pd-2025.yaml", 100),
        ("rb-pd-2025-2.yaml", 100),
        ("rb-pd-2025-3.yaml", 100),
        ("rb-pd-proporsi-nasional-2025.yaml", 100),
        ("zi-2021.yaml", 100),
        ("zi-2024.yaml", 100),
        ("rb-instansi-2024.yaml", 120),
    ],
)
def test_full_marks_score_the_maximum_and_empty_answers_score_zero_with_everything_missing(
    name: str, maximum: int
) -> None:
    full = score(name, full_answers(name))
    assert (full.total, full.max_total, full.missing, full.gains) == (maximum, maximum, (), ())
    empty = score(name, {})
    assert (empty.total, empty.max_total) == (0, maximum)
    assert empty.missing == tuple(leaf.code for leaf in instrument(name).leaves())


@pytest.mark.parametrize("name", FILES)
def test_every_indicator_has_guidance_for_opd_staff_and_at_least_one_required_evidence_item(
    name: str,
) -> None:
    for leaf in instrument(name).leaves():
        assert "Bukti dukung:" in leaf.guidance, leaf.code
        assert "Kesalahan umum:" in leaf.guidance, leaf.code
        assert leaf.evidence, leaf.code
        assert any(item.required for item in leaf.evidence) or leaf.source in FROM_RECORDS, leaf.code


def test_rb_pd_2025_3_is_2025_2_with_follow_up_and_action_plan_filled_from_nyata() -> None:
    before, after = instrument("rb-pd-2025-2.yaml"), instrument("rb-pd-2025-3.yaml")
    assert (after.code, after.version, after.title) == ("rb-pd", "2025.3", before.title)
    assert {leaf.code: leaf.source for leaf in after.leaves() if leaf.source} == {
        "I.A.4.1.b": "follow-up",  # Tindak Lanjut Hasil Pemeriksaan APIP
        "I.A.7.1.a": "skm-ikm",
        "I.C.2.1.a": "action-plan",  # Capaian Rencana Aksi Pembangunan RB General
    }
    changed = {"I.A.4.1.b", "I.C.2.1.a"}
    for old, new in zip(before.walk(), after.walk(), strict=True):
        assert (new.code, new.title, new.weight, new.answer, new.allow_na, new.kind, new.theme) == (
            old.code,
            old.title,
            old.weight,
            old.answer,
            old.allow_na,
            old.kind,
            old.theme,
        )
        if new.is_leaf and new.code not in changed:
            assert new == old, new.code
    for code in changed:
        fed = next(leaf for leaf in after.leaves() if leaf.code == code)
        assert "diisi otomatis" in fed.guidance
        assert [item.required for item in fed.evidence] == [False]
    assert after.predicates == before.predicates
    answers = full_answers("rb-pd-2025-2.yaml")
    assert score("rb-pd-2025-3.yaml", answers).total == score("rb-pd-2025-2.yaml", answers).total


@pytest.mark.parametrize("name", FILES)
def test_tags_name_only_berakhlak_values_and_the_demo_citys_pengampu_areas(name: str) -> None:
    for found in instrument(name).walk():
        assert set(found.values) <= BERAKHLAK, found.code
        assert found.pengampu is None or found.pengampu in PENGAMPU_AREAS, found.code


def test_rb_pd_marks_the_results_citizens_feel_as_outcomes() -> None:
    outcomes = {leaf.code for leaf in instrument("rb-pd-2025.yaml").leaves() if leaf.kind is NodeKind.OUTCOME}
    assert outcomes == {
        "I.A.3.1.a",  # IKU PD tercapai
        "I.A.7.1.a",  # nilai SKM
        "I.A.8.1.a",  # predikat ZI (IPAK/IPKP come from service users)
        "I.B.3.3.b",  # pengaduan SP4N-LAPOR selesai
        "I.B.3.3.c",  # laju penyelesaian pengaduan
        "II.B.1.1.a",  # belanja PDN
        "II.B.2.1.a",  # digitalisasi administrasi
        "II.B.3.1.a",  # dampak core business (kemiskinan, stunting, investasi, inflasi)
    }


@pytest.mark.parametrize(
    "name", ["rb-pd-2025.yaml", "rb-pd-2025-2.yaml", "rb-pd-2025-3.yaml", "rb-instansi-2024.yaml"]
)
def test_predicates_cover_every_total_from_zero_to_the_maximum_without_gaps(name: str) -> None:
    bands = instrument(name).predicates
    maximum = int(score(name, full_answers(name)).max_total * 100)
    for hundredths in range(maximum + 1):
        total = Decimal(hundredths) / 100
        assert any(band.admits(total) for band in bands), total


@pytest.mark.parametrize(
    "name",
    ["rb-pd-2025.yaml", "rb-pd-2025-2.yaml", "rb-pd-proporsi-nasional-2025.yaml", "rb-instansi-2024.yaml"],
)
def test_predicate_bands_follow_domain_table_1_4_at_their_edges(name: str) -> None:
    # AA >90, A >80-90, BB >70-80, B >60-70, CC >50-60, C >30-50, D 0-30 (domain.md 1.4).
    def predicate(total: str) -> str:
        return next(band.code for band in instrument(name).predicates if band.admits(Decimal(total)))

    edges = ["90.01", "90.00", "80.00", "70.00", "60.00", "50.00", "30.00", "0.00"]
    assert [predicate(total) for total in edges] == ["AA", "A", "BB", "B", "CC", "C", "D", "D"]
    assert instrument("zi-2021.yaml").predicates == ()  # ZI ends in an award, not a predikat


# --- Zona Integritas awards (domain.md 7) ---------------------------------------------------------------


def zi_answers(*, ipak: object = 4, kinerja: object = 100, ipkp: object = 4, **overrides: object) -> dict:
    answers = full_answers("zi-2021.yaml")
    answers.update({"H.BK.IPAK": ipak, "H.BK.KIN": kinerja, "H.PP.IPKP": ipkp})
    answers.update({code.replace("_", "."): value for code, value in overrides.items()})
    return answers


def zeroed(*codes: str) -> dict[str, object]:
    """Answers earning 0 on every indicator under the given nodes."""
    return {
        leaf.code: zero_answer(leaf)
        for code in codes
        for leaf in node("zi-2021.yaml", code).walk()
        if leaf.is_leaf
    }


def test_zi_unit_at_every_wbk_minimum_earns_wbk_but_not_wbbm() -> None:
    # Areas full = 60; IPAK 3.60/4 = 0.9 -> 15.75; kinerja 50% -> 2.5; IPKP 3.20/4 = 0.8 -> 14.
    # Total 60 + 15.75 + 2.5 + 14 = 92.25: WBK; WBBM needs kinerja 0.75 and IPKP 0.9.
    result = score("zi-2021.yaml", zi_answers(ipak=Decimal("3.60"), kinerja=50, ipkp=Decimal("3.20")))
    assert (result.total, result.awards) == (Decimal("92.25"), ("WBK",))


@pytest.mark.parametrize(
    ("ipak", "kinerja", "ipkp"),
    [
        (Decimal("3.59"), 50, Decimal("3.20")),  # IPAK fraction 0.8975 < 0.9
        (Decimal("3.60"), 49, Decimal("3.20")),  # kinerja 0.49 < 0.5
        (Decimal("3.60"), 50, Decimal("3.19")),  # IPKP fraction 0.7975 < 0.8
    ],
)
def test_zi_unit_just_below_one_hasil_minimum_earns_no_award(
    ipak: Decimal, kinerja: int, ipkp: Decimal
) -> None:
    assert score("zi-2021.yaml", zi_answers(ipak=ipak, kinerja=kinerja, ipkp=ipkp)).awards == ()


def pengawasan_at(*, handled: int, due: int) -> dict[str, object]:
    # P.PW = 15: Pemenuhan 7.5 full; Reform 7.5 = Mekanisme Pengendalian 2.5 (set to 0) + Penanganan
    # Pengaduan 3 (handled / due) + LHKPN 2 (set to 0).
    answers = zi_answers(**zeroed("P.PW.RF.1", "P.PW.RF.3"))
    answers["P.PW.RF.2.a"] = {"target": due, "realized": handled}
    return answers


def test_zi_area_exactly_at_sixty_percent_still_earns_wbk() -> None:
    # P.PW = 7.5 + 3 * 1/2 = 9 = 0.6 * 15. Total 100 - 15 + 9 = 94: WBK, not WBBM (needs 0.75).
    result = score("zi-2021.yaml", pengawasan_at(handled=1, due=2))
    assert (result.nodes["P.PW"].fraction, result.total, result.awards) == (
        Decimal("0.6"),
        Decimal("94"),
        ("WBK",),
    )


def test_zi_area_just_below_sixty_percent_loses_wbk_whatever_the_total() -> None:
    # P.PW = 7.5 + 3 * 99/200 = 8.985 -> fraction 0.599; total 93.985 -> 93.99 is far above 75.
    result = score("zi-2021.yaml", pengawasan_at(handled=99, due=200))
    assert (result.nodes["P.PW"].fraction, result.total, result.awards) == (
        Decimal("0.599"),
        Decimal("93.99"),
        (),
    )


def every_area_at_75_percent(*, kinerja: object) -> dict[str, object]:
    # Take exactly a quarter of each area's weight away (domain.md 7: the WBBM floor is 75% per area):
    # MP 8: Komitmen dalam perubahan (2).
    # TL 7: SOP (1) + Keterbukaan Informasi (0.5) + one of the two SPBE reform criteria at B (1 * 0.5 / 2).
    # SDM 10: Penetapan Kinerja Individu (2) + Pola Mutasi (0.5).
    # AK 10: Keterlibatan Pimpinan (2.5).
    # PW 15: Penanganan Pengaduan (3) + one of the two gratification criteria (1.5 / 2 = 0.75).
    # PP 10: Penanganan Pengaduan Pelayanan dan Konsultasi (2.5).
    answers = zi_answers(
        kinerja=kinerja,
        **zeroed(
            "P.MP.RF.1",
            "P.TL.PM.1",
            "P.TL.PM.3",
            "P.SDM.PM.4",
            "P.SDM.PM.2",
            "P.AK.PM.1",
            "P.PW.RF.2",
            "P.PW.PM.1.a",
            "P.PP.RF.2",
        ),
    )
    answers["P.TL.RF.2.a"] = "B"
    return answers


def test_zi_unit_with_every_area_at_75_percent_and_full_hasil_reaches_the_wbbm_total_of_85() -> None:
    # Pengungkit 0.75 * 60 = 45; Hasil 40. Total 85.00 >= 85 [U]: WBBM (and WBK).
    result = score("zi-2021.yaml", every_area_at_75_percent(kinerja=100))
    assert {code: result.nodes[code].fraction for code in ZI_AREAS} == dict.fromkeys(
        ZI_AREAS, Decimal("0.75")
    )
    assert (result.total, result.awards) == (Decimal("85"), ("WBK", "WBBM"))


def test_zi_unit_just_below_the_wbbm_total_keeps_wbk_only() -> None:
    # Kinerja 99% -> 4.95 (fraction 0.99 still >= 0.75); total 45 + 17.5 + 4.95 + 17.5 = 84.95 < 85.
    result = score("zi-2021.yaml", every_area_at_75_percent(kinerja=99))
    assert (result.total, result.awards) == (Decimal("84.95"), ("WBK",))


# --- a golden case for rb-pd, computed by hand ------------------------------------------------------------


def test_rb_pd_golden_case_computed_by_hand() -> None:
    answers = full_answers("rb-pd-2025.yaml")
    answers.update(
        {
            # SAKIP components 24/30 + 21/30 + 10.5/15 + 17.5/25 = 73 of 100 points -> I.A.2 = 4 * 0.73 = 2.92
            "I.A.2.1.a": 24,
            "I.A.2.1.b": 21,
            "I.A.2.1.c": Decimal("10.5"),
            "I.A.2.1.d": Decimal("17.5"),
            # Half the IKU met (C = 0.5) -> I.A.3 = 4 * 0.5 = 2.
            "I.A.3.1.a": "C",
            # An OPD without direct public services: SKM does not apply, so I.A.7 drops out and I.A
            # renormalises over 7 sub-aspek: I.A = 32 * (5 * 4 + 2.92 + 2) / 28 = 32 * 24.92 / 28 = 28.48.
            "I.A.7.1.a": "na",
            "I.A.7.1.b": "na",
            # Complaints take 21 days against a 14-day standard: f = 14/21 = 2/3. I.B.3.3 (3.6 points)
            # averages 1, 1, 2/3 -> 3.6 * 8/9 = 3.2; I.B.3 = 0.45 + 0.45 + 3.2 = 4.1; I.B = 27 - 0.4 = 26.6.
            "I.B.3.3.c": {"target": 14, "realized": 21},
            # 80% of the rencana aksi done: I.C.2 = 4.2 * 0.8 = 3.36; I.C = 1.8 + 3.36 = 5.16.
            "I.C.2.1.a": 80,
            # 40% of procurement spent on PDN: II.B.1 = 8.75 * 0.4 = 3.5; II.B = 8.75 + 8.75 + 3.5 = 21.
            "II.B.1.1.a": 40,
        }
    )
    result = score("rb-pd-2025.yaml", answers)
    # I = 28.48 + 26.6 + 5.16 = 60.24; II = 8.75 + 21 = 29.75; total 89.99: A (>80), not AA (>90).
    assert {code: result.nodes[code].score for code in ("I.A", "I.B", "I.C", "I", "II.B", "II")} == {
        "I.A": Decimal("28.48"),
        "I.B": Decimal("26.6"),
        "I.C": Decimal("5.16"),
        "I": Decimal("60.24"),
        "II.B": Decimal("21"),
        "II": Decimal("29.75"),
    }
    assert result.nodes["I.A.7"].applicable is False
    assert (result.total, result.max_total, result.predicate, result.missing) == (
        Decimal("89.99"),
        Decimal("100"),
        "A",
        (),
    )
    # Gains (the clinic's prescription), each = points missing * the factors of the ancestors:
    # II.B.1.1.a 8.75 * 0.6 = 5.25; I.A.3.1.a 2 * 32/28 = 2.29; I.C.2.1.a 4.2 * 0.2 = 0.84;
    # I.A.2.1.b 9 * 4/100 * 32/28 = 0.41; I.B.3.3.c 3.6 * (1/3) / 3 = 0.4; I.A.2.1.d 7.5 * 0.04 * 8/7 = 0.34;
    # I.A.2.1.a 6 * 0.04 * 8/7 = 0.27; I.A.2.1.c 4.5 * 0.04 * 8/7 = 0.21.
    assert [(gain.code, gain.gain) for gain in result.gains] == [
        ("II.B.1.1.a", Decimal("5.25")),
        ("I.A.3.1.a", Decimal("2.29")),
        ("I.C.2.1.a", Decimal("0.84")),
        ("I.A.2.1.b", Decimal("0.41")),
        ("I.B.3.3.c", Decimal("0.4")),
        ("I.A.2.1.d", Decimal("0.34")),
        ("I.A.2.1.a", Decimal("0.27")),
        ("I.A.2.1.c", Decimal("0.21")),
    ]
