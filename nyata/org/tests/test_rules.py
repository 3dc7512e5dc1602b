import pytest
from django.contrib.auth.models import AnonymousUser

from nyata.org import queries, rules
from nyata.org.models import Unit, User
from nyata.org.tests.factories import person_with_role

PERSONAS = [
    "system_admin",
    "inspektorat_admin",
    "evaluator",
    "opd_operator",
    "opd_head",
    "outsider_opd_operator",
    "pengampu_verifier",
    "leader",
    "other_city_admin",
]


def test_an_unregistered_permission_is_denied_even_to_a_system_admin(system_admin, city):
    assert rules.has_perm(system_admin, "org.manage_instansi", city.instansi) is True
    assert rules.has_perm(system_admin, "org.delete_everything", city.instansi) is False


def test_anonymous_and_inactive_people_are_denied(inspektorat_admin, city):
    assert rules.has_perm(AnonymousUser(), "org.view_directory", city.instansi) is False
    inspektorat_admin.is_active = False
    assert rules.has_perm(inspektorat_admin, "org.view_directory", city.instansi) is False


def test_inspektorat_admin_manages_only_their_own_instansi(inspektorat_admin, city, other_city):
    assert rules.has_perm(inspektorat_admin, "org.manage_instansi", city.instansi) is True
    assert rules.has_perm(inspektorat_admin, "org.manage_instansi", other_city.instansi) is False
    assert rules.has_perm(inspektorat_admin, "org.view_instansi", other_city.instansi) is False


def test_opd_operator_sees_their_own_unit_and_not_another_opd(opd_operator, city):
    assert rules.has_perm(opd_operator, "org.view_unit", city.units["dinkes"]) is True
    assert rules.has_perm(opd_operator, "org.view_unit", city.units["dikbud"]) is False
    assert rules.has_perm(opd_operator, "org.change_unit", city.units["dinkes"]) is False
    assert rules.has_perm(opd_operator, "org.view_directory", city.instansi) is False


def test_opd_operator_sees_colleagues_but_not_people_of_another_opd(
    opd_operator, opd_head, outsider_opd_operator
):
    assert rules.has_perm(opd_operator, "org.view_person", opd_head) is True
    assert rules.has_perm(opd_operator, "org.view_person", outsider_opd_operator) is False
    assert rules.has_perm(opd_operator, "org.change_person", opd_head) is False


def test_leader_and_pengampu_read_the_whole_instansi_but_change_nothing(
    leader, pengampu_verifier, city, opd_head
):
    for reader in (leader, pengampu_verifier):
        assert rules.has_perm(reader, "org.view_directory", city.instansi) is True
        assert rules.has_perm(reader, "org.view_person", opd_head) is True
        assert rules.has_perm(reader, "org.change_person", opd_head) is False
        assert rules.has_perm(reader, "org.manage_instansi", city.instansi) is False


def test_inspektorat_admin_cannot_change_a_system_administrator(inspektorat_admin, system_admin):
    assert rules.has_perm(inspektorat_admin, "org.change_person", system_admin) is False
    assert rules.has_perm(system_admin, "org.change_person", inspektorat_admin) is True


def test_a_role_in_a_deactivated_unit_grants_nothing(opd_operator, city):
    Unit.objects.filter(pk=city.units["dinkes"].pk).update(is_active=False)
    fresh = User.objects.get(pk=opd_operator.pk)
    assert rules.has_perm(fresh, "org.view_unit", city.units["dinkes"]) is False


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_listing_agrees_with_the_view_unit_rule(persona, request, city, other_city):
    user = request.getfixturevalue(persona)
    listed = (
        set(queries.units_for_user(user, city.instansi))
        if rules.has_perm(user, "org.view_instansi", city.instansi)
        else set()
    )
    allowed = {
        u
        for u in Unit.objects.all()
        if rules.has_perm(user, "org.view_unit", u) and u.instansi_id == city.instansi.pk
    }
    assert listed == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_people_listing_agrees_with_the_view_person_rule(persona, request, city, other_city):
    user = request.getfixturevalue(persona)
    # Populate every persona so that the listing has people it must leave out.
    for other in PERSONAS:
        request.getfixturevalue(other)
    person_with_role(other_city, role="opd_operator", unit_code="dinkes", username="operator.baubau")
    listed = set(queries.people_for_user(user, city.instansi))
    allowed = {
        p for p in User.objects.filter(instansi=city.instansi) if rules.has_perm(user, "org.view_person", p)
    }
    assert listed == allowed
