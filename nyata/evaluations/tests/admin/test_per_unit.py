"""One late OPD never blocks the others: the whole demo city, 27 OPD, of which 26 are reviewed and one
never submits. The admin releases and finalises the 26 (one by one or in groups), closes the late one as
"tidak menyampaikan" with a reason, and the period locks once no unit is left open."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.appeals import file_appeal, release_preliminary_results
from nyata.evaluations.actions.finalise import close_not_submitted, finalise_units, withdraw_unit
from nyata.evaluations.actions.periods import extend_window
from nyata.evaluations.guards import UnitClosed
from nyata.evaluations.models import Appeal, Assessment, Event, Period, Phase, Result
from nyata.evaluations.queries import standings
from nyata.evaluations.tests.admin.scene import LATE, city_of_27
from nyata.notifications.models import Notification
from nyata.org.demo import DEFAULT_CITY, load_city, read_city
from nyata.org.models import User

REASON = "Sampai batas waktu 31 Maret tidak ada kiriman, surat teguran kedua tidak ditanggapi."


@pytest.fixture
def kendari(db):
    instansi, _logins = load_city(read_city(DEFAULT_CITY))
    return instansi


@pytest.fixture
def admin(kendari):
    return User.objects.get(username="admin.inspektorat")


@pytest.fixture
def city_period(kendari, instrument, admin):
    return city_of_27(kendari, instrument, admin=admin)


def _url(name, period, *args):
    return reverse(f"evaluations:{name}", args=[period.instansi.code, period.pk, *args])


def _ready(period):
    return list(period.assessments.exclude(unit__code=LATE).order_by("unit__name"))


def _late(period):
    return period.assessments.get(unit__code=LATE)


def test_the_admin_releases_and_finalises_26_opd_and_closes_the_late_one_as_not_submitted(
    client, city_period, admin
):
    period, ready, late = city_period, _ready(city_period), _late(city_period)
    assert len(ready) == 26
    client.force_login(admin)
    # The late OPD is not offered for release, and choosing it refuses the whole group.
    page = client.get(_url("review-period", period)).content.decode()
    assert all(f'value="{a.pk}"' in page for a in ready)
    assert f'value="{late.pk}"' not in page
    assert "Dinas Kesehatan masih pada tahap: Penilaian mandiri oleh OPD." in page
    refused = client.post(_url("review-release", period), {"assessments": [a.pk for a in ready] + [late.pk]})
    assert refused.status_code == 400
    assert refused.context["release_errors"] == [
        "Dinas Kesehatan masih pada tahap: Penilaian mandiri oleh OPD."
    ]
    assert not period.assessments.filter(released_at__isnull=False).exists()

    too_early = client.post(_url("finalise", period), {"assessments": [ready[0].pk]})
    assert too_early.status_code == 400
    assert too_early.context["errors"] == [
        f"{ready[0].unit.name}: hasil sementara belum dirilis, sehingga OPD belum berkesempatan mengajukan "
        "sanggahan."
    ]
    released = client.post(_url("review-release", period), {"assessments": [a.pk for a in ready]})
    assert released.status_code == 302
    assert period.assessments.filter(released_at__isnull=False).count() == 26

    finalised = client.post(_url("finalise", period), {"assessments": [a.pk for a in ready]})
    assert finalised.status_code == 302
    period.refresh_from_db()
    assert not period.is_locked  # the late OPD is still open: it may follow later
    assert Result.objects.filter(assessment__period=period).count() == 26

    no_reason = client.post(_url("unit-close", period, late.pk), {"kind": "not_submitted", "reason": " "})
    assert no_reason.status_code == 400
    closed = client.post(_url("unit-close", period, late.pk), {"kind": "not_submitted", "reason": REASON})
    assert closed.status_code == 302
    late.refresh_from_db()
    period.refresh_from_db()
    assert (late.status, late.closure_reason) == ("not_submitted", REASON)
    assert period.is_locked  # every unit finalised or closed
    assert period.finalised_by == admin
    event = Event.objects.get(assessment=late, kind="closed_not_submitted")
    assert (event.actor, event.note, event.before, event.after) == (
        admin,
        REASON,
        "self_assessment",
        "not_submitted",
    )
    assert not Result.objects.filter(assessment=late).exists()


def test_the_ranking_shows_the_late_opd_as_not_submitted_never_as_a_zero_and_counts_it_apart(
    client, city_period, admin
):
    period, ready, late = city_period, _ready(city_period), _late(city_period)
    release_preliminary_results(period=period, assessments=ready, by=admin)
    finalise_units(period=period, assessments=ready, by=admin)
    close_not_submitted(assessment=late, reason=REASON, by=admin)
    _tops, rows = standings.ranking(period)
    assert [row.rank is not None for row in rows] == [True] * 26 + [False]
    assert (rows[-1].assessment.unit.code, rows[-1].standing, rows[-1].total) == (LATE, "not_submitted", None)
    summary = standings.ranking_summary(period, rows)
    totals = [row.total for row in rows[:-1]]
    assert (summary.scored, summary.not_submitted) == (26, 1)
    assert summary.average == (sum(totals) / 26).quantize(summary.average)
    assert sum(count for _code, _label, count in summary.distribution) == 26

    client.force_login(User.objects.get(username="pimpinan"))
    page = client.get(_url("ranking", period)).content.decode()
    late_row = page[page.index('class="standing-not_submitted"') :].split("</tr>")[0]
    assert "Tidak menyampaikan" in late_row
    assert REASON in late_row
    assert "0,00" not in late_row
    assert "Rata-rata 26 unit yang dinilai" in page
    assert "1 unit tidak menyampaikan" in page


def test_the_progress_matrix_and_the_result_page_show_the_status_and_the_reason(client, city_period, admin):
    period, late = city_period, _late(city_period)
    close_not_submitted(assessment=late, reason=REASON, by=admin)
    client.force_login(admin)
    matrix = client.get(_url("progress", period)).content.decode()
    row = matrix[matrix.index("Dinas Kesehatan") :].split("</tr>")[0]
    assert '<span class="badge off">Tidak menyampaikan</span>' in row
    result = client.get(_url("result", period, late.pk)).content.decode()
    assert "Tidak menyampaikan" in result
    assert REASON in result
    assert 'id="total"' not in result


def test_the_late_opd_is_told_it_was_closed_and_why_and_the_pimpinan_hears_when_all_are_done(
    city_period, admin
):
    period, ready, late = city_period, _ready(city_period), _late(city_period)
    operator = User.objects.get(username="operator.dinkes")
    pimpinan = User.objects.get(username="pimpinan")
    close_not_submitted(assessment=late, reason=REASON, by=admin)
    note = Notification.objects.get(recipient=operator, kind="unit_closed")
    assert note.message == (
        "Dinas Kesehatan tidak menyampaikan penilaian mandiri Evaluasi RB Perangkat Daerah 2026 dan ditutup "
        f"dengan status tidak menyampaikan: {REASON}"
    )
    assert "0,00" not in note.message
    assert not Notification.objects.filter(recipient=pimpinan).exists()
    release_preliminary_results(period=period, assessments=ready, by=admin)
    dikbud = period.assessments.get(unit__code="dikbud")
    finalise_units(period=period, assessments=[dikbud], by=admin)
    head = User.objects.get(username="kepala.dikbud")
    assert Notification.objects.get(recipient=head, kind="results_published").url == _url(
        "result", period, dikbud.pk
    )
    assert not Notification.objects.filter(recipient=pimpinan).exists()
    finalise_units(period=period, assessments=[a for a in ready if a.pk != dikbud.pk], by=admin)
    ranking = Notification.objects.get(recipient=pimpinan, kind="results_published")
    assert ranking.url == _url("ranking", period)


def test_groups_are_finalised_as_chosen_and_those_not_ready_say_why(city_period, admin):
    period = city_period
    dikbud = period.assessments.get(unit__code="dikbud")
    others = [a for a in _ready(period) if a.pk != dikbud.pk]
    release_preliminary_results(period=period, assessments=[dikbud, *others[:4]], by=admin)
    appeal = file_appeal(
        assessment=dikbud,
        indicator="I.2",
        reason="Capaian sudah 100% menurut laporan akhir tahun.",
        by=User.objects.get(username="kepala.dikbud"),
    )
    with pytest.raises(ValidationError) as refused:
        finalise_units(period=period, assessments=[dikbud, *others[:5]], by=admin)
    assert sorted(refused.value.messages) == [
        f"{others[4].unit.name}: hasil sementara belum dirilis, sehingga OPD belum berkesempatan "
        "mengajukan sanggahan.",
        "Dinas Pendidikan dan Kebudayaan: 1 sanggahan masih menunggu keputusan.",
    ]
    assert not Result.objects.exists()  # all or none
    finalise_units(period=period, assessments=others[:4], by=admin)  # the group without the appeal
    Appeal.objects.filter(pk=appeal.pk).update(decision=Appeal.Decision.REJECTED)
    finalise_units(period=period, assessments=[dikbud], by=admin)  # and Dikbud once it is decided
    statuses = list(period.assessments.values_list("status", flat=True))
    assert (statuses.count("finalised"), statuses.count("reviewed")) == (5, 21)


def test_a_late_opd_cannot_be_closed_while_its_own_window_is_still_open(city_period, admin):
    late = _late(city_period)
    extend_window(
        period=city_period,
        unit=late.unit,
        phase=Phase.SELF_ASSESSMENT,
        ends_at=timezone.now() + timedelta(days=2),
        reason="Server OPD rusak",
        by=admin,
    )
    with pytest.raises(ValidationError) as refused:
        close_not_submitted(assessment=late, reason=REASON, by=admin)
    assert refused.value.messages == [
        "Dinas Kesehatan masih dapat menyampaikan: tahap penilaian mandirinya masih dibuka."
    ]
    assert Assessment.objects.get(pk=late.pk).status == "self_assessment"


def test_a_delivered_unit_is_evaluated_not_closed_as_not_submitted_but_may_be_withdrawn(city_period, admin):
    period = city_period
    reviewed = _ready(period)[0]
    with pytest.raises(ValidationError) as refused:
        close_not_submitted(assessment=reviewed, reason=REASON, by=admin)
    assert "sudah menyampaikan penilaian mandirinya" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        withdraw_unit(assessment=reviewed, reason="", by=admin)
    withdraw_unit(assessment=reviewed, reason="Dilebur ke dinas lain per 1 Juni.", by=admin)
    with pytest.raises(UnitClosed):
        withdraw_unit(assessment=reviewed, reason="Sekali lagi", by=admin)
    _tops, rows = standings.ranking(period)
    withdrawn = next(row for row in rows if row.assessment.pk == reviewed.pk)
    assert (withdrawn.standing, withdrawn.rank, withdrawn.total) == ("withdrawn", None, None)
    assert standings.ranking_summary(period, rows).withdrawn == 1


def test_only_the_inspektorat_admin_closes_a_unit(client, city_period):
    late = _late(city_period)
    for username in ("dalnis", "evaluator", "pimpinan", "operator.dinkes"):
        client.force_login(User.objects.get(username=username))
        response = client.post(
            _url("unit-close", city_period, late.pk), {"kind": "not_submitted", "reason": REASON}
        )
        assert response.status_code in (403, 404), username
    assert Assessment.objects.get(pk=late.pk).status == "self_assessment"


def test_the_period_locks_by_the_last_closure_whatever_the_order(city_period, admin):
    period, ready, late = city_period, _ready(city_period), _late(city_period)
    with pytest.raises(ValidationError):  # "every unit not released yet" includes the late one: refused
        release_preliminary_results(period=period, by=admin)
    release_preliminary_results(period=period, assessments=ready, by=admin)
    assert period.assessments.filter(released_at__isnull=False).count() == 26
    finalise_units(period=period, assessments=ready, by=admin)
    assert not Period.objects.get(pk=period.pk).is_locked
    close_not_submitted(assessment=late, reason=REASON, by=admin)
    assert Period.objects.get(pk=period.pk).is_locked


def test_another_units_release_opens_neither_the_appeal_nor_the_values_of_a_unit_not_released(
    client, city_period, admin
):
    period = city_period
    dikbud = period.assessments.get(unit__code="dikbud")
    others = [a for a in _ready(period) if a.pk != dikbud.pk]
    Event.objects.create(
        assessment=dikbud,
        actor=admin,
        kind="review_evaluator",
        indicator="I.2",
        after={"number": "10"},
        note="Disesuaikan. Laporan belum disahkan.",
    )
    release_preliminary_results(period=period, assessments=others, by=admin)
    head = User.objects.get(username="kepala.dikbud")
    with pytest.raises(ValidationError) as refused:
        file_appeal(assessment=dikbud, indicator="I.2", reason="Naik", by=head)
    assert refused.value.messages == ["Sanggahan dibuka setelah hasil sementara dirilis."]
    client.force_login(head)
    appeal_page = client.get(_url("appeal-page", period, dikbud.pk))
    assert appeal_page.context["rows"] == []
    timeline = client.get(_url("timeline", period, dikbud.pk)).content.decode()
    assert "Ditampilkan setelah hasil sementara dirilis." in timeline
    assert "Laporan belum disahkan." not in timeline


def test_the_admins_queue_leads_to_a_period_page_that_offers_to_close_the_late_opd(
    client, city_period, admin
):
    """Found by the whole-period journey: the queue's "missed the window" item led to the period page,
    which offered only an extension; closing as not submitted was on the finalisation page alone."""
    late = _late(city_period)
    client.force_login(admin)
    home = client.get(reverse("home")).content.decode()
    assert "1 unit melewati jadwal penilaian mandiri" in home
    assert "Perpanjang atau tutup" in home
    page = client.get(_url("period-detail", city_period)).content.decode()
    close = _url("unit-close", city_period, late.pk)
    row = page.split(f'id="unit-{LATE}"')[1].split("</tr>")[0]
    assert f'href="{close}">Tutup sebagai tidak menyampaikan…</a>' in row
    assert page.count("Tutup sebagai tidak menyampaikan…") == 1  # the 26 delivered units are evaluated

    extend_window(
        period=city_period,
        unit=late.unit,
        phase=Phase.SELF_ASSESSMENT,
        ends_at=timezone.now() + timedelta(days=2),
        reason="Server OPD rusak",
        by=admin,
    )
    page = client.get(_url("period-detail", city_period)).content.decode()
    assert "Tutup sebagai tidak menyampaikan…" not in page  # it may still submit


def test_nobody_but_the_admin_is_offered_to_close_a_unit_on_the_period_page(client, city_period):
    client.force_login(User.objects.get(username="evaluator"))
    page = client.get(_url("period-detail", city_period)).content.decode()
    assert "Tutup sebagai tidak menyampaikan…" not in page
