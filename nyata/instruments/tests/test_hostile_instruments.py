"""Hostile instrument files get a message, on the upload page and in every command, and store nothing:
never an error page, never a traceback (issue 14). Refusal times: bench/hostile_files.py."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from nyata.core.tests import hostile
from nyata.instruments.models import Instrument
from nyata.instruments.tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[3]

HOSTILE_YAML = {
    "billion-laughs.yaml": (
        hostile.billion_laughs_yaml(),
        "berkas memuat lebih dari 50000 nilai setelah aliasnya (*nama) diuraikan",
    ),
    "dalam.yaml": (hostile.deep_yaml(), "daftar dan pemetaan bersarang lebih dalam dari 64 tingkat"),
    "rekursif.yaml": (
        hostile.recursive_yaml(),
        "alias *loop berada di dalam daftar atau pemetaan yang dirujuknya: "
        "struktur rekursif tidak diperbolehkan",
    ),
}
HOSTILE_WORKBOOKS = {
    "bom.xlsx": (
        hostile.xlsx_bomb(),
        "Isi berkas setelah diekstrak berukuran 1024,0 MB, melebihi batas 20 MB.",
    ),
    "entitas.xlsx": (hostile.xlsx_xml_bomb(), "bukan buku kerja XLSX"),
    "makro.xlsx": (hostile.xlsx_with_macro_sheet(), "Berkas berisi makro (xl/macrosheets/sheet1.xml)"),
    # 16,384 declared columns and a million rows, two cells: read no wider than the sheet's own columns.
    "raksasa.xlsx": (hostile.xlsx_sparse_giant("nodes", first="code"), "lembar meta"),
}


def upload(client, name: str, data: bytes):
    return client.post(reverse("instruments:upload"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("name", HOSTILE_YAML)
def test_hostile_yaml_uploaded_gets_its_reason_and_stores_nothing(client, system_admin, name):
    client.force_login(system_admin)
    text, message = HOSTILE_YAML[name]
    response = upload(client, name, text.encode())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f"{name} tidak disimpan: 1 masalah" in response.content.decode()
    assert Instrument.objects.count() == 0


@pytest.mark.parametrize("name", HOSTILE_WORKBOOKS)
def test_hostile_workbooks_uploaded_get_their_reason_and_store_nothing(client, system_admin, name):
    client.force_login(system_admin)
    data, message = HOSTILE_WORKBOOKS[name]
    response = upload(client, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Instrument.objects.count() == 0


@pytest.fixture
def hostile_dir(tmp_path):
    for name, (text, _message) in HOSTILE_YAML.items():
        (tmp_path / name).write_text(text)
    for name, (data, _message) in HOSTILE_WORKBOOKS.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize("action", ["validate", "load"])
@pytest.mark.parametrize("name", HOSTILE_YAML)
def test_the_commands_refuse_hostile_yaml_with_exit_code_1(db, hostile_dir, capsys, action, name):
    with pytest.raises(CommandError) as caught:
        call_command("instrument", action, str(hostile_dir / name))
    assert (caught.value.returncode, str(caught.value)) == (
        1,
        f"{hostile_dir / name} is not valid: 1 problem",
    )
    assert "(file) (line" in capsys.readouterr().err
    assert Instrument.objects.count() == 0


@pytest.mark.parametrize("name", HOSTILE_WORKBOOKS)
def test_import_xlsx_refuses_hostile_workbooks_and_writes_nothing(hostile_dir, capsys, name):
    out = hostile_dir / "keluar.yaml"
    with pytest.raises(CommandError) as caught:
        call_command("instrument", "import-xlsx", str(hostile_dir / name), "--out", str(out))
    assert caught.value.returncode == 1
    assert HOSTILE_WORKBOOKS[name][1] in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("name", HOSTILE_YAML)
def test_score_refuses_a_hostile_instrument_or_answers_file(hostile_dir, capsys, name):
    valid = DATA / "contoh-2025.yaml"
    with pytest.raises(CommandError, match="is not a valid instrument"):
        call_command("score", str(hostile_dir / name), str(hostile_dir / name))
    (hostile_dir / "jawaban.json").write_text(hostile.deep_json())
    with pytest.raises(CommandError, match="does not fit the instrument"):
        call_command("score", str(valid), str(hostile_dir / "jawaban.json"))
    assert "nest deeper than 64 levels" in capsys.readouterr().err


def test_files_larger_than_the_limits_are_refused_before_they_are_read(db, hostile_dir, settings):
    settings.NYATA_YAML_MAX_BYTES = 1000
    big = hostile_dir / "besar.yaml"
    big.write_text("#" * 1001)
    with pytest.raises(
        CommandError, match=r"besar.yaml: 0.0 MB is larger than the 0 MB accepted \(NYATA_YAML_MAX_MB\)"
    ):
        call_command("instrument", "validate", str(big))
    with pytest.raises(CommandError, match=r"larger than the 0 MB accepted \(NYATA_YAML_MAX_MB\)"):
        call_command("score", str(big), str(big))


@pytest.mark.parametrize(
    "args",
    [
        ("instrument", "validate", "billion-laughs.yaml"),
        ("instrument", "load", "dalam.yaml"),
        ("instrument", "import-xlsx", "bom.xlsx", "--out", "keluar.yaml"),
        ("score", "rekursif.yaml", "rekursif.yaml"),
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_as_processes_the_commands_exit_1_with_a_message_and_no_traceback(hostile_dir, tmp_path, args):
    import os

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NYATA_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "nyata", *args],
        capture_output=True,
        text=True,
        cwd=hostile_dir,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "CommandError" in result.stderr or "not valid" in result.stderr or "not a valid" in result.stderr


def test_the_instrument_workbook_writes_formula_like_text_inert_and_reads_it_back_unchanged(
    client, published
):
    from openpyxl import load_workbook

    from nyata.instruments.xlsx import read_workbook, write_workbook
    from nyata.scoring import read_instrument

    text = (DATA / "contoh-2025.yaml").read_text()
    text = text.replace("title: Instrumen Contoh Evaluasi Perangkat Daerah", "title: '=HYPERLINK(\"x\")'")
    text = text.replace('label: "Seluruhnya"', 'label: "+1 poin"').replace(
        'label: "Sebagian"', 'label: "@SUM(1)"'
    )
    text = text.replace('"Contoh: bukan dasar hukum sungguhan"', '"-- bukan dasar hukum"')
    original = read_instrument(text=text)
    data = write_workbook(original)
    workbook = load_workbook(io.BytesIO(data))
    cells = [
        cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None
    ]
    assert not any(cell.data_type == "f" for cell in cells)
    values = {cell.value for cell in cells}
    assert {'\'=HYPERLINK("x")', "'+1 poin", "'@SUM(1)", "'-- bukan dasar hukum"} <= values
    assert not any(str(value).startswith(("=", "+", "-", "@")) for value in values)
    assert read_workbook(data=data) == original


def test_the_downloaded_workbook_has_no_formula(client, opd_operator, published):
    from openpyxl import load_workbook

    client.force_login(opd_operator)
    response = client.get(reverse("instruments:download-xlsx", args=[published.code, published.version]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert not any(cell.data_type == "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)


def test_what_nyata_writes_uploads_again_without_an_error(client, system_admin, published):
    """The verbatim YAML and the workbook a published instrument downloads as go back in without an error
    page: the YAML is the same file, the workbook converts to YAML of its own and is refused politely."""
    client.force_login(system_admin)
    args = [published.code, published.version]
    yaml_back = upload(
        client, "kembali.yaml", client.get(reverse("instruments:download-yaml", args=args)).content
    )
    assert yaml_back.status_code == 302
    xlsx_back = upload(
        client, "kembali.xlsx", client.get(reverse("instruments:download-xlsx", args=args)).content
    )
    assert xlsx_back.status_code == 400
    assert "sudah terbit dan tidak dapat berubah lagi" in xlsx_back.content.decode()
    assert Instrument.objects.count() == 1
