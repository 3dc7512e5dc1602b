"""`nyata score INSTRUMENT ANSWERS [--json]`: score an answers file offline, no database needed
(contract: docs/instrument-format.md, "Offline scoring"). Exit codes: 0 scored, 1 the instrument or the
answers have problems (each printed, naming the code), 2 a file cannot be read."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nyata.core import limits
from nyata.core.limits import MB
from nyata.instruments.limits import yaml_limits
from nyata.scoring import AnswersError, InstrumentError, score_texts


def _text(path: Path) -> str:
    """The file as text; one larger than NYATA_YAML_MAX_MB is refused before it is read."""
    try:
        if path.stat().st_size > limits.YAML_MAX_BYTES.current():
            raise CommandError(
                f"{path} is larger than the {limits.YAML_MAX_BYTES.current() // MB} MB accepted "
                f"({limits.YAML_MAX_BYTES.variable})",
                returncode=1,
            )
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}", returncode=2) from None


class Command(BaseCommand):
    help = "Score an answers file (YAML or JSON) against an instrument file, without the database."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", type=Path, help="the instrument YAML file")
        parser.add_argument("answers", type=Path, help="the answers file, YAML or JSON")
        parser.add_argument("--json", action="store_true", help="print one JSON object (contract)")

    def handle(self, *args, instrument: Path, answers: Path, json: bool, **options) -> None:
        try:
            result = score_texts(
                instrument_text=_text(instrument), answers_text=_text(answers), limits=yaml_limits()
            )
        except InstrumentError as error:
            for problem in error.problems:
                self.stderr.write(f"{instrument}: {problem}")
            raise CommandError(f"{instrument} is not a valid instrument", returncode=1) from None
        except AnswersError as error:
            for problem in error.problems:
                self.stderr.write(f"{answers}: {problem}")
            codes = ", ".join(dict.fromkeys(p.code for p in error.problems if p.code)) or "-"
            raise CommandError(
                f"{answers} does not fit the instrument (codes: {codes})", returncode=1
            ) from None
        self.stdout.write(_dumps(result.to_dict()) if json else result.to_text())


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
