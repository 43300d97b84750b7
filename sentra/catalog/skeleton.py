"""Public catalog pages served from a rendered skeleton: the template rendered once per process
with a mark in place of each value that changes per request, then filled in per request.

The listing and search page is the catalog's busiest page, and rendering its template cost
~0.8-1.3 ms of a ~2.5-4 ms search request on the machines here (~60 nodes, each a few µs:
variable lookups, block and extends handling, translation lookups) while only about ten values
differ between requests. The template stays the one source of the markup: a skeleton is the
template's own output, rendered with marks, for one combination of the page's branches (which
values are empty, and the flags and constants the caller puts in the key: language, home
regency, settings). A value is escaped exactly as the template would escape it
(`conditional_escape`), so the page is the same byte for byte (tests/test_skeleton.py renders
both ways and compares). Pages with something a skeleton does not know (form errors, flash
messages) are rendered by the template as before."""

import re
from collections.abc import Callable

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# A mark cannot occur in a rendered page otherwise: templates hold no NUL, and values are only
# put in after the split, so a value that held one could not be taken for a mark.
_MARK = "\x00{}\x00"
_SLOT = re.compile("\x00(\\w+)\x00")
MAX_SKELETONS = 256  # per process; cleared when full (keys change with the home regency's names)

_skeletons: dict[tuple, list[str]] = {}


def render(key: tuple, build: Callable[[dict[str, str]], str], values: dict[str, str]) -> str:
    """The page for `values` ({name: text}) from the skeleton kept under `key` and which values
    are empty; `build(marks)` renders the template with a mark in place of each non-empty value
    and "" for the empty ones (on the first use of that key). An empty value is part of the key,
    so `{% if value %}` is decided right; every other branch of the template must be in `key`."""
    filled = tuple(bool(v) for v in values.values())
    parts = _skeletons.get((key, filled))
    if parts is None:
        if len(_skeletons) >= MAX_SKELETONS:
            _skeletons.clear()
        # a mark is safe, so the template puts it in as it is
        stand_in = {name: mark_safe(_MARK.format(name)) if value else "" for name, value in values.items()}  # noqa: S308
        parts = _skeletons[(key, filled)] = _SLOT.split(build(stand_in))
    out = parts.copy()
    for i in range(1, len(out), 2):
        out[i] = conditional_escape(values[out[i]])
    return "".join(out)


def forget() -> None:
    _skeletons.clear()
