"""Forged online responses cannot move an IKM: a served form counts once and only for a while, and bursts
from one network or surges far above a service's normal volume are flagged whole, not counted.

The attack the hostile probes made (issue 14): 200 forged responses from 10 addresses, each address below
the hourly limit of 20; all 200 counted. Here the same attack runs through the real public form, once from
ten addresses of one network and once from ten unrelated networks, and the IKM does not move by a digit.
"""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nyata.surveys import actions, queries, screening
from nyata.surveys.models import Response, Service
from nyata.surveys.tests.filling import form_data, started_value

pytestmark = pytest.mark.django_db

FORGED = (4,) * 9  # every forged form gives full marks


@pytest.fixture
def history(service, period, city):
    """Four weeks of ordinary citizens: five a day, answering 3 on average (IKM 75,00)."""
    now = timezone.now()
    for days_ago in range(1, 29):
        for i in range(5):
            answers = (3,) * 9 if i else (2, 3, 3, 3, 3, 3, 3, 3, 4)
            actions.submit_response(service=service, answers=answers, now=now - timedelta(days=days_ago))
    return service


def _post(service, address: str, *, answers=FORGED, started: str | None = None):
    """One submission as a script sends it: a new client (no device cookie), a freshly served form."""
    client = Client(REMOTE_ADDR=address)
    data = form_data(answers=answers)
    data["started"] = started if started is not None else screening.sign_start(service=service)
    return client.post(reverse("surveys:survey", args=[service.public_code]), data)


def _figures(service: Service, period) -> tuple:
    result = queries.service_result(service, period)
    unit = queries.unit_result(service.unit, period)
    return result.tally, result.rounded_ikm(), unit.rounded_ikm()


def _attack(service, addresses: list[str]) -> None:
    for address in addresses:
        for _form in range(20):
            assert _post(service, address).status_code == 302


def test_200_forged_responses_from_ten_addresses_of_one_network_are_all_flagged_and_change_nothing(
    history, period, quick_form
):
    before = _figures(history, period)
    assert str(before[1]) == "75.00"
    _attack(history, [f"203.0.113.{i}" for i in range(10, 20)])
    forged = Response.objects.filter(service=history, submitted_at__gte=timezone.now() - timedelta(hours=1))
    assert forged.count() == 200
    assert forged.filter(included=True).count() == 0
    assert all("prefix_burst" in flags for flags in forged.values_list("flags", flat=True))
    assert _figures(history, period) == before
    services = Service.objects.filter(pk=history.pk)
    assert queries.recount_from_responses(services=services, period=period) == before[0]


def test_200_forged_responses_from_ten_unrelated_networks_are_a_surge_flagged_whole(
    history, period, quick_form
):
    before = _figures(history, period)
    _attack(history, [f"198.{51 + i}.{100 + i}.7" for i in range(10)])
    forged = Response.objects.filter(service=history, submitted_at__gte=timezone.now() - timedelta(hours=1))
    assert forged.count() == 200
    assert forged.filter(included=True).count() == 0
    assert all("surge" in flags for flags in forged.values_list("flags", flat=True))
    assert not any("prefix_burst" in flags for flags in forged.values_list("flags", flat=True))
    assert _figures(history, period) == before


def test_the_same_attack_over_ipv6_is_caught_by_its_48_network(history, period, quick_form):
    before = _figures(history, period)
    for i in range(10):
        for _form in range(4):
            _post(history, f"2001:db8:77:{i:x}::{i + 1}")
    flags = list(Response.objects.filter(service=history, prefix_hash__gt="").values_list("flags", flat=True))
    assert len(flags) == 40
    assert all("prefix_burst" in f for f in flags)
    assert _figures(history, period) == before


def test_an_ordinary_busy_hour_still_counts_every_citizen(history, period, quick_form):
    for i in range(25):
        assert _post(history, f"10.{i}.0.1", answers=(3,) * 9).status_code == 302
    assert Response.objects.filter(service=history, suspicious=True).count() == 0
    assert queries.service_result(history, period).n == 140 + 25


