"""Named figures of the engagement module (work-plan KPIs and public statistics bind to these by code).

- skm_index: the SKM index (25–100, 2 decimals) of the latest published period with at least 3 answers.
- skm_respondents: the respondents of that period.
- ideas_total: ideas (aspirasi) recorded.
- ideas_followed_up: ideas followed up (ditindaklanjuti or selesai).
- ideas_followed_up_share: ideas followed up as a share of ideas decided (followed up, done or rejected), %.
"""

from django.db.models import Count, Q

from sentra.metrics.named import register

FOLLOWED = ("ditindaklanjuti", "selesai")


def skm_index() -> float | None:
    from sentra.engagement.selectors import latest_published_period, skm_overall

    period = latest_published_period()
    if period is None:
        return None
    result = skm_overall(period).result
    return float(result["index_display"]) if result else None


def skm_respondents() -> int:
    from sentra.engagement.selectors import latest_published_period

    period = latest_published_period()
    return period.responses.count() if period else 0


def _idea_counts() -> dict:
    from sentra.engagement.models import Idea

    return Idea.objects.aggregate(
        total=Count("pk"),
        followed=Count("pk", filter=Q(status__in=FOLLOWED)),
        decided=Count("pk", filter=Q(status__in=(*FOLLOWED, "ditolak"))),
    )


def ideas_total() -> int:
    return _idea_counts()["total"]


def ideas_followed_up() -> int:
    return _idea_counts()["followed"]


def ideas_followed_up_share() -> float | None:
    counts = _idea_counts()
    return round(100 * counts["followed"] / counts["decided"], 1) if counts["decided"] else None


register(
    "skm_index",
    "Indeks Kepuasan Masyarakat (SKM)",
    "indeks 25–100",
    "Indeks SKM (PermenPAN-RB 14/2017, bobot 1/9) periode survei terbaru yang diterbitkan, semua layanan.",
    skm_index,
    public=True,
)
register(
    "skm_respondents",
    "Responden SKM",
    "orang",
    "Jumlah responden periode survei SKM terbaru yang diterbitkan.",
    skm_respondents,
    public=True,
)
register("ideas_total", "Aspirasi IKM", "usulan", "Usulan dan aspirasi yang tercatat.", ideas_total, public=True)
register(
    "ideas_followed_up",
    "Aspirasi ditindaklanjuti",
    "usulan",
    "Usulan berstatus ditindaklanjuti atau selesai.",
    ideas_followed_up,
    public=True,
)
register(
    "ideas_followed_up_share",
    "Aspirasi ditindaklanjuti (persen)",
    "%",
    "Usulan ditindaklanjuti atau selesai dibagi usulan yang sudah diputuskan (termasuk ditolak), dalam persen.",
    ideas_followed_up_share,
    public=True,
)
