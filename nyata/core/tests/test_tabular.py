"""An uploaded table is read as what its bytes say it is (nyata.core.files), not as what its name says."""

import pytest

from nyata.core.tabular import TableError, read_table
from nyata.core.tests.files import docx_bytes, pdf_bytes, xlsx_bytes


def test_a_workbook_is_read_as_a_workbook_whatever_its_name():
    for name in ("data.xlsx", "data.csv", "data"):
        table = read_table(name=name, data=xlsx_bytes(), max_rows=10)
        assert table.header == ["indikator", "capaian"]
        assert table.rows[0].values == {"indikator": "I.1", "capaian": "85"}


def test_indonesian_csv_text_is_read_by_its_name():
    data = "\ufeffkode;nama\nD1;Dinas Satu\n".encode()
    assert read_table(name="unit.csv", data=data, max_rows=10).rows[0].values == {
        "kode": "D1",
        "nama": "Dinas Satu",
    }


@pytest.mark.parametrize(
    "data", [pdf_bytes(), docx_bytes(), b"PK\x03\x04 not really a zip"], ids=["pdf", "docx", "broken zip"]
)
def test_another_kind_of_file_named_xlsx_is_refused_with_a_reason(data):
    with pytest.raises(TableError, match="XLSX"):
        read_table(name="data.xlsx", data=data, max_rows=10)


def test_a_pdf_named_csv_is_not_read_as_text():
    with pytest.raises(TableError, match=r"\.csv"):
        read_table(name="data.csv", data=pdf_bytes(), max_rows=10)
