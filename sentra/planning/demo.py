"""The 2026 work plan of the working meeting (rapat kerja), approved — clearly demo data. Idempotent; adds no
business, so the registry's press figures stay exact."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sentra.core.audit import record_change
from sentra.core.models import ChangeLog
from sentra.planning.models import Activity, Indicator, Programme, WorkPlan

DEMO_YEAR = 2026

# (programme, [(activity, start month, end month, pagu, realisasi, status)])
PROGRAMMES = [
    (
        "Pengembangan desain dan kemasan",
        [
            ("Pelatihan desain kemasan IKM pangan", 3, 4, 45_000_000, 43_500_000, "done"),
            ("Klinik desain motif batik Obor Sewu", 6, 7, 30_000_000, 12_000_000, "ongoing"),
        ],
    ),
    (
        "Kewirausahaan",
        [
            ("Bimbingan teknis legalitas usaha (NIB, PIRT, halal)", 2, 11, 60_000_000, 51_000_000, "ongoing"),
            ("Temu usaha empat sektor", 5, 5, 25_000_000, 26_500_000, "done"),
        ],
    ),
    (
        "Pemasaran digital",
        [
            ("Kelas foto produk dan katalog daring", 4, 5, 20_000_000, 19_000_000, "done"),
            ("Pendampingan lokapasar (marketplace)", 6, 10, 35_000_000, 14_000_000, "ongoing"),
        ],
    ),
    (
        "Inovasi produk",
        [
            ("Kurasi produk unggulan untuk pameran", 7, 8, 40_000_000, 0, "planned"),
            ("Uji pasar produk inovasi bersama kampus", 8, 11, 25_000_000, 0, "planned"),
        ],
    ),
    (
        "Pendidikan Kecakapan Wirausaha (PKW)",
        [
            ("PKW membatik motif Obor Sewu", 9, 10, 60_000_000, 0, "planned"),
        ],
    ),
]

# (name, unit, baseline, target, quarterly targets, figure or "", headline, manual value, evidence)
INDICATORS = [
    ("Cakupan NIB IKM", "%", "76.6", "90", ("79", "83", "86", "90"), "nib_coverage", True, None, ""),
    ("IKM ber-NIB", "IKM", "1349", "1586", ("1400", "1460", "1520", "1586"), "with_nib", True, None, ""),
    ("IKM terlatih", "IKM", "0", "100", ("15", "45", "75", "100"), "ikm_trained", True, None, ""),
    ("Produk IKM di katalog", "produk", "0", "150", ("30", "70", "110", "150"), "published_products", True, None, ""),
    ("Wirausaha baru PKW", "orang", "0", "20", (None, None, "10", "20"), "new_entrepreneurs", False, None, ""),
    ("IKM eksportir", "IKM", "0", "25", (None, None, None, None), "exporters", False, None, ""),
    ("IKM bersertifikat halal", "IKM", "0", "300", (None, None, None, None), "with_halal", False, None, ""),
    (
        "Indeks kepuasan layanan (SKM)",
        "indeks",
        "78",
        "82",
        (None, "80", None, "82"),
        "",
        False,
        "80.4",
        "Laporan SKM semester I 2026 (demo).",
    ),
]


def _dec(value):
    return None if value is None else Decimal(value)


@transaction.atomic
def seed_demo_app() -> int:
    if WorkPlan.objects.filter(year=DEMO_YEAR).exists():
        return 0
    users = get_user_model().objects
    staff = users.filter(username="staf").first()
    admin = users.filter(username="admin").first()
    from sentra.partners.models import PartnerOrganisation
    from sentra.programs.models import Program

    campus = PartnerOrganisation.objects.filter(name="Universitas Demo Bojonegoro").first()
    plan = WorkPlan.objects.create(year=DEMO_YEAR, title=f"Rencana Program Kegiatan Dekranasda {DEMO_YEAR} (demo)")
    record_change(
        instance=plan, action=ChangeLog.Action.CREATE, changes={"year": [None, DEMO_YEAR]}, source="seed_demo"
    )
    programmes = {}
    for order, (name, activities) in enumerate(PROGRAMMES):
        programme = Programme.objects.create(plan=plan, name=name, order=order)
        programmes[name] = programme
        for a_order, (title, start, end, ceiling, spent, status) in enumerate(activities):
            Activity.objects.create(
                programme=programme,
                name=title,
                start_month=start,
                end_month=end,
                budget_ceiling=ceiling,
                budget_spent=spent,
                status=status,
                responsible_user=staff,
                responsible_partner=campus if "kampus" in title or "kemasan" in title else None,
                program=Program.objects.filter(title="Pelatihan Desain Kemasan IKM Pangan").first()
                if "kemasan" in title
                else None,
                order=a_order,
            )
    for order, (name, unit, base, target, quarters, figure, headline, manual, evidence) in enumerate(INDICATORS):
        Indicator.objects.create(
            plan=plan,
            name=name,
            unit=unit,
            baseline=Decimal(base),
            target=Decimal(target),
            target_q1=_dec(quarters[0]),
            target_q2=_dec(quarters[1]),
            target_q3=_dec(quarters[2]),
            target_q4=_dec(quarters[3]),
            figure=figure,
            headline=headline,
            manual_value=_dec(manual),
            evidence=evidence,
            order=order,
        )
    plan.status = WorkPlan.Status.APPROVED
    plan.submitted_at = plan.approved_at = timezone.now()
    plan.approved_by = admin
    plan.save()
    record_change(
        instance=plan,
        action=ChangeLog.Action.UPDATE,
        changes={"status": ["draft", "approved"]},
        source="seed_demo",
    )
    return 1
