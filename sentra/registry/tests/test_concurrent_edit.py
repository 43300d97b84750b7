import pytest

from sentra.registry.services import ConcurrentEditError, business_save


def _form_data(business, **overrides):
    data = {
        "name": business.name,
        "sector": business.sector_id,
        "district": business.district_id,
        "workers_male": business.workers_male,
        "workers_female": business.workers_female,
        "market_reach": business.market_reach,
        "status": business.status,
        "registered_on": business.registered_on.isoformat(),
        "version": business.version,
        "owner-name": business.owner.name,
        "permits-TOTAL_FORMS": 0,
        "permits-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_second_save_from_a_stale_form_is_refused_and_shows_what_changed(client, staff_user, make_business):
    business = make_business(district="Dander", name="Keripik Asli")
    stale = _form_data(business, products="keripik tempe")
    # Someone else saves first.
    business_save(actor=staff_user, business=business, business_data={"name": "Keripik Baru"}, source="web")
    client.force_login(staff_user)
    response = client.post(f"/ikm/{business.pk}/ubah/", stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "telah diubah oleh pengguna lain" in page
    assert "Keripik Asli → Keripik Baru" in page
    assert "keripik tempe" in page  # the user's input is kept in the form
    business.refresh_from_db()
    assert business.name == "Keripik Baru" and business.products == ""


def test_save_from_a_current_form_goes_through_and_bumps_the_version(client, staff_user, make_business):
    business = make_business(district="Dander")
    client.force_login(staff_user)
    response = client.post(f"/ikm/{business.pk}/ubah/", _form_data(business, products="ledre"))
    assert response.status_code == 302
    old_version = business.version
    business.refresh_from_db()
    assert business.products == "ledre" and business.version == old_version + 1


def test_service_refuses_a_stale_version(staff_user, make_business):
    business = make_business(district="Dander")
    business_save(actor=staff_user, business=business, business_data={"products": "a"}, expected_version=1)
    with pytest.raises(ConcurrentEditError) as info:
        business_save(actor=staff_user, business=business, business_data={"products": "b"}, expected_version=1)
    assert info.value.changes and "products" in info.value.changes[0].changes
    business.refresh_from_db()
    assert business.products == "a"
