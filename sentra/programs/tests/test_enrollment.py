import pytest
from django.core import mail
from django.test import TestCase

from sentra.core.models import ChangeLog
from sentra.programs.models import Enrollment
from sentra.programs.services import (
    ProgramError,
    enrollment_cancel,
    enrollment_create,
    enrollment_self_signup,
    enrollments_bulk_create,
    session_save,
)


@pytest.mark.django_db
def test_quota_fills_then_waitlist(make_session, make_business, staff_user):
    session = make_session(quota=2)
    a, b, c = (make_business() for _ in range(3))
    statuses = [enrollment_create(actor=staff_user, session=session, business=x).status for x in (a, b, c)]
    assert statuses == ["enrolled", "enrolled", "waitlisted"]
    assert ChangeLog.objects.filter(object_repr__contains=session.title, actor=staff_user).count() == 3


@pytest.mark.django_db
def test_same_business_twice_is_refused(make_session, make_business, staff_user):
    session = make_session()
    business = make_business(name="Batik Sekar")
    enrollment_create(actor=staff_user, session=session, business=business)
    with pytest.raises(ProgramError, match="Batik Sekar sudah terdaftar pada kegiatan ini"):
        enrollment_create(actor=staff_user, session=session, business=business)
    assert session.enrollments.count() == 1


@pytest.mark.django_db
def test_cancel_promotes_first_on_waitlist_and_mails_them(make_session, make_business, staff_user):
    session = make_session(quota=1)
    first = enrollment_create(actor=staff_user, session=session, business=make_business())
    second_biz = make_business()
    second_biz.owner.email = "kedua@example.id"
    second_biz.owner.save()
    second = enrollment_create(actor=staff_user, session=session, business=second_biz)
    third = enrollment_create(actor=staff_user, session=session, business=make_business())
    with TestCase.captureOnCommitCallbacks(execute=True):
        promoted = enrollment_cancel(actor=staff_user, enrollment=first)
    assert [e.pk for e in promoted] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("enrolled", "waitlisted")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kedua@example.id"]
    with pytest.raises(ProgramError, match="sudah dibatalkan"):
        enrollment_cancel(actor=staff_user, enrollment=first)


@pytest.mark.django_db
def test_raising_the_quota_promotes_from_waitlist(make_session, make_business, staff_user):
    from sentra.programs.forms import SessionForm

    session = make_session(quota=1)
    for _ in range(3):
        enrollment_create(actor=staff_user, session=session, business=make_business())
    data = {**SessionForm(instance=session).initial, "quota": 2, "district": "", "program": session.program_id}
    data = {k: v for k, v in data.items() if v is not None and not isinstance(v, list)}
    form = SessionForm(data, instance=session)
    assert form.is_valid(), form.errors
    session_save(actor=staff_user, session=session, form=form)
    assert session.enrollments.filter(status="enrolled").count() == 2
    assert session.enrollments.filter(status="waitlisted").count() == 1


@pytest.mark.django_db
def test_eligibility_by_sector_and_district(make_session, make_business, staff_user):
    from sentra.regions.models import District
    from sentra.registry.models import Sector

    session = make_session(quota=10)
    session.eligible_sectors.set([Sector.objects.get(pk="craft")])
    session.eligible_districts.set(District.objects.filter(name="Dander"))
    food = make_business(name="Keripik Tempe", sector="food_beverage")
    with pytest.raises(ProgramError, match="Keripik Tempe: sektor .* tidak termasuk sasaran"):
        enrollment_create(actor=staff_user, session=session, business=food)
    elsewhere = make_business(name="Anyaman Kapas", sector="craft", district="Kapas")
    with pytest.raises(ProgramError, match="Kecamatan Kapas tidak termasuk sasaran"):
        enrollment_create(actor=staff_user, session=session, business=elsewhere)
    ok = make_business(sector="craft")
    assert enrollment_create(actor=staff_user, session=session, business=ok).status == "enrolled"


@pytest.mark.django_db
def test_bulk_enrol_fills_seats_then_waitlist_and_names_skipped(make_session, make_business, staff_user):
    session = make_session(quota=2)
    already = make_business(name="Sudah Ikut")
    enrollment_create(actor=staff_user, session=session, business=already)
    others = [make_business() for _ in range(3)]
    result = enrollments_bulk_create(actor=staff_user, session=session, businesses=[already, *others])
    assert (result.enrolled, result.waitlisted) == (1, 2)
    assert result.skipped == ["Sudah Ikut: sudah terdaftar."]
    assert session.enrollments.count() == 4
    new = session.enrollments.exclude(business=already)
    logged = ChangeLog.objects.filter(object_id__in=[str(e.pk) for e in new], action="create", actor=staff_user)
    assert sorted(c.changes["status"][1] for c in logged) == ["enrolled", "waitlisted", "waitlisted"]


@pytest.mark.django_db
def test_owner_signs_up_own_business_only_to_open_sessions(make_session, make_business, owner_user):
    session = make_session(status="draft")
    mine = make_business()
    mine.owner.user = owner_user
    mine.owner.save()
    theirs = make_business()
    with pytest.raises(ProgramError, match="tidak dibuka"):
        enrollment_self_signup(user=owner_user, session=session, business=mine)
    session.status = "open"
    session.save()
    with pytest.raises(ProgramError, match="usaha milik Anda sendiri"):
        enrollment_self_signup(user=owner_user, session=session, business=theirs)
    enrollment = enrollment_self_signup(user=owner_user, session=session, business=mine)
    assert enrollment.status == Enrollment.Status.ENROLLED and enrollment.enrolled_by == owner_user
