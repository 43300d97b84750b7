"""Scalar named figures: one number per code, readable by every module that binds to a figure.

The work plan's indicators, the public statistics page and the API read a figure by its code through
`value(code)`. Each capability registers its own figures in its `metrics.py` module (discovered when the
metrics app is ready, like Django's admin discovers `admin.py`):

    from sentra.metrics.named import register

    register("orders_paid_to_ikm", "Nilai pesanan seragam ke IKM", "rupiah", "…definition…", compute_fn)

A figure that is renamed or removed simply stops being registered: `value()` then returns None and a
binding can say which indicator lost its source (`is_known()`).
"""

from collections.abc import Callable
from dataclasses import dataclass

Number = int | float


@dataclass(frozen=True)
class NamedFigure:
    code: str
    label: str
    unit: str
    definition: str
    compute: Callable[[], Number | None]
    public: bool = False


_REGISTRY: dict[str, NamedFigure] = {}


def register(
    code: str,
    label: str,
    unit: str,
    definition: str,
    compute: Callable[[], Number | None],
    *,
    public: bool = False,
) -> NamedFigure:
    """Register (or re-register, on module reload) the figure `code`."""
    figure = NamedFigure(code, label, unit, definition, compute, public)
    _REGISTRY[code] = figure
    return figure


def unregister(code: str) -> None:
    """For tests of a figure that disappears."""
    _REGISTRY.pop(code, None)


def get(code: str) -> NamedFigure | None:
    return _REGISTRY.get(code)


def is_known(code: str) -> bool:
    return code in _REGISTRY


def all_figures(*, public: bool | None = None) -> list[NamedFigure]:
    """Every registered figure, by code; public=True/False filters on the public flag."""
    figures = sorted(_REGISTRY.values(), key=lambda f: f.code)
    return [f for f in figures if public is None or f.public == public]


def choices() -> list[tuple[str, str]]:
    """(code, label) pairs for a form's select."""
    return [(f.code, f"{f.label} ({f.code})") for f in all_figures()]


def value(code: str) -> Number | None:
    """The live value of `code`, or None when no such figure is registered."""
    figure = _REGISTRY.get(code)
    return None if figure is None else figure.compute()


def _registry_figure(key: str) -> Callable[[], Number]:
    def compute() -> Number:
        from sentra.metrics.figures import regency_statistics

        return regency_statistics()[key]

    return compute


def _permit_count(kind: str) -> Callable[[], Number]:
    def compute() -> Number:
        from sentra.metrics.figures import regency_statistics

        return next((p["count"] for p in regency_statistics()["permit_coverage"] if p["code"] == kind), 0)

    return compute


# The registry's own scalar figures (metrics/figures.py computes them; these read them by name).
register(
    "total", "Jumlah IKM", "IKM", "IKM terdaftar yang tidak berstatus tutup.", _registry_figure("total"), public=True
)
register(
    "with_nib", "IKM ber-NIB", "IKM", "IKM terdaftar yang memiliki izin NIB.", _registry_figure("with_nib"), public=True
)
register(
    "nib_coverage",
    "Cakupan NIB",
    "%",
    "IKM ber-NIB dibagi jumlah IKM, dalam persen.",
    _registry_figure("nib_coverage"),
    public=True,
)
register(
    "exporters",
    "IKM eksportir",
    "IKM",
    "IKM dengan jangkauan pasar ekspor.",
    _registry_figure("exporters"),
    public=True,
)
register(
    "districts",
    "Kecamatan terjangkau",
    "kecamatan",
    "Kecamatan yang memiliki paling sedikit satu IKM.",
    _registry_figure("districts"),
    public=True,
)
register(
    "with_halal",
    "IKM bersertifikat halal",
    "IKM",
    "IKM terdaftar yang memiliki sertifikat halal.",
    _permit_count("halal"),
    public=True,
)


def _activity_figure(name: str) -> Callable[[], Number]:
    def compute() -> Number:
        from sentra.metrics.activity import activity_figures

        return next(v.value for v in activity_figures() if v.figure.name == name)

    return compute


def _register_activity() -> None:
    from sentra.metrics.activity import ACTIVITY_FIGURES, PUBLIC_ACTIVITY

    for f in ACTIVITY_FIGURES:
        register(
            f.name,
            f.label,
            "IKM" if f.name.startswith(("ikm_", "new_")) else "jumlah",
            f.definition,
            _activity_figure(f.name),
            public=f.name in PUBLIC_ACTIVITY,
        )


def autodiscover() -> None:
    """Register the activity figures and import every app's `metrics` module (where apps register theirs)."""
    from django.utils.module_loading import autodiscover_modules

    _register_activity()
    autodiscover_modules("metrics")
