"""Reads of the engagement module: SKM reports from database aggregates, poll results, idea scopes and the
similar-idea suggestions."""

import threading
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from sentra.engagement import skm
from sentra.engagement.models import (
    ELEMENT_FIELDS,
    SUM_FIELDS,
    Idea,
    Poll,
    Service,
    SkmTally,
    SurveyPeriod,
    SurveyResponse,
)
from sentra.engagement.percent import largest_remainder

MIN_CELL = 3  # breakdowns with fewer answers are suppressed


# --- SKM ----------------------------------------------------------------------------------------------------


@dataclass
class SkmResult:
    label: str
    n: int
    anonymous: int = 0
    signed_in: int = 0
    result: dict | None = None  # skm.compute output; None when suppressed or empty
    suppressed: bool = False
    population: int | None = None
    recommended: int | None = None
    margin: float | None = None
    weakest: list = field(default_factory=list)  # [(code, label, nrr)]


def _tallies(period: SurveyPeriod) -> dict:
    """{service_id: {n, anon, u1..u9 sums}} of a period, summed from its running totals (SkmTally) by one
    GROUP BY (service, anonymous): the overall, per-service and anonymous/signed-in figures all come from it."""
    aggregates = {f: Sum(s) for f, s in zip(ELEMENT_FIELDS, SUM_FIELDS, strict=True)}
    rows = period.tallies.order_by().values("service_id", "anonymous").annotate(c=Sum("n"), **aggregates)
    out: dict = {}
    for r in rows:
        t = out.setdefault(r["service_id"], {"n": 0, "anon": 0, **{f: 0 for f in ELEMENT_FIELDS}})
        t["n"] += r["c"]
        if r["anonymous"]:
            t["anon"] += r["c"]
        for f in ELEMENT_FIELDS:
            t[f] += r[f] or 0
    return out


def skm_tallies_rebuild(period: SurveyPeriod) -> int:
    """Recompute a period's running totals from its answers (after answers were written in bulk, or to
    check them: tests compare both). Returns the number of tally rows."""
    from django.db import transaction

    key = ["service_id", "anonymous", "age_band", "sex", "education", "occupation"]
    aggregates = {s: Sum(f) for f, s in zip(ELEMENT_FIELDS, SUM_FIELDS, strict=True)}
    rows = period.responses.order_by().values(*key).annotate(c=Count("pk"), **aggregates)
    with transaction.atomic():
        SkmTally.objects.filter(period=period).delete()
        SkmTally.objects.bulk_create(
            [SkmTally(period=period, n=r["c"], **{k: r[k] for k in key}, **{s: r[s] for s in SUM_FIELDS}) for r in rows]
        )
    return period.tallies.count()


def _total(tallies: dict) -> dict:
    total = {"n": 0, "anon": 0, **{f: 0 for f in ELEMENT_FIELDS}}
    for t in tallies.values():
        for key in total:
            total[key] += t[key]
    return total


def _result(label: str, row: dict, weight, population=None, suppress=True) -> SkmResult:
    n = row["n"] or 0
    out = SkmResult(label=label, n=n, anonymous=row["anon"] or 0, signed_in=n - (row["anon"] or 0))
    out.population = population
    if population:
        out.recommended = skm.krejcie_morgan(population)
    if n == 0:
        return out
    if suppress and n < MIN_CELL:
        out.suppressed = True
        return out
    out.result = skm.compute_from_sums([row[f] for f in ELEMENT_FIELDS], n, weight)
    out.margin = skm.margin_of_error(n, population)
    out.weakest = [
        (skm.ELEMENTS[i][0], skm.ELEMENTS[i][1], out.result["nrr"][i]) for i in skm.weakest(out.result["nrr"], 3)
    ]
    return out


def skm_overall(period: SurveyPeriod, tallies: dict | None = None, services=None) -> SkmResult:
    tallies = _tallies(period) if tallies is None else tallies
    services = list(period.services.all()) if services is None else services
    population = sum(s.population or 0 for s in services) or None
    return _result(_("Semua layanan"), _total(tallies), period.weight, population)


