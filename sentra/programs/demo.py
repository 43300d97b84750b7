"""Clearly fake demo programs on top of the registry's demo data. Idempotent; adds no business, so the
registry's press figures stay exact."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sentra.partners.models import PartnerOrganisation
from sentra.programs.models import Program, ProgramType, Prospect, Session
from sentra.programs.reference import load_program_types
from sentra.programs.services import (
    attendance_mark,
    certificates_issue_for_session,
    enrollment_create,
    enrollments_bulk_create,
    session_complete,
)
from sentra.regions.models import District
from sentra.registry.models import Business

DEMO_TAG = "[demo]"


# What the graduates reported at three months (cycled): sells online, reached a wider market, new products,
# change in turnover (%), a note. Permits are not reported: they are read from the registry.
OUTCOMES = [
    (True, True, 2, "35.0", "Kemasan baru, mulai dijual di lokapasar."),
    (True, False, 1, "12.5", "Label baru; pesanan dari toko oleh-oleh."),
    (False, False, 0, "0.0", "Belum sempat mengganti kemasan."),
    (True, True, 3, "50.0", "Masuk ke dua toko swalayan di kota."),
    (False, True, 1, "8.0", "Ikut pameran kabupaten."),
]


def _record_followups(session: Session) -> int:
    """The 3-month follow-ups of a closed session's graduates, recorded as staff would (the 6-month ones
    stay open, as they would be in real life)."""
    from sentra.programs.models import FollowUp
    from sentra.programs.services import followup_record

    recorded = 0
    due = FollowUp.objects.filter(enrollment__session=session, months=3).order_by("enrollment_id")
    for i, followup in enumerate(due):
        online, market, products, revenue, note = OUTCOMES[i % len(OUTCOMES)]
        data = {
            "sells_online": online,
            "new_market_level": market,
            "exporting": False,
            "new_products": products,
            "revenue_change_pct": Decimal(revenue),
            "note": note,
        }
        followup_record(actor=None, followup=followup, data=data, source="staff")
        recorded += 1
    return recorded


@transaction.atomic
def seed_demo_programs() -> int:
    """Create the demo programs once; returns how many were created."""
    if Program.objects.filter(description__startswith=DEMO_TAG).exists():
        return 0
    if not Business.objects.filter(is_demo=True).exists():
        return 0
    load_program_types(ProgramType)  # a flushed test database has lost the migration's rows
    today = timezone.localdate()
    campus, _ = PartnerOrganisation.objects.get_or_create(
        name="Universitas Demo Bojonegoro", defaults={"sector": "academia"}
    )
    bank, _ = PartnerOrganisation.objects.get_or_create(name="Bank Demo (CSR)", defaults={"sector": "business"})
    # the demo partner user acts for the campus: it sees the design program and can join its sessions
    campus.members.add(*get_user_model().objects.filter(username="mitra", role="partner"))

    design = Program.objects.create(
        year=today.year,
        title="Pelatihan Desain Kemasan IKM Pangan",
        program_type_id="desain",
        description=f"{DEMO_TAG} Kemasan dan label untuk produk makanan olahan.",
        organiser="Dekranasda",
        funding_source="apbd",
        budget=45_000_000,
        target_participants=20,
        intended_outcomes="Peserta memperoleh PIRT dan memasarkan produk secara daring.",
        followup_months=[3, 6],
    )
    design.partners.add(campus)
    done_start = today - dt.timedelta(days=120)
    past = Session.objects.create(
        program=design,
        title="Kelas Kemasan Angkatan 1",
        starts_on=done_start,
        ends_on=done_start + dt.timedelta(days=1),
        venue="Pendopo Kecamatan Dander",
        district=District.objects.filter(name="Dander").first(),
        quota=15,
        trainers="Tim desain Universitas Demo",
        status=Session.Status.CLOSED,
    )
    # Dander's food businesses in Bojonegoro; in another regency's demo, the first kecamatan with any
    food = Business.objects.filter(is_demo=True, sector_id="food_beverage").select_related(
        "owner", "sector", "district"
    )
    if not food.filter(district__name="Dander").exists() and food.exists():
        food = food.filter(district_id=food.order_by("pk").first().district_id)
    else:
        food = food.filter(district__name="Dander")
    enrollments_bulk_create(actor=None, session=past, businesses=list(food.order_by("pk")[:18]))
    seated = list(past.enrollments.filter(status="enrolled").order_by("pk"))
    for i, day in enumerate(past.days):
        attendance_mark(
            actor=None, session=past, day=day, present_ids=[e.pk for e in seated[: 13 - i]], source="seed_demo"
        )
    if seated:  # a session closes only with attendance recorded
        session_complete(actor=None, session=past)
        certificates_issue_for_session(actor=None, session=past)
        _record_followups(past)

    upcoming = Session.objects.create(
        program=design,
        title="Kelas Kemasan Angkatan 2",
        starts_on=today + dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=15),
        venue="Gedung Dekranasda Bojonegoro",
        quota=20,
        trainers="Tim desain Universitas Demo",
        status=Session.Status.OPEN,
    )
    owner_business = Business.objects.filter(is_demo=True, owner__user__username="pemilik").first()
    if owner_business:
        enrollment_create(actor=None, session=upcoming, business=owner_business, source="seed_demo")

    pkw = Program.objects.create(
        year=today.year,
        title="PKW Batik Obor Sewu",
        program_type_id="pkw",
        description=f"{DEMO_TAG} Pendidikan Kecakapan Wirausaha membatik motif Obor Sewu.",
        organiser="LKP Demo Batik",
        funding_source="apbn",
        budget=60_000_000,
        target_participants=20,
        intended_outcomes="Peserta memulai usaha batik.",
        followup_months=[3, 6],
    )
    pkw.partners.add(bank)
    cohort = Session.objects.create(
        program=pkw,
        title="PKW Batik Angkatan 2026",
        starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=34),
        venue="LKP Demo Batik",
        quota=20,
        status=Session.Status.DRAFT,
    )
    dander = District.objects.filter(name="Dander").first()
    for name in ["Peserta PKW Demo 1", "Peserta PKW Demo 2", "Peserta PKW Demo 3"]:
        prospect = Prospect.objects.create(cohort=pkw, name=name, district=dander)
        enrollment_create(actor=None, session=cohort, prospect=prospect, source="seed_demo")
    return 2


seed_demo_app = seed_demo_programs  # called by registry.demo.seed_app_demos
