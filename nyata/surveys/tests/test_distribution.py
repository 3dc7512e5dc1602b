"""Distribution: the short link, its QR code as real SVG and PNG files, and the A4 poster as a real PDF."""

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import segno
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from nyata.surveys import distribution

pytestmark = pytest.mark.django_db


def _url(city, service, name, *args):
    return reverse(f"surveys:{name}", args=[city.instansi.code, service.pk, *args])


def test_the_short_link_is_the_public_address_with_the_eight_letter_code(service):
    link = distribution.short_link(service, base="https://skm.kendari.example/")
    assert link == f"https://skm.kendari.example/s/{service.public_code}/"
    assert distribution.display_link(link) == f"skm.kendari.example/s/{service.public_code}/"


def test_the_qr_code_downloads_as_a_real_svg_file(client, opd_operator, city, service):
    client.force_login(opd_operator)
    response = client.get(_url(city, service, "qr", "svg") + "?unduh=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="qr-{service.public_code}.svg"'
    root = ET.fromstring(response.content)  # noqa: S314  (our own output, not untrusted input)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    link = f"http://testserver/s/{service.public_code}/"
    assert root.find("{http://www.w3.org/2000/svg}title").text == link
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


def test_the_qr_code_png_holds_exactly_the_modules_of_the_short_link(client, opd_operator, city, service):
    client.force_login(opd_operator)
    response = client.get(_url(city, service, "qr", "png"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    assert image.format == "PNG"
    expected = segno.make(f"http://testserver/s/{service.public_code}/", error="m", micro=False)
    scale, border = 10, 4
    size = (expected.version * 4 + 17 + 2 * border) * scale
    assert image.size == (size, size)
    # Read every module back from the centre of its 10x10 pixel square and compare with the code's matrix.
    grey = image.convert("L")
    for y, row in enumerate(expected.matrix):
        for x, dark in enumerate(row):
            pixel = grey.getpixel(((x + border) * scale + 5, (y + border) * scale + 5))
            assert (pixel < 128) == bool(dark), (x, y)


def test_the_poster_is_an_a4_pdf_with_the_service_unit_link_and_call_to_action(
    client, opd_operator, city, service, tmp_path
):
    client.force_login(opd_operator)
    response = client.get(_url(city, service, "poster"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="poster-skm-pelayanan-puskesmas-rawat-jalan.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Bagaimana pelayanan kami hari ini?" in text
    assert "Pelayanan Puskesmas Rawat Jalan" in text
    assert "Dinas Kesehatan" in text
    assert f"testserver/s/{service.public_code}/" in text
    assert "Pindai kode QR" in text
    # The same text through poppler, as a second, independent reader of the real file.
    if shutil.which("pdftotext"):
        pdf = tmp_path / "poster.pdf"
        pdf.write_bytes(response.content)
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        out = " ".join(out.split())
        assert "Bagaimana pelayanan kami hari ini?" in out
        assert f"testserver/s/{service.public_code}/" in out


def test_the_poster_is_indonesian_even_for_staff_reading_english(client, opd_operator, city, service):
    client.force_login(opd_operator)
    client.cookies.load({"django_language": "en"})
    response = client.get(_url(city, service, "poster"))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Bagaimana pelayanan kami hari ini?" in " ".join(text.split())


def test_another_opd_gets_no_qr_code_and_no_poster(client, outsider_opd_operator, city, service):
    client.force_login(outsider_opd_operator)
    assert client.get(_url(city, service, "qr", "svg")).status_code == 404
    assert client.get(_url(city, service, "qr", "png")).status_code == 404
    assert client.get(_url(city, service, "poster")).status_code == 404


def test_another_instansi_gets_no_poster(client, other_city_admin, city, service):
    client.force_login(other_city_admin)
    assert client.get(_url(city, service, "poster")).status_code == 404


def test_an_unknown_qr_format_is_not_found(client, opd_operator, city, service):
    client.force_login(opd_operator)
    assert client.get(_url(city, service, "qr", "gif")).status_code == 404


def test_the_service_page_shows_the_short_link_qr_poster_and_kiosk_link(client, opd_operator, city, service):
    client.force_login(opd_operator)
    body = client.get(reverse("surveys:service", args=[city.instansi.code, service.pk])).content.decode()
    assert f"http://testserver/s/{service.public_code}/" in body
    assert _url(city, service, "poster") in body
    assert _url(city, service, "qr", "png") in body
    assert f"/s/{service.public_code}/kios/" in body
