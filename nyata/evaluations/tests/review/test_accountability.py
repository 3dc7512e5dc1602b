"""Reviewers are accountable: adjusting a value says why; keeping a value the pengampu marked not valid
says why; one person never acts in two review tiers of the same assessment."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nyata.evaluations.actions.periods import assign_team_member, remove_team_member
from nyata.evaluations.actions.reviews import (
    approve_as_ketua,
    approve_as_pengendali,
    submit_to_ketua,
    verify_indicator,
)
from nyata.evaluations.models import Review, TeamMember
from nyata.evaluations.tests.review.conftest import review
from nyata.org.models import Membership

KELEMBAGAAN = frozenset({"kelembagaan"})


def test_adjusting_a_value_requires_a_note(desk, team):
    with pytest.raises(ValidationError) as refused:
        review(desk, team["evaluator"], "I.2", verdict="adjusted", data={"value": "60"})
    assert refused.value.message_dict == {"note": ["Sebutkan alasan Anda menyesuaikan nilai OPD."]}
    assert not Review.objects.exists()
    review(desk, team["evaluator"], "I.2", verdict="adjusted", data={"value": "60"}, note="Realisasi 60%.")
    event = desk.events.get(kind="review_evaluator")
    assert event.note == "Disesuaikan. Realisasi 60%."


def test_the_review_page_shows_the_missing_note_under_the_note_field(client, desk, team):
    client.force_login(team["evaluator"])
    url = reverse("evaluations:review-save", args=[desk.period.instansi.code, desk.period_id, desk.pk, "I.2"])
    response = client.post(
        url,
        {"tier": "evaluator", "verdict": "adjusted", "value": "60", "base_revision": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps the block, which carries the error
    page = response.content.decode()
    note_field = page[page.index('name="note"') :]
    assert "Sebutkan alasan Anda menyesuaikan nilai OPD." in note_field
    assert not Review.objects.exists()


def _reject(desk, verifier, note="Dokumen renaksi tidak ditandatangani."):
    verify_indicator(
        assessment=desk, indicator="I.1", is_valid=False, note=note, areas=KELEMBAGAAN, by=verifier
    )


def test_keeping_a_value_the_pengampu_marked_not_valid_requires_a_reason(desk, team, pengampu_verifier):
    _reject(desk, pengampu_verifier)
    expected = {
        "note": [
            "Unit pengampu menyatakan I.1 tidak valid (Dokumen renaksi tidak ditandatangani.): sebutkan "
            "alasan Anda mempertahankan nilai OPD."
        ]
    }
    with pytest.raises(ValidationError) as agreed:
        review(desk, team["evaluator"], "I.1")
    assert agreed.value.message_dict == expected
    with pytest.raises(ValidationError) as same_value:  # "adjusted" to the very value the OPD proposed
        review(desk, team["evaluator"], "I.1", verdict="adjusted", data={"value": "B"}, note="")
    assert same_value.value.message_dict == expected
    assert not Review.objects.exists()
    review(desk, team["evaluator"], "I.1", note="Tanda tangan ada pada halaman lampiran, sudah dicek.")
    assert Review.objects.get().value == "B"


def test_a_rejection_after_the_evaluator_agreed_holds_the_hand_over_until_a_reason_is_given(
    desk, team, pengampu_verifier
):
    for code in ("I.1", "I.2", "II.1"):
        review(desk, team["evaluator"], code)
    _reject(desk, pengampu_verifier)
    with pytest.raises(ValidationError) as refused:
        submit_to_ketua(assessment=desk, by=team["evaluator"])
    assert refused.value.messages == [
        "Unit pengampu menyatakan I.1 tidak valid (Dokumen renaksi tidak ditandatangani.): sebutkan alasan "
        "Anda mempertahankan nilai OPD."
    ]
    review(desk, team["evaluator"], "I.1", verdict="adjusted", data={"value": "C"}, note="Tidak sah.")
    submit_to_ketua(assessment=desk, by=team["evaluator"])


def test_the_team_refuses_one_person_in_two_tiers(desk, team, inspektorat_admin):
    evaluator = team["evaluator"]
    Membership.objects.create(
        user=evaluator, unit=Membership.objects.get(user=team["ketua_tim"]).unit, role="ketua_tim"
    )
    with pytest.raises(ValidationError) as refused:
        assign_team_member(assessment=desk, user=evaluator, tier="ketua_tim", by=inspektorat_admin)
    assert refused.value.message_dict["user"] == [
        "Orang ini sudah duduk dalam tim ini sebagai Evaluator (anggota tim): satu orang tidak dapat "
        "bertindak di dua jenjang reviu pada penilaian yang sama."
    ]
    assert not TeamMember.objects.filter(assessment=desk, user=evaluator, tier="ketua_tim").exists()


def test_someone_who_acted_in_one_tier_is_not_seated_in_another_even_after_leaving_the_first(
    desk, team, inspektorat_admin
):
    evaluator = team["evaluator"]
    review(desk, evaluator, "I.2")
    remove_team_member(member=TeamMember.objects.get(assessment=desk, user=evaluator), by=inspektorat_admin)
    Membership.objects.create(
        user=evaluator, unit=Membership.objects.get(user=team["ketua_tim"]).unit, role="ketua_tim"
    )
    with pytest.raises(ValidationError) as refused:
        assign_team_member(assessment=desk, user=evaluator, tier="ketua_tim", by=inspektorat_admin)
    assert "sudah bertindak sebagai Evaluator (anggota tim) pada penilaian ini" in refused.value.messages[0]


def test_the_actions_refuse_a_second_tier_even_when_the_seats_allow_it(desk, team, pengampu_verifier):
    """Seats made before the rule (or by hand): the act itself is refused."""
    ketua = team["ketua_tim"]
    TeamMember.objects.create(assessment=desk, user=ketua, tier="evaluator")
    for code in ("I.1", "I.2", "II.1"):
        review(desk, ketua, code)
    verify_indicator(
        assessment=desk, indicator="I.1", is_valid=True, note="", areas=KELEMBAGAAN, by=pengampu_verifier
    )
    submit_to_ketua(assessment=desk, by=ketua)
    with pytest.raises(ValidationError) as refused:
        approve_as_ketua(assessment=desk, by=ketua)
    assert refused.value.messages == [
        f"{ketua.name} sudah bertindak sebagai Evaluator (anggota tim) pada penilaian ini: satu orang tidak "
        "dapat bertindak di dua jenjang reviu pada penilaian yang sama."
    ]
    with pytest.raises(ValidationError):
        review(desk, ketua, "I.2", tier="ketua_tim", verdict="adjusted", data={"value": "10"}, note="Turun")
    desk.refresh_from_db()
    assert desk.status == "team_review"


def test_the_review_page_tells_a_person_who_acted_in_another_tier_before_they_type(client, desk, team):
    ketua = team["ketua_tim"]
    TeamMember.objects.create(assessment=desk, user=ketua, tier="evaluator")
    for code in ("I.1", "I.2", "II.1"):
        review(desk, ketua, code)
    desk.status = "team_review"
    desk.save()
    client.force_login(ketua)
    page = client.get(
        reverse("evaluations:review-assessment", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    ).content.decode()
    assert (
        "sudah bertindak sebagai Evaluator (anggota tim) pada penilaian ini"
        in page[page.index('id="cannot-save"') :]
    )
    assert 'class="review-form"' not in page


def test_the_team_page_shows_the_refusal(client, desk, team, inspektorat_admin):
    evaluator = team["evaluator"]
    Membership.objects.create(
        user=evaluator, unit=Membership.objects.get(user=team["ketua_tim"]).unit, role="ketua_tim"
    )
    client.force_login(inspektorat_admin)
    response = client.post(
        reverse("evaluations:team-assign", args=[desk.period.instansi.code, desk.period_id]),
        {"assessment": desk.pk, "user": evaluator.pk, "tier": "ketua_tim"},
    )
    assert response.status_code == 400
    assert "satu orang tidak dapat bertindak di dua jenjang reviu" in response.content.decode()


def test_approvals_by_three_people_carry_the_review_through(desk, team, pengampu_verifier):
    for code in ("I.1", "I.2", "II.1"):
        review(desk, team["evaluator"], code)
    verify_indicator(
        assessment=desk, indicator="I.1", is_valid=True, note="", areas=KELEMBAGAAN, by=pengampu_verifier
    )
    submit_to_ketua(assessment=desk, by=team["evaluator"])
    approve_as_ketua(assessment=desk, by=team["ketua_tim"])
    approve_as_pengendali(assessment=desk, by=team["pengendali_teknis"])
    desk.refresh_from_db()
    assert desk.status == "reviewed"
