"""Personas shared by every test: one person per role in one city, plus an outsider city."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve source static files directly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city(db):
    from nyata.org.tests.factories import CityFactory

    return CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")


@pytest.fixture
def other_city(db):
    from nyata.org.tests.factories import CityFactory

    return CityFactory.build_city(code="kota-baubau", name="Pemerintah Kota Baubau")


def _persona(city, role: str, unit_code: str | None):
    from nyata.org.tests.factories import person_with_role

    return person_with_role(city, role=role, unit_code=unit_code)


@pytest.fixture
def system_admin(city):
    return _persona(city, "system_admin", None)


@pytest.fixture
def inspektorat_admin(city):
    return _persona(city, "inspektorat_admin", "inspektorat")


@pytest.fixture
def evaluator(city):
    return _persona(city, "evaluator", "inspektorat")


@pytest.fixture
def opd_operator(city):
    return _persona(city, "opd_operator", "dinkes")


@pytest.fixture
def opd_head(city):
    return _persona(city, "opd_head", "dinkes")


@pytest.fixture
def outsider_opd_operator(city):
    """An operator of another OPD of the same city: must never see Dinkes's people or work."""
    return _persona(city, "opd_operator", "dikbud")


@pytest.fixture
def pengampu_verifier(city):
    return _persona(city, "pengampu_verifier", "bagian-organisasi")


@pytest.fixture
def leader(city):
    return _persona(city, "pimpinan", "setda")


@pytest.fixture
def other_city_admin(other_city):
    return _persona(other_city, "inspektorat_admin", "inspektorat")


@pytest.fixture(scope="session")
def demo_installation(tmp_path_factory):
    """A var/ folder with `nyata migrate` and `nyata demo` run in it (SQLite), built once per test run.

    Tests that change it copy it first (shutil.copytree): building the demo takes about half a minute."""
    import subprocess
    import sys

    var = tmp_path_factory.mktemp("demo-installation")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{var / 'nyata.sqlite3'}", "NYATA_VAR_DIR": str(var)}
    for command in (["migrate", "-v0"], ["demo"]):
        done = subprocess.run(  # noqa: S603 (the project's own command)
            [sys.executable, "-m", "nyata", *command], env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stderr
    return var
