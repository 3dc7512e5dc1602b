from collections import Counter
from io import StringIO

from django.core.management import call_command

from nyata.org.models import Instansi, Membership, Role, Unit, User


def _counts():
    models = [Instansi, Unit, User, Membership]
    rows = [m.objects.count() for m in models]
    history = [m.history.count() for m in models]
    return rows, history


def test_demo_loads_a_city_of_27_opd_4_pengampu_and_a_person_per_role(db):
    out = StringIO()
    call_command("demo", stdout=out)
    city = Instansi.objects.get(code="kota-kendari-demo")
    assert city.name == "Pemerintah Kota Kendari (demo)"
    kinds = Counter(Unit.objects.filter(instansi=city).values_list("kind", flat=True))
    assert kinds == {"opd": 27, "pengampu": 4, "inspektorat": 1, "pimpinan": 1}
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    printed = out.getvalue()
    for person in User.objects.all():
        assert person.username in printed


def test_running_the_demo_twice_changes_nothing(db):
    call_command("demo", stdout=StringIO())
    before = _counts()
    passwords = dict(User.objects.values_list("username", "password"))
    out = StringIO()
    call_command("demo", stdout=out)
    assert _counts() == before
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert "--reset-passwords" in out.getvalue()


def test_printed_demo_passwords_sign_in(client, db):
    out = StringIO()
    call_command("demo", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if " operator.dikbud " in line)
    password = line.split()[-1]
    response = client.post("/akun/masuk/", {"username": "operator.dikbud", "password": password})
    assert response.status_code == 302


def test_each_unit_pengampu_of_the_demo_city_has_its_verifier():
    from nyata.org.demo import DEFAULT_CITY, read_city

    city = read_city(DEFAULT_CITY)
    pengampu = {unit["code"] for unit in city["units"] if unit["kind"] == "pengampu"}
    verified = {person["unit"] for person in city["people"] if person["role"] == "pengampu_verifier"}
    assert len(pengampu) == 4
    assert verified == pengampu
