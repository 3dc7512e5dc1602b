"""`{% load numbers %}`: {{ score|figure:2 }}, {{ share|percent:1 }}, {{ answer|typed }} (core.numbers)."""

from django import template

from nyata.core import numbers

register = template.Library()


@register.filter
def figure(value, places=None):
    return numbers.figure(value, None if places in (None, "") else int(places))


@register.filter
def percent(value, places=None):
    return numbers.percent(value, None if places in (None, "") else int(places))


@register.filter
def typed(value):
    return numbers.typed(value)
