import datetime as dt

import pytest
from django.utils import timezone

from sentra.partners.models import PartnerOrganisation
from sentra.programs.models import PartnerJoin


@pytest.mark.browser
def test_partner_joins_a_session_from_a_phone(browser, live_server, partner_user, make_session):
    start = timezone.localdate() + dt.timedelta(days=5)
    session = make_session(starts_on=start, ends_on=start, title="Kelas Foto Produk")
    campus = PartnerOrganisation.objects.create(name="Politeknik Uji", sector="academia")
    campus.members.add(partner_user)
    session.program.partners.add(campus)

    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", partner_user.username)
    page.fill("input[name=password]", "pw-test-12345")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Pelatihan").first.click()  # the menu leads a partner to its programs
    page.get_by_role("link", name=session.program.title).click()
    form = page.locator(f'article[data-session="{session.pk}"] form')
    form.locator("input[name=people]").fill("3")
    form.locator("input[name=note]").fill("mentor fotografi")
    form.get_by_role("button", name="Ikut serta").click()
    page.wait_for_load_state()
    assert (
        "Politeknik Uji ikut serta: 3 orang — mentor fotografi"
        in page.locator(f'article[data-session="{session.pk}"]').inner_text()
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert PartnerJoin.objects.get().people == 3
