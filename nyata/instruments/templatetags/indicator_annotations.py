"""`{% load indicator_annotations %}`: the blocks higher apps registered beside an indicator
(nyata.instruments.annotations), e.g. `{% for a in annotations|beside:node %}`."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html_join

from nyata.instruments.annotations import STYLESHEETS

register = template.Library()


@register.filter
def beside(annotations, node):
    """The blocks beside an indicator, given the node (or its code)."""
    if not annotations:
        return ()
    return annotations.get(getattr(node, "code", node), ())


@register.simple_tag
def annotation_stylesheets():
    """The <link> of every registered provider's stylesheet, for a page's {% block head %}."""
    return format_html_join(
        "\n", '<link rel="stylesheet" href="{}">', ((static(path),) for path in STYLESHEETS)
    )