def skm_by_service(period: SurveyPeriod, tallies: dict | None = None, services=None) -> list[SkmResult]:
    """One row per service of the period (from the same GROUP BY as the overall figure)."""
    tallies = _tallies(period) if tallies is None else tallies
    services = list(period.services.order_by("order", "name")) if services is None else services
    empty = {"n": 0, "anon": 0, **{f: 0 for f in ELEMENT_FIELDS}}
    return [_result(s.name, tallies.get(s.pk, empty), period.weight, s.population) for s in services]


PROFILE_FIELDS = [
    ("sex", _("Jenis kelamin"), SurveyResponse.Sex),
    ("age_band", _("Usia"), SurveyResponse.AgeBand),
    ("education", _("Pendidikan"), SurveyResponse.Education),
    ("occupation", _("Pekerjaan"), SurveyResponse.Occupation),
]


def skm_profile(period: SurveyPeriod, service: Service | None = None) -> list[dict]:
    """Respondent profile tables (counts and % per category); cells under MIN_CELL show as suppressed (None).
    Never individual rows. One GROUP BY over the four profile fields; the margins are summed here."""
    qs = period.tallies.order_by()
    if service is not None:
        qs = qs.filter(service=service)
    names = [name for name, _title, _choices in PROFILE_FIELDS]
    margins: dict = {name: {} for name in names}
    total = 0
    for row in qs.values(*names).annotate(c=Sum("n")):
        total += row["c"]
        for name in names:
            margins[name][row[name]] = margins[name].get(row[name], 0) + row["c"]
    tables = []
    for name, title, choices in PROFILE_FIELDS:
        counts = margins[name]
        rows = []
        for value, label in choices.choices:
            c = counts.get(value, 0)
            hidden = 0 < c < MIN_CELL
            rows.append(
                {
                    "label": label,
                    "count": None if hidden else c,
                    "percent": None if hidden or not total else round(100 * c / total, 1),
                }
            )
        tables.append({"field": name, "title": title, "rows": rows})
    return tables


def skm_trend(period: SurveyPeriod, limit: int = 6, current: dict | None = None) -> list[dict]:
    """The overall index of this and earlier periods (oldest first): one GROUP BY over the earlier periods;
    the current period's totals are passed in when the caller has them."""
    periods = list(SurveyPeriod.objects.filter(starts_on__lte=period.starts_on).order_by("-starts_on", "-pk")[:limit])
    others = [p.pk for p in periods if p.pk != period.pk]
    aggregates = {f: Sum(s) for f, s in zip(ELEMENT_FIELDS, SUM_FIELDS, strict=True)}
    rows = {
        r["period_id"]: {**r, "n": r["c"]}
        for r in SkmTally.objects.filter(period_id__in=others)
        .order_by()
        .values("period_id")
        .annotate(c=Sum("n"), anon=Sum("n", filter=Q(anonymous=True)), **aggregates)
    }
    rows[period.pk] = current if current is not None else _total(_tallies(period))
    empty = {"n": 0, "anon": 0, **{f: 0 for f in ELEMENT_FIELDS}}
    out = []
    for p in reversed(periods):
        r = _result(p.name, rows.get(p.pk, empty), p.weight)
        out.append({"period": p, "n": r.n, "result": r.result, "suppressed": r.suppressed})
    return out


def skm_report(period: SurveyPeriod) -> dict:
    """Everything the staff page, the Excel and the PDF show for a period, from its running totals (SkmTally):
    per service and anonymity, profile, earlier periods for the trend — a few hundred rows at most, however
    many answers."""
    tallies = _tallies(period)
    services = list(period.services.order_by("order", "name"))
    overall = skm_overall(period, tallies, services)
    return {
        "period": period,
        "overall": overall,
        "services": skm_by_service(period, tallies, services),
        "profile": skm_profile(period),
        "trend": skm_trend(period, current=_total(tallies)),
        "elements": skm.ELEMENTS,
        "min_cell": MIN_CELL,
    }


