from django import template

from sentra.catalog.i18n import catalog_reverse, current

register = template.Library()


@register.simple_tag
def caturl(name, **kwargs):
    """{% caturl "product" pk=p.pk slug=p.slug %} — the catalog URL in the active language."""
    return catalog_reverse(name, **kwargs)


@register.simple_tag
def catlang():
    return current()


@register.filter
def rupiah(value):
    if value is None or value == "":
        return ""
    return "Rp" + f"{int(value):,}".replace(",", ".")
