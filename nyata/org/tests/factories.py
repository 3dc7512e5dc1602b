"""Factories: plain records with no surprising side effects; roles are given explicitly."""

from types import SimpleNamespace

import factory

from nyata.org.models import Instansi, Membership, Unit, User

CITY_UNITS = [
    ("setda", "Sekretariat Daerah", Unit.Kind.PIMPINAN, ""),
    ("inspektorat", "Inspektorat Daerah", Unit.Kind.INSPEKTORAT, ""),
    ("bagian-organisasi", "Bagian Organisasi", Unit.Kind.PENGAMPU, "kelembagaan"),
    ("dinkes", "Dinas Kesehatan", Unit.Kind.OPD, ""),
    ("dikbud", "Dinas Pendidikan dan Kebudayaan", Unit.Kind.OPD, ""),
]


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi

    name = factory.Sequence(lambda n: f"Pemerintah Kota Contoh {n}")
    code = factory.Sequence(lambda n: f"kota-contoh-{n}")
    kind = Instansi.Kind.KOTA


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    instansi = factory.SubFactory(InstansiFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = Unit.Kind.OPD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pegawai{n}")
    name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@kendari.example")
    password = factory.django.Password("rahasia-uji-123")


class CityFactory:
    @staticmethod
    def build_city(*, code: str, name: str) -> SimpleNamespace:
        instansi = InstansiFactory(code=code, name=name)
        units = {
            unit_code: UnitFactory(
                instansi=instansi, code=unit_code, name=unit_name, kind=kind, pengampu_area=area
            )
            for unit_code, unit_name, kind, area in CITY_UNITS
        }
        return SimpleNamespace(instansi=instansi, units=units)


def person_with_role(city: SimpleNamespace, *, role: str, unit_code: str | None, **fields) -> User:
    unit = city.units[unit_code] if unit_code else None
    instansi = None if role == "system_admin" else city.instansi
    fields.setdefault("username", f"{role}.{unit_code or 'sistem'}.{city.instansi.code}")
    person = UserFactory(instansi=instansi, **fields)
    Membership.objects.create(user=person, unit=unit, role=role)
    return person
