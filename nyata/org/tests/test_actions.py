import pytest
from django.core.exceptions import ValidationError

from nyata.core.history import history_entries
from nyata.org import actions, queries
from nyata.org.models import Membership, Unit
from nyata.org.tests.factories import UnitFactory


def test_save_unit_refuses_a_code_already_used_in_the_instansi(city, inspektorat_admin):
    with pytest.raises(ValidationError) as caught:
        actions.save_unit(
            instansi=city.instansi, by=inspektorat_admin, code="dinkes", name="Dinas Baru", kind="opd"
        )
    assert "code" in caught.value.message_dict
    assert Unit.objects.filter(instansi=city.instansi, name="Dinas Baru").count() == 0


def test_the_same_code_may_live_in_two_instansi(city, other_city, inspektorat_admin):
    assert Unit.objects.filter(code="dinkes").count() == 2


def test_save_unit_refuses_a_parent_from_another_instansi_and_a_cycle(city, other_city, inspektorat_admin):
    with pytest.raises(ValidationError) as caught:
        actions.save_unit(
            instansi=city.instansi,
            by=inspektorat_admin,
            unit=city.units["dinkes"],
            parent=other_city.units["setda"],
        )
    assert "parent" in caught.value.message_dict
    child = actions.save_unit(
        instansi=city.instansi,
        by=inspektorat_admin,
        code="upt-puskesmas",
        name="UPT Puskesmas",
        kind="opd",
        parent=city.units["dinkes"],
    )
    with pytest.raises(ValidationError):
        actions.save_unit(
            instansi=city.instansi, by=inspektorat_admin, unit=city.units["dinkes"], parent=child
        )
    assert Unit.objects.get(pk=city.units["dinkes"].pk).parent is None


def test_only_a_unit_pengampu_owns_an_rb_area_and_each_area_has_one_owner(city, inspektorat_admin):
    with pytest.raises(ValidationError) as caught:
        actions.save_unit(
            instansi=city.instansi,
            by=inspektorat_admin,
            code="bkpsdm",
            name="BKPSDM",
            kind="pengampu",
            pengampu_area="kelembagaan",
        )
    assert "pengampu_area" in caught.value.message_dict
    with pytest.raises(ValidationError):
        actions.save_unit(
            instansi=city.instansi, by=inspektorat_admin, code="bkpsdm", name="BKPSDM", kind="pengampu"
        )


def test_a_merged_unit_carries_the_history_of_its_predecessors(city, inspektorat_admin):
    old = city.units["dikbud"]
    merged = actions.save_unit(
        instansi=city.instansi,
        by=inspektorat_admin,
        code="disdik",
        name="Dinas Pendidikan",
        kind="opd",
        predecessors=[old],
    )
    newer = actions.save_unit(
        instansi=city.instansi,
        by=inspektorat_admin,
        code="disdikpora",
        name="Dinas Pendidikan, Pemuda dan Olahraga",
        kind="opd",
        predecessors=[merged],
    )
    assert {u.code for u in queries.lineage(newer)} == {"disdikpora", "disdik", "dikbud"}


def test_every_change_records_who_and_what_changed_field_by_field(city, inspektorat_admin):
    unit = city.units["dinkes"]
    actions.save_unit(instansi=city.instansi, by=inspektorat_admin, unit=unit, name="Dinas Kesehatan Kota")
    latest = history_entries(unit)[0]
    assert latest.who == str(inspektorat_admin)
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("nama", "Dinas Kesehatan", "Dinas Kesehatan Kota")
    ]


def test_save_instansi_sets_only_the_instansi_fields(city, inspektorat_admin):
    with pytest.raises(TypeError, match="pk"):
        actions.save_instansi(by=inspektorat_admin, instansi=city.instansi, name="Kota Lain", pk=999)
    city.instansi.refresh_from_db()
    assert city.instansi.name == "Pemerintah Kota Kendari"


def test_a_role_must_be_held_in_a_unit_of_the_right_kind(city, opd_head, inspektorat_admin):
    with pytest.raises(ValidationError) as caught:
        actions.assign_role(
            person=opd_head, role="evaluator", unit=city.units["dinkes"], by=inspektorat_admin
        )
    assert "unit" in caught.value.message_dict


def test_a_role_cannot_be_held_in_a_unit_of_another_instansi(other_city, opd_head, inspektorat_admin):
    with pytest.raises(ValidationError):
        actions.assign_role(
            person=opd_head, role="opd_operator", unit=other_city.units["dinkes"], by=inspektorat_admin
        )
    assert Membership.objects.filter(user=opd_head).count() == 1


def test_revoking_a_role_is_recorded_with_who_did_it(opd_head, inspektorat_admin):
    membership = Membership.objects.get(user=opd_head)
    membership_id = membership.pk
    actions.revoke_role(membership=membership, by=inspektorat_admin)
    deletion = Membership.history.filter(id=membership_id).order_by("-history_date").first()
    assert (deletion.history_type, deletion.history_user) == ("-", inspektorat_admin)


def test_issued_passwords_work_once_and_are_never_stored_in_clear(opd_head, inspektorat_admin):
    password = actions.issue_password(person=opd_head, by=inspektorat_admin)
    opd_head.refresh_from_db()
    assert opd_head.check_password(password) is True
    assert password not in opd_head.password


def test_unit_factory_makes_an_opd_by_default(db):
    assert UnitFactory().kind == Unit.Kind.OPD


def test_save_person_keeps_a_nip_as_its_digits_whoever_calls_it(city, inspektorat_admin):
    person = actions.save_person(
        instansi=city.instansi,
        by=inspektorat_admin,
        username="rudi",
        name="Rudi",
        nip="19800101 200501 1 002",
    )
    assert person.nip == "198001012005011002"
