from django.db import models


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker (`nyata db_worker`), written every HEARTBEAT_SECONDS by
    the worker itself and read by the health endpoint (nyata.core.health)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} ({self.pid}), seen {self.seen_at:%Y-%m-%d %H:%M:%S}"
