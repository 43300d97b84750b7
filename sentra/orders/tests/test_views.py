"""Pages of uniform orders: what each role sees (content, not only status)."""

import io

import pytest
from django.urls import reverse

from sentra.orders import services
from sentra.orders.models import Allocation, NeedLine, Office, Round, RoundProducer
from sentra.orders.services import Line
from sentra.orders.testing import make_producer, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_business, staff_user, owner_user, django_user_model):
    rnd = make_round(title="Seragam Obor Sewu Uji")
    shirt = rnd.garments.get(name="Kemeja")
    mine = make_business(district="Dander", sector="craft", name="Batik Milik Pemilik", phone="081234567890")
    mine.owner.user = owner_user
    mine.owner.save()
    p_mine = make_producer(rnd, mine, {"Kemeja": 30}, name_public=True)
    p_hidden = make_producer(rnd, make_business(district="Kapas", sector="craft", name="Batik Rahasia"), {"Kemeja": 10})
    buyer = django_user_model.objects.create_user(username="t_pembeli", password="x-12345678", role="buyer")
    office = Office.objects.create(name="Dinas Uji Seragam")
    office.users.add(buyer)
    other = Office.objects.create(name="Dinas Orang Lain")
    services.needs_replace(actor=staff_user, round=rnd, office=office, lines=[Line(shirt.pk, "cap", "M", 16)])
    return {
        "round": rnd,
        "shirt": shirt,
        "mine": p_mine,
        "hidden": p_hidden,
        "buyer": buyer,
        "office": office,
        "other": other,
        "staff": staff_user,
        "owner": owner_user,
    }


def _allocate(w):
    rnd = Round.objects.get(pk=w["round"].pk)
    services.round_allocate(actor=w["staff"], round=rnd, expected_version=rnd.version)


def test_office_page_shows_its_needs_and_totals_and_hides_other_offices(client, world):
    client.force_login(world["buyer"])
    page = client.get(reverse("orders:office_round", args=[world["office"].pk, world["round"].pk]))
    html = page.content.decode()
    assert "Dinas Uji Seragam" in html and 'id="total-pieces">16<' in html and "3.200.000" in html
    other = client.get(reverse("orders:office_round", args=[world["other"].pk, world["round"].pk]))
    assert other.status_code == 404


def test_totals_as_typed_and_bad_quantity_keeps_what_was_typed(client, world):
    client.force_login(world["buyer"])
    url = reverse("orders:office_round", args=[world["office"].pk, world["round"].pk])
    item = f"{world['shirt'].pk}:cap"
    data = {"rows": "2", "item_0": item, "size_0": "L", "qty_0": "5", "item_1": item, "size_1": "S", "qty_1": "3"}
    total = client.post(reverse("orders:office_total", args=[world["office"].pk, world["round"].pk]), data)
    assert 'id="total-pieces">8<' in total.content.decode() and "1.600.000" in total.content.decode()
    bad = {**data, "qty_1": "-4"}
    page = client.post(url, bad)
    html = page.content.decode()
    assert page.status_code == 200
    assert "jumlah harus bilangan bulat paling sedikit 1" in html
    assert 'value="-4"' in html  # what was typed is kept
    assert list(NeedLine.objects.filter(office=world["office"]).values_list("quantity", flat=True)) == [16]
    ok = client.post(url, data)
    assert ok.status_code == 302
    assert sorted(NeedLine.objects.filter(office=world["office"]).values_list("size", "quantity")) == [
        ("L", 5),
        ("S", 3),
    ]


def test_upload_with_wrong_columns_changes_nothing(client, world):
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    wb.add_worksheet().write_row(0, 0, ["Pegawai", "Baju"])
    wb.close()
    buf.seek(0)
    buf.name = "pegawai.xlsx"
    client.force_login(world["buyer"])
    response = client.post(
        reverse("orders:office_upload", args=[world["office"].pk, world["round"].pk]), {"file": buf}, follow=True
    )
    assert "Kolom tidak sesuai templat" in response.content.decode()
    assert NeedLine.objects.filter(office=world["office"]).count() == 1


