import datetime as dt

import pytest

from sentra.core.models import ChangeLog
from sentra.programs import metrics
from sentra.programs.models import Prospect
from sentra.programs.selectors import business_trainings, program_outcome_report
from sentra.programs.services import (
    ProgramError,
    attendance_mark,
    enrollment_create,
    followup_record,
    prospect_convert,
    session_complete,
)
from sentra.registry.models import Business, Owner, Permit


def _pkw_cohort(make_program, make_session):
    program = make_program(title="PKW Batik Obor Sewu", program_type_id="pkw")
    session = make_session(program=program, quota=5)
    return program, session


@pytest.mark.django_db
def test_pkw_prospect_starts_a_business_linked_to_the_cohort(make_program, make_session, staff_user):
    from sentra.regions.models import District

    program, session = _pkw_cohort(make_program, make_session)
    dander = District.objects.get(name="Dander")
    siti = Prospect.objects.create(cohort=program, name="Siti Aminah", district=dander, phone="+6281234567890")
    budi = Prospect.objects.create(cohort=program, name="Budi", district=dander)
    enrollment_create(actor=staff_user, session=session, prospect=siti)
    enrollment_create(actor=staff_user, session=session, prospect=budi)
    assert metrics.new_entrepreneurs(program) == 0

    business = prospect_convert(
        actor=staff_user,
        prospect=siti,
        business_data={"name": "Batik Sekar Jagad", "sector_id": "craft", "products": "Batik tulis"},
    )
    assert business.owner.name == "Siti Aminah" and business.owner.phone == "+6281234567890"
    assert business.district == dander
    siti.refresh_from_db()
    assert siti.business == business and siti.converted_on is not None
    assert ChangeLog.objects.filter(object_repr="Batik Sekar Jagad", action="create", source="pkw").exists()
    assert metrics.new_entrepreneurs(program) == 1
    assert metrics.new_entrepreneurs_by_cohort() == [
        {"program_id": program.pk, "title": "PKW Batik Obor Sewu", "year": 2026, "prospects": 2, "new_entrepreneurs": 1}
    ]
    with pytest.raises(ProgramError, match="sudah tercatat memiliki usaha “Batik Sekar Jagad”"):
        prospect_convert(actor=staff_user, prospect=siti, business_data={"name": "Lain", "sector_id": "craft"})


@pytest.mark.django_db
def test_failed_conversion_changes_nothing(make_program, make_session, make_business, staff_user):
    from sentra.regions.models import District

    program, _session = _pkw_cohort(make_program, make_session)
    prospect = Prospect.objects.create(cohort=program, name="Rina", district=District.objects.get(name="Dander"))
    make_business(name="Tenun Lama", nib="1234567890123")
    businesses, owners = Business.objects.count(), Owner.objects.count()
    with pytest.raises(ProgramError, match="NIB 1234567890123 sudah terdaftar untuk IKM “Tenun Lama”"):
        prospect_convert(
            actor=staff_user,
            prospect=prospect,
            business_data={"name": "Tenun Rina", "sector_id": "craft"},
            nib="1234567890123",
        )
    prospect.refresh_from_db()
    assert prospect.business is None
    assert (Business.objects.count(), Owner.objects.count()) == (businesses, owners)


def _permit(business, kind, number, issued):
    Permit.objects.create(business=business, kind=kind, number=number, issued_on=issued)


