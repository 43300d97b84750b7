"""Clearly fake demo agreements and commitments of the demo partner organisations. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sentra.partners.models import Agreement, Commitment, Contact, Delivery, PartnerOrganisation

DEMO_NUMBER = "DEMO/MoU/001/2026"


@transaction.atomic
def seed_demo_app() -> int:
    if Agreement.objects.filter(number=DEMO_NUMBER).exists():
        return 0
    campus = PartnerOrganisation.objects.filter(name="Universitas Demo Bojonegoro").first()
    bank = PartnerOrganisation.objects.filter(name="Bank Demo (CSR)").first()
    if campus is None or bank is None:
        return 0
    today = timezone.localdate()
    community, _ = PartnerOrganisation.objects.get_or_create(
        name="Komunitas Kreatif Demo", defaults={"sector": "community"}
    )
    mou = Agreement.objects.create(
        kind=Agreement.Kind.MOU,
        number=DEMO_NUMBER,
        title="Pendampingan desain dan inovasi produk IKM (demo)",
        other_parties="Dekranasda dan Dinas Perindustrian (demo)",
        signed_on=dt.date(2025, 2, 1),
        ends_on=today + dt.timedelta(days=45),
        scope="Narasumber pelatihan desain, uji pasar produk, magang mahasiswa.",
        status=Agreement.Status.ACTIVE,
    )
    mou.organisations.add(campus)
    pks = Agreement.objects.create(
        kind=Agreement.Kind.PKS,
        number="DEMO/PKS/002/2026",
        title="Dana CSR untuk pameran produk IKM (demo)",
        other_parties="Dekranasda (demo)",
        signed_on=dt.date(2026, 1, 15),
        ends_on=dt.date(2027, 1, 14),
        status=Agreement.Status.ACTIVE,
    )
    pks.organisations.add(bank)
    Contact.objects.create(organisation=campus, name="Narahubung Demo Kampus", position="Kepala LPPM (demo)")
    Contact.objects.create(organisation=bank, name="Narahubung Demo Bank", position="Staf CSR (demo)")
    Commitment.objects.create(
        organisation=campus,
        agreement=mou,
        kind=Commitment.Kind.TRAINER_DAYS,
        description="Narasumber pelatihan desain kemasan",
        quantity=Decimal(10),
        unit="hari-orang",
        due_on=today + dt.timedelta(days=90),
    )
    Commitment.objects.create(
        organisation=campus,
        agreement=mou,
        kind=Commitment.Kind.INTERNS,
        description="Mahasiswa magang pendamping IKM",
        quantity=Decimal(6),
        unit="orang",
        due_on=today + dt.timedelta(days=120),
    )
    csr = Commitment.objects.create(
        organisation=bank,
        agreement=pks,
        kind=Commitment.Kind.CSR_FUNDS,
        description="Dana CSR sewa stan pameran",
        quantity=Decimal(50_000_000),
        unit="rupiah",
        due_on=today - dt.timedelta(days=20),
    )
    Delivery.objects.create(
        commitment=csr, quantity=Decimal(20_000_000), delivered_on=today - dt.timedelta(days=40), note="Tahap 1"
    )
    Commitment.objects.create(
        organisation=community,
        kind=Commitment.Kind.BOOTHS,
        description="Stan pameran ekonomi kreatif",
        quantity=Decimal(5),
        unit="stan",
        due_on=today + dt.timedelta(days=60),
    )
    return 1
