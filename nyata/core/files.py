"""What a file really is, decided by its bytes and never by its name, and whether it is safe to take.

Accepted: PDF, JPEG, PNG, and the office formats DOCX, XLSX, PPTX (Office Open XML) and ODT, ODS
(OpenDocument). The office formats are zip archives: they are told apart by the archive's own declaration,
`[Content_Types].xml` for Office Open XML and the `mimetype` entry for OpenDocument.

An archive is refused (`Refused`, with a message for the person) before anything in it is unpacked when
its parts declare more than the limits allow (nyata.core.limits): Python's zipfile never inflates a part
beyond its declared size (it stops there and fails the checksum), so the declared sizes in the central
directory bound the work of every reader that comes after, openpyxl included. An office file carrying
macros is refused whatever it declares: a VBA project or Excel 4 macro sheet in Office Open XML, Basic or
script libraries, or event handlers calling scripts, in OpenDocument.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from nyata.core.limits import ArchiveLimits

# A zip declaration larger than this is not an office file: refuse it rather than read a zip bomb.
_MAX_DECLARATION_BYTES = 256 * 1024
# A part smaller than this unpacked is never worth a ratio check: tiny parts compress arbitrarily well.
_RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 64 * 1024


class Refused(Exception):
    """The file must not be taken; the message says why, in the person's language."""


@dataclass(frozen=True)
class FileType:
    label: str  # shown to people
    mime: str  # sent on download
    extension: str  # given to the stored readable name


PDF = FileType("PDF", "application/pdf", "pdf")
JPEG = FileType("JPG", "image/jpeg", "jpg")
PNG = FileType("PNG", "image/png", "png")
DOCX = FileType("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = FileType("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
ODT = FileType("ODT", "application/vnd.oasis.opendocument.text", "odt")
ODS = FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", "ods")

ACCEPTED = (PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS)
BY_MIME = {kind.mime: kind for kind in ACCEPTED}

# The content type of the main part that each Office Open XML format declares in [Content_Types].xml.
_OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_OPENDOCUMENT = {ODT.mime.encode(): ODT, ODS.mime.encode(): ODS}

# Macros in Office Open XML: a VBA project (vbaProject.bin, vbaData.xml) or Excel 4 macro sheets, found by
# part name or by a declared content type (docm, xlsm, pptm, xlam and the like declare "macroEnabled").
_OOXML_MACRO_PARTS = ("vbaproject", "vbadata", "macrosheet")
_OOXML_MACRO_TYPES = (b"macroenabled", b"vbaproject", b"macrosheet")
# Macros in OpenDocument: Basic and script libraries are folders of the package; event handlers and
# links that run a macro name it with one of these URLs in the XML parts.
_ODF_MACRO_FOLDERS = ("basic/", "scripts/")
_ODF_MACRO_MARKERS = (b"vnd.sun.star.script:", b"script:event-listener", b"macro://")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _check_sizes(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise Refused(
            _("The file holds %(count)s parts; at most %(limit)s are accepted. It was refused unread.")
            % {"count": len(entries), "limit": limits.max_entries}
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise Refused(
            _(
                "The file unpacks to %(size)s MB, more than the %(limit)s MB accepted. It was refused "
                "unread; remove what it does not need (e.g. large pictures or empty rows) and try again."
            )
            % {"size": _mb(unpacked), "limit": limits.max_unpacked_bytes // (1024 * 1024)}
        )
    if limits.max_whole_parts_bytes is not None:
        whole = sum(entry.file_size for entry in entries if _read_whole(entry.filename))
        if whole > limits.max_whole_parts_bytes:
            raise Refused(
                _(
                    "The workbook's texts and styles unpack to %(size)s MB, more than the %(limit)s MB "
                    "accepted (its sheets not counted). It was refused unread."
                )
                % {"size": _mb(whole), "limit": limits.max_whole_parts_bytes // (1024 * 1024)}
            )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise Refused(
                _(
                    "A part of the file (%(part)s) is compressed %(ratio)s times, more than the %(limit)s "
                    "times a real document reaches: it was refused unread."
                )
                % {"part": entry.filename[:80], "ratio": int(ratio), "limit": limits.max_ratio}
            )


def _read_whole(name: str) -> bool:
    """Whether a workbook reader takes this part in whole: every XML part but the (streamed) sheets."""
    lowered = name.lower()
    return lowered.endswith((".xml", ".rels")) and not lowered.startswith("xl/worksheets/")


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_DECLARATION_BYTES:
        return None
    with archive.open(info) as entry:
        return entry.read(_MAX_DECLARATION_BYTES + 1)[:_MAX_DECLARATION_BYTES]


def _contains(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, markers: tuple[bytes, ...]) -> bool:
    """Whether the unpacked entry holds one of the markers (lower case), read in chunks: memory stays
    bounded whatever its size, and its size was bounded by _check_sizes."""
    overlap = max(len(marker) for marker in markers) - 1
    tail = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk.lower()
            if any(marker in window for marker in markers):
                return True
            tail = window[-overlap:]
    return False


def _macro_refusal(part: str) -> Refused:
    return Refused(
        _(
            "The file contains macros (%(part)s); documents with macros are not accepted. Save it as an "
            "ordinary document without macros (e.g. .docx, .xlsx, .odt) and upload it again."
        )
        % {"part": part[:80]}
    )


def _check_ooxml_macros(archive: zipfile.ZipFile, declaration: bytes) -> None:
    for entry in archive.infolist():
        if any(marker in entry.filename.lower() for marker in _OOXML_MACRO_PARTS):
            raise _macro_refusal(entry.filename)
    lowered = declaration.lower()
    for marker in _OOXML_MACRO_TYPES:
        if marker in lowered:
            raise _macro_refusal("[Content_Types].xml: " + marker.decode())


def _check_opendocument_macros(archive: zipfile.ZipFile) -> None:
    for entry in archive.infolist():
        name = entry.filename.lower()
        if name.startswith(_ODF_MACRO_FOLDERS):
            raise _macro_refusal(entry.filename)
        if name.endswith(".xml") and _contains(archive, entry, _ODF_MACRO_MARKERS):
            raise _macro_refusal(entry.filename)


def _zip_type(stream: IO[bytes], limits: ArchiveLimits) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_sizes(archive, limits)
            mimetype = _read_entry(archive, "mimetype")
            if mimetype is not None:
                kind = _OPENDOCUMENT.get(mimetype.strip())
                if kind is not None:
                    _check_opendocument_macros(archive)
                return kind
            declaration = _read_entry(archive, "[Content_Types].xml")
            if declaration is None:
                return None
            _check_ooxml_macros(archive, declaration)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, ValueError):
        return None  # damaged, encrypted or using an unknown compression: not an office file we accept
    # The declaration is matched as bytes instead of parsed: no XML parser ever sees uploaded data.
    found = {kind for marker, kind in _OOXML_MAIN_PARTS.items() if b'"' + marker + b'"' in declaration}
    return found.pop() if len(found) == 1 else None


def detect(stream: IO[bytes], *, archive: ArchiveLimits) -> FileType | None:
    """The accepted type of this file, or None; raises Refused for an archive beyond `archive` limits or
    an office file with macros. Reads from the start and leaves the stream at the start."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(stream, archive)
        return None
    finally:
        stream.seek(0)


def safe_name(original: str, kind: FileType, *, limit: int = 120) -> str:
    """A readable name safe in any file system and header, ending with the extension of its real type."""
    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem)
    stem = re.sub(r"[\s_]+", "_", stem).strip("._- ")
    stem = stem[: limit - len(kind.extension) - 1] or "berkas"
    return f"{stem}.{kind.extension}"
