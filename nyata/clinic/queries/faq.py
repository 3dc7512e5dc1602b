"""The FAQ: published questions and answers of an instansi, by instrument and indicator, searchable."""

from django.db.models import Q, QuerySet

from nyata.clinic.models import Faq
from nyata.org.models import Instansi


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
