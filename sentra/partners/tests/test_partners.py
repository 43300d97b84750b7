import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from sentra.core.audit import history_for
from sentra.partners import selectors, services
from sentra.partners.models import Agreement, Delivery, Notice


def test_session_join_delivers_trainer_days(client, partner_user, campus, commitments, upcoming_session):
    from sentra.programs.partners import partner_join, partner_leave

    join = partner_join(actor=partner_user, session=upcoming_session, organisation_id=campus.pk, people=2)
    delivery = Delivery.objects.get(session=upcoming_session)
    # two people over a two-day session: four trainer days against the trainer-days commitment
    assert delivery.commitment == commitments["trainer"] and delivery.quantity == 4
    assert delivery.source == "session" and history_for(delivery).first().source == "kegiatan"
    partner_join(actor=partner_user, session=upcoming_session, organisation_id=campus.pk, people=3)
    assert Delivery.objects.get(session=upcoming_session).quantity == 6  # changed, not doubled
    row = next(r for r in selectors.commitment_rows(selectors.commitments_for(partner_user)))
    assert row.fulfilled and row.delivered == 6
    partner_leave(actor=partner_user, session=upcoming_session, organisation_id=campus.pk)
    assert not Delivery.objects.filter(session=upcoming_session).exists()
    assert join.pk  # the join itself was real


def test_join_through_the_programs_page_delivers(client, partner_user, campus, commitments, upcoming_session):
    client.force_login(partner_user)
    client.post(f"/program/mitra/kegiatan/{upcoming_session.pk}/ikut/", {"organisation": campus.pk, "people": "1"})
    assert Delivery.objects.get(session=upcoming_session).quantity == 2
    html = client.get(f"/kemitraan/mitra/{campus.pk}/").content.decode()
    assert "2 (33%)" in html


def test_trainer_organisation_delivers_when_the_session_is_completed(
    staff_user, campus, commitments, upcoming_session, make_business
):
    import datetime as dt

    from django.utils import timezone

    from sentra.programs.services import attendance_mark, enrollments_bulk_create, session_complete

    # a session closes only after its last day and with attendance recorded: this one took place last week
    today = timezone.localdate()
    upcoming_session.starts_on, upcoming_session.ends_on = today - dt.timedelta(days=8), today - dt.timedelta(days=7)
    upcoming_session.save(update_fields=["starts_on", "ends_on"])
    enrollments_bulk_create(actor=None, session=upcoming_session, businesses=[make_business()])
    seated = [e.pk for e in upcoming_session.enrollments.filter(status="enrolled")]
    for day in upcoming_session.days:
        attendance_mark(actor=None, session=upcoming_session, day=day, present_ids=seated, source="test")
    upcoming_session.trainer_organisations.add(campus)
    session_complete(actor=staff_user, session=upcoming_session)
    assert Delivery.objects.get(session=upcoming_session).quantity == 2  # one trainer × two days


def test_no_trainer_commitment_no_delivery(partner_user, campus, upcoming_session):
    from sentra.programs.partners import partner_join

    partner_join(actor=partner_user, session=upcoming_session, organisation_id=campus.pk, people=2)
    assert not Delivery.objects.exists()


def _agreement(staff_user, org, ends_on, status="berlaku", number="MoU/1"):
    return services.agreement_save(
        actor=staff_user,
        agreement=None,
        data={
            "kind": "mou",
            "number": number,
            "title": "Kerja sama desain",
            "other_parties": "Dekranasda",
            "signed_on": dt.date(2025, 1, 1),
            "ends_on": ends_on,
            "scope": "",
            "status": status,
        },
        organisations=[org],
    )