def test_staff_dashboard_allocation_and_producer_explanation(client, world):
    client.force_login(world["staff"])
    rnd = world["round"]
    response = client.post(
        reverse("orders:round_allocate", args=[rnd.pk]), {"version": str(rnd.version + 5)}, follow=True
    )
    assert "baru saja berubah" in response.content.decode()
    assert not Allocation.objects.exists()
    rnd.refresh_from_db()
    response = client.post(reverse("orders:round_allocate", args=[rnd.pk]), {"version": str(rnd.version)}, follow=True)
    html = response.content.decode()
    assert "Pesanan dibagi ke produsen" in html
    assert "Batik Milik Pemilik" in html and 'id="pairs">2<' in html
    # 16 pieces over capacities 30 and 10 → 12 and 4
    assert Allocation.objects.get(producer=world["mine"]).pieces == 12
    client.force_login(world["owner"])
    page = client.get(reverse("orders:producer", args=[world["mine"].pk])).content.decode()
    assert "Kemeja: 12" in page and "Kapasitas Anda 30" in page and "pembagi yang sama" in page
    assert "Batik Rahasia" not in page
    pdf = client.get(reverse("orders:work_order", args=[world["mine"].pk]))
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("orders:producer", args=[world["hidden"].pk])).status_code == 404


