"""Figures the Indonesian way in report templates, and the landing pages' link to the dashboard."""

from django import template

from nyata.org import rules
from nyata.reports import indonesian

register = template.Library()


@register.filter
def angka(value, places=2):
    """{{ total|angka }} -> "1.234,50"; {{ share|angka:1 }} -> "81,3"."""
    return indonesian.number(value, int(places))


@register.filter
def selisih(value, places=2):
    """{{ change|selisih }} -> "+1,25" / "-0,50" / "—"."""
    return indonesian.change(value, int(places))


@register.filter
def tanggal(value, zone=None):
    return indonesian.long_date(value, zone) if value else indonesian.DASH


@register.inclusion_tag("reports/_dashboard_link.html", takes_context=True)
def dashboard_link(context):
    """On a landing page: the dashboard of results, for whoever may open it (the page checks again)."""
    user = context.get("user")
    instansi = getattr(user, "instansi", None) if user is not None and rules.is_signed_in(user) else None
    shown = instansi is not None and rules.has_perm(user, "reports.view_dashboard", instansi)
    return {"instansi": instansi, "shown": shown}


@register.filter
def get_cell(mapping, key):
    """{{ row.cells|get_cell:node.code }}: a dict entry by a key held in a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def area_average(table, code):
    """{{ table|area_average:area.code }}: the city's average cell of one area."""
    return table.area_average(code)
