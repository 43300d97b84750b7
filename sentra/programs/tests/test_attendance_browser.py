import datetime as dt

import pytest

from sentra.programs.models import Attendance
from sentra.programs.services import enrollment_create


@pytest.mark.browser
def test_marking_attendance_on_a_phone(browser, live_server, staff_user, make_session, make_business):
    session = make_session(quota=3, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 3))
    a, b, c = (
        enrollment_create(actor=staff_user, session=session, business=make_business(name=f"Batik {n}"))
        for n in ("Sekar", "Mliwis", "Jati")
    )
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})  # a common phone
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", staff_user.username)
    page.fill("input[name=password]", "pw-test-12345")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/program/kegiatan/{session.pk}/absensi/?hari=2026-03-03")

    # The checklist fits the phone: no sideways scrolling, and each checkbox is big enough to tap.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(f"#hadir-{a.pk}").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24

    page.locator(f"label[for=hadir-{a.pk}]").click()
    page.locator(f"label[for=hadir-{c.pk}]").click()
    page.get_by_role("button", name="Simpan kehadiran").click()
    page.wait_for_selector("text=Kehadiran 03-03-2026 tersimpan: 2 hadir.")

    marks = dict(Attendance.objects.filter(day=dt.date(2026, 3, 3)).values_list("enrollment_id", "present"))
    assert marks == {a.pk: True, b.pk: False, c.pk: True}
    # The page shows the saved state again after the redirect.
    assert page.locator(f"#hadir-{a.pk}").is_checked() and not page.locator(f"#hadir-{b.pk}").is_checked()
