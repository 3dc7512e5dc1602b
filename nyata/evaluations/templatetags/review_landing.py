"""The evaluator's and the pengampu verifier's landing pages: what waits for them in open periods.
A template tag, so that the landing view of nyata.org needs no evaluations import (org is the lower layer)."""

from django import template

from nyata.evaluations import review_queries

register = template.Library()


@register.inclusion_tag("evaluations/review/_team_work.html")
def team_work(user, instansi) -> dict:
    return {"rows": review_queries.team_work(user), "instansi": instansi}


@register.inclusion_tag("evaluations/review/_verification_work.html")
def verification_work(user, instansi) -> dict:
    return {
        "periods": review_queries.verification_work(user, instansi) if instansi else [],
        "instansi": instansi,
    }
