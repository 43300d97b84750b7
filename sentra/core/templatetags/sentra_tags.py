from django import template

register = template.Library()


@register.filter
def shown(value):
    """A value for history tables: '–' for empty (None, '', []), but 0 and False stay visible."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    return value
