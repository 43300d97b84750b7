"""Reads of the work plan: live indicator values, progress, quarterly and year-end reports."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape

from sentra.metrics import named
from sentra.planning.models import Activity, Indicator, IndicatorSnapshot, Programme, QuarterNote, WorkPlan

QUARTERS = (1, 2, 3, 4)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return (dt.date(year, month % 12 + 1, 1) if month < 12 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)


def get_plan(year: int) -> WorkPlan:
    plan = WorkPlan.objects.filter(year=year).first()
    if plan is None:
        raise Http404("Rencana kerja tidak ditemukan.")
    return plan


def live_values(codes) -> dict[str, float | None]:
    """{code: live value}; each figure computed once (they are cached under the figures version)."""
    values = {}
    for code in sorted(set(codes)):
        v = named.value(code)
        values[code] = None if v is None else float(v)
    return values


def _pct(part, whole) -> float | None:
    if part is None or whole in (None, 0):
        return None
    return round(float(part) / float(whole) * 100, 1)


def achievement(indicator: Indicator, actual, target) -> float | None:
    """% achieved: realisation/target for 'naik', target/realisation for 'turun' (as the office reports it)."""
    if actual is None or target is None:
        return None
    if indicator.direction == Indicator.Direction.DOWN:
        return _pct(target, actual) if actual else None
    return _pct(actual, target)


@dataclass
class IndicatorRow:
    indicator: Indicator
    actual: float | None
    source_lost: bool  # bound to a figure that is no longer registered
    achieved: float | None  # % of the yearly target
    progress: float | None  # % of the way from baseline to target
    figure_label: str = ""
    snapshots: dict = field(default_factory=dict)  # quarter -> value

    @property
    def bound(self) -> bool:
        return bool(self.indicator.figure)


def indicator_actual(indicator: Indicator, values: dict) -> tuple[float | None, bool]:
    if indicator.figure:
        if not named.is_known(indicator.figure):
            return None, True
        return values.get(indicator.figure), False
    return (None if indicator.manual_value is None else float(indicator.manual_value)), False


def indicator_rows(plan: WorkPlan, indicators=None) -> list[IndicatorRow]:
    indicators = list(indicators if indicators is not None else plan.indicators.all())
    values = live_values(i.figure for i in indicators if i.figure and named.is_known(i.figure))
    snaps: dict[int, dict[int, float | None]] = {}
    for s in IndicatorSnapshot.objects.filter(indicator__in=indicators):
        snaps.setdefault(s.indicator_id, {})[s.quarter] = None if s.value is None else float(s.value)
    rows = []
    for ind in indicators:
        actual, lost = indicator_actual(ind, values)
        span = float(ind.target - ind.baseline)
        progress = None
        if actual is not None and span:
            progress = round((actual - float(ind.baseline)) / span * 100, 1)
        figure = named.get(ind.figure) if ind.figure else None
        rows.append(
            IndicatorRow(
                ind,
                actual,
                lost,
                achievement(ind, actual, float(ind.target)),
                progress,
                figure.label if figure else "",
                snaps.get(ind.pk, {}),
            )
        )
    return rows


ACTIVITY_VALUES = (
    "id",
    "programme_id",
    "name",
    "start_month",
    "end_month",
    "budget_ceiling",
    "budget_spent",
    "status",
    "link",
    "order_round_id",
    "order_round__title",
    "idea_id",
    "idea__category",
    "session_id",
    "session__title",
    "responsible_user__username",
    "responsible_user__first_name",
    "responsible_user__last_name",
    "responsible_partner__name",
    "program_id",
    "program__title",
)


def plan_page(plan: WorkPlan) -> dict:
    """What the plan page shows: programmes with their activities (plain rows: a page of 200 activities
    builds no model instances), budget totals, indicator rows."""
    programmes = list(plan.programmes.all())
    activities: dict[int, list[dict]] = {p.pk: [] for p in programmes}
    ceiling = spent = 0
    over = []
    for a in (
        Activity.objects.filter(programme__plan=plan).order_by("programme", "order", "id").values(*ACTIVITY_VALUES)
    ):
        a["over_ceiling"] = a["budget_spent"] > a["budget_ceiling"]
        activities[a["programme_id"]].append(a)
        ceiling += a["budget_ceiling"]
        spent += a["budget_spent"]
        if a["over_ceiling"]:
            over.append(a)
    for p in programmes:
        p.activity_rows = activities[p.pk]
    rows = indicator_rows(plan)
    return {
        "programmes": programmes,
        "budget_ceiling": ceiling,
        "budget_spent": spent,
        "budget_pct": _pct(spent, ceiling),
        "rows": rows,
        "lost": [r for r in rows if r.source_lost],
        "over_ceiling": over,
    }


@dataclass
class QuarterRow:
    indicator: Indicator
    target: float
    realisation: float | None
    achieved: float | None
    obstacles: str
    source_lost: bool
    from_snapshot: bool
    live_after_end: bool = False  # the quarter ended without a snapshot: today's value stands in


def quarter_report(plan: WorkPlan, quarter: int, today: dt.date | None = None) -> list[QuarterRow]:
    """Target, realisation, % achieved and obstacles of each indicator in `quarter`: the snapshot taken at
    the quarter's end when there is one, else the live value (a quarter still running)."""
    today = today or timezone.localdate()
    rows = indicator_rows(plan)
    notes = {
        n.indicator_id: n.obstacles
        for n in QuarterNote.objects.filter(indicator__plan=plan, quarter=quarter).only("indicator_id", "obstacles")
    }
    out = []
    for r in rows:
        ind = r.indicator
        target = float(ind.quarter_target(quarter))
        if quarter in r.snapshots:
            value, snap = r.snapshots[quarter], True
        else:  # a quarter still running, or one that ended without a snapshot: the live value, marked so
            value, snap = r.actual, False
        ended = (plan.year, quarter) < (today.year, quarter_of(today))
        out.append(
            QuarterRow(
                ind,
                target,
                value,
                achievement(ind, value, target),
                notes.get(ind.pk, ""),
                r.source_lost,
                snap,
                ended and not snap and ind.figure != "",
            )
        )
    return out


