"""Change history as sentences: field labels and readable values instead of keys, codes and None.

`readable_changes(Model, {"founded_year": [2015, 2016], "district_id": [None, 7]})` →
`[{"label": "Tahun berdiri", "old": "2015", "new": "2016"}, {"label": "Kecamatan", "old": "–", "new": "Dander"}]`.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = "–"
HIDDEN = "•••"
# Keys that are not model fields (services log them by these names).
EXTRA_LABELS = {
    "owner_name": gettext_lazy("Nama pemilik"),
    "nib": gettext_lazy("NIB"),
    "session": gettext_lazy("Kegiatan"),
    "version": gettext_lazy("Versi"),
    "pengingat e-mail": gettext_lazy("Pengingat e-mail terkirim"),
}
# Whole numbers that are not quantities: never grouped with thousands separators.
PLAIN_NUMBER_FIELDS = {"year", "founded_year", "serial", "months", "version", "order"}


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model, name: str) -> str:
    field = _field(model, name)
    if name in EXTRA_LABELS and (field is None or str(field.verbose_name).replace(" ", "_") == field.name):
        return capfirst(str(EXTRA_LABELS[name]))  # not a field, or one without a verbose name of its own
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    if name in EXTRA_LABELS:
        return capfirst(str(EXTRA_LABELS[name]))
    return capfirst(name.removesuffix("_id").replace("_", " "))


def _related_names(field, values, cache):
    model = field.related_model
    wanted = {v for v in values if v not in (None, "") and (model, v) not in cache}
    if wanted:
        try:
            found = {str(o.pk): str(o) for o in model._base_manager.filter(pk__in=wanted)}
        except (ValueError, TypeError):
            found = {}
        for v in wanted:
            cache[(model, v)] = found.get(str(v), f"#{v}")


def readable_value(model, name: str, value, cache: dict | None = None) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if value == HIDDEN:
        return HIDDEN
    field = _field(model, name)
    if field is not None:
        if field.is_relation and field.many_to_one:
            cache = {} if cache is None else cache
            _related_names(field, [value], cache)
            return cache[(field.related_model, value)]
        if field.choices:
            labels = {str(k): v for k, v in field.flatchoices}
            if isinstance(value, list):
                return ", ".join(str(labels.get(str(v), v)) for v in value)
            return str(labels.get(str(value), value))
        if isinstance(field, models.BooleanField):
            return _("ya") if value in (True, "True", "true", 1) else _("tidak")
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            try:
                return date_format(dt.date.fromisoformat(str(value)[:10]), "j F Y")
            except ValueError:
                return str(value)
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, int):
        if name in PLAIN_NUMBER_FIELDS or (field is not None and "year" in field.name):
            return str(value)
        return number_format(value, force_grouping=True)
    if isinstance(value, (float, Decimal)):
        return number_format(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or EMPTY
    return str(value)


def readable_changes(model, changes: dict, skip=("version",)) -> list[dict]:
    """[{"field", "label", "old", "new"}] for a {"field": [old, new]} dict, in the model's field order."""
    cache: dict = {}
    order = {}
    if model is not None:
        for i, f in enumerate(model._meta.concrete_fields):
            order[f.name] = order[f.attname] = i
    rows = []
    for name in sorted(changes, key=lambda n: (order.get(n, 999), n)):
        if name in skip:
            continue
        change = changes[name]
        old, new = (change + [None, None])[:2] if isinstance(change, list) else (None, change)
        rows.append(
            {
                "field": name,
                "label": field_label(model, name),
                "old": readable_value(model, name, old, cache),
                "new": readable_value(model, name, new, cache),
            }
        )
    return rows
