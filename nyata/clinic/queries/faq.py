"""The FAQ: published questions and answers of an instansi, by instrument and indicator, searchable."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from nyata.clinic.models import Faq
from nyata.evaluations.instrument import indicators_of
from nyata.org.models import Instansi
from nyata.scoring import Node


def faq_list(
    instansi: Instansi, *, search: str = "", instrument_code: str = "", indicator: str = ""
) -> QuerySet[Faq]:
    faqs = Faq.objects.filter(instansi=instansi)
    if instrument_code:
        faqs = faqs.filter(instrument_code=instrument_code)
    if indicator:
        faqs = faqs.filter(indicator=indicator)
    for word in search.split()[:8]:  # every word must appear somewhere; a few words are plenty
        faqs = faqs.filter(
            Q(question__icontains=word) | Q(answer__icontains=word) | Q(indicator__iexact=word)
        )
    return faqs


def faq_by_indicator(instansi_ids, instrument_code: str) -> dict[str, list[Faq]]:
    found: dict[str, list[Faq]] = {}
    for faq in Faq.objects.filter(instansi_id__in=instansi_ids, instrument_code=instrument_code):
        found.setdefault(faq.indicator, []).append(faq)
    return found


@dataclass(frozen=True)
class MaterialEntry:
    node: Node
    faqs: list[Faq]


def areas_of(instrument) -> list[str]:
    """The RB areas an instrument names on its indicators, in file order."""
    found: list[str] = []
    for node in indicators_of(instrument).values():
        if node.pengampu and node.pengampu not in found:
            found.append(node.pengampu)
    return found


def material_of_area(instansi: Instansi, instrument, area: str) -> list[MaterialEntry]:
    """The clinic's material of one RB area: each indicator's guidance with its FAQ, in file order."""
    faqs = faq_by_indicator([instansi.pk], instrument.code)
    return [
        MaterialEntry(node, faqs.get(code, []))
        for code, node in indicators_of(instrument).items()
        if node.pengampu == area
    ]
