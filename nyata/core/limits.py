"""Every limit on what Nyata reads from outside, in one place: its setting, its default and why.

Hostile input must be cheap to refuse (issue 14: a 2.4 MB workbook that unpacks to 1 GB held a worker past
its timeout; a 405-byte YAML "billion laughs" took 117 s and 4.9 GB). So every parser checks these limits
before it does the work, and says in the person's language which limit a file went past.

Each limit is read once, at start-up, from its environment variable (in the unit the variable names, e.g.
megabytes) into a Django setting of the same name in base units (bytes, counts), so tests can override it.
README.md ("Limits") lists them all; a test holds that table to this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from nyata.environment import env_int

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    setting: str  # the Django setting holding the value in base units
    variable: str  # the environment variable that changes it
    default: int  # in the variable's unit
    scale: int  # base units per unit of the variable (MB for sizes, 1 for counts)
    meaning: str

    def from_environment(self) -> int:
        return env_int(self.variable, self.default, minimum=1) * self.scale

    def current(self) -> int:
        """The value in force: the setting, which tests may override."""
        from django.conf import settings

        return getattr(settings, self.setting)


# Spreadsheets (CSV, XLSX) read by the server: paper surveys, units and people, instrument workbooks.
IMPORT_MAX_BYTES = Limit(
    "NYATA_IMPORT_MAX_BYTES",
    "NYATA_IMPORT_MAX_MB",
    5,
    MB,
    "the largest imported CSV, XLSX or YAML file, in MB",
)
IMPORT_MAX_ROWS = Limit(
    "NYATA_IMPORT_MAX_ROWS", "NYATA_IMPORT_MAX_ROWS", 5000, 1, "rows of one imported table"
)
# A 5,000-row survey export unpacks to about 5 MB; four times that leaves room for long suggestions.
IMPORT_MAX_UNPACKED_BYTES = Limit(
    "NYATA_IMPORT_MAX_UNPACKED_BYTES",
    "NYATA_IMPORT_MAX_UNPACKED_MB",
    20,
    MB,
    "what the parts of an imported XLSX may unpack to together (their declared sizes), in MB",
)
# openpyxl streams the sheets but reads every other XML part whole at opening (shared texts, styles,
# the workbook): 2 MB of one-letter shared texts take about 1.5 s here. A 5,000-row survey's texts hold
# well under 1 MB.
IMPORT_MAX_WHOLE_PARTS_BYTES = Limit(
    "NYATA_IMPORT_MAX_WHOLE_PARTS_BYTES",
    "NYATA_IMPORT_MAX_WHOLE_PARTS_MB",
    2,
    MB,
    "what the XML parts of an imported XLSX but its sheets (shared texts, styles) may unpack to, in MB",
)
IMPORT_MAX_CELL_CHARS = Limit(
    "NYATA_IMPORT_MAX_CELL_CHARS",
    "NYATA_IMPORT_MAX_CELL_CHARS",
    10_000,
    1,
    "characters in one cell of an imported table",
)

# Every zip archive (XLSX, DOCX, PPTX, ODT, ODS). Spreadsheets compress 10 to 20 times; a zip bomb
# compresses a thousand times.
ARCHIVE_MAX_RATIO = Limit(
    "NYATA_ARCHIVE_MAX_RATIO",
    "NYATA_ARCHIVE_MAX_RATIO",
    100,
    1,
    "how many times one part of a zip archive (over 1 MB unpacked) may be compressed",
)
ARCHIVE_MAX_ENTRIES = Limit(
    "NYATA_ARCHIVE_MAX_ENTRIES", "NYATA_ARCHIVE_MAX_ENTRIES", 10_000, 1, "parts in one zip archive"
)

# Evidence (data dukung): stored and downloaded, never parsed beyond their declaration.
EVIDENCE_MAX_BYTES = Limit(
    "NYATA_EVIDENCE_MAX_BYTES", "NYATA_EVIDENCE_MAX_MB", 20, MB, "the largest evidence file, in MB"
)
EVIDENCE_MAX_UNPACKED_BYTES = Limit(
    "NYATA_EVIDENCE_MAX_UNPACKED_BYTES",
    "NYATA_EVIDENCE_MAX_UNPACKED_MB",
    200,
    MB,
    "what an office evidence file (DOCX, XLSX, PPTX, ODT, ODS) may unpack to, in MB",
)
UPLOAD_MAX_REQUEST_BYTES = Limit(
    "NYATA_UPLOAD_MAX_REQUEST_BYTES",
    "NYATA_UPLOAD_MAX_REQUEST_MB",
    60,
    MB,
    "all files sent in one request together, in MB (a larger request is refused before it is read)",
)
EVIDENCE_MAX_ASSESSMENT_BYTES = Limit(
    "NYATA_EVIDENCE_MAX_ASSESSMENT_BYTES",
    "NYATA_EVIDENCE_MAX_ASSESSMENT_MB",
    2048,
    MB,
    "all evidence files of one assessment together, replaced and withdrawn ones included, in MB",
)

# Instrument YAML (and answers files): the shipped instruments are under 180 kB, nest 14 levels and hold
# about 6,400 values. PyYAML reads some 300 kB a second here, so 2 MB is read (or refused) in seconds.
YAML_MAX_BYTES = Limit("NYATA_YAML_MAX_BYTES", "NYATA_YAML_MAX_MB", 2, MB, "the largest YAML file, in MB")
YAML_MAX_DEPTH = Limit(
    "NYATA_YAML_MAX_DEPTH", "NYATA_YAML_MAX_DEPTH", 64, 1, "how deep lists and mappings may nest in YAML"
)
YAML_MAX_NODES = Limit(
    "NYATA_YAML_MAX_NODES",
    "NYATA_YAML_MAX_NODES",
    50_000,
    1,
    "values in a YAML file once its aliases are expanded",
)

ALL = (
    IMPORT_MAX_BYTES,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_UNPACKED_BYTES,
    IMPORT_MAX_WHOLE_PARTS_BYTES,
    IMPORT_MAX_CELL_CHARS,
    ARCHIVE_MAX_RATIO,
    ARCHIVE_MAX_ENTRIES,
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MAX_UNPACKED_BYTES,
    UPLOAD_MAX_REQUEST_BYTES,
    EVIDENCE_MAX_ASSESSMENT_BYTES,
    YAML_MAX_BYTES,
    YAML_MAX_DEPTH,
    YAML_MAX_NODES,
)


@dataclass(frozen=True)
class ArchiveLimits:
    """What a zip archive may hold before any of it is unpacked."""

    max_unpacked_bytes: int
    max_ratio: int
    max_entries: int
    # For workbooks the server opens: every XML part but the sheets is read whole; None when not opened.
    max_whole_parts_bytes: int | None = None


def for_imports() -> ArchiveLimits:
    """Archives the server parses: spreadsheets."""
    return ArchiveLimits(
        IMPORT_MAX_UNPACKED_BYTES.current(),
        ARCHIVE_MAX_RATIO.current(),
        ARCHIVE_MAX_ENTRIES.current(),
        IMPORT_MAX_WHOLE_PARTS_BYTES.current(),
    )


def for_evidence() -> ArchiveLimits:
    """Archives the server stores for people to download: office evidence files."""
    return ArchiveLimits(
        EVIDENCE_MAX_UNPACKED_BYTES.current(), ARCHIVE_MAX_RATIO.current(), ARCHIVE_MAX_ENTRIES.current()
    )
