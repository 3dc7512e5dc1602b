"""The public service is kept per process for the hot path, and forgotten when it or its periods change."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone

from nyata.surveys import actions, queries

pytestmark = pytest.mark.django_db


def test_a_second_read_of_a_public_service_costs_no_query(service, django_assert_num_queries):
    first = queries.get_public_service(service.public_code)
    with django_assert_num_queries(0):
        again = queries.get_public_service(service.public_code)
    assert again is first
    assert again.thanks_url == f"/s/{service.public_code}/terima-kasih/"


def test_a_new_period_reaches_the_cached_service_at_once(service, city):
    assert queries.get_public_service(service.public_code).public_periods == ()
    today = actions.local_day(timezone.now(), city.instansi)
    period = actions.save_period(
        instansi=city.instansi, by=None, name="SKM", starts_on=today, ends_on=today + timedelta(days=9)
    )
    assert queries.get_public_service(service.public_code).public_periods == (period,)


def test_a_service_made_inactive_has_no_survey_page_at_once(service):
    queries.get_public_service(service.public_code)
    actions.save_service(unit=service.unit, by=None, service=service, is_active=False)
    with pytest.raises(Http404):
        queries.get_public_service(service.public_code)


def test_a_change_made_by_another_process_shows_through_the_shared_version(service):
    cached = queries.get_public_service(service.public_code)
    # Another process renamed the service: its save changed the version in the shared cache, not our copy.
    type(service).objects.filter(pk=service.pk).update(name="Rawat Inap")
    cache.set(queries.public_service_cache_key(service.public_code), "another-process", None)
    fresh = queries.get_public_service(service.public_code)
    assert fresh is not cached
    assert fresh.name == "Rawat Inap"


def test_without_a_shared_version_a_copy_lives_no_longer_than_its_ttl(service, monkeypatch):
    cached = queries.get_public_service(service.public_code)
    type(service).objects.filter(pk=service.pk).update(name="Rawat Inap")
    assert queries.get_public_service(service.public_code) is cached
    later = queries.time.monotonic() + queries.PUBLIC_SERVICE_SECONDS + 1
    monkeypatch.setattr(queries.time, "monotonic", lambda: later)
    assert queries.get_public_service(service.public_code).name == "Rawat Inap"