def test_a_surge_is_measured_against_the_services_own_normal_volume(history, period, quick_form):
    """A service that normally sees 300 citizens a day takes 60 in an hour without a flag."""
    now = timezone.now()
    busy = actions.save_service(unit=history.unit, by=None, name="Loket KTP", population=20000)
    today = actions.local_day(now, busy.unit.instansi)
    zone = zoneinfo.ZoneInfo(busy.unit.instansi.time_zone)
    Response.objects.bulk_create(
        Response(service=busy, submitted_at=moment, day=actions.local_day(moment, busy.unit.instansi), u1=3)
        for moment in (
            datetime.combine(today - timedelta(days=d), time(9), tzinfo=zone) + timedelta(seconds=i)
            for d in range(1, 29)
            for i in range(300)
        )
    )
    actions.rebuild_tallies(services=[busy])
    assert screening.surge_thresholds(screening.normal_day(service_id=busy.pk, today=today)) == (113, 900)
    for i in range(60):
        _post(busy, f"10.{i}.1.1", answers=(3,) * 9)
    assert Response.objects.filter(service=busy, suspicious=True).count() == 0


def test_a_burst_does_not_undo_an_administrators_decision(history, period, quick_form, inspektorat_admin):
    for i in range(5):
        _post(history, f"203.0.113.{i}", answers=(3,) * 9)
    first = Response.objects.filter(service=history, prefix_hash__gt="").order_by("pk").first()
    assert first.included
    _attack(history, ["203.0.113.50", "203.0.113.51"])
    first.refresh_from_db()
    assert "prefix_burst" in first.flags
    assert not first.included
    actions.decide_inclusion(response=first, included=True, reason="Warga asli, dicek di loket", by=None)
    _post(history, "203.0.113.52")
    first.refresh_from_db()
    assert first.included
    assert queries.recount_from_responses(services=Service.objects.filter(pk=history.pk), period=period) == (
        queries.service_result(history, period).tally
    )


def test_a_served_form_counts_once(client, service, period, quick_form):
    started = started_value(client, service)
    assert _post(service, "192.0.2.1", started=started).status_code == 302
    assert _post(service, "192.0.2.2", started=started).status_code == 302  # replayed elsewhere
    first, second = Response.objects.order_by("pk")
    assert (first.flags, first.included) == ([], True)
    assert (second.flags, second.included) == (["reused_form"], False)
    assert queries.service_result(service, period).n == 1


def test_a_form_sent_long_after_it_was_served_is_flagged(service, period, quick_form, monkeypatch):
    started = screening.sign_start(service=service)
    later = screening.time.time() + quick_form.NYATA_SKM_FORM_VALID_MINUTES * 60 + 5
    monkeypatch.setattr(screening.time, "time", lambda: later)
    assert _post(service, "192.0.2.1", started=started).status_code == 302
    assert Response.objects.get().flags == ["expired_form"]
    assert queries.service_result(service, period).n == 0


def test_the_network_is_kept_only_as_a_salted_hash(service, quick_form):
    _post(service, "203.0.113.77")
    stored = Response.objects.values().get()
    assert len(stored["prefix_hash"]) == 32
    assert stored["prefix_hash"] != stored["client_hash"]
    text = " ".join(str(v) for v in stored.values())
    assert "203.0.113" not in text


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("::ffff:203.0.113.9", "203.0.113.0/24"),
        (" 10.1.2.3 ", "10.1.2.0/24"),
        ("", ""),
        ("bukan-alamat", ""),
        # What is no IPv4 address is none to the fast path either: no leading zeros, shortened or padded
        # forms, digits of other scripts, prefixes or a NUL.
        ("010.1.2.3", ""),
        ("10.1.2", ""),
        ("10.1.2.3.4", ""),
        ("256.1.2.3", ""),
        ("١٠.١.٢.٣", ""),
        ("10.1.2.3/24", ""),
        ("10.1.2.3\x00", ""),
    ],
)
def test_the_network_of_an_address_is_its_24_or_its_48(address, network):
    assert screening.network_of(address) == network
