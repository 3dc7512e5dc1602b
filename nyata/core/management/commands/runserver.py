"""`nyata runserver`: Django's development server (with WhiteNoise's static handling), which refuses to
listen beyond this machine while the published development key is in use (nyata.core.deployment)."""

from django.core.management.base import CommandError
from whitenoise.runserver_nostatic.management.commands.runserver import Command as RunserverCommand

from nyata.core import deployment


class Command(RunserverCommand):
    def run(self, **options) -> None:
        # handle() has parsed the address by now; nothing is bound yet.
        if deployment.guarded() and not deployment.is_loopback(self.addr):
            raise CommandError(f"refusing to listen on {self.addr}: {deployment.REFUSAL}")
        super().run(**options)