@pytest.mark.django_db
def test_detected_outcomes_and_difference_in_differences(make_program, make_session, make_business, staff_user):
    """Hand-made data: 4 participants, 4 comparable non-participants (same sector), one craft business that is
    not comparable. Training 2–3 March 2026, follow-ups 3 and 6 months; the report is read on 1 Dec 2026."""
    program = make_program(min_attendance_pct=50)
    session = make_session(program=program, quota=4)
    old = dt.date(2025, 1, 1)
    participants = [make_business(name=f"Peserta {i}", registered_on=old) for i in range(4)]
    others = [make_business(name=f"Bukan Peserta {i}", registered_on=old) for i in range(4)]
    not_comparable = make_business(name="Kerajinan", sector="craft", registered_on=old)
    enrollments = [enrollment_create(actor=staff_user, session=session, business=b) for b in participants]
    attendance_mark(actor=staff_user, session=session, day=session.starts_on, present_ids=[e.pk for e in enrollments])
    session_complete(actor=staff_user, session=session)

    # NIB: participants 1 before → 3 after (two obtained after the training); comparison 1 → 2.
    _permit(participants[0], "nib", "1000000000001", dt.date(2024, 5, 1))
    _permit(participants[1], "nib", "1000000000002", dt.date(2026, 4, 10))
    _permit(participants[2], "nib", "1000000000003", dt.date(2026, 7, 1))
    _permit(participants[3], "nib", "1000000000004", dt.date(2027, 1, 5))  # after the report's end
    _permit(others[0], "nib", "2000000000001", dt.date(2023, 1, 1))
    _permit(others[1], "nib", "2000000000002", dt.date(2026, 5, 1))
    _permit(not_comparable, "nib", "3000000000001", dt.date(2026, 5, 1))
    # Halal: one participant, a permit issued on the training's last day does not count as an outcome.
    _permit(participants[0], "halal", "H-1", session.ends_on)

    report = program_outcome_report(program, today=dt.date(2026, 12, 1))
    assert (report.start, report.end) == (dt.date(2026, 3, 2), dt.date(2026, 9, 3))
    assert (report.participants, report.comparison) == (4, 4)
    nib = report.rows[0]
    assert nib.label == "Memperoleh NIB"
    assert (nib.part_before, nib.part_after) == (25.0, 75.0)
    assert (nib.comp_before, nib.comp_after) == (25.0, 50.0)
    assert nib.did == pytest.approx(25.0)

    history = business_trainings(participants[1])
    assert [p.number for p in history[0].detected] == ["1000000000002"]
    assert business_trainings(participants[0])[0].detected == []  # NIB before, halal on the last day

    assert metrics.ikm_trained(2026) == 4
    assert metrics.ikm_trained_with_new_permit("nib") == 3  # includes the one after the report's window
    assert metrics.ikm_trained_with_new_permit("halal") == 0


@pytest.mark.django_db
def test_reported_followups_count_in_the_report(make_program, make_session, make_business, staff_user):
    program = make_program(min_attendance_pct=50, followup_months=[3])
    session = make_session(program=program, quota=2)
    a, b = (enrollment_create(actor=staff_user, session=session, business=make_business()) for _ in range(2))
    attendance_mark(actor=staff_user, session=session, day=session.starts_on, present_ids=[a.pk, b.pk])
    session_complete(actor=staff_user, session=session)
    followup = a.followups.get()
    followup_record(
        actor=staff_user, followup=followup, data={"sells_online": True, "exporting": False}, source="staff"
    )
    report = program_outcome_report(program, today=dt.date(2026, 12, 1))
    assert report.followups_due == 2 and report.followups_recorded == 1
    assert report.reported[0] == ("Mulai berjualan daring", 1, 1)
    assert report.reported[2] == ("Mengekspor", 0, 1)
    from django.utils import translation

    with translation.override("en"):  # outcome labels in the reader's language
        english = program_outcome_report(program, today=dt.date(2026, 12, 1))
    assert english.reported[0] == ("Started selling online", 1, 1) and english.reported[2][0] == "Exporting"
    assert ChangeLog.objects.filter(object_id=str(followup.pk), changes__sells_online=[None, True]).exists()


@pytest.mark.django_db
def test_followup_reminders_mail_due_owners_once(make_program, make_session, make_business, staff_user):
    from io import StringIO

    from django.core import mail
    from django.core.management import call_command

    program = make_program(min_attendance_pct=50, followup_months=[3])
    long_ago = dt.date.today() - dt.timedelta(days=200)
    session = make_session(program=program, quota=2, starts_on=long_ago, ends_on=long_ago)  # 3 months are over
    with_mail = make_business()
    with_mail.owner.email = "pemilik@example.id"
    with_mail.owner.save()
    a = enrollment_create(actor=staff_user, session=session, business=with_mail)
    b = enrollment_create(actor=staff_user, session=session, business=make_business())
    attendance_mark(actor=staff_user, session=session, day=session.starts_on, present_ids=[a.pk, b.pk])
    session_complete(actor=staff_user, session=session)
    out = StringIO()
    call_command("followup_reminders", "--base-url", "https://sentra.test/", stdout=out)
    assert "1 pengingat tindak lanjut terkirim." in out.getvalue()
    assert mail.outbox[0].to == ["pemilik@example.id"]
    assert f"https://sentra.test/program/tindak-lanjut/{a.followups.get().pk}/" in mail.outbox[0].body
    call_command("followup_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1  # reminded once
