"""What a file really is, decided by its bytes and never by its name.

Accepted: PDF, JPEG, PNG, and the office formats DOCX, XLSX, PPTX (Office Open XML) and ODT, ODS
(OpenDocument). The office formats are zip archives: they are told apart by the archive's own declaration,
`[Content_Types].xml` for Office Open XML and the `mimetype` entry for OpenDocument. Macro-enabled
variants (docm, xlsm, pptm) declare a different main part and are therefore refused.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

# A zip declaration larger than this is not an office file: refuse it rather than read a zip bomb.
_MAX_DECLARATION_BYTES = 256 * 1024


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


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_DECLARATION_BYTES:
        return None
    with archive.open(info) as entry:
        return entry.read(_MAX_DECLARATION_BYTES + 1)[:_MAX_DECLARATION_BYTES]


def _zip_type(stream: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            mimetype = _read_entry(archive, "mimetype")
            if mimetype is not None:
                return _OPENDOCUMENT.get(mimetype.strip())
            declaration = _read_entry(archive, "[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None  # damaged, encrypted or using an unknown compression: not an office file we accept
    if declaration is None:
        return None
    # The declaration is matched as bytes instead of parsed: no XML parser ever sees uploaded data.
    found = {kind for marker, kind in _OOXML_MAIN_PARTS.items() if b'"' + marker + b'"' in declaration}
    return found.pop() if len(found) == 1 else None


def detect(stream: IO[bytes]) -> FileType | None:
    """The accepted type of this file, or None. Reads from the start and leaves the stream at the start."""
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
            return _zip_type(stream)
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
