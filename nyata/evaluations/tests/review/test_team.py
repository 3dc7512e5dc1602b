"""The Inspektorat admin seats evaluator teams; evaluators find their work on their landing page."""

from django.urls import reverse

from nyata.evaluations.models import TeamMember


def _team_url(period, name="evaluations:team-page", *extra):
    return reverse(name, args=[period.instansi.code, period.pk, *extra])


def test_the_admin_sees_every_unit_with_its_team_and_seats_a_member(
    client, period, inspektorat_admin, evaluator, django_assert_num_queries
):
    client.force_login(inspektorat_admin)
    client.get(_team_url(period))
    with django_assert_num_queries(10):  # 9 + the header's unread-notifications count
        page = client.get(_team_url(period))
    assert [a.unit.code for a, _team in page.context["rows"]] == ["dinkes", "dikbud"]
    dikbud = period.assessments.get(unit__code="dikbud")
    response = client.post(
        _team_url(period, "evaluations:team-assign"),
        {"assessment": dikbud.pk, "user": evaluator.pk, "tier": "evaluator"},
    )
    assert response.status_code == 302
    assert list(TeamMember.objects.filter(assessment=dikbud).values_list("user", "tier")) == [
        (evaluator.pk, "evaluator")
    ]


def test_a_person_without_the_role_is_refused_with_a_reason(client, period, inspektorat_admin, evaluator):
    client.force_login(inspektorat_admin)
    dinkes = period.assessments.get(unit__code="dinkes")
    response = client.post(
        _team_url(period, "evaluations:team-assign"),
        {"assessment": dinkes.pk, "user": evaluator.pk, "tier": "ketua_tim"},
    )
    assert response.status_code == 400
    assert (
        "Pegawai ini tidak memegang peran tersebut di Inspektorat instansi ini." in response.content.decode()
    )
    assert not TeamMember.objects.exists()


def test_the_admin_removes_a_member(client, assessment, team, inspektorat_admin):
    client.force_login(inspektorat_admin)
    seat = TeamMember.objects.get(assessment=assessment, tier="ketua_tim")
    response = client.post(_team_url(assessment.period, "evaluations:team-remove", seat.pk))
    assert response.status_code == 302
    assert sorted(TeamMember.objects.values_list("tier", flat=True)) == ["evaluator", "pengendali_teknis"]


def test_only_the_admin_manages_teams(client, period, evaluator, opd_operator, other_city_admin):
    client.force_login(evaluator)
    assert client.get(_team_url(period)).status_code == 403
    assert client.post(_team_url(period, "evaluations:team-assign"), {}).status_code == 403
    client.force_login(opd_operator)
    assert client.get(_team_url(period)).status_code == 403
    client.force_login(other_city_admin)
    assert client.get(_team_url(period)).status_code == 404


def test_the_period_review_page_lists_every_unit_for_the_inspektorat_only(
    client, desk, team, opd_operator, leader
):
    url = reverse("evaluations:review-period", args=[desk.period.instansi.code, desk.period_id])
    client.force_login(team["evaluator"])
    page = client.get(url)
    assert page.status_code == 200
    mine = [row for row in page.context["rows"] if row.assessment.pk == desk.pk][0]
    assert (mine.my_tiers, mine.my_turn) == (["evaluator"], True)
    client.force_login(opd_operator)
    assert client.get(url).status_code == 403
    client.force_login(leader)
    assert client.get(url).status_code == 403


def test_the_evaluator_landing_lists_the_team_seats_and_what_waits(client, desk, team, other_evaluator):
    client.force_login(team["evaluator"])
    body = client.get(reverse("home")).content.decode()
    review_url = reverse(
        "evaluations:review-assessment", args=[desk.period.instansi.code, desk.period_id, desk.pk]
    )
    assert review_url in body
    assert "Giliran Anda mereviu" in body
    client.force_login(team["ketua_tim"])
    body = client.get(reverse("home")).content.decode()
    assert review_url in body
    assert "Giliran Anda mereviu" not in body
    client.force_login(other_evaluator)
    assert "Anda belum duduk dalam tim evaluator" in client.get(reverse("home")).content.decode()