def programme_budgets(plan: WorkPlan) -> list[dict]:
    rows = []
    for p in Programme.objects.filter(plan=plan).annotate(
        ceiling=Sum("activities__budget_ceiling"), spent=Sum("activities__budget_spent")
    ):
        rows.append(
            {"programme": p, "ceiling": p.ceiling or 0, "spent": p.spent or 0, "pct": _pct(p.spent or 0, p.ceiling)}
        )
    return rows


def headline_rows(year: int | None = None) -> tuple[WorkPlan | None, list[IndicatorRow]]:
    """The approved plan of `year` (default: this year, else the newest approved) and its headline indicators
    bound to public figures or entered by hand — what /statistik/ shows."""
    qs = WorkPlan.objects.filter(status=WorkPlan.Status.APPROVED)
    plan = qs.filter(year=year or timezone.localdate().year).first() or qs.order_by("-year").first()
    if plan is None:
        return None, []
    public = {f.code for f in named.all_figures(public=True)}
    indicators = [i for i in plan.indicators.filter(headline=True) if not i.figure or i.figure in public]
    return plan, indicator_rows(plan, indicators)


def chart_svg(row: IndicatorRow, width: int = 320, height: int = 120) -> str:
    """An inline SVG per indicator: the target line (baseline → yearly target over four quarters) and the
    actual values (quarter snapshots, then the live value)."""
    ind = row.indicator
    base, target = float(ind.baseline), float(ind.target)
    targets = [float(ind.quarter_target(q)) if getattr(ind, f"target_q{q}") is not None else None for q in QUARTERS]
    target_pts = [(0, base)]
    for q, t in zip(QUARTERS, targets, strict=True):
        target_pts.append((q, t if t is not None else base + (target - base) * q / 4))
    actual_pts = [(0, base)] + [(q, v) for q, v in sorted(row.snapshots.items()) if v is not None]
    if row.actual is not None and (not row.snapshots or max(row.snapshots) < 4):
        nxt = (max(row.snapshots) if row.snapshots else 0) + 1
        actual_pts.append((min(nxt, 4), row.actual))
    values = [v for _, v in target_pts + actual_pts]
    lo, hi = min(values + [0]), max(values) or 1
    pad = 10

    def xy(q, v):
        x = pad + (width - 2 * pad) * q / 4
        y = height - pad - (height - 2 * pad) * ((v - lo) / ((hi - lo) or 1))
        return f"{x:.1f},{y:.1f}"

    target_line = " ".join(xy(q, v) for q, v in target_pts)
    actual_line = " ".join(xy(q, v) for q, v in actual_pts)
    dots = "".join(
        f'<circle cx="{xy(q, v).split(",")[0]}" cy="{xy(q, v).split(",")[1]}" r="3" fill="#2a6f97"/>'
        for q, v in actual_pts[1:]
    )
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" class="indicator-chart" aria-label="{escape(ind.name)}">'
        f'<polyline points="{target_line}" fill="none" stroke="#9ca3af" stroke-dasharray="4 3" stroke-width="2"/>'
        f'<polyline points="{actual_line}" fill="none" stroke="#2a6f97" stroke-width="2"/>{dots}</svg>'
    )


def to_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
