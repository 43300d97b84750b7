import pytest

from sentra.planning import services
from sentra.planning.models import WorkPlan


@pytest.fixture
def plan(staff_user):
    plan = services.plan_create(actor=staff_user, year=2026, title="Rencana Uji 2026")
    programme = services.programme_save(actor=staff_user, plan=plan, programme=None, name="Kewirausahaan")
    services.activity_save(
        actor=staff_user,
        programme=programme,
        activity=None,
        data={"name": "Bimtek NIB", "start_month": 2, "end_month": 4, "budget_ceiling": 1_000_000, "budget_spent": 0},
    )
    services.indicator_save(
        actor=staff_user,
        plan=plan,
        indicator=None,
        data={"name": "IKM ber-NIB", "unit": "IKM", "baseline": "0", "target": "10", "figure": "with_nib"},
    )
    services.indicator_save(
        actor=staff_user,
        plan=plan,
        indicator=None,
        data={"name": "Indeks SKM", "unit": "indeks", "baseline": "70", "target": "80", "manual_value": "75"},
    )
    return WorkPlan.objects.get(pk=plan.pk)


@pytest.fixture
def approved(plan, staff_user, admin_user):
    services.plan_submit(actor=staff_user, plan=plan)
    return services.plan_approve(actor=admin_user, plan=plan)
