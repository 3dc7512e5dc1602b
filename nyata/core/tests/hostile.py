"""Hostile files, generated: zip bombs, macro-bearing office files, XML and YAML bombs, deep nesting.

Used by the tests of every reader and by bench/hostile_files.py. A zip bomb here is real: every part is
valid deflate with its true CRC, and unpacks to the size its header declares. It is built without ever
holding the unpacked bytes: one megabyte of blanks is compressed once, ending on a full flush so that the
compressor forgets it, and the same compressed block is then repeated as often as needed.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MB = 1024 * 1024

CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>tanggal</t></is></c></row>'
)
SHEET_END = "</sheetData></worksheet>"


@dataclass(frozen=True)
class Part:
    name: str
    compressed: bytes
    crc: int
    size: int  # unpacked


def part(name: str, data: str | bytes) -> Part:
    raw = data.encode() if isinstance(data, str) else data
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Part(name, compressor.compress(raw) + compressor.flush(), zlib.crc32(raw), len(raw))


def blank_part(name: str, size: int, *, prefix: str = "", suffix: str = "") -> Part:
    """A part of `size` bytes: prefix, blanks, suffix; a thousand times smaller packed than unpacked."""
    head, tail = prefix.encode(), suffix.encode()
    blanks = size - len(head) - len(tail)
    megabytes, rest = divmod(blanks, MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [compressor.compress(head), compressor.flush(zlib.Z_FULL_FLUSH)]
    block = compressor.compress(b" " * MB) + compressor.flush(zlib.Z_FULL_FLUSH)
    out.append(block * megabytes)
    out.append(compressor.compress(b" " * rest + tail) + compressor.flush())
    crc = zlib.crc32(head)
    megabyte = b" " * MB
    for _ in range(megabytes):
        crc = zlib.crc32(megabyte, crc)
    crc = zlib.crc32(b" " * rest + tail, crc)
    return Part(name, b"".join(out), crc, size)


def zip_of(parts: list[Part], *, stored: tuple[Part, ...] = ()) -> bytes:
    """A zip archive of deflated parts (and `stored` parts kept uncompressed, e.g. ODF's mimetype)."""
    body, directory = bytearray(), bytearray()
    entries = [(p, 0) for p in stored] + [(p, 8) for p in parts]
    for item, method in entries:
        name = item.name.encode()
        data = item.compressed
        offset = len(body)
        body += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, item.crc, len(data), item.size, len(name), 0
        )
        body += name + data
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, method, 0, 0x21, item.crc, len(data), item.size,
            len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        directory += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return bytes(body + directory + end)


def stored_part(name: str, data: str) -> Part:
    raw = data.encode()
    return Part(name, raw, zlib.crc32(raw), len(raw))


