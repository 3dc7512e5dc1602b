"""Periods: the list per person, opening one (from scratch or from last year's), its windows in the
instansi's time zone, window edits and per-unit extensions."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.periods import set_windows
from nyata.evaluations.models import Answer, Period, PhaseWindow, WindowExtension
from nyata.instruments.models import Instrument

PHASES = ("self_assessment", "desk_review", "clarification", "appeal", "finalisation")


def _windows(first: datetime) -> dict[str, str]:
    data = {}
    for index, phase in enumerate(PHASES):
        data[f"{phase}_starts"] = (first + timedelta(days=10 * index)).strftime("%Y-%m-%dT%H:%M")
        data[f"{phase}_ends"] = (first + timedelta(days=10 * index + 9)).strftime("%Y-%m-%dT%H:%M")
    return data


def test_the_admin_sees_every_period_and_an_opd_only_those_its_unit_takes_part_in(
    client, city, period, inspektorat_admin, opd_operator, other_city_admin, instrument
):
    Period.objects.create(instansi=city.instansi, year=2025, title="Tanpa Dinkes", instrument=instrument)
    url = reverse("evaluations:period-list", args=[city.instansi.code])
    client.force_login(inspektorat_admin)
    page = client.get(url).content.decode()
    assert "Evaluasi RB 2026" in page
    assert "Tanpa Dinkes" in page
    assert "Buka periode baru" in page
    client.force_login(opd_operator)
    page = client.get(url).content.decode()
    assert "Evaluasi RB 2026" in page
    assert "Tanpa Dinkes" not in page
    assert "Buka periode baru" not in page
    client.force_login(other_city_admin)
    assert client.get(url).status_code == 404


def test_the_period_list_costs_the_same_queries_for_one_or_many_periods(
    client, city, period, inspektorat_admin, instrument, django_assert_max_num_queries
):
    url = reverse("evaluations:period-list", args=[city.instansi.code])
    client.force_login(inspektorat_admin)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for year in range(2010, 2020):
        Period.objects.create(instansi=city.instansi, year=year, title=f"RB {year}", instrument=instrument)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_the_nav_shows_evaluasi_to_people_with_a_role_in_the_instansi(client, city, opd_operator):
    client.force_login(opd_operator)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("evaluations:period-list", args=[city.instansi.code])}">Evaluasi</a>' in page


def test_the_new_period_form_proposes_every_active_opd_and_a_schedule(
    client, city, inspektorat_admin, instrument
):
    client.force_login(inspektorat_admin)
    response = client.get(reverse("evaluations:period-create", args=[city.instansi.code]))
    form = response.context["form"]
    assert {u.code for u in form.initial["units"]} == {u.code for u in city.units.values() if u.kind == "opd"}
    assert form.initial["self_assessment_ends"] < form.initial["desk_review_ends"]


def test_opening_a_period_reads_window_times_in_the_instansi_time_zone(
    client, city, inspektorat_admin, instrument
):
    city.instansi.time_zone = "Asia/Jayapura"  # WIT, UTC+9
    city.instansi.save()
    client.force_login(inspektorat_admin)
    data = {
        "year": "2027",
        "title": "Evaluasi RB 2027",
        "instrument": instrument.pk,
        "units": [city.units["dinkes"].pk, city.units["dikbud"].pk],
        **_windows(datetime(2027, 2, 1, 8, 0)),
    }
    response = client.post(reverse("evaluations:period-create", args=[city.instansi.code]), data)
    period = Period.objects.get(year=2027)
    assert response.status_code == 302
    assert period.assessments.count() == 2
    window = PhaseWindow.objects.get(period=period, phase="self_assessment")
    assert window.starts_at == datetime(2027, 2, 1, 8, 0, tzinfo=ZoneInfo("Asia/Jayapura"))
    assert window.starts_at.astimezone(ZoneInfo("UTC")).hour == 23


def test_a_draft_instrument_cannot_be_chosen_and_nothing_is_created(
    client, city, inspektorat_admin, instrument
):
    Instrument.objects.filter(pk=instrument.pk).update(status="draft", published_at=None)
    client.force_login(inspektorat_admin)
    data = {"year": "2027", "title": "X", "instrument": instrument.pk, "units": [city.units["dinkes"].pk]}
    response = client.post(
        reverse("evaluations:period-create", args=[city.instansi.code]),
        {**data, **_windows(datetime(2027, 2, 1))},
    )
    assert response.status_code == 400
    assert "Masukkan pilihan yang valid." in response.content.decode()
    assert not Period.objects.filter(year=2027).exists()


def test_a_window_that_ends_before_it_starts_is_refused_with_an_indonesian_message(
    client, city, inspektorat_admin, instrument
):
    client.force_login(inspektorat_admin)
    windows = _windows(datetime(2027, 2, 1))
    windows["appeal_ends"] = windows["appeal_starts"]
    data = {
        "year": "2027",
        "title": "X",
        "instrument": instrument.pk,
        "units": [city.units["dinkes"].pk],
        **windows,
    }
    response = client.post(reverse("evaluations:period-create", args=[city.instansi.code]), data)
    assert response.status_code == 400
    assert "Jadwal harus berakhir setelah dimulai." in response.content.decode()
    assert not Period.objects.filter(year=2027).exists()


def test_starting_from_last_year_proposes_its_units_and_window_lengths_and_carries_no_answer(
    client, city, period, assessment, inspektorat_admin, opd_operator
):
    from nyata.evaluations.tests.review.conftest import answer

    answer(assessment, opd_operator, "I.2", value="70")
    client.force_login(inspektorat_admin)
    response = client.get(
        reverse("evaluations:period-create", args=[city.instansi.code]) + f"?dari={period.pk}"
    )
    initial = response.context["form"].initial
    assert initial["year"] == 2027
    assert initial["previous"] == period
    assert {u.code for u in initial["units"]} == {"dinkes", "dikbud"}
    old = PhaseWindow.objects.get(period=period, phase="appeal")
    assert initial["appeal_ends"] - initial["appeal_starts"] == old.ends_at - old.starts_at
    data = {
        "year": "2027",
        "title": "Evaluasi RB 2027",
        "instrument": period.instrument.pk,
        "previous": period.pk,
        "units": [u.pk for u in initial["units"]],
        **{
            key: value.strftime("%Y-%m-%dT%H:%M")
            for key, value in initial.items()
            if key.endswith(("_starts", "_ends"))
        },
    }
    client.post(reverse("evaluations:period-create", args=[city.instansi.code]), data)
    new = Period.objects.get(year=2027)
    assert new.previous == period
    assert Answer.objects.filter(assessment__period=new).count() == 0


def test_the_admin_edits_windows_and_extends_one_unit_with_a_reason_shown_on_the_period(
    client, city, period, inspektorat_admin
):
    client.force_login(inspektorat_admin)
    code = city.instansi.code
    now = timezone.localtime(timezone.now(), ZoneInfo(city.instansi.time_zone)).replace(
        second=0, microsecond=0, tzinfo=None
    )
    response = client.post(
        reverse("evaluations:period-windows", args=[code, period.pk]), _windows(now - timedelta(days=1))
    )
    assert response.status_code == 302
    closes = PhaseWindow.objects.get(period=period, phase="self_assessment").ends_at
    response = client.post(
        reverse("evaluations:window-extend", args=[code, period.pk]),
        {
            "unit": city.units["dinkes"].pk,
            "phase": "self_assessment",
            "ends_at": (
                timezone.localtime(closes, ZoneInfo(city.instansi.time_zone)) + timedelta(days=3)
            ).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Server OPD rusak",
        },
    )
    assert response.status_code == 302
    assert WindowExtension.objects.get().reason == "Server OPD rusak"
    page = client.get(reverse("evaluations:period-detail", args=[code, period.pk])).content.decode()
    assert "Server OPD rusak" in page


def _stored_windows(period) -> dict:
    return {w.phase: (w.starts_at, w.ends_at) for w in PhaseWindow.objects.filter(period=period)}


def test_only_the_windows_that_differ_are_saved_and_counted(period, inspektorat_admin):
    windows = _stored_windows(period)
    assert set_windows(period=period, windows=windows, by=inspektorat_admin) == 0
    later = timezone.now() + timedelta(days=40)
    windows["appeal"] = (later, later + timedelta(days=7))
    assert set_windows(period=period, windows=windows, by=inspektorat_admin) == 1
    assert _stored_windows(period) == windows


def test_windows_are_saved_all_or_none(period, inspektorat_admin):
    before = _stored_windows(period)
    later = timezone.now() + timedelta(days=40)
    windows = {
        "self_assessment": (later, later + timedelta(days=7)),  # fine, and written first
        "appeal": (later, later - timedelta(hours=1)),  # ends before it starts
    }
    with pytest.raises(ValidationError) as refused:
        set_windows(period=period, windows=windows, by=inspektorat_admin)
    assert refused.value.message_dict == {"appeal": ["Jadwal harus berakhir setelah dimulai."]}
    assert _stored_windows(period) == before


def test_an_extension_without_a_reason_is_refused(client, city, period, inspektorat_admin):
    client.force_login(inspektorat_admin)
    end = (timezone.now() + timedelta(days=30)).astimezone(ZoneInfo(city.instansi.time_zone))
    response = client.post(
        reverse("evaluations:window-extend", args=[city.instansi.code, period.pk]),
        {
            "unit": city.units["dinkes"].pk,
            "phase": "appeal",
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            "reason": " ",
        },
    )
    assert response.status_code == 400
    assert WindowExtension.objects.count() == 0


@pytest.mark.parametrize("persona", ["opd_operator", "evaluator", "leader", "outsider_opd_operator"])
def test_only_the_admin_changes_windows(client, city, period, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("evaluations:period-windows", args=[city.instansi.code, period.pk]),
        _windows(datetime(2027, 1, 1)),
    )
    assert response.status_code in (403, 404)
    assert PhaseWindow.objects.filter(period=period, starts_at__year=2027).count() == 0


def test_the_opd_sees_only_its_own_extensions(client, city, period, inspektorat_admin, outsider_opd_operator):
    from nyata.evaluations.actions.periods import extend_window

    extend_window(
        period=period,
        unit=city.units["dinkes"],
        phase="appeal",
        ends_at=timezone.now() + timedelta(days=40),
        reason="Alasan khusus Dinkes",
        by=inspektorat_admin,
    )
    client.force_login(outsider_opd_operator)
    page = client.get(
        reverse("evaluations:period-detail", args=[city.instansi.code, period.pk])
    ).content.decode()
    assert "Alasan khusus Dinkes" not in page
    assert "Dinas Kesehatan" not in page
