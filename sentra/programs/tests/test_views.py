import datetime as dt

import pytest
from django.urls import reverse

from sentra.programs.models import Enrollment, Program, Session
from sentra.programs.services import (
    attendance_mark,
    certificates_issue_for_session,
    enrollment_create,
    session_complete,
)


@pytest.fixture
def session_with_participants(make_session, make_business, staff_user):
    session = make_session(quota=2)
    enrollments = [enrollment_create(actor=staff_user, session=session, business=make_business()) for _ in range(3)]
    return session, enrollments


@pytest.mark.django_db
def test_staff_pages_render(client, staff_user, session_with_participants):
    session, _ = session_with_participants
    client.force_login(staff_user)
    program = session.program
    for url in [
        reverse("programs:program_list"),
        reverse("programs:program_create"),
        reverse("programs:program_detail", args=[program.pk]),
        reverse("programs:program_edit", args=[program.pk]),
        reverse("programs:session_create", args=[program.pk]),
        reverse("programs:session_detail", args=[session.pk]),
        reverse("programs:session_edit", args=[session.pk]),
        reverse("programs:attendance", args=[session.pk]),
        reverse("programs:attendance_upload", args=[session.pk]),
        reverse("programs:outcome_report", args=[program.pk]),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["dander_operator", "owner_user", "partner_user"])
def test_staff_pages_refuse_other_roles(client, request, who, session_with_participants):
    session, _ = session_with_participants
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("programs:session_detail", args=[session.pk])).status_code == 403
    assert client.post(reverse("programs:session_complete", args=[session.pk])).status_code == 403
    assert client.get(reverse("programs:program_list")).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, session_with_participants):
    session, _ = session_with_participants
    response = client.get(reverse("programs:session_detail", args=[session.pk]))
    assert response.status_code == 302 and "/akun/" in response["Location"]


PROGRAM_POST = {
    "year": "2026",
    "title": "Digital Marketing untuk IKM",
    "program_type": "digital_marketing",
    "organiser": "Disperindag",
    "funding_source": "apbd",
    "min_attendance_pct": "80",
}


@pytest.mark.django_db
def test_program_form_keeps_input_and_explains_errors(client, staff_user, program_types):
    client.force_login(staff_user)
    response = client.post(
        reverse("programs:program_create"),
        {**PROGRAM_POST, "followup_months": "3, enam"},
    )
    assert response.status_code == 200
    assert "Isi bulan sebagai angka 1–60 dipisah koma" in response.content.decode()
    assert 'value="Digital Marketing untuk IKM"' in response.content.decode()
    assert not Program.objects.exists()
    response = client.post(
        reverse("programs:program_create"),
        {**PROGRAM_POST, "followup_months": "6,3"},
    )
    program = Program.objects.get()
    assert response.status_code == 302 and program.followup_months == [3, 6] and program.created_by == staff_user


@pytest.mark.django_db
def test_session_form_refuses_end_before_start(client, staff_user, make_program, reference_data):
    client.force_login(staff_user)
    program = make_program()
    response = client.post(
        reverse("programs:session_create", args=[program.pk]),
        {
            "title": "Kelas",
            "starts_on": "2026-03-05",
            "ends_on": "2026-03-01",
            "venue": "Aula",
            "quota": "10",
            "status": "open",
        },
    )
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_bulk_enrol_from_registry_filter(client, staff_user, make_session, make_business):
    session = make_session(quota=1)
    make_business(name="Batik Jonegoroan", district="Dander")
    make_business(name="Batik Kapas", district="Kapas")
    make_business(name="Keripik Dander", district="Dander")
    client.force_login(staff_user)
    page = client.get(reverse("programs:session_detail", args=[session.pk]), {"q": "batik"})
    assert "2 IKM cocok dengan saringan" in page.content.decode()
    response = client.post(reverse("programs:session_enroll_bulk", args=[session.pk]), {"q": "batik"}, follow=True)
    assert "1 IKM mendapat kursi, 1 masuk daftar tunggu." in response.content.decode()
    names = set(session.enrollments.values_list("business__name", flat=True))
    assert names == {"Batik Jonegoroan", "Batik Kapas"}


@pytest.mark.django_db
def test_cancel_view_promotes_and_says_so(client, staff_user, session_with_participants):
    session, (a, _b, c) = session_with_participants
    client.force_login(staff_user)
    response = client.post(reverse("programs:enrollment_cancel", args=[a.pk]), {"_confirmed": "1"}, follow=True)
    assert "naik dari daftar tunggu" in response.content.decode()
    c.refresh_from_db()
    assert c.status == Enrollment.Status.ENROLLED


@pytest.mark.django_db
def test_attendance_checklist_saves_and_bad_day_is_explained(client, staff_user, session_with_participants):
    session, (a, b, _c) = session_with_participants
    client.force_login(staff_user)
    url = reverse("programs:attendance", args=[session.pk])
    response = client.post(url, {"hari": "2026-03-02", "hadir": [a.pk]}, follow=True)
    assert "Kehadiran 02-03-2026 tersimpan: 1 hadir." in response.content.decode()
    assert a.attendance.get(day=dt.date(2026, 3, 2)).present
    assert not b.attendance.get(day=dt.date(2026, 3, 2)).present
    response = client.post(url, {"hari": "2026-03-02", "hadir": ["abc"]})
    assert "Isian tidak dikenal." in response.content.decode()


