import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from nyata.environment import env_bool, env_int, env_list, env_str, env_time_zone

ROOT = Path(__file__).resolve().parents[3]


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("NYATA_X_BOOL", "yes")
    monkeypatch.setenv("NYATA_X_INT", "42")
    monkeypatch.setenv("NYATA_X_LIST", "a.example, b.example ,")
    assert env_bool("NYATA_X_BOOL", default=False) is True
    assert env_int("NYATA_X_INT", 0) == 42
    assert env_list("NYATA_X_LIST", []) == ["a.example", "b.example"]
    assert env_time_zone("NYATA_X_TZ_UNSET", "Asia/Makassar") == "Asia/Makassar"


@pytest.mark.parametrize(
    ("reader", "value", "expected"),
    [
        (lambda: env_bool("NYATA_X", default=False), "mungkin", "NYATA_X='mungkin' is invalid"),
        (lambda: env_int("NYATA_X", 5, minimum=1), "lima", "NYATA_X='lima' is invalid"),
        (lambda: env_int("NYATA_X", 5, minimum=1), "0", "at least 1"),
        (lambda: env_time_zone("NYATA_X", "Asia/Makassar"), "Asia/Kendari", "IANA time zone"),
    ],
)
def test_a_malformed_value_fails_loudly_naming_the_variable(monkeypatch, reader, value, expected):
    monkeypatch.setenv("NYATA_X", value)
    with pytest.raises(ImproperlyConfigured, match=expected):
        reader()


def test_a_required_variable_that_is_missing_is_named(monkeypatch):
    monkeypatch.delenv("NYATA_X", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NYATA_X is required"):
        env_str("NYATA_X")


def _nyata(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NYATA_", "DJANGO_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "nyata", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_bad_environment_variable_stops_start_up_with_its_name(tmp_path):
    result = _nyata(["check"], NYATA_LOGIN_FAILURE_LIMIT="banyak", NYATA_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "NYATA_LOGIN_FAILURE_LIMIT='banyak' is invalid" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _nyata(
        ["check"],
        NYATA_ENV="production",
        NYATA_ALLOWED_HOSTS="nyata.kendari.example",
        NYATA_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "NYATA_SECRET_KEY is required" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _nyata(
        ["check", "--deploy", "--fail-level", "WARNING"],
        NYATA_ENV="production",
        NYATA_SECRET_KEY="k3y-" + "x7Qp9zR2mN5vB8cL1dF4gH6jK0sT3wY" * 2,
        NYATA_ALLOWED_HOSTS="nyata.kendari.example",
        NYATA_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
