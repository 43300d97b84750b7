"""In a real headless Chromium: an office declares its needs on a phone (totals update as it types), staff
allocate, the producer accepts."""

import pytest

from sentra.orders.models import Allocation, NeedLine, Office, RoundProducer
from sentra.orders.testing import make_producer, make_round


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-test-12345")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
def test_office_declares_on_a_phone_staff_allocate_producer_accepts(
    browser, live_server, staff_user, owner_user, make_business, django_user_model
):
    rnd = make_round(title="Seragam Peramban")
    shirt = rnd.garments.get(name="Kemeja")
    mine = make_business(sector="craft", name="Batik Peramban")
    mine.owner.user = owner_user
    mine.owner.save()
    producer = make_producer(rnd, mine, {"Kemeja": 40})
    make_producer(rnd, make_business(sector="craft", name="Batik Tetangga"), {"Kemeja": 10})
    buyer = django_user_model.objects.create_user(username="t_buyer_web", password="pw-test-12345", role="buyer")
    office = Office.objects.create(name="Dinas Peramban")
    office.users.add(buyer)

    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server.url, buyer.username)
    page.goto(f"{live_server.url}/pesanan/instansi/{office.pk}/putaran/{rnd.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.select_option("select[name=item_0]", f"{shirt.pk}:cap")
    page.select_option("select[name=size_0]", "M")
    page.fill("input[name=qty_0]", "12")
    page.select_option("select[name=item_1]", f"{shirt.pk}:tulis")
    page.select_option("select[name=size_1]", "L")
    page.fill("input[name=qty_1]", "3")
    # totals and money as typed (htmx), before saving: 12 × 200.000 + 3 × 450.000
    page.wait_for_selector("#total-pieces:text('15')")
    assert page.inner_text("#total-money") == "3.750.000"
    assert NeedLine.objects.count() == 0
    page.click("#save-needs")
    page.wait_for_selector("text=Kebutuhan tersimpan.")
    assert sorted(NeedLine.objects.values_list("size", "quantity")) == [("L", 3), ("M", 12)]
    page.close()

    staff = browser.new_page()
    _login(staff, live_server.url, staff_user.username)
    staff.goto(f"{live_server.url}/pesanan/putaran/{rnd.pk}/")
    staff.click("#allocate")
    staff.wait_for_selector("text=Pesanan dibagi ke produsen.")
    assert "Batik Peramban" in staff.inner_text("#allocation")
    staff.close()
    # 15 over capacities 40 and 10 → 12 and 3
    assert Allocation.objects.get(producer=producer).pieces == 12

    owner = browser.new_page()
    owner.set_viewport_size({"width": 390, "height": 844})
    _login(owner, live_server.url, owner_user.username)
    owner.goto(f"{live_server.url}/pesanan/produsen/{producer.pk}/")
    assert "Kemeja: 12" in owner.inner_text("#allocation")
    owner.click("#accept")
    owner.wait_for_selector("text=Jawaban tersimpan.")
    assert owner.inner_text("#response") == "Menerima"
    assert RoundProducer.objects.get(pk=producer.pk).response == "accepted"


@pytest.mark.browser
def test_staff_record_a_delivery_with_rejects_and_move_them_to_another_producer(
    browser, live_server, staff_user, make_business
):
    from sentra.orders import services
    from sentra.orders.models import Delivery, Round

    rnd = make_round(title="Seragam QC Peramban")
    shirt = rnd.garments.get(name="Kemeja")
    first = make_producer(rnd, make_business(sector="craft", name="Batik Pertama"), {"Kemeja": 30})
    second = make_producer(rnd, make_business(sector="craft", name="Batik Kedua"), {"Kemeja": 10})
    office = Office.objects.create(name="Dinas QC Peramban")
    services.needs_replace(actor=staff_user, round=rnd, office=office, lines=[services.Line(shirt.pk, "cap", "M", 16)])
    rnd = Round.objects.get(pk=rnd.pk)
    services.round_allocate(actor=staff_user, round=rnd, expected_version=rnd.version)
    for p in (first, second):
        services.producer_respond(actor=None, producer=p, accept=True)

    page = browser.new_page()
    _login(page, live_server.url, staff_user.username)
    page.goto(f"{live_server.url}/pesanan/produsen/{first.pk}/")
    form = page.locator("form:has(input[name=action][value=delivery])")
    form.locator("input[name=pieces]").fill("12")
    form.locator("input[name=rejected]").fill("2")
    form.locator("input[name=reason]").fill("warna luntur")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Pengiriman tercatat.")
    assert "2 potong yang ditolak dibuat ulang oleh produsen ini." in page.inner_text("#deliveries")
    page.click("text=Alihkan ke produsen lain")
    page.wait_for_selector("text=2 potong yang ditolak dialihkan ke produsen lain.")
    assert "2 dialihkan ke produsen lain" in page.inner_text("#deliveries")
    assert Delivery.objects.get().reallocated == 2
    # 16 over 30 and 10 → 12 and 4; the 2 rejected moved to the second producer
    assert Allocation.objects.get(producer=first).pieces == 10
    assert Allocation.objects.get(producer=second).pieces == 6
    assert RoundProducer.objects.get(pk=second.pk).response_deadline is not None
