"""The demo city: loaded by `nyata demo`, idempotent, so that every page has something real to show."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from nyata.org import actions
from nyata.org.models import Instansi, Membership, Role, Unit, User

DEFAULT_CITY = Path(__file__).with_name("kendari.yaml")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str
    password: str | None  # None when the person existed already and kept their password


def read_city(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def load_city(data: dict, *, reset_passwords: bool = False) -> tuple[Instansi, list[DemoLogin]]:
    spec = data["instansi"]
    instansi = Instansi.objects.filter(code=spec["code"]).first()
    if instansi is None:
        instansi = actions.save_instansi(by=None, **spec)
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    for item in data["units"]:
        if item["code"] in units:
            continue
        fields = {k: v for k, v in item.items() if k != "parent"}
        parent = units.get(item["parent"]) if item.get("parent") else None
        units[item["code"]] = actions.save_unit(instansi=instansi, by=None, parent=parent, **fields)
    logins = []
    for item in data["people"]:
        logins.append(_load_person(item, instansi, units, reset_passwords))
    return instansi, logins


def _load_person(item: dict, instansi: Instansi, units: dict[str, Unit], reset_passwords: bool) -> DemoLogin:
    role = item["role"]
    unit = units.get(item["unit"]) if item.get("unit") else None
    person = User.objects.filter(username=item["username"]).first()
    password = None
    if person is None:
        home = None if role == Role.SYSTEM_ADMIN else instansi
        person = actions.save_person(instansi=home, by=None, username=item["username"], name=item["name"])
        password = actions.issue_password(person=person, by=None)
    elif reset_passwords:
        password = actions.issue_password(person=person, by=None)
    if not Membership.objects.filter(user=person, unit=unit, role=role).exists():
        actions.assign_role(person=person, role=role, unit=unit, by=None)
    return DemoLogin(person.username, str(Role(role).label), unit.display_name if unit else "", password)
