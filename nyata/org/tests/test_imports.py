"""Bulk import of units and people: each bad row reported by row and column; one bad row, no change."""

import io

from django.urls import reverse
from openpyxl import Workbook

from nyata.core.tabular import read_table
from nyata.org import importing as imports
from nyata.org.models import Membership, Unit, User
from nyata.org.tests.factories import person_with_role

UNITS_CSV = (
    "kode,nama,singkatan,jenis,kode_induk,kode_pendahulu,area_pengampu,aktif\n"
    "bpbd,Badan Penanggulangan Bencana Daerah,BPBD,opd,,,,ya\n"
    "upt-damkar,UPT Pemadam Kebakaran,,opd,bpbd,,,ya\n"
    "bkpsdm,Badan Kepegawaian dan Pengembangan SDM,BKPSDM,pengampu,,,sdm-aparatur,ya\n"
)


def _csv_table(text: str, *, bom: bool = False):
    data = ("\ufeff" + text if bom else text).encode("utf-8")
    return read_table(name="data.csv", data=data, max_rows=1000)


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _snapshot():
    units = list(
        Unit.objects.order_by("pk").values_list("instansi_id", "code", "name", "parent_id", "is_active")
    )
    people = list(User.objects.order_by("pk").values_list("username", "name", "nip", "is_active"))
    roles = list(Membership.objects.order_by("pk").values_list("user_id", "unit_id", "role"))
    return units, people, roles


def test_units_import_creates_units_with_parents_from_the_same_file(city, inspektorat_admin):
    result = imports.import_units(instansi=city.instansi, table=_csv_table(UNITS_CSV), by=inspektorat_admin)
    assert (result.ok, result.created, result.updated) == (True, 3, 0)
    assert Unit.objects.get(instansi=city.instansi, code="upt-damkar").parent.code == "bpbd"
    assert Unit.objects.get(instansi=city.instansi, code="bkpsdm").pengampu_area == "sdm-aparatur"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(city, inspektorat_admin):
    imports.import_units(instansi=city.instansi, table=_csv_table(UNITS_CSV), by=inspektorat_admin)
    before = _snapshot()
    history_before = Unit.history.count()
    result = imports.import_units(instansi=city.instansi, table=_csv_table(UNITS_CSV), by=inspektorat_admin)
    assert (result.ok, result.created, result.updated) == (True, 0, 3)
    assert _snapshot() == before
    assert Unit.history.count() - history_before == 3  # a saved-again record, with no field changed


def test_a_spreadsheet_csv_from_an_indonesian_locale_imports_like_a_plain_one(city, inspektorat_admin):
    semicolons = UNITS_CSV.replace(",", ";")
    result = imports.import_units(
        instansi=city.instansi, table=_csv_table(semicolons, bom=True), by=inspektorat_admin
    )
    assert result.ok
    assert Unit.objects.filter(instansi=city.instansi, code__in=["bpbd", "upt-damkar", "bkpsdm"]).count() == 3


def test_a_unit_file_with_bad_rows_reports_each_and_imports_nothing(city, inspektorat_admin):
    text = (
        "kode,nama,jenis,kode_induk,aktif\n"
        "bpbd,Badan Penanggulangan Bencana Daerah,opd,,ya\n"
        "Dinas Baru,Dinas Baru,opd,,ya\n"
        "dishub,,dinas,tidak-ada,mungkin\n"
        "bpbd,BPBD lagi,opd,,ya\n"
    )
    before = _snapshot()
    result = imports.import_units(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "kode"), (4, "nama"), (4, "jenis"), (4, "aktif"), (4, "kode_induk"), (5, "kode")}
    assert _snapshot() == before


