"""A unit's award history (WBK, WBBM by decree): recorded by the Inspektorat admin, read by evaluations to
grant an award that requires another (WBBM only for a unit holding WBK, PermenPANRB 5/2024)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nyata.org import actions, queries
from nyata.org.models import UnitAward


def add_url(city, unit_code="dinkes"):
    return reverse("org:unit-award-add", args=[city.instansi.code, city.units[unit_code].pk])


def test_admin_records_wbk_with_its_decree_and_the_unit_page_shows_it(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    response = client.post(
        add_url(city),
        {
            "award": "WBK",
            "decree_number": "Keputusan Menteri PANRB Nomor 123 Tahun 2023",
            "decree_date": "2023-12-11",
        },
    )
    unit = city.units["dinkes"]
    assert response.status_code == 302
    record = UnitAward.objects.get(unit=unit)
    assert (record.award, record.decree_number, record.decree_date, record.recorded_by) == (
        "WBK",
        "Keputusan Menteri PANRB Nomor 123 Tahun 2023",
        date(2023, 12, 11),
        inspektorat_admin,
    )
    assert record.history.get().history_user == inspektorat_admin
    body = client.get(reverse("org:unit-detail", args=[city.instansi.code, unit.pk])).content.decode()
    assert "Keputusan Menteri PANRB Nomor 123 Tahun 2023" in body
    assert "11 Desember 2023" in body


def test_wbbm_without_wbk_in_the_history_is_refused_in_indonesian_and_nothing_is_saved(
    client, inspektorat_admin, city
):
    client.force_login(inspektorat_admin)
    response = client.post(
        add_url(city), {"award": "WBBM", "decree_number": "KepmenPANRB 9/2024", "decree_date": "2024-12-01"}
    )
    assert response.status_code == 200
    assert "WBBM hanya diberikan kepada unit yang telah memegang WBK" in response.content.decode()
    assert not UnitAward.objects.exists()


def test_a_bad_decree_is_refused_field_by_field(inspektorat_admin, city):
    unit = city.units["dinkes"]
    with pytest.raises(ValidationError) as caught:
        actions.record_award(
            unit=unit, award="WBK", decree_number="  ", decree_date=date(2999, 1, 1), by=inspektorat_admin
        )
    assert set(caught.value.error_dict) == {"decree_number", "decree_date"}
    actions.record_award(
        unit=unit, award="WBK", decree_number="A/1", decree_date=date(2024, 5, 1), by=inspektorat_admin
    )
    with pytest.raises(ValidationError) as caught:
        actions.record_award(
            unit=unit, award="WBK", decree_number="A/2", decree_date=date(2024, 6, 1), by=inspektorat_admin
        )
    assert set(caught.value.error_dict) == {"award"}
    with pytest.raises(ValidationError) as caught:
        actions.record_award(
            unit=unit, award="WBBM", decree_number="B/1", decree_date=date(2024, 4, 1), by=inspektorat_admin
        )
    assert set(caught.value.error_dict) == {"decree_date"}  # before its WBK
    assert UnitAward.objects.count() == 1


def test_held_awards_count_decrees_dated_before_the_evaluation_year(inspektorat_admin, city):
    unit = city.units["dinkes"]
    actions.record_award(
        unit=unit, award="WBK", decree_number="A/1", decree_date=date(2024, 12, 20), by=inspektorat_admin
    )
    assert queries.held_awards(unit.pk, before=date(2024, 1, 1)) == frozenset()
    assert queries.held_awards(unit.pk, before=date(2025, 1, 1)) == frozenset({"WBK"})


def test_wbk_under_a_wbbm_cannot_be_removed_but_the_wbbm_can(client, inspektorat_admin, city):
    unit = city.units["dinkes"]
    wbk = actions.record_award(
        unit=unit, award="WBK", decree_number="A/1", decree_date=date(2022, 1, 3), by=inspektorat_admin
    )
    wbbm = actions.record_award(
        unit=unit, award="WBBM", decree_number="B/1", decree_date=date(2024, 1, 3), by=inspektorat_admin
    )
    client.force_login(inspektorat_admin)
    remove = "org:unit-award-remove"
    client.post(reverse(remove, args=[city.instansi.code, unit.pk, wbk.pk]))
    assert UnitAward.objects.count() == 2
    client.post(reverse(remove, args=[city.instansi.code, unit.pk, wbbm.pk]))
    client.post(reverse(remove, args=[city.instansi.code, unit.pk, wbk.pk]))
    assert not UnitAward.objects.exists()


def test_only_the_instansi_admin_records_or_removes_awards(
    client, city, other_city_admin, opd_operator, opd_head, evaluator, inspektorat_admin
):
    unit = city.units["dinkes"]
    record = actions.record_award(
        unit=unit, award="WBK", decree_number="A/1", decree_date=date(2022, 1, 3), by=inspektorat_admin
    )
    remove = reverse("org:unit-award-remove", args=[city.instansi.code, unit.pk, record.pk])
    data = {"award": "WBBM", "decree_number": "B/1", "decree_date": "2024-01-03"}
    for person, expected in ((opd_operator, 403), (opd_head, 403), (evaluator, 403), (other_city_admin, 404)):
        client.force_login(person)
        assert client.get(add_url(city)).status_code == expected, person
        assert client.post(add_url(city), data).status_code == expected, person
        assert client.post(remove).status_code == expected, person
    assert list(UnitAward.objects.values_list("award", flat=True)) == ["WBK"]
