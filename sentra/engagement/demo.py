"""Clearly fake demo data of the engagement module: a survey period with answers, a poll on the public
statistics page, and ideas in every state. Idempotent; adds no business (the press figures stay exact)."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sentra.engagement.models import ELEMENT_FIELDS, Idea, Poll, PollVote, Service, SurveyPeriod, SurveyResponse
from sentra.engagement.reference import load_services
from sentra.engagement.selectors import skm_tallies_rebuild
from sentra.engagement.services import normalize_text
from sentra.registry.models import Business

DEMO_TAG = "[demo]"
SEED = 2317

IDEAS = [
    ("legalitas", "[demo] Pendampingan sertifikasi halal untuk IKM pangan di kecamatan", True),
    ("legalitas", "[demo] Mohon pendampingan sertifikat halal untuk usaha keripik", True),
    ("legalitas", "[demo] Pendampingan sertifikasi halal gratis bagi IKM pangan", False),
    ("pemasaran", "[demo] Pameran produk IKM di alun-alun setiap bulan", True),
    ("pelatihan", "[demo] Pelatihan foto produk dan pemasaran daring", True),
    ("permodalan", "[demo] Informasi akses KUR dan hibah peralatan", False),
    ("bahan_baku", "[demo] Pengadaan bahan baku kain batik bersama agar lebih murah", True),
    ("peralatan", "[demo] Bantuan mesin jahit untuk penjahit seragam", True),
    ("kebijakan", "[demo] Wajib beli produk lokal untuk suvenir kantor", True),
]


@transaction.atomic
def seed_demo_app() -> int:
    if SurveyPeriod.objects.filter(name__startswith=DEMO_TAG).exists():
        return 0
    load_services(Service)
    rng = random.Random(SEED)
    today = timezone.localdate()
    services = list(Service.objects.order_by("order"))
    for service, population in zip(services, (400, 300, 150, 120, 200), strict=True):
        if service.population is None:
            service.population = population
            service.save(update_fields=["population"])
    earlier = SurveyPeriod.objects.create(
        name=f"{DEMO_TAG} Semester I {today.year}",
        kind="semester",
        year=today.year,
        semester=1,
        starts_on=today - dt.timedelta(days=240),
        ends_on=today - dt.timedelta(days=60),
        closed=True,
    )
    current = SurveyPeriod.objects.create(
        name=f"{DEMO_TAG} Semester II {today.year}",
        kind="semester",
        year=today.year,
        semester=2,
        starts_on=today - dt.timedelta(days=59),
        ends_on=today + dt.timedelta(days=60),
    )
    for period, count, bias in ((earlier, 160, 0.0), (current, 220, 0.25)):
        period.services.set(services)
        rows = []
        for i in range(count):
            service = services[i % len(services)]
            scores = {}
            for j, field in enumerate(ELEMENT_FIELDS):
                weak = 0.5 if j in (2, 7) else 0.0  # waktu penyelesaian and pengaduan lag behind
                value = 3 + (rng.random() < 0.35 + bias - weak) - (rng.random() < 0.12 + weak / 2)
                scores[field] = max(1, min(4, value))
            rows.append(
                SurveyResponse(
                    period=period,
                    service=service,
                    age_band=rng.choice(SurveyResponse.AgeBand.values),
                    sex=rng.choice(SurveyResponse.Sex.values),
                    education=rng.choice(SurveyResponse.Education.values),
                    occupation=rng.choice(["usaha"] * 4 + SurveyResponse.Occupation.values),
                    anonymous=True,
                    ip_hash="demo",
                    submitted_at=timezone.now() - dt.timedelta(days=rng.randint(1, 50)),
                    **scores,
                )
            )
        SurveyResponse.objects.bulk_create(rows)
        skm_tallies_rebuild(period)
    poll, _ = Poll.objects.get_or_create(
        page_path="/statistik/", defaults={"question": "Bagaimana tanggapan Anda?", "options": Poll.DEFAULT_OPTIONS}
    )
    PollVote.objects.bulk_create(
        [
            PollVote(
                poll=poll,
                option=option,
                voter=f"demo-{i}",
                ip_hash="demo",
                created_at=timezone.now() - dt.timedelta(days=rng.randint(0, 40)),
            )
            for i, option in enumerate([0] * 16 + [1] * 2 + [2] * 1 + [3] * 2)
        ]
    )
    staff = get_user_model().objects.filter(username="staf").first()
    created = []
    for category, text, consent in IDEAS:
        created.append(
            Idea.objects.create(
                category=category,
                text=text,
                normalized=normalize_text(text),
                source=Idea.Source.MEETING,
                source_note="[demo] Rapat kerja",
                publish_consent=consent,
                entered_by=staff,
            )
        )
    lead = created[0]
    Idea.objects.filter(pk__in=[created[1].pk, created[2].pk]).update(group=lead, updated_at=timezone.now())
    Idea.objects.filter(pk=lead.pk).update(
        status=Idea.Status.ACTION, link_label="[demo] Klinik halal 2027", updated_at=timezone.now()
    )
    Idea.objects.filter(pk=created[3].pk).update(status=Idea.Status.REVIEW, updated_at=timezone.now())
    Idea.objects.filter(pk=created[4].pk).update(
        status=Idea.Status.DONE, response="[demo] Pelatihan sudah berjalan.", updated_at=timezone.now()
    )
    Idea.objects.filter(pk=created[8].pk).update(
        status=Idea.Status.REJECTED,
        reject_reason="[demo] Perlu peraturan bupati; diteruskan ke bagian hukum.",
        updated_at=timezone.now(),
    )
    owner = get_user_model().objects.filter(username="pemilik", role="owner").first()
    business = Business.objects.filter(owner__user=owner).first() if owner else None
    if business is not None:
        Idea.objects.create(
            category="pelatihan",
            text="[demo] Pelatihan pengemasan vakum untuk produk basah",
            normalized=normalize_text("Pelatihan pengemasan vakum untuk produk basah"),
            source=Idea.Source.OWNER,
            submitted_by=owner,
            business=business,
            district_id=business.district_id,
            status=Idea.Status.REVIEW,
        )
    from sentra.engagement.selectors import forget_poll_paths

    transaction.on_commit(forget_poll_paths)
    forget_poll_paths()
    return 1
