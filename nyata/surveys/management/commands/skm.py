import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from nyata.surveys.offline import AnswerFileError, ikm_of_file


class Command(BaseCommand):
    help = "SKM tools. `skm ikm FILE.csv [--population N] [--json]`: the IKM of a file of answers."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        ikm = commands.add_parser("ikm", help="the IKM of a CSV file with the columns U1..U9")
        ikm.add_argument("file", type=Path)
        ikm.add_argument("--population", type=int, help="service users in the period (Krejcie-Morgan N)")
        ikm.add_argument("--json", action="store_true", dest="as_json", help="print the contract's JSON")

    def handle(self, *args, subcommand: str, file: Path, population: int | None, as_json: bool, **options):
        # Messages about a bad file are for the person who typed it: in the instance's language.
        translation.activate(settings.LANGUAGE_CODE)
        if population is not None and population < 1:
            raise CommandError(_("--population must be a whole number of at least 1."))
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            result = ikm_of_file(file, population=population)
        except AnswerFileError as error:
            raise CommandError(str(error)) from None
        if result.ikm is None:
            unanswered = [code for code, value in result.nrr.items() if value is None]
            raise CommandError(
                _("No answers for %(columns)s: the IKM needs answers to all nine unsur.")
                % {"columns": ", ".join(unanswered)}
            )
        data = result.to_dict()
        if as_json:
            self.stdout.write(json.dumps(data))
            return
        self.stdout.write(f"n = {data['n']}")
        for code, value in data["nrr"].items():
            self.stdout.write(f"NRR {code} = {value:.3f}")
        self.stdout.write(f"IKM = {data['ikm']:.2f} · mutu {data['mutu']} ({data['kinerja']})")
        if population is not None:
            verdict = "sufficient" if data["sample_sufficient"] else "NOT sufficient"
            self.stdout.write(
                f"population {population}: required sample {data['required_sample']}, {verdict}"
            )
