"""Issue 17, point 4: claiming a business (/akun/usaha/klaim/) is no NIK/NIB oracle."""

import pytest

from sentra.accounts.models import BusinessClaim

NIK = "3522014509800001"


@pytest.fixture
def business(make_business):
    from sentra.registry.services import business_save

    b = make_business(district="Dander", name="Ledre Bu Sri", nib="1234567890123")
    business_save(actor=None, business=b, business_data={}, owner_data={"nik": NIK}, source="test")
    return b


def _claim(client, identifier, ip="198.51.100.7"):
    response = client.post("/akun/usaha/klaim/", {"identifier": identifier}, REMOTE_ADDR=ip, follow=True)
    page = response.content.decode()
    start = page.index("<main")
    return response.redirect_chain, page[start:].replace("csrfmiddlewaretoken", "")


def _strip_token(page):
    import re

    return re.sub(r'value="[A-Za-z0-9]{64}"', "", page)


@pytest.mark.parametrize("existing,missing", [("1234567890123", "9999999999999"), (NIK, "3522014509800099")])
def test_the_answer_is_the_same_whether_or_not_the_number_exists(
    client, django_user_model, owner_user, business, existing, missing
):
    other = django_user_model.objects.create_user(username="t_owner_b", password="pw-test-12345", role="owner")
    client.force_login(owner_user)
    chain_a, page_a = _claim(client, existing)
    client.force_login(other)
    chain_b, page_b = _claim(client, missing)
    assert chain_a == chain_b
    assert _strip_token(page_a).replace("t_owner", "X") == _strip_token(page_b).replace("t_owner_b", "X")
    assert "Ledre Bu Sri" not in page_a
    # asking again: the same answer both ways
    client.force_login(owner_user)
    again_a = _claim(client, existing)[1]
    client.force_login(other)
    again_b = _claim(client, missing)[1]
    assert "sedang menunggu konfirmasi staf" in again_a and "sedang menunggu konfirmasi staf" in again_b
    # staff see only the claim that matched
    assert BusinessClaim.objects.filter(business__isnull=False).count() == 1


def test_claims_are_rate_limited_per_account_and_address(client, django_user_model, owner_user, business):
    client.force_login(owner_user)
    for n in range(5):
        assert "Klaim terkirim" in _claim(client, f"99999999999{n:02d}")[1]
    assert "Terlalu banyak klaim" in _claim(client, "1234567890123")[1]
    assert not BusinessClaim.objects.filter(business=business).exists()
    # one address cannot go on with fresh accounts either
    for i in range(4):
        user = django_user_model.objects.create_user(username=f"t_o{i}", password="pw-test-12345", role="owner")
        client.force_login(user)
        for n in range(5):
            _claim(client, f"88888888888{i}{n}")
    fresh = django_user_model.objects.create_user(username="t_fresh", password="pw-test-12345", role="owner")
    client.force_login(fresh)
    assert "Terlalu banyak klaim" in _claim(client, "1234567890123")[1]
    assert "Klaim terkirim" in _claim(client, "1234567890123", ip="203.0.113.9")[1]


def test_a_claim_that_matched_nothing_cannot_be_decided(client, staff_user, owner_user, business):
    client.force_login(owner_user)
    _claim(client, "9999999999999")
    claim = BusinessClaim.objects.get()
    client.force_login(staff_user)
    assert "9999999999999" not in client.get("/akun/tinjauan/").content.decode()
    response = client.post(f"/akun/tinjauan/klaim/{claim.pk}/", {"decision": "approve"}, follow=True)
    assert "tidak cocok dengan IKM mana pun" in response.content.decode()
