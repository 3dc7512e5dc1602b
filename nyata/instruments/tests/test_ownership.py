"""Instruments have an owner: the instansi whose code opens theirs, or everyone (shared, by the system admin).

Personas: the owner (the Inspektorat admin of Kota Kendari), a teammate (an OPD operator of Kendari), and an
outsider who must be refused (the Inspektorat admin of Kota Baubau)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nyata.instruments import actions, queries
from nyata.instruments.models import Instrument
from nyata.instruments.tests.conftest import data_file

OWN_CODE = "kota-kendari.contoh"


def own_file(version: str = "2025.1", title: bytes = b"Instrumen Contoh") -> bytes:
    data = data_file("contoh-2025.yaml").replace(b"code: contoh\n", f"code: {OWN_CODE}\n".encode())
    return data.replace(b'version: "2025.1"', f'version: "{version}"'.encode()).replace(
        b"Instrumen Contoh", title
    )


def upload(client, data: bytes, name: str = "lke.yaml"):
    return client.post(reverse("instruments:upload"), {"file": SimpleUploadedFile(name, data)})


def urls(code: str, version: str) -> dict[str, str]:
    return {
        name: reverse(f"instruments:{name}", args=[code, version])
        for name in ("detail", "simulate", "download-yaml", "download-xlsx")
    }


@pytest.fixture
def own_draft(inspektorat_admin):
    return actions.load_instrument(data=own_file(), by=inspektorat_admin).instrument


def test_an_instansi_admin_loads_an_instrument_of_their_own_under_their_code(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    response = upload(client, own_file())
    assert response.status_code == 302
    instrument = Instrument.objects.get(code=OWN_CODE)
    assert instrument.owner == city.instansi
    assert response["Location"] == reverse("instruments:detail", args=[OWN_CODE, "2025.1"])
    page = client.get(response["Location"]).content.decode()
    assert city.instansi.name in page
    assert client.post(reverse("instruments:publish", args=[OWN_CODE, "2025.1"])).status_code == 302
    instrument.refresh_from_db()
    assert instrument.is_published


def test_an_instansi_admin_cannot_take_a_shared_code_and_version_everyone_will_need(
    client, inspektorat_admin
):
    client.force_login(inspektorat_admin)
    response = upload(client, data_file("contoh-2026.yaml"))
    assert response.status_code == 400
    assert "dimuat oleh admin sistem" in response.content.decode()
    assert "kota-kendari.contoh" in response.content.decode()  # the code they may use instead
    assert not Instrument.objects.exists()


def test_an_outsider_cannot_take_a_code_another_instansi_will_need(client, other_city_admin):
    client.force_login(other_city_admin)
    assert upload(client, own_file()).status_code == 400
    assert not Instrument.objects.exists()


def test_an_unknown_instansi_before_the_dot_reads_like_any_other_refusal(client, other_city_admin, city):
    client.force_login(other_city_admin)
    unknown = upload(client, own_file().replace(b"kota-kendari.", b"kota-antah.")).content.decode()
    existing = upload(client, own_file()).content.decode()
    assert "Anda tidak dapat memuat kode instrumen kota-antah.contoh." in unknown
    assert "Anda tidak dapat memuat kode instrumen kota-kendari.contoh." in existing
    assert city.instansi.name not in existing


def test_an_outsider_neither_reads_nor_replaces_nor_publishes_another_instansis_draft(
    client, other_city_admin, own_draft
):
    client.force_login(other_city_admin)
    for name, url in urls(OWN_CODE, "2025.1").items():
        assert client.get(url).status_code == 404, name
    assert client.post(reverse("instruments:publish", args=[OWN_CODE, "2025.1"])).status_code == 404
    assert client.get(reverse("instruments:compare", args=[OWN_CODE])).status_code == 404
    assert OWN_CODE not in client.get(reverse("instruments:list")).content.decode()
    assert upload(client, own_file(title=b"Diganti Orang Lain")).status_code == 400
    own_draft.refresh_from_db()
    assert (own_draft.status, own_draft.checksum) == ("draft", actions.checksum_of(own_file()))


def test_the_actions_refuse_an_outsider_too(other_city_admin, own_draft):
    with pytest.raises(ValidationError):
        actions.publish_instrument(instrument=own_draft, by=other_city_admin)
    with pytest.raises(ValidationError):
        actions.load_instrument(data=own_file(title=b"Diganti"), by=other_city_admin)
    own_draft.refresh_from_db()
    assert own_draft.status == "draft"


def test_a_teammate_reads_their_instansis_published_instrument_but_not_its_draft(
    client, opd_operator, own_draft, inspektorat_admin
):
    client.force_login(opd_operator)
    assert client.get(reverse("instruments:detail", args=[OWN_CODE, "2025.1"])).status_code == 404
    actions.publish_instrument(instrument=own_draft, by=inspektorat_admin)
    for name, url in urls(OWN_CODE, "2025.1").items():
        assert client.get(url).status_code == 200, name
    assert client.post(reverse("instruments:publish", args=[OWN_CODE, "2025.1"])).status_code == 403


def test_an_outsider_does_not_read_another_instansis_published_instrument(
    client, other_city_admin, outsider_opd_operator, own_draft, inspektorat_admin
):
    actions.publish_instrument(instrument=own_draft, by=inspektorat_admin)
    client.force_login(other_city_admin)
    for name, url in urls(OWN_CODE, "2025.1").items():
        assert client.get(url).status_code == 404, name
    assert OWN_CODE not in client.get(reverse("instruments:list")).content.decode()


def test_shared_drafts_are_the_system_admins_alone(client, system_admin, inspektorat_admin, draft):
    client.force_login(inspektorat_admin)
    assert client.get(reverse("instruments:detail", args=["contoh", "2025.1"])).status_code == 404
    assert client.post(reverse("instruments:publish", args=["contoh", "2025.1"])).status_code == 404
    client.force_login(system_admin)
    assert client.get(reverse("instruments:detail", args=["contoh", "2025.1"])).status_code == 200
    assert client.post(reverse("instruments:publish", args=["contoh", "2025.1"])).status_code == 302


def test_the_system_admin_loads_and_publishes_for_an_instansi_too(system_admin, city):
    instrument = actions.load_instrument(data=own_file(), by=system_admin, publish=True).instrument
    assert (instrument.owner, instrument.is_published) == (city.instansi, True)


def test_a_period_is_pinned_only_to_a_shared_instrument_or_the_instansis_own(
    inspektorat_admin, other_city_admin, other_city, city, published, own_draft
):
    actions.publish_instrument(instrument=own_draft, by=inspektorat_admin)
    assert set(queries.usable_for_periods(city.instansi)) == {published, own_draft}
    assert set(queries.usable_for_periods(other_city.instansi)) == {published}


def test_the_list_shows_each_person_what_they_may_read(
    inspektorat_admin, opd_operator, other_city_admin, system_admin, published, draft, own_draft
):
    assert set(queries.instruments_for_user(inspektorat_admin)) == {published, own_draft}
    assert set(queries.instruments_for_user(opd_operator)) == {published}
    assert set(queries.instruments_for_user(other_city_admin)) == {published}
    assert set(queries.instruments_for_user(system_admin)) == {published, draft, own_draft}
