"""What the city recap (laporan hasil evaluasi internal RB of the instansi) says, as plain data for the PDF,
the Word document and the workbook: every unit's figures, the distribution, the heatmap, the recurring
findings and the recommendations by area, and each unit's SKM."""

from dataclasses import dataclass
from datetime import date

from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Period
from nyata.reports.queries.city import AreaFindings, CityTable, city_table, findings_by_area
from nyata.reports.queries.lhe import document_date
from nyata.reports.queries.skm import UnitSkm, skm_by_unit
from nyata.reports.queries.texts import Texts, texts_of


@dataclass
class Recap:
    is_final: bool
    instansi: str
    period: str
    year: int
    instrument: str
    instrument_version: str
    date: date
    texts: Texts
    legal_basis: list[str]
    table: CityTable
    findings: list[AreaFindings]
    skm: dict[int, UnitSkm]

    @property
    def filename_stem(self) -> str:
        return f"{'' if self.is_final else 'DRAF-'}Rekap-LHE-RB-{self.year}"

    @property
    def distribution_bars(self) -> list[tuple]:
        """(band, width in percent of the widest band) for the server-drawn bar chart."""
        top = max((band.count for band in self.table.distribution), default=0) or 1
        return [(band, band.count * 100 / top) for band in self.table.distribution]


def recap_of(period: Period) -> Recap:
    definition = definition_of(period.instrument)
    texts = texts_of(period.instansi)
    table = city_table(period)
    return Recap(
        is_final=period.is_locked,
        instansi=period.instansi.name,
        period=period.title,
        year=period.year,
        instrument=definition.title,
        instrument_version=definition.version,
        date=document_date(period),
        texts=texts,
        legal_basis=[*definition.legal_basis, *texts.extra_basis],
        table=table,
        findings=findings_by_area(period),
        skm=skm_by_unit(period, [row.assessment.unit_id for row in table.rows]),
    )
