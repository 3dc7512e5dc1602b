"""`nyata db_worker`: django-tasks-db's worker, which also writes a heartbeat for the health endpoint.

A thread beside the worker's loop writes this worker's row (nyata.core.models.WorkerHeartbeat) every
HEARTBEAT_SECONDS and forgets workers not seen for a day. It is a daemon thread: when the worker process
ends, the beating stops, and the health endpoint sees the heartbeat age.
"""

import os
import socket
import threading
from datetime import timedelta

from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from nyata.core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 30


def beat(worker_id: str, started_at) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


def _beat_forever(worker_id: str, stop: threading.Event) -> None:
    started_at = timezone.now()
    while True:
        try:
            beat(worker_id, started_at)
        except DatabaseError:
            pass  # a locked or lost database: the next beat tries again, the health endpoint sees the gap
        finally:
            connection.close()  # this thread's own connection
        if stop.wait(HEARTBEAT_SECONDS):
            return


class Command(WorkerCommand):
    help = "Run the task worker (django-tasks-db), writing a heartbeat for the health endpoint."

    def handle(self, *args, reload: bool, worker_id: str, **options) -> None:
        # With --reload the parent only watches files; the child (marked by Django) runs the worker.
        if not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            stop = threading.Event()
            threading.Thread(
                target=_beat_forever, args=(worker_id, stop), daemon=True, name="heartbeat"
            ).start()
        super().handle(*args, reload=reload, worker_id=worker_id, **options)
