"""Named figures of the programs module, each defined once (the dashboard and API read these).

- ikm_trained: IKM that completed at least one session (by the completion rule of its program).
- ikm_trained_with_new_permit: of those, IKM holding an NIB / halal / PIRT permit issued after the end of a
  session they completed.
- new_entrepreneurs: PKW prospects who started a business that entered the registry, per cohort.
"""

from django.db.models import Count, Exists, OuterRef, Q

from sentra.programs.models import Enrollment, Program, Prospect
from sentra.registry.models import Business, Permit

FIGURES = {
    "ikm_trained": ("IKM terlatih", "IKM yang lulus paling sedikit satu kegiatan pembinaan."),
    "ikm_trained_new_nib": ("IKM terlatih memperoleh NIB", "IKM terlatih yang NIB-nya terbit setelah kegiatan."),
    "ikm_trained_new_halal": ("IKM terlatih memperoleh halal", "Sertifikat halal terbit setelah kegiatan."),
    "ikm_trained_new_pirt": ("IKM terlatih memperoleh PIRT", "SPP-IRT terbit setelah kegiatan."),
    "new_entrepreneurs": ("Wirausaha baru PKW", "Peserta PKW yang memulai usaha dan masuk registri."),
}


def _completed(year: int | None = None):
    qs = Enrollment.objects.filter(status=Enrollment.Status.ENROLLED, completed=True, business__isnull=False)
    if year:
        qs = qs.filter(session__program__year=year)
    return qs


def ikm_trained(year: int | None = None) -> int:
    return Business.objects.filter(pk__in=_completed(year).values("business_id")).count()


def ikm_trained_with_new_permit(kind: str, year: int | None = None) -> int:
    after_training = Permit.objects.filter(
        business_id=OuterRef("business_id"), kind=kind, issued_on__gt=OuterRef("session__ends_on")
    )
    completed = _completed(year).filter(Exists(after_training))
    return completed.values("business_id").distinct().count()


def new_entrepreneurs(program: Program | None = None) -> int:
    qs = Prospect.objects.filter(business__isnull=False)
    return qs.filter(cohort=program).count() if program else qs.count()


def new_entrepreneurs_by_cohort() -> list[dict]:
    """[{program_id, title, year, prospects, new_entrepreneurs}] for every PKW cohort."""
    rows = (
        Program.objects.filter(program_type_id=Program.PKW)
        .annotate(
            prospects_count=Count("prospects"), started=Count("prospects", filter=Q(prospects__business__isnull=False))
        )
        .order_by("-year", "title")
        .values("pk", "title", "year", "prospects_count", "started")
    )
    return [
        {
            "program_id": r["pk"],
            "title": r["title"],
            "year": r["year"],
            "prospects": r["prospects_count"],
            "new_entrepreneurs": r["started"],
        }
        for r in rows
    ]


def program_figures(year: int | None = None) -> dict:
    return {
        "ikm_trained": ikm_trained(year),
        "ikm_trained_new_nib": ikm_trained_with_new_permit(Permit.Kind.NIB, year),
        "ikm_trained_new_halal": ikm_trained_with_new_permit(Permit.Kind.HALAL, year),
        "ikm_trained_new_pirt": ikm_trained_with_new_permit(Permit.Kind.PIRT, year),
        "new_entrepreneurs": new_entrepreneurs(),
    }
