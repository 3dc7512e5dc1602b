"""The demo city, loaded by `nyata demo` itself into the test database once for the crawl's module.

It is loaded inside a transaction that is rolled back when the module ends, so the tests after it find the
empty database they expect; each crawl test runs in a savepoint of that transaction."""

import io

import pytest
import yaml
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from nyata.org.demo import DEFAULT_CITY
from nyata.org.models import User

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _RolledBack(Exception):
    pass


def demo_usernames() -> list[str]:
    """Every person of the shipped demo city: the personas of the crawl."""
    with DEFAULT_CITY.open(encoding="utf-8") as handle:
        return [person["username"] for person in yaml.safe_load(handle)["people"]]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`nyata demo` on the test database; yields the command's output (it prints the logins)."""
    output = io.StringIO()
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        try:
            with transaction.atomic():
                call_command("demo", stdout=output)
                yield output.getvalue()
                raise _RolledBack
        except _RolledBack:
            pass


@pytest.fixture
def persona(demo, db, request):
    return User.objects.get(username=request.param)
