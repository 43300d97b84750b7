import pytest

from sentra.programs.models import Certificate, Enrollment, Program
from sentra.registry.demo import seed_demo
from sentra.registry.models import Business


@pytest.mark.django_db
def test_demo_programs_keep_registry_figures_and_are_idempotent(reference_data, program_types):
    seed_demo()
    assert Business.objects.count() == 1762
    assert Program.objects.count() == 2
    assert Certificate.objects.count() == Enrollment.objects.filter(completed=True).count() > 0
    assert Enrollment.objects.filter(business__owner__user__username="pemilik").exists()
    from sentra.accounts.models import User
    from sentra.programs.partners import partner_programs

    assert [p.title for p in partner_programs(User.objects.get(username="mitra"))] == [
        "Pelatihan Desain Kemasan IKM Pangan"
    ]
    seed_demo()
    assert Program.objects.count() == 2 and Business.objects.count() == 1762