def xlsx_parts(sheet_name: str = "Sheet1") -> list[Part]:
    return [
        part("[Content_Types].xml", CONTENT_TYPES_XLSX),
        part("_rels/.rels", ROOT_RELS),
        part("xl/workbook.xml", WORKBOOK.replace('name="Sheet1"', f'name="{sheet_name}"')),
        part("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]


def xlsx_bomb(unpacked: int = 1024 * MB) -> bytes:
    """A workbook whose one sheet unpacks to `unpacked` bytes (1 GB from about 1 MB by default)."""
    sheet = blank_part("xl/worksheets/sheet1.xml", unpacked, prefix=SHEET_START, suffix=SHEET_END)
    return zip_of([*xlsx_parts(), sheet])


def xlsx_of_rows(rows: list[list[str]]) -> bytes:
    """A small real workbook of inline-string cells (no shared strings)."""
    cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    sheet = SHEET_START.split("<row")[0] + cells + SHEET_END
    return zip_of([*xlsx_parts(), part("xl/worksheets/sheet1.xml", sheet)])


def xlsx_xml_bomb() -> bytes:
    """A small workbook whose sheet declares nested XML entities ("billion laughs" in XML)."""
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
    )
    return zip_of([*xlsx_parts(), part("xl/worksheets/sheet1.xml", sheet)])


def xlsx_sparse_giant(sheet_name: str = "Sheet1", first: str = "tanggal") -> bytes:
    """A workbook of two cells that declares 16,384 columns and a million rows: openpyxl fills the gap with
    empty cells, so a reader that follows the declaration works for minutes on 700 bytes."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
        f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{first}</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    return zip_of([*xlsx_parts(sheet_name), part("xl/worksheets/sheet1.xml", sheet)])


def xlsx_shared_strings(size: int = 19 * MB) -> bytes:
    """A workbook whose shared texts are `size` bytes of short distinct strings: compressed only about
    six times (no ratio alarm), and parsed whole, string by string, by openpyxl on opening."""
    count = size // 21
    strings = "".join(f"<si><t>{(i * 2654435761) % 16**5:05x}</t></si>" for i in range(count))
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>'
    )
    types = CONTENT_TYPES_XLSX.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = WORKBOOK_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId2" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        "</Relationships>",
    )
    return zip_of(
        [
            part("[Content_Types].xml", types),
            part("_rels/.rels", ROOT_RELS),
            part("xl/workbook.xml", WORKBOOK),
            part("xl/_rels/workbook.xml.rels", rels),
            part("xl/sharedStrings.xml", shared),
            part("xl/worksheets/sheet1.xml", SHEET_START + SHEET_END),
        ]
    )


def many_parts_zip(count: int = 10_001) -> bytes:
    """A workbook declaration followed by `count` empty parts."""
    return zip_of([*xlsx_parts(), *(part(f"xl/media/p{i}.xml", "") for i in range(count))])


def docx_parts(
    main: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
) -> list[Part]:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}.main+xml"/></Types>'
    )
    return [part("[Content_Types].xml", types), part("word/document.xml", "<w:document/>")]


def docx_with_vba() -> bytes:
    """A DOCX by its declaration, with a VBA project inside (a renamed .docm with its declaration edited)."""
    return zip_of([*docx_parts(), part("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)])


def docm() -> bytes:
    """A macro-enabled Word document, declared as one."""
    main = "application/vnd.ms-word.document.macroEnabled"
    return zip_of([*docx_parts(main), part("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)])


def xlsx_with_macro_sheet() -> bytes:
    """A workbook declared as XLSX carrying an Excel 4 (XLM) macro sheet."""
    return zip_of([*xlsx_parts(), part("xl/macrosheets/sheet1.xml", "<xm:macrosheet/>")])


def docx_bomb(unpacked: int = 1024 * MB) -> bytes:
    return zip_of([*docx_parts(), blank_part("word/media/image1.png", unpacked)])


ODT = "application/vnd.oasis.opendocument.text"


def odt_with(*extra: Part, content: str = "<office:document-content/>") -> bytes:
    return zip_of([part("content.xml", content), *extra], stored=(stored_part("mimetype", ODT),))


def odt_with_basic() -> bytes:
    """An ODT carrying a Basic library, as LibreOffice saves a document with macros."""
    return odt_with(
        part(
            "Basic/Standard/Module1.xml",
            '<script:module script:name="Module1">Sub Main\nEnd Sub</script:module>',
        ),
        part("Basic/script-lc.xml", "<library:libraries/>"),
    )


def odt_with_event_script() -> bytes:
    """An ODT whose opening runs a script named by URL, without a Basic folder."""
    content = (
        "<office:document-content><office:scripts><office:event-listeners><script:event-listener "
        'script:language="ooo:script" script:event-name="office:load" xlink:href="vnd.sun.star.script:'
        'Standard.Module1.Main?language=Basic&amp;location=application"/></office:event-listeners>'
        "</office:scripts></office:document-content>"
    )
    return odt_with(content=content)


def billion_laughs_yaml() -> str:
    """The classic: ten levels, each naming the one below nine times; about 400 bytes, 10^9 values."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def deep_yaml(depth: int = 10_000) -> str:
    return "[" * depth + "]" * depth


def deep_block_yaml(depth: int = 10_000) -> str:
    return "".join(" " * level + "a:\n" for level in range(depth)) + " " * depth + "b\n"


def recursive_yaml() -> str:
    return "code: x\nnodes: &loop\n  - code: A\n    children: *loop\n"


def deep_json(depth: int = 10_000) -> str:
    return '{"answers": ' + "[" * depth + "]" * depth + "}"
