"""The commands of the contract: output and exit codes, through call_command and as real processes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nyata.instruments.models import Instrument
from nyata.instruments.tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[3]
NYATA = [sys.executable, "-m", "nyata"]


def run(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([*NYATA, *args], capture_output=True, text=True, cwd=ROOT, env={**env}, check=False)


@pytest.fixture
def process_env(tmp_path):
    import os

    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NYATA_VAR_DIR": str(tmp_path),
    }


def test_validate_prints_a_one_line_summary_for_a_valid_file(capsys):
    call_command("instrument", "validate", str(DATA / "contoh-2025.yaml"))
    summary = "valid · contoh 2025.1 · 11 nodes, 7 indicators, 4 predicates, 2 awards"
    assert capsys.readouterr().out == f"{DATA / 'contoh-2025.yaml'}: {summary}\n"


def test_validate_prints_every_problem_and_fails(capsys):
    with pytest.raises(CommandError) as caught:
        call_command("instrument", "validate", str(DATA / "tidak-sah.yaml"))
    assert caught.value.returncode == 1
    assert str(caught.value) == f"{DATA / 'tidak-sah.yaml'} is not valid: 12 problems"
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 12
    assert lines[4] == (
        f"{DATA / 'tidak-sah.yaml'}: nodes[0].children[1].weight (node G.1, line 35): "
        "weight must be a positive number, got -1"
    )


def test_validate_and_load_exit_with_status_codes_as_processes(process_env):
    valid = run("instrument", "validate", str(DATA / "contoh-2025.yaml"), **process_env)
    assert (valid.returncode, valid.stdout.count("\n")) == (0, 1)
    invalid = run("instrument", "validate", str(DATA / "tidak-terbaca.yaml"), **process_env)
    assert invalid.returncode == 1
    assert "(file) (line 6): YAML does not parse" in invalid.stderr
    missing = run("instrument", "validate", "tidak-ada.yaml", **process_env)
    assert missing.returncode == 2
    assert run("migrate", "-v0", **process_env).returncode == 0
    first = run("instrument", "load", str(DATA / "contoh-2025.yaml"), "--publish", **process_env)
    assert (first.returncode, first.stdout.split(":")[1].split("(")[0].strip()) == (0, "created")
    again = run("instrument", "load", str(DATA / "contoh-2025.yaml"), **process_env)
    assert (again.returncode, again.stdout.split(":")[1].split("(")[0].strip()) == (0, "unchanged")
    edited = process_env["NYATA_VAR_DIR"] + "/edited.yaml"
    Path(edited).write_bytes(
        (DATA / "contoh-2025.yaml").read_bytes().replace(b"Instrumen Contoh", b"Instrumen Lain")
    )
    refused = run("instrument", "load", edited, **process_env)
    assert refused.returncode == 1
    assert "contoh 2025.1 sudah terbit dan tidak dapat berubah lagi" in refused.stderr


def test_load_stores_nothing_when_the_file_is_invalid(db):
    with pytest.raises(CommandError):
        call_command("instrument", "load", str(DATA / "tidak-sah.yaml"))
    assert Instrument.objects.count() == 0


def test_load_reports_created_then_unchanged(db, capsys):
    call_command("instrument", "load", str(DATA / "contoh-2025.yaml"))
    call_command("instrument", "load", str(DATA / "contoh-2025.yaml"), "--publish")
    call_command("instrument", "load", str(DATA / "contoh-2025.yaml"))
    out = [line.split(" (")[0] for line in capsys.readouterr().out.splitlines()]
    assert out == ["contoh 2025.1: created", "contoh 2025.1: published", "contoh 2025.1: unchanged"]


def test_export_of_an_unknown_instrument_fails_with_code_2(db, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("instrument", "export", "contoh", "9", "--xlsx", str(tmp_path / "x.xlsx"))
    assert caught.value.returncode == 2


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_score_prints_the_contract_json(tmp_path, capsys):
    answers = write(
        tmp_path,
        "answers:\n  P.A.1: Ya\n  P.A.2: na\n  P.A.3: 3\n  P.B.1: 80\n  P.B.2: 1\n"
        "  H.1: {target: 10, realized: 10}\n  H.2: {target: 2, realized: 4}\n",
    )
    call_command("score", str(DATA / "contoh-2025.yaml"), answers, "--json")
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["instrument", "version", "total", "max_total", "predicate", "awards", "nodes",
                            "missing", "gains"]  # fmt: skip
    # P.A without the n/a P.A.2: (10 + 6.7) / 20 * 35.5 = 29.6425; P.B: 9.8 + 12.25 = 22.05;
    # P = 60 * (29.6425 + 22.05) / 60 = 51.6925; H = 25 + 15 * 2/4 = 32.5; total 84.1925 -> 84.19.
    assert result["total"] == 84.19
    assert result["predicate"] == "A"
    assert result["awards"] == ["WBK", "TERTIB"]  # TERTIB: P.B earns 22.05 / 24.5 = 0.9 >= 0.8
    assert result["nodes"]["P.A.2"] == {"score": 0.0, "max": 15.5, "fraction": 0.0, "applicable": False}
    assert result["missing"] == []
    assert result["gains"][0] == {"code": "H.2", "gain": 7.5}


def test_score_without_json_prints_a_readable_report(tmp_path, capsys):
    call_command("score", str(DATA / "contoh-2025.yaml"), write(tmp_path, "answers:\n  P.A.1: Ya\n"))
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "contoh 2025.1: 10.00 of 100.00"
    assert "missing (6): P.A.2, P.A.3, P.B.1, P.B.2, H.1, H.2" in out


@pytest.mark.parametrize(
    ("answers", "code", "message"),
    [
        ("answers:\n  X.9: 1\n", "X.9", "unknown code: no indicator has it"),
        ("answers:\n  P.A.1: Mungkin\n", "P.A.1", "unknown option 'Mungkin'; options: Ya, Tidak"),
        ("answers:\n  P.B.1: 120\n", "P.B.1", "a percentage must be within 0..100, got 120"),
        ("answers:\n  P.A.3: na\n", "P.A.3", "'na' (not applicable) is not allowed for this indicator"),
    ],
)
def test_score_exits_non_zero_naming_the_code_an_answer_does_not_fit(tmp_path, answers, code, message):
    result = subprocess.run(
        [*NYATA, "score", str(DATA / "contoh-2025.yaml"), write(tmp_path, answers), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"answers.{code} (node {code}): {message}" in result.stderr
    assert f"(codes: {code})" in result.stderr


def test_score_with_an_invalid_instrument_exits_1(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("score", str(DATA / "tidak-sah.yaml"), write(tmp_path, "answers: {}\n"))
    assert caught.value.returncode == 1
