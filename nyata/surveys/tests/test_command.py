"""`nyata skm ikm FILE.csv [--population N] [--json]` exactly as the contract says."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]


def _run(*args) -> str:
    out = StringIO()
    call_command("skm", "ikm", *map(str, args), stdout=out)
    return out.getvalue()


def _write(tmp_path: Path, text: str, *, bom: bool = False, name: str = "jawaban.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def test_json_output_of_a_hand_computed_file_with_other_columns_in_any_order(tmp_path):
    path = _write(
        tmp_path,
        "Nama,U9,U1,U2,U3,U4,U5,U6,U7,U8\nA,2,4,3,3,4,3,3,4,3\nB,,3,3,2,4,3,4,4,3\n",
    )
    data = json.loads(_run(path, "--json"))
    assert data == {
        "n": 2,
        "nrr": {
            "U1": 3.5,
            "U2": 3.0,
            "U3": 2.5,
            "U4": 4.0,
            "U5": 3.0,
            "U6": 3.5,
            "U7": 4.0,
            "U8": 3.0,
            "U9": 2.0,
        },
        "ikm": 79.17,
        "mutu": "B",
        "kinerja": "Baik",
    }


def test_a_spreadsheet_csv_with_bom_and_semicolons_gives_the_same_figures(tmp_path):
    plain = _write(tmp_path, ",".join(HEADER) + "\n1,2,3,4,4,3,2,1,3\n4,4,4,4,4,4,4,4,3\n")
    indonesian = _write(
        tmp_path, ";".join(HEADER) + "\n1;2;3;4;4;3;2;1;3\n4;4;4;4;4;4;4;4;3\n", bom=True, name="id.csv"
    )
    assert _run(plain, "--json") == _run(indonesian, "--json")


def test_population_adds_the_sample_figures(tmp_path):
    rows = "\n".join(["3,3,3,3,3,3,3,3,4"] * 226)
    path = _write(tmp_path, ",".join(HEADER) + "\n" + rows + "\n")
    data = json.loads(_run(path, "--population", 550, "--json"))
    assert (data["population"], data["required_sample"], data["sample_sufficient"]) == (550, 226, True)
    # NRR rounded to 3 decimals and IKM to 2 only in the output: (8 x 3 + 4) / 9 x 25 = 77.777...
    assert data["ikm"] == 77.78
    assert data["nrr"]["U9"] == 4.0


def test_nrr_is_rounded_half_up_to_three_decimals(tmp_path):
    # Every NRR is (1 + 2 + 2) / 3 = 5/3 = 1.6666...; the IKM is 5/3 x 25 = 41.666...
    rows = ["1,1,1,1,1,1,1,1,1", "2,2,2,2,2,2,2,2,2", "2,2,2,2,2,2,2,2,2"]
    path = _write(tmp_path, ",".join(HEADER) + "\n" + "\n".join(rows) + "\n")
    data = json.loads(_run(path, "--json"))
    assert data["nrr"]["U1"] == 1.667  # 5/3 = 1.6666... half-up
    assert data["ikm"] == 41.67


def test_text_output_names_every_figure(tmp_path):
    path = _write(tmp_path, ",".join(HEADER) + "\n4,4,4,4,4,4,4,4,4\n")
    text = _run(path, "--population", 10)
    assert "IKM = 100.00 · mutu A (Sangat Baik)" in text
    assert "required sample 10, NOT sufficient" in text


def test_an_answer_outside_1_to_4_names_the_row_and_column(tmp_path):
    path = _write(tmp_path, ",".join(HEADER) + "\n4,4,4,4,4,4,4,4,4\n4,4,4,4,0,4,4,4,4\n")
    with pytest.raises(CommandError, match="Baris 3, kolom U5: “0” bukan jawaban 1 sampai 4"):
        _run(path)


def test_a_file_without_the_nine_columns_is_refused(tmp_path):
    path = _write(tmp_path, "U1,U2,U3\n1,2,3\n")
    with pytest.raises(CommandError, match="U4, U5, U6, U7, U8, U9"):
        _run(path)


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path):
    path = _write(tmp_path, ",".join(HEADER) + "\n4,4,4,4,4,4,4,4,x\n")
    result = subprocess.run(
        [sys.executable, "-m", "nyata", "skm", "ikm", str(path), "--json"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Baris 2, kolom U9" in result.stderr
    assert result.stdout == ""
