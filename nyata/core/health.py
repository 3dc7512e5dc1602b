"""What a load balancer asks: can this installation serve? The database, the file storage and the task
worker, each answered in a word, cheaply (a few small queries, no file written), naming no secret.

The worker is alive when one `nyata db_worker` wrote its heartbeat (nyata.core.models.WorkerHeartbeat)
within NYATA_HEALTH_WORKER_SECONDS and no task has been waiting longer than that: a worker that beats
but is stuck on one task shows as "tasks waiting". NYATA_HEALTH_WORKER_SECONDS=0 leaves the worker out
(an installation that sends its reminders from cron without a worker; development, where no worker runs
unless started).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection
from django.db.models import Max, Q
from django.utils import timezone

OK = "ok"


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return OK


def storage() -> str:
    """Local storage: its folder (or, before the first upload, the nearest folder above it) is writable.
    Elsewhere (S3): the store answers a lookup."""
    try:
        if isinstance(default_storage, FileSystemStorage):
            path = Path(default_storage.location)
            while not path.exists() and path != path.parent:
                path = path.parent
            return OK if path.is_dir() and os.access(path, os.W_OK | os.X_OK) else "not writable"
        default_storage.exists("health-probe")
    except Exception:  # noqa: BLE001  any failure of the store means it cannot take an upload now
        return "unreachable"
    return OK


def worker() -> str:
    from django_tasks_db.models import DBTaskResult, get_date_max

    from nyata.core.models import WorkerHeartbeat

    limit = settings.NYATA_HEALTH_WORKER_SECONDS
    if not limit:
        return "not checked"
    cutoff = timezone.now() - timedelta(seconds=limit)
    try:
        seen = WorkerHeartbeat.objects.aggregate(seen=Max("seen_at"))["seen"]
        if seen is None or seen < cutoff:
            return "no heartbeat"
        waiting = DBTaskResult.objects.ready().filter(
            Q(run_after=get_date_max()) | Q(run_after__lt=cutoff), enqueued_at__lt=cutoff
        )
        if waiting.exists():
            return "tasks waiting"
    except DatabaseError:
        return "unreachable"
    return OK


def report() -> tuple[bool, dict[str, object]]:
    checks = {"database": database(), "storage": storage()}
    checks["worker"] = worker() if checks["database"] == OK else "unreachable"
    failing = [name for name, state in checks.items() if state not in (OK, "not checked")]
    return not failing, {"status": "failing" if failing else OK, "failing": failing, **checks}