def test_reminders_60_and_30_days_with_a_frozen_clock(client, staff_user, admin_user, campus, monkeypatch):
    staff_user.email, admin_user.email = "staf@example.invalid", "admin@example.invalid"
    staff_user.save()
    admin_user.save()
    agreement = _agreement(staff_user, campus, dt.date(2026, 6, 30))
    _agreement(staff_user, campus, dt.date(2026, 6, 30), status="draft", number="MoU/draft")  # not in force

    def run(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        call_command("agreement_reminders", "--base-url", "https://sentra.example")

    run(dt.date(2026, 4, 30))  # 61 days before: nothing
    assert len(mail.outbox) == 0 and not Notice.objects.exists()
    run(dt.date(2026, 5, 1))  # 60 days
    assert len(mail.outbox) == 1 and "60 hari" in mail.outbox[0].subject
    assert sorted(mail.outbox[0].to) == ["admin@example.invalid", "staf@example.invalid"]
    assert "https://sentra.example/kemitraan/perjanjian/" in mail.outbox[0].body
    run(dt.date(2026, 5, 2))  # the next day: not again
    assert len(mail.outbox) == 1
    run(dt.date(2026, 5, 31))  # 30 days
    assert len(mail.outbox) == 2 and "30 hari" in mail.outbox[1].subject
    assert Notice.objects.count() == 2 and all(n.agreement == agreement for n in Notice.objects.all())
    run(dt.date(2026, 6, 1))
    assert len(mail.outbox) == 2
    # the notice is on the staff dashboard
    client.force_login(staff_user)
    html = client.get("/dasbor/").content.decode()
    assert 'id="partner-notices"' in html and "MoU/1" in html and "30 hari lagi" in html
    run(dt.date(2026, 7, 1))  # past its end: berakhir
    assert Agreement.objects.get(pk=agreement.pk).status == "berakhir"


def test_agreement_end_before_signing_refused(staff_user, campus, client):
    with pytest.raises(services.PartnerError, match="sebelum tanggal tanda tangan"):
        _agreement(staff_user, campus, dt.date(2024, 12, 31))
    client.force_login(staff_user)
    response = client.post(
        "/kemitraan/perjanjian/baru/",
        {
            "kind": "mou",
            "number": "MoU/Ketik",
            "title": "Judul diketik",
            "organisations": [campus.pk],
            "signed_on": "2026-05-01",
            "ends_on": "2026-04-01",
            "status": "draft",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "sebelum tanggal tanda tangan" in html and "Judul diketik" in html
    assert not Agreement.objects.exists()


def test_signed_document_is_private(
    client, staff_user, campus, partner_user, other_partner, owner_user, settings, tmp_path
):
    agreement = _agreement(staff_user, campus, dt.date(2027, 1, 1))
    client.force_login(staff_user)
    response = client.post(
        f"/kemitraan/perjanjian/{agreement.pk}/",
        {
            "kind": "mou",
            "number": "MoU/1",
            "title": "Kerja sama desain",
            "organisations": [campus.pk],
            "signed_on": "2025-01-01",
            "ends_on": "2027-01-01",
            "status": "berlaku",
            "version": agreement.version,
            "document": SimpleUploadedFile("mou.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    url = f"/kemitraan/perjanjian/{agreement.pk}/dokumen/"
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 signed"
    client.force_login(partner_user)  # a member of a party
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF")
    client.force_login(other_partner)  # another partner: does not exist for them
    assert client.get(url).status_code == 404
    client.force_login(owner_user)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    document = Agreement.objects.get().document
    assert not document.path.startswith(str(settings.MEDIA_ROOT))  # never where media may be served publicly
    document.delete(save=False)


def test_partner_records_a_delivery_for_its_own_commitment_only(client, partner_user, commitments):
    client.force_login(partner_user)
    url = f"/kemitraan/komitmen/{commitments['trainer'].pk}/serahkan/"
    response = client.post(url, {"quantity": "2", "delivered_on": timezone.localdate().isoformat(), "note": "Kelas 1"})
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.quantity, delivery.source, delivery.recorded_by) == (2, "partner", partner_user)
    # another organisation's commitment does not exist for this partner
    assert client.post(f"/kemitraan/komitmen/{commitments['csr'].pk}/serahkan/", {"quantity": "1"}).status_code == 404
    bad = client.post(url, {"quantity": "-1", "delivered_on": timezone.localdate().isoformat(), "note": "salah"})
    assert bad.status_code == 200 and Delivery.objects.count() == 1 and "salah" in bad.content.decode()
    with pytest.raises(services.PartnerError):
        services.delivery_record(actor=partner_user, commitment=commitments["csr"], quantity=1)


def test_collaboration_overdue_first_per_sector_and_partner(client, staff_user, partner_user, commitments, campus):
    services.delivery_record(actor=staff_user, commitment=commitments["csr"], quantity=Decimal(4_000_000))
    data = selectors.collaboration(staff_user)
    assert data["rows"][0].commitment == commitments["csr"] and data["rows"][0].overdue
    sectors = {g.key: g for g in data["by_sector"]}
    assert sectors["business"].overdue == 1 and sectors["business"].commitments == 2
    assert sectors["business"].label == "Dunia usaha" and sectors["academia"].commitments == 1
    assert data["by_partner"][0].label == "Bank Uji"  # the partner with overdue commitments first
    client.force_login(staff_user)
    html = client.get("/kemitraan/").content.decode()
    assert html.index("csr_funds Bank Uji") < html.index("trainer_days Universitas Uji")
    client.force_login(partner_user)  # each partner sees its own only
    html = client.get("/kemitraan/").content.decode()
    assert "trainer_days Universitas Uji" in html and "Bank Uji" not in html


def test_contacts_are_for_office_staff_only(client, staff_user, partner_user, campus):
    client.force_login(staff_user)
    client.post(f"/kemitraan/mitra/{campus.pk}/", {"name": "Ibu Narahubung", "phone": "081234567890"})
    assert "081234567890" in client.get(f"/kemitraan/mitra/{campus.pk}/").content.decode()
    client.force_login(partner_user)
    html = client.get(f"/kemitraan/mitra/{campus.pk}/").content.decode()
    assert "Universitas Uji" in html and "081234567890" not in html and "Ibu Narahubung" not in html
    assert client.post(f"/kemitraan/mitra/{campus.pk}/", {"name": "Sisipan"}).status_code == 403


def test_concurrent_commitment_edits(staff_user, admin_user, commitments):
    c = commitments["booths"]
    data = {
        "organisation_id": c.organisation_id,
        "kind": "booths",
        "description": "Stan",
        "unit": "stan",
        "due_on": c.due_on,
    }
    services.commitment_save(actor=admin_user, commitment=c, data={**data, "quantity": 4}, expected_version=1)
    with pytest.raises(services.PartnerError, match="t_admin"):
        services.commitment_save(actor=staff_user, commitment=c, data={**data, "quantity": 9}, expected_version=1)
    c.refresh_from_db()
    assert c.quantity == 4


def test_another_partner_and_the_public_never_see_contacts(client, staff_user, other_partner, campus):
    from sentra.partners.models import Contact

    Contact.objects.create(organisation=campus, name="Ibu Narahubung", phone="081234567890", email="rina@uji.test")
    client.force_login(other_partner)  # a member of the bank, not of the campus
    assert client.get(f"/kemitraan/mitra/{campus.pk}/").status_code == 404
    for url in ["/kemitraan/", "/kemitraan/perjanjian/"]:
        html = client.get(url).content.decode()
        assert "081234567890" not in html and "Ibu Narahubung" not in html
    client.logout()
    response = client.get(f"/kemitraan/mitra/{campus.pk}/")
    assert response.status_code == 302 and "Ibu Narahubung" not in response.content.decode()
    for url in ["/statistik/", "/api/v1/work-plans/2026"]:
        assert "081234567890" not in client.get(url).content.decode()
