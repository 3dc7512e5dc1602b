"""`source: follow-up` and `source: action-plan` (issue 11, back into the score): the 2025 worksheet takes the
share of the 2024 recommendations closed as recommended by the cut-off, and the share of the approved 2025
action plan's quarterly targets realised, through the same feed as the SKM and the outside figures: filled
when the period opens and on refresh, never typed over, adjusted by evaluators only with a reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.feeds import fill_from_sources
from nyata.evaluations.actions.periods import assign_team_member
from nyata.evaluations.actions.reviews import save_review
from nyata.evaluations.actions.submission import approve_submission, submit_assessment
from nyata.evaluations.feeds import read
from nyata.evaluations.models import Answer, Event, Evidence
from nyata.evaluations.queries.results import final_values
from nyata.followups.models import Item
from nyata.followups.tests import feed_scene as scene

DONE, CANNOT = Item.Status.DONE, Item.Status.CANNOT


@pytest.fixture
def previous(city, inspektorat_admin, evaluator):
    return scene.published_2024(city, admin=inspektorat_admin, evaluator=evaluator)


@pytest.fixture
def dinkes_items(previous, city):
    return list(Item.objects.filter(period=previous, unit=city.units["dinkes"]).order_by("pk"))


@pytest.fixture
def closer(opd_operator, evaluator, inspektorat_admin):
    def close(item, *, at, status=DONE):
        scene.close(
            item, at=at, status=status, reporter=opd_operator, evaluator=evaluator, admin=inspektorat_admin
        )

    return close


@pytest.fixture
def three_before_one_after(dinkes_items, closer):
    """Of Dinkes's five recommendations: three closed before the cut-off, one after it, one still open."""
    now = timezone.now()
    for item in dinkes_items[:3]:
        closer(item, at=now - timedelta(days=2))
    closer(dinkes_items[3], at=now + timedelta(days=11))  # after the 2025 self-assessment closes
    return dinkes_items


@pytest.fixture
def plan(city, opd_operator, opd_head, evaluator):
    """Dinkes's approved 2025 plan: 4 targets in TW I-III (3 realised), TW IV realised but not reviewed."""
    realised = {(0, 1): 1, (0, 2): 1, (0, 3): 0, (1, 2): 1, (0, 4): 1, (1, 4): 1}
    return scene.approved_plan_2025(
        city.units["dinkes"], writer=opd_operator, head=opd_head, evaluator=evaluator, realised=realised
    )


@pytest.fixture
def period(city, inspektorat_admin, previous, three_before_one_after, plan):
    return scene.period_2025(city, admin=inspektorat_admin, previous=previous)


@pytest.fixture
def dinkes(period, city):
    return period.assessments.get(unit=city.units["dinkes"])


def _answer(assessment, code):
    return Answer.objects.filter(assessment=assessment, indicator=code).first()


# --- follow-up ---------------------------------------------------------------------------------------------


def test_the_share_of_recommendations_closed_by_the_cut_off_fills_the_follow_up_indicator(dinkes):
    answer = _answer(dinkes, "I.3")
    assert answer.value == {"number": "60.00"}
    assert "3 dari 5 ditutup sesuai rekomendasi" in answer.explanation
    assert "Evaluasi RB 2024" in answer.explanation
    assert Event.objects.filter(assessment=dinkes, kind="filled_from_follow_up", indicator="I.3").count() == 1


def test_the_cut_off_is_the_end_of_the_periods_self_assessment_window(dinkes, period):
    fed = read(dinkes, "follow-up")
    window = period.windows.get(phase="self_assessment")
    assert fed.detail.cut_off == window.ends_at
    assert (fed.detail.figure.total, fed.detail.figure.done, fed.detail.figure.done_later) == (5, 3, 1)
    assert fed.url == reverse(
        "followups:unit", args=[period.instansi.code, period.previous_id, dinkes.unit_id]
    )


def test_an_approved_cannot_be_followed_up_is_left_out_rather_than_counted_as_closed(
    city, inspektorat_admin, previous, dinkes_items, closer
):
    now = timezone.now()
    for item in dinkes_items[:3]:
        closer(item, at=now - timedelta(days=2))
    closer(dinkes_items[3], at=now - timedelta(days=2), status=CANNOT)
    period = scene.period_2025(city, admin=inspektorat_admin, previous=previous)
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    answer = _answer(dinkes, "I.3")
    assert answer.value == {"number": "75.00"}  # 3 of the 4 that count
    assert (
        "1 yang disetujui Inspektur sebagai tidak dapat ditindaklanjuti tidak dihitung" in answer.explanation
    )


