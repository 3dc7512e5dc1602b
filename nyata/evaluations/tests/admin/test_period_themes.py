"""Themes of the year: the admin chooses a period's RB Tematik themes from those the instrument offers; the
others do not apply (the score renormalises), the worksheet and the submission leave them out, and nothing
answered is lost."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.periods import choose_themes, open_period
from nyata.evaluations.actions.submission import submission_gaps
from nyata.evaluations.models import Answer
from nyata.evaluations.queries.results import proposed_values, score
from nyata.instruments.models import Instrument

THEMED = """
code: tema-uji
version: "2026.1"
title: Instrumen tema uji
legal_basis: [PermenPANRB Nomor 9 Tahun 2023]
nodes:
  - code: I
    title: RB General
    weight: 50
    children:
      - {code: I.1, title: Rencana aksi, weight: 1, answer: {kind: percent},
         evidence: [{code: d, title: Dokumen, required: false}]}
  - code: II
    title: RB Tematik
    weight: 50
    children:
      - code: II.1
        title: Produk Dalam Negeri
        weight: 1
        theme: true
        children:
          - {code: II.1.a, title: Belanja PDN tematik, weight: 1, answer: {kind: percent}}
      - code: II.2
        title: Digitalisasi Administrasi Pemerintahan
        weight: 1
        theme: true
        children:
          - {code: II.2.a, title: Penerapan digitalisasi tematik, weight: 1, answer: {kind: percent}}
      - code: II.3
        title: Pengentasan Kemiskinan
        weight: 1
        theme: true
        children:
          - {code: II.3.a, title: Penurunan kemiskinan tematik, weight: 1, answer: {kind: percent}}
"""


@pytest.fixture
def themed_period(city, inspektorat_admin, all_windows_open):
    now = timezone.now()
    instrument = Instrument.objects.create(
        code="tema-uji",
        version="2026.1",
        title="Instrumen tema uji",
        checksum=hashlib.sha256(THEMED.encode()).hexdigest(),
        source=THEMED,
        status="published",
        loaded_at=now,
        published_at=now,
    )
    return open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB tematik 2026",
        instrument=instrument,
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=all_windows_open,
        by=inspektorat_admin,
    )


def themes_url(period):
    return reverse("evaluations:period-themes", args=[period.instansi.code, period.pk])


def worksheet_url(assessment):
    return reverse(
        "evaluations:worksheet", args=[assessment.period.instansi.code, assessment.period_id, assessment.pk]
    )


def answer(assessment, code, number, by):
    save_answer(
        assessment=assessment,
        indicator=code,
        value={"number": str(number)},
        explanation="",
        base_revision=0,
        by=by,
    )


def test_every_theme_applies_until_the_admin_chooses(themed_period, client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    page = client.get(
        reverse("evaluations:period-detail", args=[themed_period.instansi.code, themed_period.pk])
    )
    body = page.content.decode()
    assert "Tema tahun ini (RB Tematik)" in body
    assert "Belum ada pilihan: semua tema berlaku." in body
    assert body.count("dipilih</span>") == 3


def test_the_admin_chooses_two_themes_and_the_third_no_longer_counts_or_shows(
    themed_period, client, inspektorat_admin, opd_operator, city
):
    assessment = themed_period.assessments.get(unit=city.units["dinkes"])
    for code, number in (("I.1", 80), ("II.1.a", 60), ("II.2.a", 90), ("II.3.a", 0)):
        answer(assessment, code, number, opd_operator)
    # Before the choice: RB Tematik = 50 * mean(0.6, 0.9, 0) = 25; total 40 + 25 = 65.
    assert score(assessment, proposed_values(assessment)).total == 65
    client.force_login(inspektorat_admin)
    response = client.post(themes_url(themed_period), {"themes": ["II.1", "II.2"]})
    assert response.status_code == 302
    themed_period.refresh_from_db()
    assert themed_period.themes == ["II.1", "II.2"]
    assert themed_period.history.first().history_user == inspektorat_admin
    # After: RB Tematik = 50 * mean(0.6, 0.9) = 37.5; total 40 + 37.5 = 77.5. The answer to II.3.a is kept.
    result = score(assessment, proposed_values(assessment))
    assert (result.total, result.nodes["II.3"].applicable) == (77.5, False)
    assert Answer.objects.filter(assessment=assessment, indicator="II.3.a").exists()
    client.force_login(opd_operator)
    # The areas of the worksheet are the components under each root: II.1 and II.2 remain, II.3 is gone.
    first = client.get(worksheet_url(assessment)).content.decode()
    assert "Produk Dalam Negeri" in first
    assert "Digitalisasi Administrasi Pemerintahan" in first
    assert "Pengentasan Kemiskinan" not in first
    assert (
        "Penerapan digitalisasi tematik"
        in client.get(worksheet_url(assessment) + "?area=II.2").content.decode()
    )
    asked = client.get(worksheet_url(assessment) + "?area=II.3").content.decode()
    assert "Penurunan kemiskinan tematik" not in asked
    with pytest.raises(ValidationError):
        answer(assessment, "II.3.a", 50, opd_operator)


def test_the_submission_does_not_ask_for_a_theme_left_out(
    themed_period, inspektorat_admin, opd_operator, city
):
    assessment = themed_period.assessments.get(unit=city.units["dinkes"])
    choose_themes(period=themed_period, themes=["II.2"], by=inspektorat_admin)
    for code in ("I.1", "II.2.a"):
        answer(assessment, code, 100, opd_operator)
    assessment.period.refresh_from_db()
    assert submission_gaps(assessment) == []


def test_a_bad_choice_is_refused_in_indonesian_and_changes_nothing(themed_period, client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    response = client.post(themes_url(themed_period), {})
    assert response.status_code == 400
    assert "Pilih sedikitnya satu tema." in response.content.decode()
    response = client.post(themes_url(themed_period), {"themes": ["II.9"]})
    assert response.status_code == 400
    themed_period.refresh_from_db()
    assert themed_period.themes is None
    with pytest.raises(ValidationError) as caught:
        choose_themes(period=themed_period, themes=["I.1"], by=inspektorat_admin)
    assert caught.value.message_dict == {"themes": ["Instrumen tidak menawarkan tema I.1."]}


def test_themes_are_fixed_once_preliminary_results_are_out(themed_period, inspektorat_admin):
    themed_period.preliminary_released_at = timezone.now()
    themed_period.save()
    with pytest.raises(ValidationError, match="hasil sementara dirilis"):
        choose_themes(period=themed_period, themes=["II.1"], by=inspektorat_admin)


def test_only_the_admin_of_the_instansi_chooses_the_themes(
    themed_period, client, opd_operator, opd_head, evaluator, other_city_admin
):
    for person, expected in ((opd_operator, 403), (opd_head, 403), (evaluator, 403), (other_city_admin, 404)):
        client.force_login(person)
        assert client.get(themes_url(themed_period)).status_code == expected, person
        assert client.post(themes_url(themed_period), {"themes": ["II.1"]}).status_code == expected, person
    themed_period.refresh_from_db()
    assert themed_period.themes is None
