"""The LHE of a unit as an editable Word document: the Inspektorat edits and signs it in Word."""

from django.utils import translation
from django.utils.translation import gettext as _

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
from nyata.reports.queries.lhe import Lhe


def lhe_docx(lhe: Lhe) -> bytes:
    with translation.override("id"):
        return to_bytes(_lhe(lhe))


def _lhe(lhe: Lhe):
    document = new_document(lhe.texts)
    add_title(
        document,
        [
            _("Report on the internal evaluation of bureaucratic reform"),
            lhe.unit,
            _("Year %(year)s") % {"year": lhe.year},
        ],
    )
    add_pairs(
        document,
        [
            (_("Number"), lhe.number),
            (_("Date"), long_date(lhe.date)),
            (_("Period"), lhe.period),
            (_("Instrument"), f"{lhe.instrument} ({_('version')} {lhe.instrument_version})"),
        ],
    )
    add_draft_note(document, lhe.is_final)
    add_numbered_heading(document, 1, _("Legal basis"))
    for line in lhe.legal_basis:
        document.add_paragraph(line, style="List Number")
    add_numbered_heading(document, 2, _("Purpose"))
    add_texts(document, lhe.texts.purpose)
    add_numbered_heading(document, 3, _("Scope"))
    add_texts(document, lhe.texts.scope)
    document.add_paragraph(
        _("Unit evaluated: %(unit)s; period: %(period)s; instrument: %(instrument)s, version %(version)s.")
        % {
            "unit": lhe.unit,
            "period": lhe.period,
            "instrument": lhe.instrument,
            "version": lhe.instrument_version,
        }
    )
    add_numbered_heading(document, 4, _("Method"))
    add_texts(document, lhe.texts.method)
    add_numbered_heading(document, 5, _("Result"))
    if lhe.previous is not None:
        before = _("%(title)s: %(total)s, predicate %(predicate)s") % {
            "title": lhe.previous.title,
            "total": number(lhe.previous.total),
            "predicate": lhe.previous.predicate or DASH,
        }
        previous = (change(lhe.change), before)
    else:
        previous = (DASH, _("no published result of an earlier period"))
    add_table(
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
    add_table(
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
    add_numbered_heading(document, 6, _("Findings and recommendations per area"))
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
    add_numbered_heading(document, 7, _("Where the unit gains most"))
    if lhe.gains:
        document.add_paragraph(_("How much the total would rise if the indicator earned full marks:"))
        add_table(
            document,
            [_("Indicator"), _("Gain")],
            [[f"{g.code} · {g.title}", f"+{number(g.gain)}"] for g in lhe.gains],
            numeric={1},
        )
    else:
        document.add_paragraph(_("Every indicator already has full marks."))
    add_numbered_heading(document, 8, _("Public satisfaction survey (SKM)"))
    _skm(document, lhe)
    add_numbered_heading(document, 9, _("Closing"))
    add_texts(document, lhe.texts.closing)
    add_signature(document, lhe.texts, lhe.date)
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
    add_table(
        document,
        ["", _("Figure"), _("Note")],
        [[_("IKM"), number(skm.ikm), f"{_('mutu')} {skm.mutu} ({skm.kinerja})"]],
        numeric={1},
    )
    add_table(
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
