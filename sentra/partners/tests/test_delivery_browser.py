import pytest
from django.utils import timezone

from sentra.partners.models import Delivery


def _login(page, url, user):
    page.goto(f"{url}/akun/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pw-test-12345")
    page.click("button[type=submit]")


@pytest.mark.browser
def test_partner_records_a_delivery_from_a_phone(browser, live_server, partner_user, commitments):
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server.url, partner_user)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Kemitraan").first.click()  # the menu leads a partner to its commitments
    assert "Bank Uji" not in page.content()  # another organisation's commitments are not shown
    page.get_by_role("link", name="Catat penyerahan").first.click()
    page.fill("input[name=quantity]", "3")
    page.fill("input[name=delivered_on]", timezone.localdate().isoformat())
    page.fill("input[name=note]", "Kelas desain angkatan 1")
    page.get_by_role("button", name="Simpan penyerahan").click()
    page.wait_for_load_state()
    assert "Penyerahan tercatat" in page.content()
    row = page.locator("table.commitments tbody tr").first.inner_text()
    assert "3 (50%)" in row
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    delivery = Delivery.objects.get()
    assert (delivery.quantity, delivery.source, delivery.recorded_by_id) == (3, "partner", partner_user.pk)