def test_producer_accepts_from_its_page_and_staff_get_a_whatsapp_link(client, world):
    _allocate(world)
    client.force_login(world["owner"])
    client.post(reverse("orders:producer", args=[world["mine"].pk]), {"action": "accept"})
    assert RoundProducer.objects.get(pk=world["mine"].pk).response == "accepted"
    client.force_login(world["staff"])
    html = client.get(reverse("orders:producer", args=[world["mine"].pk])).content.decode()
    link = html.split('id="whatsapp"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert link.startswith("https://wa.me/6281234567890?text="), link
    assert "12%20potong" in link


def test_public_round_page_names_only_consenting_producers_and_no_personal_data(client, world):
    _allocate(world)
    html = client.get(reverse("orders:public_round", args=[world["round"].pk])).content.decode()
    assert "Batik Milik Pemilik" in html
    assert "Batik Rahasia" not in html and "1 produsen lain tidak ingin namanya diumumkan" in html
    assert "Dander" in html and "Kapas" in html
    assert "Rp200.000" in html and "Sainte-Laguë" in html
    assert "081234567890" not in html and "6281234567890" not in html
    assert "Pemilik Uji" not in html  # owners' names are personal data


def test_size_list_and_allocation_exports(client, world):
    from python_calamine import CalamineWorkbook

    _allocate(world)
    client.force_login(world["buyer"])
    data = client.get(reverse("orders:office_sizes", args=[world["office"].pk, world["round"].pk])).content
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = wb.get_sheet_by_index(0).to_python()
    assert rows[1][:5] == ["Kemeja", "cap", "M", "", 16]
    producers = wb.get_sheet_by_name("Produsen").to_python()
    assert {r[0] for r in producers[1:]} == {"Batik Milik Pemilik", "Batik Rahasia"}
    client.force_login(world["staff"])
    data = client.get(reverse("orders:round_export", args=[world["round"].pk])).content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sorted((r[0], r[6]) for r in sheet[1:]) == [("Batik Milik Pemilik", 12), ("Batik Rahasia", 4)]


def test_staff_create_round_with_bad_price_line_keeps_the_form(client, staff_user):
    client.force_login(staff_user)
    data = {
        "title": "Putaran Baru",
        "declare_opens": "2026-01-05",
        "declare_closes": "2026-01-20",
        "response_deadline": "2026-01-27",
        "delivery_deadline": "2026-03-01",
        "payer": "office",
        "min_batch": "5",
        "boost_pkw": "1.2",
        "boost_first_time": "1.2",
        "reanswer_days": "7",
        "sizes_text": "S, M, L",
        "prices_text": "Kemeja | batik-ikat | 300000",
    }
    response = client.post(reverse("orders:round_create"), data)
    assert "teknik “batik-ikat” tidak dikenal" in response.content.decode()
    assert "Putaran Baru" in response.content.decode()
    assert not Round.objects.filter(title="Putaran Baru").exists()
    data["prices_text"] = "Kemeja | tulis | 450.000\nBlus | cap | 210000"
    response = client.post(reverse("orders:round_create"), data)
    rnd = Round.objects.get(title="Putaran Baru")
    assert response.status_code == 302 and rnd.sizes == ["S", "M", "L"]
    assert sorted((p.garment.name, p.unit_price) for g in rnd.garments.all() for p in g.prices.all()) == [
        ("Blus", 210000),
        ("Kemeja", 450000),
    ]


def test_staff_move_rejected_pieces_and_extend_a_deadline_from_the_producer_page(client, world):
    import datetime as dt

    from django.utils import timezone

    from sentra.orders.models import Assignment, Delivery

    _allocate(world)
    for p in (world["mine"], world["hidden"]):
        services.producer_respond(actor=None, producer=p, accept=True)
    client.force_login(world["staff"])
    url = reverse("orders:producer", args=[world["mine"].pk])
    client.post(
        url,
        {"action": "delivery", "office": world["office"].pk, "pieces": "12", "rejected": "2", "reason": "luntur"},
    )
    delivery = Delivery.objects.get()
    html = client.get(url).content.decode()
    assert "2 potong yang ditolak dibuat ulang oleh produsen ini." in html and "Alihkan ke produsen lain" in html
    row = Assignment.objects.get(producer=world["mine"])
    response = client.post(
        url,
        {"action": "reallocate_rejected", "delivery": delivery.pk, "line": row.pk, "pieces": "3"},
        follow=True,
    )
    assert "Hanya 2 potong yang ditolak" in response.content.decode()
    response = client.post(
        url,
        {"action": "reallocate_rejected", "delivery": delivery.pk, "line": row.pk, "pieces": "2"},
        follow=True,
    )
    html = response.content.decode()
    assert "2 potong yang ditolak dialihkan ke produsen lain." in html and "2 dialihkan ke produsen lain" in html
    assert Allocation.objects.get(producer=world["hidden"]).pieces == 6
    hidden = RoundProducer.objects.get(pk=world["hidden"].pk)
    assert hidden.response == "pending" and hidden.response_deadline is not None
    # the owner sees that pieces moved away: its share is now 10
    client.force_login(world["owner"])
    assert "Kemeja: 10" in client.get(url).content.decode()
    # staff extend the receiving producer's deadline; a date after delivery is refused
    client.force_login(world["staff"])
    hidden_url = reverse("orders:producer", args=[world["hidden"].pk])
    new = timezone.localdate() + dt.timedelta(days=20)
    client.post(hidden_url, {"action": "deadline", "deadline": new.isoformat()})
    assert RoundProducer.objects.get(pk=world["hidden"].pk).response_deadline == new
    too_late = (world["round"].delivery_deadline + dt.timedelta(days=1)).isoformat()
    response = client.post(hidden_url, {"action": "deadline", "deadline": too_late}, follow=True)
    assert "tidak boleh melewati batas pengiriman" in response.content.decode()
    assert RoundProducer.objects.get(pk=world["hidden"].pk).response_deadline == new
    # the owner cannot move pieces or change deadlines
    client.force_login(world["owner"])
    response = client.post(url, {"action": "deadline", "deadline": too_late})
    assert response.status_code == 403


def test_office_sees_what_each_employee_still_owes(client, staff_user, django_user_model):
    rnd = make_round(title="Seragam Bayar Sendiri", payer="employee")
    shirt = rnd.garments.get(name="Kemeja")
    office = Office.objects.create(name="Dinas Bayar Sendiri")
    buyer = django_user_model.objects.create_user(username="t_pembeli_bayar", password="x-12345678", role="buyer")
    office.users.add(buyer)
    services.needs_replace(
        actor=staff_user,
        round=rnd,
        office=office,
        lines=[Line(shirt.pk, "cap", "M", 1, "Siti"), Line(shirt.pk, "tulis", "L", 1, "Budi")],
    )
    client.force_login(staff_user)
    siti = NeedLine.objects.get(person_name="Siti")
    client.post(reverse("orders:person_payment", args=[office.pk, siti.pk]), {"amount": "150000"})
    client.force_login(buyer)
    html = client.get(reverse("orders:office_round", args=[office.pk, rnd.pk])).content.decode()
    # Siti paid 150.000 of 200.000 (50.000 left); Budi nothing of 450.000: 500.000 still owed
    assert 'class="num owed">Rp50.000<' in html and 'class="num owed">Rp450.000<' in html
    assert 'id="owed-total">Rp500.000<' in html
    assert "Catat pembayaran" not in html  # buyers see, staff record
