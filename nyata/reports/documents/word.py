"""Editable Word documents (.docx, python-docx): the LHE of a unit and the city recap. The Inspektorat edits
and signs the LHE in Word, so the document is plain: real headings, real tables, real text (no text boxes),
the letterhead in the page header. Figures are written the Indonesian way, as in the PDF."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from nyata.reports.indonesian import DASH, change, long_date, number
from nyata.reports.queries.city import CityTable
from nyata.reports.queries.lhe import Lhe
from nyata.reports.queries.recap import Recap
from nyata.reports.queries.texts import Texts

RED = RGBColor(0xB4, 0x28, 0x28)


def DRAFT_NOTE() -> str:  # noqa: N802  (the same words as the PDF's note)
    return _(
        "Draft: computed from the values so far; the period is not finalised and nothing here is published."
    )


def _new_document(texts: Texts, *, landscape: bool = False):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.left_margin, section.right_margin = Mm(22), Mm(18)
    section.top_margin, section.bottom_margin = Mm(15), Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if texts.letterhead:
        width = section.page_width - section.left_margin - section.right_margin
        header.add_run().add_picture(io.BytesIO(texts.letterhead), width=width)
    else:
        for index, line in enumerate(texts.letterhead_lines):
            run = header.add_run(line)
            run.bold = True
            run.font.size = Pt(13 if index == 0 else 11)
            if index < len(texts.letterhead_lines) - 1:
                run.add_break()
    _bottom_border(header)
    return document


def _bottom_border(paragraph) -> None:
    """The double rule under a letterhead (a paragraph border, which Word keeps when the text is edited)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def _title(document, lines: list[str]) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, line in enumerate(lines):
        run = paragraph.add_run(line.upper())
        run.bold = True
        run.font.size = Pt(12)
        if index < len(lines) - 1:
            run.add_break()


def _draft(document, is_final: bool) -> None:
    if is_final:
        return
    paragraph = document.add_paragraph()
    run = paragraph.add_run(DRAFT_NOTE())
    run.bold = True
    run.font.color.rgb = RED


def _table(document, header: list[str], rows: list[list[str]], *, numeric: set[int] = frozenset()):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, text in enumerate(header):
        cell = table.rows[0].cells[index]
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, text in enumerate(values):
            cells[index].text = text
            if index in numeric:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    return table


