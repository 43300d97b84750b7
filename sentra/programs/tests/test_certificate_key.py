"""Issue 17, point 6: certificate verification survives a change of SECRET_KEY."""

import pytest

from sentra.programs.services import certificate_issue, certificate_number, certificate_verify
from sentra.programs.tests.test_attendance_and_certificates import _complete_all, three_day_session  # noqa: F401


@pytest.mark.django_db
def test_issued_certificates_keep_verifying_after_the_secret_key_changes(three_day_session, staff_user, settings):  # noqa: F811
    session, enrollments = three_day_session
    _complete_all(session, enrollments, staff_user)
    issued = certificate_issue(actor=staff_user, enrollment=enrollments[0])
    settings.SECRET_KEY = "another-secret-key-after-a-rotation-0123456789abcdef"
    assert certificate_verify(issued.number) == issued
    assert certificate_verify(issued.number.lower()) == issued
    prefix, year, serial, check = issued.number.split("-")
    assert certificate_verify(f"{prefix}-{year}-{serial}-{'0' if check[0] != '0' else '1'}{check[1:]}") is None


@pytest.mark.django_db
def test_new_numbers_use_the_dedicated_key(settings):
    settings.SENTRA_CERTIFICATE_KEY = ""
    default = certificate_number(2026, 7)
    settings.SENTRA_CERTIFICATE_KEY = "kunci-sertifikat-khusus-0123456789"
    dedicated = certificate_number(2026, 7)
    settings.SECRET_KEY = "yet-another-secret-key-0123456789abcdefghij"
    assert certificate_number(2026, 7) == dedicated != default