def test_a_unit_without_recommendations_gets_nothing_filled_never_a_hundred(period, city):
    dikbud = period.assessments.get(unit=city.units["dikbud"])
    assert _answer(dikbud, "I.3") is None
    fed = read(dikbud, "follow-up")
    assert (fed.value, fed.detail.figure) == (None, None)


def test_a_period_without_a_previous_one_fills_nothing(city, inspektorat_admin, three_before_one_after, plan):
    period = scene.period_2025(city, admin=inspektorat_admin, previous=None)
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    assert _answer(dinkes, "I.3") is None
    assert read(dinkes, "follow-up").detail.previous is None


def test_a_closure_before_the_cut_off_reaches_the_answer_when_refreshed(
    dinkes, dinkes_items, closer, opd_operator
):
    closer(dinkes_items[4], at=timezone.now())
    assert _answer(dinkes, "I.3").value == {"number": "60.00"}
    assert fill_from_sources(assessment=dinkes, by=opd_operator) == ["I.3"]
    assert _answer(dinkes, "I.3").value == {"number": "80.00"}
    assert fill_from_sources(assessment=dinkes, by=opd_operator) == []


# --- action plan -------------------------------------------------------------------------------------------


def test_the_share_of_reviewed_quarterly_targets_realised_fills_the_action_plan_indicator(dinkes):
    answer = _answer(dinkes, "I.2")
    assert answer.value == {"number": "75.00"}
    assert "3 dari 4 target triwulan" in answer.explanation
    assert "TW I, TW II, TW III" in answer.explanation
    assert (
        Event.objects.filter(assessment=dinkes, kind="filled_from_action_plan", indicator="I.2").count() == 1
    )


def test_a_quarter_not_yet_desk_reviewed_is_not_counted(dinkes, plan):
    fed = read(dinkes, "action-plan")
    assert fed.detail.counted == ("TW I", "TW II", "TW III")
    assert fed.detail.waiting == ("TW IV",)
    assert (fed.detail.figure.realised, fed.detail.figure.targets) == (3, 4)
    assert fed.url == reverse("followups:plan", args=[dinkes.period.instansi.code, plan.pk])


def test_a_plan_not_approved_fills_nothing(city, inspektorat_admin, previous, outsider_opd_operator):
    from nyata.followups import planning

    draft = planning.create_plan(unit=city.units["dikbud"], year=2025, by=outsider_opd_operator)
    period = scene.period_2025(city, admin=inspektorat_admin, previous=previous)
    dikbud = period.assessments.get(unit=city.units["dikbud"])
    assert _answer(dikbud, "I.2") is None
    fed = read(dikbud, "action-plan")
    assert (fed.value, fed.detail.plan, fed.detail.approved) == (None, draft, False)


# --- the rules every source keeps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "refusal"),
    [
        ("I.3", "tindak lanjut rekomendasi periode sebelumnya"),
        ("I.2", "rencana aksi unit yang disetujui"),
    ],
)
def test_the_opd_cannot_type_over_a_fed_answer(dinkes, opd_operator, code, refusal):
    before = _answer(dinkes, code).value
    with pytest.raises(ValidationError, match=refusal):
        save_answer(
            assessment=dinkes,
            indicator=code,
            value={"number": "100"},
            explanation="Sudah semua.",
            base_revision=1,
            by=opd_operator,
        )
    assert _answer(dinkes, code).value == before


def test_evaluators_may_adjust_the_fed_answers_only_with_a_reason(
    dinkes, opd_operator, opd_head, evaluator, inspektorat_admin
):
    assign_team_member(assessment=dinkes, user=evaluator, tier="evaluator", by=inspektorat_admin)
    for code, value in (("I.1", "A"), ("II.1", {"number": "80"})):
        save_answer(
            assessment=dinkes, indicator=code, value=value, explanation="", base_revision=0, by=opd_operator
        )
    Evidence.objects.create(
        assessment=dinkes,
        indicator="I.1",
        item="dok-renaksi",
        kind="link",
        url="https://kendari.example/renaksi.pdf",
        name="Renaksi",
        uploaded_by=opd_operator,
    )
    submit_assessment(assessment=dinkes, by=opd_operator)
    approve_submission(assessment=dinkes, by=opd_head)
    review = {
        "assessment": dinkes,
        "indicator": "I.3",
        "tier": "evaluator",
        "verdict": "adjusted",
        "value": {"number": "40"},
        "base_revision": 0,
        "by": evaluator,
    }
    with pytest.raises(ValidationError):
        save_review(**review, note="")
    save_review(**review, note="Dua rekomendasi ditutup tanpa bukti penetapan yang sah.")
    assert final_values(dinkes)["I.3"] == {"number": "40"}
    assert _answer(dinkes, "I.3").value == {"number": "60.00"}  # the OPD's fed answer stays as it was
    assert fill_from_sources(assessment=dinkes, by=opd_operator) == []  # submitted: a refresh changes nothing