def test_a_row_that_breaks_a_rule_of_the_database_rolls_back_every_row(city, inspektorat_admin):
    # The first row is valid; the second claims an RB area already owned by Bagian Organisasi.
    text = "kode,nama,jenis,area_pengampu\nbpbd,BPBD,opd,\nbkpsdm,BKPSDM,pengampu,kelembagaan\n"
    before = _snapshot()
    result = imports.import_units(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    assert [(e.row, e.column) for e in result.errors] == [(3, "area_pengampu")]
    assert _snapshot() == before


def test_a_file_without_required_columns_is_refused_whole(city, inspektorat_admin):
    result = imports.import_units(
        instansi=city.instansi, table=_csv_table("nama,warna\nBPBD,merah\n"), by=inspektorat_admin
    )
    assert {(e.row, e.column) for e in result.errors} == {(1, "warna"), (1, "kode, jenis")}


def test_people_import_from_xlsx_creates_people_with_their_roles(city, inspektorat_admin):
    data = _xlsx_bytes(
        [
            ["nama_pengguna", "nama", "email", "nip", "telepon", "peran", "kode_unit"],
            [
                "andi",
                "Andi Pratama",
                "andi@kendari.example",
                "198701012010011001",
                "0812 3456 7890",
                "opd_operator",
                "dinkes",
            ],
            [
                "andi",
                "Andi Pratama",
                "andi@kendari.example",
                "198701012010011001",
                "0812 3456 7890",
                "Kepala OPD",
                "dikbud",
            ],
            ["sari", "Sari Wulandari", "", "", "", "", ""],
        ]
    )
    table = read_table(name="pegawai.xlsx", data=data, max_rows=100)
    result = imports.import_people(instansi=city.instansi, table=table, by=inspektorat_admin)
    assert (result.ok, result.created, result.roles_added) == (True, 2, 2)
    andi = User.objects.get(username="andi")
    assert sorted(andi.memberships.values_list("role", "unit__code")) == [
        ("opd_head", "dikbud"),
        ("opd_operator", "dinkes"),
    ]
    assert andi.has_usable_password() is False


def test_a_people_file_with_bad_rows_reports_row_and_column_and_imports_nothing(
    city, inspektorat_admin, other_city_admin
):
    text = (
        "nama_pengguna,nama,nip,peran,kode_unit\n"
        "budi,Budi,12345,opd_operator,dinkes\n"
        "citra,Citra,,penyihir,dinkes\n"
        "dewi,Dewi,,opd_operator,tidak-ada\n"
        "eka,Eka,,evaluator,dinkes\n"
        "fajar,Fajar,,system_admin,\n"
        f"{other_city_admin.username},Pindahan,,,\n"
    )
    before = _snapshot()
    result = imports.import_people(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (2, "nip"),
        (3, "peran"),
        (4, "kode_unit"),
        (5, "kode_unit"),
        (6, "peran"),
        (7, "nama_pengguna"),
    ]
    assert _snapshot() == before


def test_the_import_page_shows_the_report_and_changes_nothing(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    upload = io.BytesIO(b"kode,nama,jenis\nbpbd,BPBD,opd\nbpbd,BPBD,opd\n")
    upload.name = "unit.csv"
    response = client.post(
        reverse("org:import", args=[city.instansi.code]), {"kind": "units", "file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Berkas tidak diimpor: 1 masalah" in body
    assert "Kode ini sudah muncul di baris 2." in body
    assert not Unit.objects.filter(code="bpbd").exists()


def test_the_import_page_refuses_a_file_that_is_not_a_table(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    upload = io.BytesIO(b"%PDF-1.7 not a table")
    upload.name = "unit.pdf"
    response = client.post(
        reverse("org:import", args=[city.instansi.code]), {"kind": "units", "file": upload}
    )
    assert "Hanya berkas .csv dan .xlsx yang diterima." in response.content.decode()
    fake = io.BytesIO(b"this is not a zip")
    fake.name = "unit.xlsx"
    response = client.post(reverse("org:import", args=[city.instansi.code]), {"kind": "units", "file": fake})
    assert "Berkas XLSX tidak dapat dibuka" in response.content.decode()


def test_the_downloadable_template_imports_cleanly(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("org:import-template", args=[city.instansi.code, "units", fmt]))
        table = read_table(name=f"t.{fmt}", data=response.content, max_rows=10)
        Unit.objects.filter(code="dinas-kesehatan").delete()
        assert imports.import_units(instansi=city.instansi, table=table, by=inspektorat_admin).ok


def _people_csv(*rows: str) -> str:
    return "nama_pengguna,nama,email,aktif\n" + "".join(f"{row}\n" for row in rows)


def _person_state(person: User):
    person.refresh_from_db()
    return (person.username, person.name, person.email, person.is_active, person.instansi_id)


def test_the_people_import_cannot_rename_deactivate_or_re_email_a_system_administrator(
    city, inspektorat_admin, system_admin
):
    # A system administrator appointed from among the city's own staff belongs to the city as well.
    resident = person_with_role(
        city, role="inspektorat_admin", unit_code="inspektorat", username="admin.kota"
    )
    Membership.objects.create(user=resident, unit=None, role="system_admin")
    resident.instansi = city.instansi
    resident.save()
    watched = [system_admin, resident]
    before = [_person_state(p) for p in watched]
    text = _people_csv(
        f"{system_admin.username},Diambil Alih,penyerang@example.org,tidak",
        f"{resident.username.upper()},Diambil Alih,penyerang@example.org,tidak",
    )
    result = imports.import_people(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    assert [(e.row, e.column) for e in result.errors] == [(2, "nama_pengguna"), (3, "nama_pengguna")]
    assert [_person_state(p) for p in watched] == before


def test_the_people_import_cannot_touch_a_person_of_another_instansi_whatever_the_case(
    city, inspektorat_admin, other_city_admin
):
    before = _person_state(other_city_admin)
    text = _people_csv(f"{other_city_admin.username.upper()},Pindahan,pindah@example.org,tidak")
    result = imports.import_people(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    assert not result.ok
    assert _person_state(other_city_admin) == before


def test_a_refused_username_reads_the_same_wherever_its_holder_is(
    city, inspektorat_admin, system_admin, other_city_admin, opd_operator
):
    """No oracle: the words for a username in another instansi are those for a system administrator's,
    and the same as the people form gives for any username in use."""
    text = _people_csv(f"{other_city_admin.username},Satu,,ya", f"{system_admin.username},Dua,,ya")
    result = imports.import_people(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    messages = {e.message for e in result.errors}
    assert messages == {"Nama pengguna ini tidak tersedia; pilih yang lain."}
    assert other_city_admin.instansi.name not in str(result.errors)


def test_the_people_form_refuses_a_username_in_use_elsewhere_with_the_same_words(
    client, city, inspektorat_admin, other_city_admin, system_admin
):
    client.force_login(inspektorat_admin)
    for taken in (other_city_admin.username, system_admin.username.upper()):
        response = client.post(
            reverse("org:person-create", args=[city.instansi.code]),
            {"name": "Orang Baru", "username": taken, "is_active": "on"},
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Nama pengguna ini tidak tersedia; pilih yang lain." in body
        assert other_city_admin.instansi.name not in body


def test_a_nip_with_its_usual_spaces_imports_as_its_digits(city, inspektorat_admin):
    text = "nama_pengguna,nama,nip\nrina,Rina Marlina,19870101 201001 2 001\n"
    result = imports.import_people(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    assert result.ok
    assert User.objects.get(username="rina").nip == "198701012010012001"


def test_the_same_nip_written_two_ways_in_one_file_is_one_nip(city, inspektorat_admin):
    text = (
        "nama_pengguna,nama,nip\n"
        "rina,Rina Marlina,19870101 201001 2 001\n"
        "rini,Rini Marlina,198701012010012001\n"
    )
    result = imports.import_people(instansi=city.instansi, table=_csv_table(text), by=inspektorat_admin)
    assert [(e.row, e.column) for e in result.errors] == [(3, "nip")]
