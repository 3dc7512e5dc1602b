"""`nyata demo`: load and publish every shipped instrument under instruments/*.yaml (idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from nyata.instruments import actions
from nyata.scoring import InstrumentError

SHIPPED = Path(settings.BASE_DIR) / "instruments"


def load_demo(*, instansi, stdout, directory: Path | None = None) -> list[actions.LoadResult]:
    """Instruments are installation-wide, so `instansi` is not used; a file already loaded with the same
    bytes is left as it is (published if it was a draft). A shipped file that is invalid, or differs
    from a published version of the same code and version, is reported and skipped: it needs a fix or a
    new version, and the rest of the demo still loads."""
    results = []
    for path in sorted((directory or SHIPPED).glob("*.yaml")):
        try:
            result = actions.load_instrument(data=path.read_bytes(), by=None, publish=True)
        except InstrumentError as error:
            stdout.write(f"Instrument {path.name} skipped, {len(error.problems)} problem(s):\n")
            for problem in error.problems:
                stdout.write(f"  {problem}\n")
            continue
        except ValidationError as error:
            stdout.write(f"Instrument {path.name} skipped: {' '.join(error.messages)}\n")
            continue
        results.append(result)
        instrument = result.instrument
        stdout.write(f"Instrument {instrument.code} {instrument.version}: {result.outcome}.\n")
    return results