def test_the_worksheet_shows_the_figures_and_links_to_the_pages_behind_them(
    client, dinkes, period, plan, opd_operator
):
    client.force_login(opd_operator)
    url = reverse("evaluations:worksheet", args=[period.instansi.code, period.pk, dinkes.pk])
    body = client.get(url + "?area=I").content.decode()
    assert 'id="i-I_3-follow-up"' in body
    assert "3 / 5 = 60,00%" in body
    assert "3 / 4 = 75,00%" in body
    assert "TW I, TW II, TW III" in body
    assert reverse("followups:unit", args=[period.instansi.code, period.previous_id, dinkes.unit_id]) in body
    assert reverse("followups:plan", args=[period.instansi.code, plan.pk]) in body
    assert 'id="i-I_3-value"' not in body  # no input to type over
    assert 'id="i-I_2-value"' not in body
    assert "Perbarui dari tindak lanjut" in body


def test_the_worksheet_of_a_unit_without_recommendations_says_it_stays_for_the_evaluator(
    client, period, city, outsider_opd_operator
):
    dikbud = period.assessments.get(unit=city.units["dikbud"])
    client.force_login(outsider_opd_operator)
    url = reverse("evaluations:worksheet", args=[period.instansi.code, period.pk, dikbud.pk])
    body = client.get(url + "?area=I").content.decode()
    assert "tidak memiliki rekomendasi" in body
    assert "belum memiliki rencana aksi untuk 2025" in body


def test_the_pages_the_worksheet_links_to_are_the_units_own(
    client, dinkes, period, plan, outsider_opd_operator
):
    """The links beside the fed answers lead to pages of Dinkes: another OPD gets a 404 there."""
    client.force_login(outsider_opd_operator)
    code = period.instansi.code
    assert client.get(reverse("followups:plan", args=[code, plan.pk])).status_code == 404
    assert (
        client.get(reverse("followups:unit", args=[code, period.previous_id, dinkes.unit_id])).status_code
        == 404
    )


def test_a_unit_whose_sources_had_nothing_to_fill_may_still_submit_to_its_head(
    period, city, outsider_opd_operator, evaluator, inspektorat_admin
):
    dikbud = period.assessments.get(unit=city.units["dikbud"])
    for code, value in (("I.1", "A"), ("II.1", {"number": "80"})):
        save_answer(
            assessment=dikbud,
            indicator=code,
            value=value,
            explanation="",
            base_revision=0,
            by=outsider_opd_operator,
        )
    Evidence.objects.create(
        assessment=dikbud,
        indicator="I.1",
        item="dok-renaksi",
        kind="link",
        url="https://kendari.example/renaksi.pdf",
        name="Renaksi",
        uploaded_by=outsider_opd_operator,
    )
    submit_assessment(assessment=dikbud, by=outsider_opd_operator)
    dikbud.refresh_from_db()
    assert dikbud.status == "awaiting_head"
    assert _answer(dikbud, "I.3") is None


# --- who sees the fed figures, who may refresh them --------------------------------------------------------

PERSONAS = [
    "inspektorat_admin",
    "evaluator",
    "opd_head",
    "opd_operator",
    "outsider_opd_operator",
    "leader",
    "other_city_admin",
]
# persona -> (Dinkes's worksheet with the fed figures, its refresh from the sources)
MATRIX = {
    "inspektorat_admin": (200, 403),
    "evaluator": (200, 403),
    "opd_head": (200, 403),  # the head approves; the operator answers
    "opd_operator": (200, 302),
    "outsider_opd_operator": (404, 404),
    "leader": (404, 404),  # the pimpinan sees published results, not a worksheet in progress
    "other_city_admin": (404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_fed_figures_and_who_may_refresh_them(client, request, persona, dinkes, period):
    client.force_login(request.getfixturevalue(persona))
    code = period.instansi.code
    page = client.get(reverse("evaluations:worksheet", args=[code, period.pk, dinkes.pk]) + "?area=I")
    refresh = client.post(reverse("evaluations:feed-refresh", args=[code, period.pk, dinkes.pk]))
    assert (page.status_code, refresh.status_code) == MATRIX[persona]
    shown = page.content.decode()
    assert ("3 / 5 = 60,00%" in shown) is (page.status_code == 200)
    assert ("3 / 4 = 75,00%" in shown) is (page.status_code == 200)
