from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from nyata.clinic import demo as clinic_demo
from nyata.core.database import refresh_statistics
from nyata.evaluations.demo import periods as evaluation_demo
from nyata.figures import demo as figures_demo
from nyata.followups import demo as followup_demo
from nyata.instruments import demo_data as instrument_demo
from nyata.org.demo import DEFAULT_CITY, load_city, read_city
from nyata.surveys import demo_data as survey_demo

# Each app's demo loader, in the order they build on each other: the instruments first, the survey responses
# and the outside figures before the evaluations (whose demo fills sourced indicators from them), the
# follow-up of their 2024 recommendations and the clinic on the open period last. Each changes nothing when
# run again, like the city.
DEMO_LOADERS = (
    instrument_demo.load_demo,
    survey_demo.load_demo,
    figures_demo.load_demo,
    evaluation_demo.load_demo,
    followup_demo.load_demo,
    clinic_demo.load_demo,
)


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
        for load_demo in DEMO_LOADERS:
            load_demo(instansi=instansi, stdout=self.stdout)
        refresh_statistics()
        self.stdout.write("Demo logins (role · unit · username · password):")
        for login in logins:
            shown = login.password or "(unchanged; run `nyata demo --reset-passwords` for a new one)"
            self.stdout.write(f"  {login.role:<32} {login.unit:<20} {login.username:<24} {shown}")
        if not settings.NYATA_REQUIRE_TWO_FACTOR:
            self.stdout.write(
                "Two-factor sign-in is optional here (NYATA_REQUIRE_TWO_FACTOR is off outside production); "
                "with it on, the administrators enrol an authenticator at their first sign-in."
            )
