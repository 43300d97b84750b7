import pytest

from sentra.orders.models import Allocation, NeedLine, Office, Round
from sentra.registry.demo import seed_demo
from sentra.registry.models import Business


@pytest.mark.django_db
def test_demo_orders_keep_registry_figures_and_are_idempotent(reference_data):
    seed_demo()
    assert Business.objects.count() == 1762
    first, second = Round.objects.order_by("pk")
    assert first.status == "allocated" and second.status == "open"
    assert Office.objects.filter(users__username="pembeli").count() == 1
    demand = sum(NeedLine.objects.filter(round=first).values_list("quantity", flat=True))
    assert demand > 0
    assert sum(Allocation.objects.filter(round=first).values_list("pieces", flat=True)) == demand
    for a in Allocation.objects.filter(round=first, pieces__gt=0):
        assert first.min_batch <= a.pieces <= a.capacity
    counts = (Round.objects.count(), Office.objects.count(), Allocation.objects.count(), first.allocation_digest)
    seed_demo()
    first.refresh_from_db()
    assert (
        Round.objects.count(),
        Office.objects.count(),
        Allocation.objects.count(),
        first.allocation_digest,
    ) == counts
    assert Business.objects.count() == 1762
