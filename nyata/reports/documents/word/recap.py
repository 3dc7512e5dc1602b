"""The city recap (laporan hasil evaluasi internal RB of the instansi) as an editable Word document."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.enum.text import WD_ALIGN_PARAGRAPH

from nyata.reports.documents.word.common import (
    add_draft_note,
    add_numbered_heading,
    add_pairs,
    add_signature,
    add_table,
    add_texts,
    add_title,
    new_document,
    to_bytes,
)
from nyata.reports.indonesian import DASH, change, long_date, number
from nyata.reports.queries.recap import Recap


def recap_docx(recap: Recap) -> bytes:
    with translation.override("id"):
        return to_bytes(_recap(recap))


def _recap(recap: Recap):
    document = new_document(recap.texts, landscape=True)
    table = recap.table
    add_title(
        document,
        [
            _("Recap of the internal evaluation of bureaucratic reform"),
            recap.instansi,
            _("Year %(year)s") % {"year": recap.year},
        ],
    )
    add_pairs(
        document,
        [
            (_("Date"), long_date(recap.date)),
            (_("Period"), recap.period),
            (_("Instrument"), f"{recap.instrument} ({_('version')} {recap.instrument_version})"),
        ],
    )
    add_draft_note(document, recap.is_final)
    add_numbered_heading(document, 1, _("Legal basis"))
    for line in recap.legal_basis:
        document.add_paragraph(line, style="List Number")
    add_numbered_heading(document, 2, _("Purpose"))
    add_texts(document, recap.texts.purpose)
    add_numbered_heading(document, 3, _("Scope"))
    add_texts(document, recap.texts.scope)
    add_numbered_heading(document, 4, _("Method"))
    add_texts(document, recap.texts.method)
    add_numbered_heading(document, 5, _("Summary"))
    document.add_paragraph(
        ngettext(
            "%(counter)s unit evaluated; average total %(average)s, median %(median)s.",
            "%(counter)s units evaluated; average total %(average)s, median %(median)s.",
            len(table.rows),
        )
        % {"counter": len(table.rows), "average": number(table.average), "median": number(table.median)}
    )
    if lines := table.left_out:
        document.add_paragraph(_("Not counted in the average or the distribution:"))
        for line in lines:
            document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("Predicate distribution"), level=3)
    add_table(
        document,
        [_("Predicate"), _("Units")],
        [[f"{band.code or DASH} · {band.label}", str(band.count)] for band in table.distribution],
        numeric={1},
    )
    tops = table.tops
    add_numbered_heading(document, 6, _("Every unit's result"))
    results = add_table(
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
    add_numbered_heading(document, 7, _("Heatmap: share of the maximum per area (%)"))
    add_table(
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
    add_numbered_heading(document, 8, _("Recurring findings"))
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
    add_numbered_heading(document, 9, _("Recommendations by area"))
    for area in recap.findings:
        document.add_heading(f"{area.node.code} · {area.node.title}", level=3)
        add_table(
            document,
            [_("Unit"), _("Recommendation (rekomendasi)")],
            [list(pair) for pair in area.recommendations],
        )
    if not recap.findings:
        document.add_paragraph(_("No recommendation was written in this period."))
    add_signature(document, recap.texts, recap.date)
    return document
