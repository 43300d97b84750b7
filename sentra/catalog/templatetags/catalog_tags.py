"""Tags of the public catalog's templates.

Loaded after `i18n` ({% load i18n catalog_tags %}), this library's `translate` replaces
Django's in those templates: the same tag (makemessages still finds its strings), but the
output of a constant string is kept per language, since the catalogs do not change while a
process runs. The public pages have ~20 of them, and translating each on every request was
~0.25 ms of a search page's ~1 ms of template work."""

from django import template
from django.template.base import Variable
from django.templatetags.i18n import TranslateNode, do_translate
from django.utils import translation

from sentra.catalog.i18n import catalog_reverse, current
from sentra.core.formats import rupiah

register = template.Library()


class ConstantTranslateNode(TranslateNode):
    """{% translate "text" %} with no filters, context or `as`: rendered once per language."""

    def __init__(self, filter_expression, noop):
        super().__init__(filter_expression, noop)
        self.rendered: dict = {}

    def render(self, context):
        key = (translation.get_language(), context.autoescape)
        value = self.rendered.get(key)
        if value is None:
            value = self.rendered[key] = super().render(context)
        return value


@register.tag("translate")
def translate(parser, token):
    node = do_translate(parser, token)
    expression = node.filter_expression
    constant = (
        isinstance(expression.var, Variable)
        and expression.var.literal is not None
        and not expression.filters
        and not node.asvar
        and not node.message_context
    )
    return ConstantTranslateNode(expression, node.noop) if constant else node


@register.simple_tag
def caturl(name, **kwargs):
    """{% caturl "product" pk=p.pk slug=p.slug %} — the catalog URL in the active language."""
    return catalog_reverse(name, **kwargs)


@register.simple_tag
def catlang():
    return current()


register.filter("rupiah", rupiah)


@register.filter
def unit(value):
    """A unit of sale in the page's language (catalog/units.py)."""
    from sentra.catalog.i18n import current
    from sentra.catalog.units import unit_label

    return unit_label(value, current())