def latest_published_period() -> SurveyPeriod | None:
    """The most recent published period with at least MIN_CELL answers."""
    candidates = (
        SurveyPeriod.objects.filter(published=True)
        .annotate(n=Sum("tallies__n"))
        .filter(n__gte=MIN_CELL)
        .order_by("-ends_on", "-pk")
    )
    return candidates.first()


def open_periods(today=None):
    from django.utils import timezone

    today = today or timezone.localdate()
    return SurveyPeriod.objects.filter(closed=False, starts_on__lte=today, ends_on__gte=today).order_by("ends_on")


# --- polls --------------------------------------------------------------------------------------------------


def poll_results(poll: Poll) -> dict:
    from sentra.engagement.services import poll_options

    options = poll_options(poll)
    counts = dict(poll.votes.values_list("option").annotate(c=Count("pk")).values_list("option", "c"))
    values = [counts.get(i, 0) for i in range(len(options))]
    percents = largest_remainder(values)
    return {
        "poll": poll,
        "total": sum(values),
        "rows": [{"label": o, "count": c, "percent": p} for o, c, p in zip(options, values, percents, strict=True)],
    }


def poll_weeks(poll: Poll) -> list[dict]:
    """Votes per week (Monday) and option, newest first."""
    from sentra.engagement.services import poll_options

    options = poll_options(poll)
    rows = (
        poll.votes.annotate(week=TruncWeek("created_at"))
        .values("week", "option")
        .annotate(c=Count("pk"))
        .order_by("-week", "option")
    )
    weeks: dict = {}
    for r in rows:
        weeks.setdefault(r["week"], [0] * len(options))[r["option"]] = r["c"]
    return [{"week": w, "counts": c, "total": sum(c), "percents": largest_remainder(c)} for w, c in weeks.items()]


POLL_PATHS_KEY = "engagement:poll-paths"


def poll_paths() -> dict:
    """{page path: poll id} of active polls, cached (cleared when a poll is saved)."""
    paths = cache.get(POLL_PATHS_KEY)
    if paths is None:
        paths = dict(Poll.objects.filter(active=True).values_list("page_path", "pk"))
        cache.set(POLL_PATHS_KEY, paths, 300)
    return paths


def forget_poll_paths() -> None:
    cache.delete(POLL_PATHS_KEY)


def poll_for_path(path: str) -> Poll | None:
    pk = poll_paths().get(path)
    return Poll.objects.filter(pk=pk, active=True).first() if pk else None


def poll_vote_counts_by_page() -> list[dict]:
    return list(
        Poll.objects.annotate(total=Count("votes"))
        .order_by("page_path")
        .values("pk", "page_path", "question", "total", "active")
    )


# --- ideas --------------------------------------------------------------------------------------------------


def ideas_for_user(user):
    """Ideas a signed-in user may see in the back office: office all, operator those of their kecamatan (or
    entered by them), owner their own."""
    qs = Idea.objects.select_related("business", "district", "program", "session")
    if user.is_office:
        return qs
    if user.role == "operator":
        return qs.filter(Q(district__in=user.districts.all()) | Q(entered_by=user))
    if user.role == "owner":
        return qs.filter(Q(submitted_by=user) | Q(business__owner__user=user))
    return qs.none()


def supporters(idea: Idea) -> int:
    return 1 + idea.members.count()


def public_idea_counts() -> dict:
    """Counts per category and per status (no names, no contacts)."""
    by_category = dict(Idea.objects.values_list("category").annotate(c=Count("pk")).values_list("category", "c"))
    by_status = dict(Idea.objects.values_list("status").annotate(c=Count("pk")).values_list("status", "c"))
    return {
        "total": sum(by_status.values()),
        "categories": [
            {"code": c, "label": label, "count": by_category.get(c, 0)} for c, label in Idea.Category.choices
        ],
        "statuses": [{"code": s, "label": label, "count": by_status.get(s, 0)} for s, label in Idea.Status.choices],
    }


def public_ideas(limit: int = 50):
    """Ideas their submitters agreed to publish (group representatives with their supporters)."""
    return (
        Idea.objects.filter(publish_consent=True, group__isnull=True)
        .annotate(n_members=Count("members"))
        .select_related("program", "session__program")
        .only(
            "pk",
            "category",
            "text",
            "status",
            "reject_reason",
            "response",
            "created_at",
            "link_label",
            "program__title",
            "session__title",
            "session__program__title",
        )
        .order_by("-created_at")[:limit]
    )


