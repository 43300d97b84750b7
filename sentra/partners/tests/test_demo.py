import pytest

from sentra.partners.models import Agreement, Commitment, Delivery
from sentra.registry.demo import seed_demo
from sentra.registry.models import Business


@pytest.mark.django_db
def test_demo_partners_idempotent_and_mitra_sees_its_own(client, reference_data):
    seed_demo()
    counts = (Agreement.objects.count(), Commitment.objects.count(), Delivery.objects.count())
    assert counts[0] == 2 and counts[1] == 4
    seed_demo()
    assert (Agreement.objects.count(), Commitment.objects.count(), Delivery.objects.count()) == counts
    assert Business.objects.count() == 1762
    from sentra.accounts.models import User

    client.force_login(User.objects.get(username="mitra"))
    html = client.get("/kemitraan/").content.decode()
    assert "Narasumber pelatihan desain kemasan" in html and "Dana CSR" not in html
