"""The health endpoint for a load balancer: cheap, no login, no secrets; 200 when the database, the file
storage and the task worker serve, 503 naming what does not (issue 14)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nyata.core.management.commands.db_worker import beat
from nyata.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@task()
def nothing() -> None:
    """A task for the queue; no worker runs it here."""


@pytest.fixture
def worker_required(settings):
    settings.NYATA_HEALTH_WORKER_SECONDS = 180
    return settings


def test_healthy_is_200_with_a_small_json_and_no_cookie(client):
    response = client.get("/sehat/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "database": "ok",
        "storage": "ok",
        "worker": "not checked",
    }
    assert response.cookies == {}
    assert response["Cache-Control"] == "no-store"


def test_a_probe_by_address_over_plain_http_is_answered_despite_hosts_and_https_redirects(client, settings):
    settings.ALLOWED_HOSTS = ["nyata.example.go.id"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/sehat/", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert client.get("/akun/masuk/", HTTP_HOST="10.0.0.5:8000").status_code == 400  # everything else checks


def test_the_probe_costs_three_small_queries(client, worker_required, django_assert_max_num_queries):
    beat("w1", timezone.now())
    with django_assert_max_num_queries(3):
        assert client.get("/sehat/").status_code == 200


def test_without_a_worker_heartbeat_it_is_503_naming_the_worker(client, worker_required):
    response = client.get("/sehat/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "failing": ["worker"],
        "database": "ok",
        "storage": "ok",
        "worker": "no heartbeat",
    }
    beat("w1", timezone.now())
    assert client.get("/sehat/").json()["worker"] == "ok"
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=4))
    assert client.get("/sehat/").json()["worker"] == "no heartbeat"


def test_a_beating_worker_that_leaves_tasks_waiting_is_named(client, worker_required):
    beat("w1", timezone.now())
    result = nothing.enqueue()
    assert client.get("/sehat/").status_code == 200  # just enqueued: not waiting yet
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/sehat/")
    assert (response.status_code, response.json()["worker"]) == (503, "tasks waiting")


def test_storage_that_cannot_be_written_is_named(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},  # under a file: never a folder
        },
    }
    response = client.get("/sehat/")
    assert (response.status_code, response.json()["storage"]) == (503, "not writable")
    assert str(tmp_path) not in response.content.decode()  # names no path


def test_a_database_that_does_not_answer_is_named_without_its_error(client):
    with mock.patch("nyata.core.health.connection.cursor", side_effect=DatabaseError("password=geheim")):
        response = client.get("/sehat/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "geheim" not in response.content.decode()
