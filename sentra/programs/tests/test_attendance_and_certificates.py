import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sentra.programs.certificates import certificate_pdf, certificates_zip
from sentra.programs.forms import AttendanceUploadForm
from sentra.programs.models import Attendance, Certificate, FollowUp
from sentra.programs.services import (
    ProgramError,
    attendance_mark,
    certificate_issue,
    certificate_number,
    certificate_verify,
    certificates_issue_for_session,
    enrollment_create,
    session_complete,
)

DAY1, DAY2, DAY3 = dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)


@pytest.fixture
def three_day_session(make_session, make_program, make_business, staff_user):
    program = make_program(min_attendance_pct=60, followup_months=[3, 6])
    session = make_session(program=program, starts_on=DAY1, ends_on=DAY3, quota=3)
    enrollments = [
        enrollment_create(actor=staff_user, session=session, business=make_business(name=f"IKM {i}")) for i in range(3)
    ]
    return session, enrollments


@pytest.mark.django_db
def test_attendance_per_day_and_completion_rule(three_day_session, staff_user):
    session, (a, b, c) = three_day_session
    attendance_mark(actor=staff_user, session=session, day=DAY1, present_ids=[a.pk, b.pk])
    attendance_mark(actor=staff_user, session=session, day=DAY2, present_ids=[a.pk, b.pk])
    attendance_mark(actor=staff_user, session=session, day=DAY3, present_ids=[a.pk, c.pk])
    # Correcting a day replaces that day's marks.
    attendance_mark(actor=staff_user, session=session, day=DAY2, present_ids=[a.pk])
    assert Attendance.objects.filter(enrollment=b, present=True).count() == 1
    assert session_complete(actor=staff_user, session=session) == 1  # a 3/3; b 1/3, c 1/3 < 60 %
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.completed and not b.completed
    session.refresh_from_db()
    assert session.status == "done"
    due = sorted(FollowUp.objects.filter(enrollment=a).values_list("months", "due_on"))
    assert due == [(3, dt.date(2026, 6, 4)), (6, dt.date(2026, 9, 4))]
    assert not FollowUp.objects.filter(enrollment=b).exists()


@pytest.mark.django_db
def test_attendance_refuses_other_days_and_strangers(three_day_session, make_session, make_business, staff_user):
    session, (a, _b, _c) = three_day_session
    with pytest.raises(ProgramError, match="Tanggal 05-03-2026 bukan hari kegiatan ini"):
        attendance_mark(actor=staff_user, session=session, day=dt.date(2026, 3, 5), present_ids=[a.pk])
    other = enrollment_create(actor=staff_user, session=make_session(), business=make_business())
    with pytest.raises(ProgramError, match="tidak terdaftar pada kegiatan ini"):
        attendance_mark(actor=staff_user, session=session, day=DAY1, present_ids=[a.pk, other.pk])
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_attendance_sheet_upload(three_day_session):
    session, (a, b, c) = three_day_session
    sheet = f"no;02-03-2026;03-03-2026;2026-03-04\n{a.pk};1;v;hadir\n{b.pk};0;;1\n".encode()
    form = AttendanceUploadForm({}, {"file": SimpleUploadedFile("hadir.csv", sheet)}, session=session)
    assert form.is_valid(), form.errors
    assert form.marks == {DAY1: {a.pk}, DAY2: {a.pk}, DAY3: {a.pk, b.pk}}


@pytest.mark.django_db
def test_attendance_sheet_with_errors_names_row_and_column(three_day_session):
    session, (a, _b, _c) = three_day_session
    sheet = f"no,02-03-2026,09-03-2026\n{a.pk},mungkin,1\n999999,1,1\n".encode()
    form = AttendanceUploadForm({}, {"file": SimpleUploadedFile("hadir.csv", sheet)}, session=session)
    assert not form.is_valid()
    errors = form.errors["file"]
    assert "Kolom “09-03-2026”: bukan hari kegiatan ini." in errors
    assert "Baris 2, kolom 02-03-2026: isian “mungkin” tidak dikenal (pakai 1 untuk hadir, 0 untuk tidak)." in errors
    assert "Baris 3: nomor peserta “999999” tidak dikenal." in errors


def _complete_all(session, enrollments, actor):
    for day in session.days:
        attendance_mark(actor=actor, session=session, day=day, present_ids=[e.pk for e in enrollments])
    session_complete(actor=actor, session=session)


@pytest.mark.django_db
def test_certificates_are_numbered_per_year_and_verify(three_day_session, staff_user):
    session, enrollments = three_day_session
    _complete_all(session, enrollments, staff_user)
    certificates = certificates_issue_for_session(actor=staff_user, session=session)
    assert [c.serial for c in certificates] == [1, 2, 3]
    assert certificates[0].number == certificate_number(2026, 1)
    assert certificates[0].number.startswith("DKR-2026-00001-")
    # Issuing again gives the same certificate, not a new number.
    assert certificate_issue(actor=staff_user, enrollment=enrollments[0]).number == certificates[0].number
    assert Certificate.objects.count() == 3
    found = certificate_verify(certificates[1].number.lower())
    assert found == certificates[1]
    assert found.holder_name == enrollments[1].business.owner.name


