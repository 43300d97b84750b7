import pytest
from django.urls import reverse

from sentra.regions.models import District, Village
from sentra.registry.models import Business

LIST = reverse("registry:business_list")
CREATE = reverse("registry:business_create")


def _form_data(district, village=None, **overrides):
    data = {
        "name": "Ledre Uji",
        "sector": "food_beverage",
        "district": district.code,
        "village": village.code if village else "",
        "workers_male": "1",
        "workers_female": "2",
        "market_reach": "local",
        "status": "active",
        "registered_on": "2025-01-15",
        "owner-name": "Sri Uji",
        "owner-nik": "3522015203850001",
        "owner-gender": "P",
        "permits-TOTAL_FORMS": "2",
        "permits-INITIAL_FORMS": "0",
        "permits-MIN_NUM_FORMS": "0",
        "permits-MAX_NUM_FORMS": "20",
        "permits-0-kind": "nib",
        "permits-0-number": "1234.5678.90123",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", [LIST, CREATE])
def test_anonymous_is_sent_to_sign_in(client, url, reference_data):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_cannot_open_a_business(client, make_business):
    b = make_business()
    response = client.get(reverse("registry:business_detail", args=[b.pk]))
    assert response.status_code == 302


def test_owner_and_partner_are_refused_the_registry(client, owner_user, partner_user, reference_data):
    for user in (owner_user, partner_user):
        client.force_login(user)
        assert client.get(LIST).status_code == 403


def test_staff_lists_filters_and_paginates(client, staff_user, make_business):
    for i in range(30):
        make_business(name=f"Batik {i:02d}", district="Kapas", sector="craft")
    make_business(name="Ledre Dander", district="Dander", nib="1234567890123")
    client.force_login(staff_user)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["total"] == 31
    assert len(response.context["page"].object_list) == 25
    assert client.get(LIST, {"kecamatan": "Kec. Dander"}).context["total"] == 1  # typed name resolved
    assert client.get(LIST, {"nib": "ya"}).context["total"] == 1
    assert client.get(LIST, {"sektor": "craft", "nib": "tidak"}).context["total"] == 30
    assert client.get(LIST, {"q": "ledre"}).context["total"] == 1
    assert client.get(LIST, {"q": "1234567890123"}).context["total"] == 1
    htmx = client.get(LIST, {"q": "batik"}, HTTP_HX_REQUEST="true")
    assert htmx.context["total"] == 30
    assert b"<html" not in htmx.content  # the partial only


def test_operator_sees_only_their_kecamatan(client, dander_operator, make_business):
    mine = make_business(district="Dander")
    other = make_business(district="Kapas")
    client.force_login(dander_operator)
    listed = client.get(LIST).context["page"].object_list
    assert [b.pk for b in listed] == [mine.pk]
    assert client.get(reverse("registry:business_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:business_edit", args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:business_edit", args=[mine.pk])).status_code == 200


def test_operator_cannot_create_in_another_kecamatan(client, dander_operator, reference_data):
    client.force_login(dander_operator)
    kapas = District.objects.get(name="Kapas")
    response = client.post(CREATE, _form_data(kapas))
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert Business.objects.count() == 0


def test_staff_creates_a_business_with_owner_and_nib(client, staff_user, reference_data):
    dander = District.objects.get(name="Dander")
    village = dander.villages.first()
    client.force_login(staff_user)
    response = client.post(CREATE, _form_data(dander, village, phone="0812-3456-7890", capital="50000000"))
    business = Business.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:business_detail", args=[business.pk])
    assert business.nib == "1234567890123"
    assert business.phone == "+6281234567890"
    assert business.owner.nik == "3522015203850001"
    assert business.scale == "mikro"
    assert business.created_by == staff_user
    detail = client.get(response["Location"])
    assert "3522********0001" in detail.content.decode()
    assert "3522015203850001" not in detail.content.decode()


def test_bad_input_keeps_what_was_typed_and_explains_in_indonesian(client, staff_user, reference_data):
    dander = District.objects.get(name="Dander")
    wrong_village = Village.objects.exclude(district=dander).first()
    client.force_login(staff_user)
    data = _form_data(
        dander,
        wrong_village,
        **{"name": "Ledre Bu Ani", "phone": "12345", "owner-nik": "3522013202850001", "permits-0-number": "12345"},
    )
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert Business.objects.count() == 0
    html = response.content.decode()
    assert 'value="Ledre Bu Ani"' in html  # typed input kept
    assert 'value="12345"' in html
    assert "NIB harus tepat 13 angka" in html
    assert "bukan tanggal yang ada" in html
    assert "Nomor telepon" in html
    assert "Data belum tersimpan" in html


def test_duplicate_nib_is_refused_with_the_other_business_named(client, staff_user, make_business):
    make_business(name="Batik Lama", nib="1234567890123")
    client.force_login(staff_user)
    response = client.post(CREATE, _form_data(District.objects.get(name="Dander")), follow=True)
    assert "sudah terdaftar untuk IKM “Batik Lama”" in response.content.decode()
    assert Business.objects.count() == 1


def test_edit_changes_and_shows_history(client, staff_user, make_business):
    b = make_business(name="Jamu Lama", district="Dander")
    client.force_login(staff_user)
    url = reverse("registry:business_edit", args=[b.pk])
    form = client.get(url).context["form"]
    assert form.initial["name"] == "Jamu Lama"
    data = _form_data(b.district, name="Jamu Baru")
    data["owner-name"] = b.owner.name
    response = client.post(url, data)
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.name == "Jamu Baru"
    detail = client.get(reverse("registry:business_detail", args=[b.pk])).content.decode()
    i = detail.find("Riwayat")
    assert "Jamu Lama → Jamu Baru" in detail, detail[i : i + 3000]


def test_village_options_follow_the_kecamatan(client, reference_data):
    response = client.get(reverse("regions:village_options"), {"district": "35.22.06", "kecamatan_field": "district"})
    html = response.content.decode()
    dander_villages = Village.objects.filter(district_id="35.22.06")
    assert html.count('<option value="35.22.06.') == dander_villages.count()
    assert "35.22.01." not in html
    assert (
        client.get(reverse("regions:village_options"), {"kecamatan": "Nowhere"}).content.decode().count("<option") == 1
    )


@pytest.mark.parametrize(
    "typed, stored", [("1.250.000", 1_250_000), ("Rp 50.000.000", 50_000_000), ("750000", 750_000)]
)
def test_amounts_are_accepted_as_people_type_them(client, staff_user, reference_data, typed, stored):
    client.force_login(staff_user)
    response = client.post(CREATE, _form_data(District.objects.get(name="Dander"), capital=typed))
    assert response.status_code == 302
    assert Business.objects.get().capital == stored


def test_amount_with_letters_is_refused(client, staff_user, reference_data):
    client.force_login(staff_user)
    response = client.post(CREATE, _form_data(District.objects.get(name="Dander"), capital="lima juta"))
    assert response.status_code == 200
    assert "capital" in response.context["form"].errors
    assert Business.objects.count() == 0


def test_list_offers_an_export_of_the_filtered_rows(client, staff_user, make_business):
    make_business(name="Ledre Dander", district="Dander")
    make_business(name="Batik Kapas", district="Kapas")
    client.force_login(staff_user)
    html = client.get(LIST, {"kecamatan": "35.22.06"}).content.decode()
    start = html.index('href="', html.index('id="export-xlsx"') - 200)
    assert "kecamatan=35.22.06" in html[start : html.index('id="export-xlsx"')]
    response = client.get(reverse("imports:export"), {"format": "csv", "kecamatan": "35.22.06"})
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Ledre Dander" in csv_text and "Batik Kapas" not in csv_text


def test_registered_status_filter_leaves_out_closed_businesses(client, staff_user, make_business):
    from sentra.registry.services import business_save

    make_business(name="Masih Buka", district="Dander")
    closed = make_business(name="Sudah Tutup", district="Dander")
    business_save(actor=None, business=closed, business_data={"status": "closed"})
    client.force_login(staff_user)
    assert client.get(LIST, {"status": "terdaftar"}).context["total"] == 1
    assert client.get(LIST).context["total"] == 2
    assert client.get(LIST, {"status": "closed"}).context["total"] == 1