def _pairs(document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph()


def _numbered_heading(document, index: int, text: str) -> None:
    document.add_heading(f"{index}. {text}", level=2)


def _texts(document, text: str) -> None:
    for block in text.split("\n\n"):
        document.add_paragraph(block.strip())


def _signature(document, texts: Texts, when) -> None:
    table = document.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    cell.text = f"{texts.place}, {long_date(when)}"
    cell.add_paragraph(texts.signer_title)
    for _blank in range(3):
        cell.add_paragraph()
    name = cell.add_paragraph().add_run(texts.signer_name or "……………………………………")
    name.bold = name.underline = True
    cell.add_paragraph(f"NIP {texts.signer_nip or '……………………………………'}")


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def lhe_docx(lhe: Lhe) -> bytes:
    with translation.override("id"):
        return _save(_lhe(lhe))


def _lhe(lhe: Lhe):
    document = _new_document(lhe.texts)
    _title(
        document,
        [
            _("Report on the internal evaluation of bureaucratic reform"),
            lhe.unit,
            _("Year %(year)s") % {"year": lhe.year},
        ],
    )
    _pairs(
        document,
        [
            (_("Number"), lhe.number),
            (_("Date"), long_date(lhe.date)),
            (_("Period"), lhe.period),
            (_("Instrument"), f"{lhe.instrument} ({_('version')} {lhe.instrument_version})"),
        ],
    )
    _draft(document, lhe.is_final)
    _numbered_heading(document, 1, _("Legal basis"))
    for line in lhe.legal_basis:
        document.add_paragraph(line, style="List Number")
    _numbered_heading(document, 2, _("Purpose"))
    _texts(document, lhe.texts.purpose)
    _numbered_heading(document, 3, _("Scope"))
    _texts(document, lhe.texts.scope)
    document.add_paragraph(
        _("Unit evaluated: %(unit)s; period: %(period)s; instrument: %(instrument)s, version %(version)s.")
        % {
            "unit": lhe.unit,
            "period": lhe.period,
            "instrument": lhe.instrument,
            "version": lhe.instrument_version,
        }
    )
    _numbered_heading(document, 4, _("Method"))
    _texts(document, lhe.texts.method)
    _numbered_heading(document, 5, _("Result"))
    if lhe.previous is not None:
        before = _("%(title)s: %(total)s, predicate %(predicate)s") % {
            "title": lhe.previous.title,
            "total": number(lhe.previous.total),
            "predicate": lhe.previous.predicate or DASH,
        }
        previous = (change(lhe.change), before)
    else:
        previous = (DASH, _("no published result of an earlier period"))
    _table(
        document,
        ["", _("Figure"), _("Note")],
        [
            [_("Total"), number(lhe.total), _("of %(max)s") % {"max": number(lhe.max_total)}],
            [_("Predicate"), lhe.predicate or DASH, lhe.predicate_label],
            [_("Proposed by the unit"), number(lhe.proposed_total), _("what the unit's own answers score")],
            [_("Change since the previous period"), *previous],
        ],
        numeric={1},
    )
    document.add_heading(_("Every component against its maximum"), level=3)
    _table(
        document,
        [_("Component"), _("Score"), _("Maximum"), "%", _("Previous period"), _("Difference")],
        [
            [
                f"{line.code} · {line.title}",
                number(line.score) if line.applicable else _("not applicable"),
                number(line.max),
                number(line.share, 1),
                number(line.previous_score),
                change(line.change),
            ]
            for line in lhe.components
        ],
        numeric={1, 2, 3, 4, 5},
    )
    _numbered_heading(document, 6, _("Findings and recommendations per area"))
    for finding in lhe.findings:
        document.add_heading(f"{finding.code} · {finding.title}", level=3)
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Condition (kondisi)") + ": ").bold = True
        paragraph.add_run(finding.condition)
        for label, text in finding.elements:
            paragraph = document.add_paragraph()
            paragraph.add_run(label + ": ").bold = True
            paragraph.add_run(text)
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Recommendation (rekomendasi)") + ": ").bold = True
        paragraph.add_run(finding.recommendation)
    if not lhe.findings:
        document.add_paragraph(_("The evaluator team wrote no finding for this unit."))
    _numbered_heading(document, 7, _("Where the unit gains most"))
    if lhe.gains:
        document.add_paragraph(_("How much the total would rise if the indicator earned full marks:"))
        _table(
            document,
            [_("Indicator"), _("Gain")],
            [[f"{g.code} · {g.title}", f"+{number(g.gain)}"] for g in lhe.gains],
            numeric={1},
        )
    else:
        document.add_paragraph(_("Every indicator already has full marks."))
    _numbered_heading(document, 8, _("Public satisfaction survey (SKM)"))
    _skm(document, lhe)
    _numbered_heading(document, 9, _("Closing"))
    _texts(document, lhe.texts.closing)
    _signature(document, lhe.texts, lhe.date)
    return document


def _skm(document, lhe: Lhe) -> None:
    skm = lhe.skm
    if skm is None or skm.ikm is None:
        document.add_paragraph(_("The unit has no survey figures for this period."))
        return
    line = _("Survey period %(period)s: %(n)s respondents.") % {
        "period": skm.survey_period,
        "n": number(skm.respondents, 0),
    }
    if skm.required_sample:
        line += " " + _("Required sample: %(required)s") % {"required": number(skm.required_sample, 0)}
        line += f" ({_('sufficient') if skm.sample_sufficient else _('not sufficient')})."
    document.add_paragraph(line)
    _table(
        document,
        ["", _("Figure"), _("Note")],
        [[_("IKM"), number(skm.ikm), f"{_('mutu')} {skm.mutu} ({skm.kinerja})"]],
        numeric={1},
    )
    _table(
        document,
        [_("Unsur"), _("NRR"), _("Mutu")],
        [
            [
                f"{u.code} {u.name}" + (f" ({_('weakest')})" if u.weakest else ""),
                number(u.nrr, 3),
                u.mutu or DASH,
            ]
            for u in skm.unsur
        ],
        numeric={1},
    )


def left_out(table: CityTable) -> list[str]:
    """What the average and the distribution leave out, in the ranking's words (empty when nothing)."""
    lines = []
    if table.not_submitted:
        lines.append(
            ngettext(
                "%(counter)s unit did not submit (tidak menyampaikan)",
                "%(counter)s units did not submit (tidak menyampaikan)",
                table.not_submitted,
            )
            % {"counter": table.not_submitted}
        )
    if table.withdrawn:
        lines.append(
            ngettext(
                "%(counter)s unit withdrawn from the period",
                "%(counter)s units withdrawn from the period",
                table.withdrawn,
            )
            % {"counter": table.withdrawn}
        )
    return lines


def recap_docx(recap: Recap) -> bytes:
    with translation.override("id"):
        return _save(_recap(recap))


def _recap(recap: Recap):
    document = _new_document(recap.texts, landscape=True)
    table = recap.table
    _title(
        document,
        [
            _("Recap of the internal evaluation of bureaucratic reform"),
            recap.instansi,
            _("Year %(year)s") % {"year": recap.year},
        ],
    )
    _pairs(
        document,
        [
            (_("Date"), long_date(recap.date)),
            (_("Period"), recap.period),
            (_("Instrument"), f"{recap.instrument} ({_('version')} {recap.instrument_version})"),
        ],
    )
    _draft(document, recap.is_final)
    _numbered_heading(document, 1, _("Legal basis"))
    for line in recap.legal_basis:
        document.add_paragraph(line, style="List Number")
    _numbered_heading(document, 2, _("Purpose"))
    _texts(document, recap.texts.purpose)
    _numbered_heading(document, 3, _("Scope"))
    _texts(document, recap.texts.scope)
    _numbered_heading(document, 4, _("Method"))
    _texts(document, recap.texts.method)
    _numbered_heading(document, 5, _("Summary"))
    document.add_paragraph(
        ngettext(
            "%(counter)s unit evaluated; average total %(average)s, median %(median)s.",
            "%(counter)s units evaluated; average total %(average)s, median %(median)s.",
            len(table.rows),
        )
        % {"counter": len(table.rows), "average": number(table.average), "median": number(table.median)}
    )
    if lines := left_out(table):
        document.add_paragraph(_("Not counted in the average or the distribution:"))
        for line in lines:
            document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("Predicate distribution"), level=3)
    _table(
        document,
        [_("Predicate"), _("Units")],
        [[f"{band.code or DASH} · {band.label}", str(band.count)] for band in table.distribution],
        numeric={1},
    )
    tops = table.tops
    _numbered_heading(document, 6, _("Every unit's result"))
    results = _table(
        document,
        ["#", _("Unit"), _("Total"), _("Predicate"), _("Difference"), *[n.code for n in tops], _("IKM")],
        [
            [
                str(row.rank),
                row.unit.name,
                number(row.total),
                row.predicate or DASH,
                change(row.change),
                *[number(row.cells[n.code].score) if n.code in row.cells else DASH for n in tops],
                number(recap.skm[row.assessment.unit_id].ikm)
                if row.assessment.unit_id in recap.skm
                else DASH,
            ]
            for row in table.rows
        ]
        + [[DASH, assessment.unit.name, *[""] * (4 + len(tops))] for assessment in table.closed],
        numeric={0, 2, 4, *range(5, 6 + len(tops))},
    )
    # A unit closed instead of evaluated: its status and reason across the figures it does not have.
    for offset, assessment in enumerate(table.closed, start=1 + len(table.rows)):
        cells = results.rows[offset].cells
        merged = cells[2].merge(cells[-1])
        merged.text = f"{assessment.get_status_display()}: {assessment.closure_reason}"
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.add_paragraph(
        "; ".join(f"{n.code}: {n.title} ({_('maximum')} {number(n.weight)})" for n in tops)
    )
    _numbered_heading(document, 7, _("Heatmap: share of the maximum per area (%)"))
    _table(
        document,
        [_("Unit"), *[area.code for area in table.areas]],
        [
            [
                row.unit.name,
                *[number(row.cells[a.code].share, 1) if a.code in row.cells else DASH for a in table.areas],
            ]
            for row in table.rows
        ],
        numeric=set(range(1, 1 + len(table.areas))),
    )
    document.add_paragraph("; ".join(f"{area.code}: {area.title}" for area in table.areas))
    _numbered_heading(document, 8, _("Recurring findings"))
    for area in recap.findings:
        document.add_heading(
            f"{area.node.code} · {area.node.title} — "
            + ngettext("%(counter)s unit", "%(counter)s units", area.units) % {"counter": area.units},
            level=3,
        )
        for text, count in area.recurring:
            units = ngettext("%(counter)s unit", "%(counter)s units", count) % {"counter": count}
            document.add_paragraph(f"{text} ({units})", style="List Bullet")
    if not recap.findings:
        document.add_paragraph(_("The evaluator teams wrote no finding in this period."))
    _numbered_heading(document, 9, _("Recommendations by area"))
    for area in recap.findings:
        document.add_heading(f"{area.node.code} · {area.node.title}", level=3)
        _table(
            document,
            [_("Unit"), _("Recommendation (rekomendasi)")],
            [list(pair) for pair in area.recommendations],
        )
    if not recap.findings:
        document.add_paragraph(_("No recommendation was written in this period."))
    _signature(document, recap.texts, recap.date)
    return document
