"""A session is closed only when it can be, after a confirmation; a finished session offers nothing more."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sentra.programs.models import Enrollment, Session
from sentra.programs.services import (
    ProgramError,
    attendance_mark,
    enrollment_cancel,
    enrollment_create,
    session_complete,
    session_send_reminders,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    from django.utils import translation

    with translation.override("id"):
        yield


def test_upcoming_session_cannot_be_closed(client, staff_user, make_session, make_business):
    start = timezone.localdate() + dt.timedelta(days=5)
    session = make_session(starts_on=start, ends_on=start)
    enrollment_create(actor=staff_user, session=session, business=make_business())
    with pytest.raises(ProgramError, match="sesudah hari terakhir"):
        session_complete(actor=staff_user, session=session)
    client.force_login(staff_user)
    page = client.post(reverse("programs:session_complete", args=[session.pk]), {"_confirmed": "1"}, follow=True)
    assert "sesudah hari terakhir" in page.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN
    # and the page does not offer the button before the last day
    assert reverse("programs:session_complete", args=[session.pk]) not in page.content.decode()


def test_session_without_attendance_cannot_be_closed(staff_user, make_session, make_business):
    session = make_session()  # March 2026: past
    enrollment_create(actor=staff_user, session=session, business=make_business())
    with pytest.raises(ProgramError, match="daftar hadir"):
        session_complete(actor=staff_user, session=session)
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN


def test_closing_asks_first_then_closes(client, staff_user, make_session, make_business):
    session = make_session(quota=3)
    e = enrollment_create(actor=staff_user, session=session, business=make_business())
    for day in session.days:
        attendance_mark(actor=staff_user, session=session, day=day, present_ids=[e.pk])
    client.force_login(staff_user)
    url = reverse("programs:session_complete", args=[session.pk])
    page = client.post(url).content.decode()
    assert "Tetapkan kelulusan" in page and "Sertifikat bernomor" in page and "jadwal publik" in page
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN and not e.__class__.objects.get(pk=e.pk).completed
    response = client.post(url, {"_confirmed": "1"}, follow=True)
    assert "1 peserta lulus" in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.DONE
    detail = response.content.decode()
    # finished: no cancel, enrol, waitlist or reminders any more
    assert 'id="session-finished"' in detail
    assert reverse("programs:enrollment_cancel", args=[e.pk]) not in detail
    assert reverse("programs:session_reminders", args=[session.pk]) not in detail
    assert 'id="enrol-panel"' not in detail and "Ingatkan via WhatsApp" not in detail
    with pytest.raises(ProgramError):
        enrollment_cancel(actor=staff_user, enrollment=e)
    with pytest.raises(ProgramError):
        session_send_reminders(actor=staff_user, session=session)


def test_owner_sees_finished_training_as_finished(client, staff_user, owner_user, make_session, make_business):
    from sentra.registry.models import Owner

    session = make_session(quota=3)
    business = make_business()
    Owner.objects.filter(pk=business.owner_id).update(user=owner_user)
    e = enrollment_create(actor=staff_user, session=session, business=business)
    attendance_mark(actor=staff_user, session=session, day=session.starts_on, present_ids=[e.pk])
    attendance_mark(actor=staff_user, session=session, day=session.ends_on, present_ids=[e.pk])
    session_complete(actor=staff_user, session=session)
    client.force_login(owner_user)
    page = client.get(reverse("programs:my_trainings")).content.decode()
    assert "Selesai · lulus" in page and ">Terdaftar<" not in page


def test_cancel_enrolment_asks_first(client, staff_user, make_session, make_business):
    start = timezone.localdate() + dt.timedelta(days=5)
    session = make_session(starts_on=start, ends_on=start, quota=1)
    a = enrollment_create(actor=staff_user, session=session, business=make_business())
    enrollment_create(actor=staff_user, session=session, business=make_business())
    client.force_login(staff_user)
    url = reverse("programs:enrollment_cancel", args=[a.pk])
    page = client.post(url).content.decode()
    assert "Batalkan pendaftaran" in page and "daftar tunggu" in page
    assert Enrollment.objects.get(pk=a.pk).status == Enrollment.Status.ENROLLED
    client.post(url, {"_confirmed": "1"})
    assert Enrollment.objects.get(pk=a.pk).status == Enrollment.Status.CANCELLED


def test_quota_at_least_one_same_rule_everywhere(make_program):
    from sentra.programs.forms import ProgramForm, SessionForm

    form = SessionForm(
        data={
            "title": "x",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-02",
            "venue": "Aula",
            "quota": 0,
            "status": "open",
        }
    )
    assert not form.is_valid()
    assert form.errors["quota"] == ["Isi paling sedikit 1."]
    assert 'min="1"' in str(form["quota"])
    program = ProgramForm(data={"target_participants": 0})
    program.is_valid()
    assert program.errors["target_participants"] == ["Isi paling sedikit 1."]
    assert 'min="1"' in str(program["target_participants"])