@pytest.mark.django_db
def test_attendance_upload_all_or_nothing(client, staff_user, session_with_participants):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session, (a, b, _c) = session_with_participants
    client.force_login(staff_user)
    url = reverse("programs:attendance_upload", args=[session.pk])
    bad = SimpleUploadedFile("h.csv", f"no,02-03-2026,03-03-2026\n{a.pk},1,1\n{b.pk},1,entah\n".encode())
    response = client.post(url, {"file": bad})
    assert "isian “entah” tidak dikenal" in response.content.decode()
    assert not a.attendance.exists()
    good = SimpleUploadedFile("h.csv", f"no,02-03-2026,03-03-2026\n{a.pk},1,1\n{b.pk},1,0\n".encode())
    assert client.post(url, {"file": good}).status_code == 302
    assert a.attendance.filter(present=True).count() == 2 and b.attendance.filter(present=True).count() == 1


def _certified(session, enrollments, actor):
    for day in session.days:
        attendance_mark(actor=actor, session=session, day=day, present_ids=[enrollments[0].pk])
    session_complete(actor=actor, session=session)
    return certificates_issue_for_session(actor=actor, session=session)[0]


@pytest.mark.django_db
def test_certificate_download_owner_staff_and_outsider(
    client, staff_user, owner_user, partner_user, session_with_participants
):
    session, enrollments = session_with_participants
    certificate = _certified(session, enrollments, staff_user)
    url = reverse("programs:certificate_pdf", args=[certificate.pk])
    client.force_login(partner_user)
    assert client.get(url).status_code == 403
    owner = enrollments[0].business.owner
    owner.user = owner_user
    owner.save()
    client.force_login(owner_user)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    client.force_login(staff_user)
    archive = client.get(reverse("programs:session_certificates", args=[session.pk]))
    assert archive["Content-Type"] == "application/zip"


@pytest.mark.django_db
def test_public_verification_shows_name_program_date_only(client, staff_user, session_with_participants):
    session, enrollments = session_with_participants
    owner = enrollments[0].business.owner
    owner.nik = "3522014501900001"
    owner.phone = "+6281234567890"
    owner.save()
    certificate = _certified(session, enrollments, staff_user)
    page = client.get(reverse("programs:verify_number", args=[certificate.number])).content.decode()
    assert "Sertifikat asli." in page and certificate.holder_name in page and certificate.program_title in page
    assert "3522014501900001" not in page and "81234567890" not in page
    assert enrollments[0].business.name not in page
    forged = certificate.number[:-6] + "ZZZZZZ"
    response = client.get(reverse("programs:verify"), {"nomor": forged})
    assert response.status_code == 404
    assert f"Nomor “{forged}” tidak terdaftar" in response.content.decode()


@pytest.mark.django_db
def test_owner_signs_up_from_the_public_schedule(client, owner_user, make_session, make_business):
    session = make_session(
        quota=1, starts_on=dt.date.today() + dt.timedelta(days=7), ends_on=dt.date.today() + dt.timedelta(days=8)
    )
    hidden = make_session(title="Kelas Tertutup", status="draft", starts_on=session.starts_on, ends_on=session.ends_on)
    business = make_business(name="Kerajinan Kayu Jati")
    business.owner.user = owner_user
    business.owner.save()
    page = client.get(reverse("programs:schedule")).content.decode()
    assert session.title in page and hidden.title not in page
    assert 'data-figure="ikm_trained"' in page
    client.force_login(owner_user)
    response = client.post(reverse("programs:signup", args=[session.pk]), {"business": business.pk}, follow=True)
    assert "Kerajinan Kayu Jati terdaftar" in response.content.decode()
    assert "Kerajinan Kayu Jati" in client.get(reverse("programs:my_trainings")).content.decode()
    response = client.post(reverse("programs:signup", args=[hidden.pk]), {"business": business.pk}, follow=True)
    assert "Pendaftaran kegiatan ini tidak dibuka." in response.content.decode()


@pytest.mark.django_db
def test_business_page_shows_training_history(client, staff_user, session_with_participants):
    session, enrollments = session_with_participants
    certificate = _certified(session, enrollments, staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("registry:business_detail", args=[enrollments[0].business_id])).content.decode()
    assert 'id="trainings"' in page and session.title in page and certificate.number in page


@pytest.mark.django_db
def test_outcome_report_page_and_excel(client, staff_user, session_with_participants):
    import io
    import zipfile

    session, _ = session_with_participants
    client.force_login(staff_user)
    url = reverse("programs:outcome_report", args=[session.program_id])
    page = client.get(url).content.decode()
    assert 'id="did-table"' in page and "Memperoleh NIB" in page
    assert "(2026)" in page  # a year, not a number with a thousands separator
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = zipfile.ZipFile(io.BytesIO(response.content))
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "Selisih (DiD, poin %)" in strings and "Memperoleh NIB" in strings
