"""`nyata instrument validate|load|export|import-xlsx`: instrument files from the shell (contract:
docs/instrument-format.md). Exit codes: 0 success, 1 the file has problems or is refused, 2 a file or
instrument that cannot be found or read."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from nyata.core import limits
from nyata.core.limits import MB, Limit
from nyata.instruments import actions
from nyata.instruments.models import Instrument
from nyata.instruments.queries import engine_instrument
from nyata.instruments.serialise import dump_yaml, instrument_to_data
from nyata.instruments.xlsx import WorkbookError, read_workbook, write_workbook
from nyata.scoring import InstrumentError

INVALID = 1
UNREADABLE = 2


def read_bytes(path: Path, *, limit: Limit) -> bytes:
    """The file's bytes; a file larger than `limit` (nyata.core.limits) is refused before it is read."""
    try:
        size = path.stat().st_size
        if size > limit.current():
            raise CommandError(
                f"{path}: {size / MB:.1f} MB is larger than the {limit.current() // MB} MB accepted "
                f"({limit.variable})",
                returncode=INVALID,
            )
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}", returncode=UNREADABLE) from None


class Command(BaseCommand):
    help = "Validate, load, export and import evaluation instruments (LKE)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        validate = commands.add_parser("validate", help="check a YAML file and print every problem")
        validate.add_argument("file", type=Path)
        load = commands.add_parser("load", help="validate and store a YAML file as a draft (all-or-nothing)")
        load.add_argument("file", type=Path)
        load.add_argument("--publish", action="store_true", help="publish it at once (it can never change)")
        export = commands.add_parser("export", help="write a stored instrument as an Excel workbook")
        export.add_argument("code")
        export.add_argument("version")
        export.add_argument("--xlsx", type=Path, required=True, metavar="OUT")
        imported = commands.add_parser("import-xlsx", help="convert an Excel workbook into a YAML file")
        imported.add_argument("file", type=Path)
        imported.add_argument("--out", type=Path, required=True, metavar="FILE.yaml")

    def handle(self, *args, action: str, **options) -> None:
        # Messages from the views are translated; the command speaks the installation's language too.
        translation.activate(settings.LANGUAGE_CODE)
        handler = {
            "validate": self.validate,
            "load": self.load,
            "export": self.export,
            "import-xlsx": self.import_xlsx,
        }[action]
        handler(**options)

    def _problems(self, error: InstrumentError | WorkbookError, *, path: Path) -> CommandError:
        for problem in error.problems:
            self.stderr.write(f"{path}: {problem}")
        count = len(error.problems)
        return CommandError(
            f"{path} is not valid: {count} problem{'s' if count != 1 else ''}", returncode=INVALID
        )

    def validate(self, *, file: Path, **_options) -> None:
        try:
            parsed = actions.parse_file(data=read_bytes(file, limit=limits.YAML_MAX_BYTES))
        except InstrumentError as error:
            raise self._problems(error, path=file) from None
        nodes, leaves = len(parsed.walk()), len(parsed.leaves())
        self.stdout.write(
            f"{file}: valid · {parsed.code} {parsed.version} · {nodes} nodes, {leaves} indicators, "
            f"{len(parsed.predicates)} predicates, {len(parsed.awards)} awards"
        )

    def load(self, *, file: Path, publish: bool, **_options) -> None:
        try:
            data = read_bytes(file, limit=limits.YAML_MAX_BYTES)
            result = actions.load_instrument(data=data, by=None, publish=publish)
        except InstrumentError as error:
            raise self._problems(error, path=file) from None
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}", returncode=INVALID) from None
        instrument = result.instrument
        self.stdout.write(
            f"{instrument.code} {instrument.version}: {result.outcome} "
            f"({instrument.get_status_display()}, sha256 {instrument.checksum[:12]})"
        )

    def export(self, *, code: str, version: str, xlsx: Path, **_options) -> None:
        instrument = Instrument.objects.filter(code=code, version=version).first()
        if instrument is None:
            raise CommandError(f"no instrument {code} {version} is loaded", returncode=UNREADABLE)
        parsed = engine_instrument(instrument)
        data = write_workbook(parsed)
        # The workbook is only useful if it converts back to the same instrument; check before writing.
        if read_workbook(data=data) != parsed:
            raise CommandError(
                f"{code} {version} cannot be written to Excel without loss", returncode=INVALID
            )
        xlsx.write_bytes(data)
        self.stdout.write(f"{code} {version}: written to {xlsx}")

    def import_xlsx(self, *, file: Path, out: Path, **_options) -> None:
        try:
            parsed = read_workbook(data=read_bytes(file, limit=limits.IMPORT_MAX_BYTES))
        except WorkbookError as error:
            raise self._problems(error, path=file) from None
        header = f"Converted from {file.name} by `nyata instrument import-xlsx`."
        out.write_text(dump_yaml(data=instrument_to_data(parsed), header=header), encoding="utf-8")
        self.stdout.write(f"{file}: {parsed.code} {parsed.version} written to {out}")