@pytest.mark.django_db
def test_forged_or_unknown_certificate_numbers_are_refused(three_day_session, staff_user):
    session, enrollments = three_day_session
    _complete_all(session, enrollments, staff_user)
    real = certificate_issue(actor=staff_user, enrollment=enrollments[0]).number
    prefix, year, serial, check = real.split("-")
    assert certificate_verify(f"{prefix}-{year}-00002-{check}") is None  # the next serial with a copied code
    assert certificate_verify(f"{prefix}-{year}-{serial}-AAAAAA") is None
    assert certificate_verify(certificate_number(2026, 99)) is None  # well-formed but never issued
    assert certificate_verify("") is None and certificate_verify("DKR-xx") is None


@pytest.mark.django_db
def test_no_certificate_without_completion(three_day_session, staff_user):
    _session, (a, _b, _c) = three_day_session
    with pytest.raises(ProgramError, match="belum memenuhi syarat kelulusan"):
        certificate_issue(actor=staff_user, enrollment=a)


@pytest.mark.django_db
def test_certificate_pdf_and_zip(three_day_session, staff_user):
    session, enrollments = three_day_session
    _complete_all(session, enrollments, staff_user)
    certificates = certificates_issue_for_session(actor=staff_user, session=session)
    pdf = certificate_pdf(certificates[0], "http://sentra.test/program/verifikasi/x/")
    assert pdf.startswith(b"%PDF-") and b"/Image" in pdf
    archive = zipfile.ZipFile(io.BytesIO(certificates_zip([(c, "http://x/") for c in certificates])))
    assert sorted(archive.namelist()) == sorted(f"sertifikat-{c.number}.pdf" for c in certificates)


def _pdf_text(pdf: bytes) -> str:
    """The text drawn in a PDF of fpdf2 (its page streams are zlib-compressed)."""
    import re
    import zlib

    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue  # an image
    return "".join(re.findall(r"\((.*?)\) Tj", "\n".join(out)))


@pytest.mark.django_db
def test_certificate_carries_the_councils_name_logo_and_signatory(
    three_day_session, staff_user, django_user_model, client, settings, tmp_path
):
    """Set in the Django admin (regions.Site), not in code: name, logo, signatory name and title."""
    from PIL import Image

    from sentra.regions.models import Site

    settings.MEDIA_ROOT = tmp_path
    session, enrollments = three_day_session
    _complete_all(session, enrollments, staff_user)
    certificate = certificates_issue_for_session(actor=staff_user, session=session)[0]
    # before any setting: the regency's Dekranasda, a blank line to sign on, no logo
    text = _pdf_text(certificate_pdf(certificate, "http://x/"))
    assert "DEKRANASDA KABUPATEN BOJONEGORO" in text and "(......" in text
    logo = io.BytesIO()
    Image.new("RGB", (120, 120), (180, 30, 40)).save(logo, "PNG")
    logo.seek(0)
    logo.name = "logo.png"
    root = django_user_model.objects.create_superuser(username="root", password="pw-test-12345", role="admin")
    client.force_login(root)
    form = {
        "regency": "35.22",
        "council_name": "Dewan Kerajinan Nasional Daerah Kabupaten Bojonegoro",
        "signatory_name": "Hj. Siti Aminah, S.E.",
        "signatory_title": "Ketua Dekranasda Kabupaten Bojonegoro",
        "council_logo": logo,
    }
    if Site.objects.exists():
        response = client.post(f"/admin/regions/site/{Site.objects.get().pk}/change/", form)
    else:
        response = client.post("/admin/regions/site/add/", form)
    assert response.status_code == 302 and "/login/" not in response["Location"], response.content.decode()[:2000]
    pdf = certificate_pdf(certificate, "http://x/")
    text = _pdf_text(pdf)
    assert "DEWAN KERAJINAN NASIONAL DAERAH KABUPATEN BOJONEGORO" in text
    assert "Hj. Siti Aminah, S.E." in text and "Ketua Dekranasda Kabupaten Bojonegoro" in text
    assert certificate.holder_name in text
    assert pdf.count(b"/Subtype /Image") == 2  # the logo and the QR code
    # the public verification page names the issuer too
    from django.urls import reverse

    page = client.get(reverse("programs:verify_number", args=[certificate.number])).content.decode()
    assert "Hj. Siti Aminah, S.E., Ketua Dekranasda Kabupaten Bojonegoro" in page


@pytest.mark.django_db
def test_a_logo_that_is_not_an_image_is_refused(settings, tmp_path, reference_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sentra.regions.models import Site, validate_logo

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Exception, match="bukan gambar PNG atau JPEG"):
        validate_logo(SimpleUploadedFile("logo.png", b"<svg></svg>"))
    big = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (2500, 10)).save(big, "PNG")
    with pytest.raises(Exception, match="2000"):
        validate_logo(SimpleUploadedFile("logo.png", big.getvalue()))
    assert not Site.objects.filter(council_logo__gt="").exists()