# Similar ideas: rapidfuzz's token_set_ratio over a cached list of the normalised texts of group
# representatives. The list is rebuilt when an idea is added or changed (key: largest id and latest
# update, two index reads), so it is exact. Before scoring, an inverted index of word prefixes (first 5
# letters: "sertifikat"/"sertifikasi" meet) narrows the candidates to ideas sharing a distinctive word with
# the new one; the words found in more than COMMON_SHARE (5 %) of all ideas only count when nothing rarer is shared.
PREFIX = 5
COMMON_SHARE = 0.05
_similar_cache = {"key": None, "ids": [], "texts": [], "supporters": [], "postings": {}}
_similar_lock = threading.Lock()


def _prefixes(normalized: str) -> set[str]:
    return {w[:PREFIX] for w in normalized.split() if len(w) >= 3}


def _ideas_version() -> tuple:
    """(largest id, latest update) of the ideas: two index look-ups (a COUNT would scan the table). An idea
    added or changed renews it; a deleted idea (no page deletes one) lingers until then, and callers look
    the suggested ids up again, so it is never shown."""
    from django.db import connection

    table = connection.ops.quote_name(Idea._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {table}), (SELECT MAX(updated_at) FROM {table})")  # noqa: S608
        return tuple(cursor.fetchone())


def _similar_corpus():
    key = _ideas_version()
    if _similar_cache["key"] != key:
        with _similar_lock:
            if _similar_cache["key"] != key:
                rows = list(
                    Idea.objects.filter(group__isnull=True)
                    .exclude(status=Idea.Status.REJECTED)
                    .values_list("pk", "normalized")
                )
                members = dict(
                    Idea.objects.filter(group__isnull=False)
                    .values_list("group_id")
                    .annotate(c=Count("pk"))
                    .values_list("group_id", "c")
                )
                postings: dict[str, list[int]] = {}
                for i, (_pk, text) in enumerate(rows):
                    for prefix in _prefixes(text):
                        postings.setdefault(prefix, []).append(i)
                _similar_cache.update(
                    key=key,
                    ids=[r[0] for r in rows],
                    texts=[r[1] for r in rows],
                    supporters=[1 + members.get(r[0], 0) for r in rows],
                    postings=postings,
                )
    return _similar_cache


def _candidates(corpus: dict, query: str) -> list[int] | None:
    """Indexes of ideas sharing a distinctive word prefix with `query` (None: score them all)."""
    postings, size = corpus["postings"], len(corpus["ids"])
    lists = [postings.get(p, []) for p in _prefixes(query)]
    rare = [lst for lst in lists if len(lst) <= COMMON_SHARE * size]
    chosen = rare or lists
    if not chosen:
        return []
    found: set[int] = set()
    for lst in chosen:
        found.update(lst)
    return sorted(found)


def similar_ideas(text: str, *, exclude: int | None = None, limit: int = 5, threshold: int = 70) -> list[dict]:
    """[{idea_id, score, supporters}] of group representatives similar to `text` (token_set_ratio over the
    normalised text), best first."""
    from rapidfuzz import fuzz, process

    from sentra.engagement.services import normalize_text

    query = normalize_text(text)
    if not query:
        return []
    corpus = _similar_corpus()
    candidates = _candidates(corpus, query)
    texts = corpus["texts"] if candidates is None else [corpus["texts"][i] for i in candidates]
    matches = process.extract(query, texts, scorer=fuzz.token_set_ratio, limit=limit + 1, score_cutoff=threshold)
    positions = [i if candidates is None else candidates[i] for _text, _score, i in matches]
    out = [
        {"idea_id": corpus["ids"][p], "score": round(score), "supporters": corpus["supporters"][p]}
        for p, (_text, score, _i) in zip(positions, matches, strict=True)
        if corpus["ids"][p] != exclude
    ]
    return out[:limit]
