from sentra.accounts.models import PersonalDataAccess

NIK = "3522014509800001"


def _business_with_nik(make_business):
    business = make_business(district="Dander")
    business.owner.nik = NIK
    business.owner.address = "Jl. Rahasia No. 7"
    business.owner.save()
    return business


def test_detail_page_shows_the_nik_masked(client, staff_user, make_business):
    business = _business_with_nik(make_business)
    client.force_login(staff_user)
    page = client.get(f"/ikm/{business.pk}/").content.decode()
    assert "3522********0001" in page and NIK not in page


def test_edit_form_does_not_put_the_nik_in_the_page_and_keeps_it_when_left_empty(client, staff_user, make_business):
    business = _business_with_nik(make_business)
    client.force_login(staff_user)
    page = client.get(f"/ikm/{business.pk}/ubah/").content.decode()
    assert NIK not in page and "3522********0001" in page


def test_reveal_shows_the_nik_and_is_logged(client, dander_operator, make_business):
    business = _business_with_nik(make_business)
    client.force_login(dander_operator)
    response = client.post(f"/ikm/{business.pk}/nik/")
    assert response.status_code == 200 and NIK in response.content.decode()
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.kind, log.object_id) == (dander_operator, "reveal", str(business.owner_id))


def test_reveal_by_an_operator_of_another_kecamatan_is_refused_and_not_logged(client, kapas_operator, make_business):
    business = _business_with_nik(make_business)
    client.force_login(kapas_operator)
    response = client.post(f"/ikm/{business.pk}/nik/")
    assert response.status_code == 404 and NIK not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_saving_the_edit_form_with_the_nik_left_empty_keeps_the_stored_nik(client, staff_user, make_business):
    from sentra.registry.tests.test_concurrent_edit import _form_data

    business = _business_with_nik(make_business)
    client.force_login(staff_user)
    response = client.post(f"/ikm/{business.pk}/ubah/", _form_data(business, products="jamu"))
    assert response.status_code == 302
    business.owner.refresh_from_db()
    assert business.owner.nik == NIK


def test_a_nik_already_held_by_another_owner_is_flagged_as_a_possible_duplicate(client, staff_user, make_business):
    _business_with_nik(make_business)
    client.force_login(staff_user)
    response = client.post(
        "/ikm/baru/",
        {
            "name": "Usaha Kedua",
            "sector": "food_beverage",
            "district": "Dander",
            "workers_male": 1,
            "workers_female": 0,
            "market_reach": "local",
            "status": "active",
            "registered_on": "2025-01-01",
            "owner-name": "Pemilik Lain",
            "owner-nik": "3522 0145 0980 0001",
            "permits-TOTAL_FORMS": 0,
            "permits-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "NIK 3522********0001 sudah tercatat untuk pemilik lain" in page
    assert NIK not in page
