"""`{% load indicator_annotations %}`: the blocks higher apps registered beside an indicator
(nyata.instruments.annotations), e.g. `{% for a in annotations|beside:node.code %}`."""

from django import template

register = template.Library()


@register.filter
def beside(annotations, code):
    if not annotations:
        return ()
    return annotations.get(code, ())
