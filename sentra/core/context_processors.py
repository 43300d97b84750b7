from django.conf import settings

from sentra.regions import home
from sentra.regions.selectors import home_regency


def _review_pending(request):
    """Owners' claims and change requests waiting for staff (the Tinjauan menu shows the number)."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_office", False):
        return 0
    from sentra.accounts.models import BusinessClaim, ChangeRequest, Decision

    return (
        BusinessClaim.objects.filter(status=Decision.PENDING).count()
        + ChangeRequest.objects.filter(status=Decision.PENDING).count()
    )


def sentra(request):
    return {
        "home_regency": home_regency(),
        "council_name": home.council_name(),
        "sentra_env": settings.SENTRA_ENV,
        "sentra_mode": settings.SENTRA_MODE,
        # a callable: counted only on pages that show the menu entry
        "review_pending": lambda: _review_pending(request),
    }
