from django.core.management.base import BaseCommand

from nyata.evaluations.notices import remind_closing_windows
from nyata.evaluations.tasks import remind_closing_windows_task
from nyata.notifications.reminders import run_daily


class Command(BaseCommand):
    help = (
        "Remind whoever still has to act that a phase window closes within 3 days "
        "(idempotent: each person hears once per window and closing time), then run the other apps' daily "
        "reminders (overdue follow-up items)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="enqueue the task for `nyata db_worker` instead of running it here",
        )

    def handle(self, *args, enqueue: bool, **options):
        if enqueue:
            result = remind_closing_windows_task.enqueue()
            self.stdout.write(f"Enqueued task {result.id}.")
            return
        created = remind_closing_windows() + sum(run_daily().values())
        self.stdout.write(f"{created} reminder(s) created.")
