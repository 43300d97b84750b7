from django import template

register = template.Library()


@register.filter
def shown(value):
    """A value for history tables: '–' for empty (None, '', []), but 0 and False stay visible."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    return value


@register.filter
def change_rows(entry):
    """The changes of a ChangeLog entry as readable rows (label, old, new)."""
    from sentra.core.history import readable_changes

    content_type = getattr(entry, "content_type", None)
    model = content_type.model_class() if content_type is not None else None
    return readable_changes(model, getattr(entry, "changes", None) or {})


@register.filter
def request_rows(change_request):
    """An owner's proposed change (business name, NIB, owner name) as readable rows."""
    from sentra.core.history import readable_changes
    from sentra.registry.models import Business

    return readable_changes(Business, change_request.changes or {})


@register.filter
def local_dt(value):
    """A moment in the regency's time zone with its name: '4 Des 2026 22:30 WIB'."""
    from sentra.core.timefmt import local_datetime

    return local_datetime(value)


@register.simple_tag
def time_zone_label():
    from sentra.core.timefmt import zone_label

    return zone_label()


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("en")


@register.filter
def en_label(row):
    """A figure row's label in the active language: its `label_en` (names from the database, e.g. sectors)
    when the page is in English and one is stored, else its `label`."""
    if isinstance(row, dict):
        label, english = row.get("label", ""), row.get("label_en", "")
    else:
        label, english = getattr(row, "name", ""), getattr(row, "name_en", "")
    return english if english and _english() else label
