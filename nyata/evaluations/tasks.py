"""Background tasks (django.tasks; the database backend of django_tasks_db, run by `nyata db_worker`)."""

from django.tasks import task

from nyata.evaluations.notices import remind_closing_windows
from nyata.notifications.reminders import run_daily


@task()
def remind_closing_windows_task() -> int:
    """Enqueue daily (e.g. `nyata notify_windows --enqueue` from cron); returns how many were created."""
    return remind_closing_windows() + sum(run_daily().values())
