import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from nyata.org.demo import DEFAULT_CITY, load_city, read_city


class Command(BaseCommand):
    help = "Load the demo city (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--city", type=Path, default=DEFAULT_CITY, help="YAML file describing the city")
        parser.add_argument(
            "--reset-passwords", action="store_true", help="issue new passwords to the demo people"
        )
        parser.add_argument(
            "--allow-production", action="store_true", help="load even with NYATA_ENV=production"
        )

    def handle(self, *args, city: Path, reset_passwords: bool, allow_production: bool, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                "Refusing to load demo data in production (pass --allow-production to insist)."
            )
        if not city.exists():
            raise CommandError(f"No such file: {city}")
        translation.activate(settings.LANGUAGE_CODE)
        instansi, logins = load_city(read_city(city), reset_passwords=reset_passwords)
        units = instansi.units.count()
        self.stdout.write(self.style.SUCCESS(f"{instansi.name}: {units} units."))
        # Each app may add its own demo data in `<app>/demo_data.py` with `load_demo(*, instansi, stdout)`;
        # like the city, it must change nothing when run again.
        for app in apps.get_app_configs():
            module_name = f"{app.name}.demo_data"
            if app.name.startswith("nyata.") and importlib.util.find_spec(module_name) is not None:
                importlib.import_module(module_name).load_demo(instansi=instansi, stdout=self.stdout)
        self.stdout.write("Demo logins (role · unit · username · password):")
        for login in logins:
            shown = login.password or "(unchanged; run `nyata demo --reset-passwords` for a new one)"
            self.stdout.write(f"  {login.role:<32} {login.unit:<20} {login.username:<24} {shown}")
