from django.conf import settings

from sentra.regions import home
from sentra.regions.selectors import home_regency


def sentra(request):
    return {
        "home_regency": home_regency(),
        "council_name": home.council_name(),
        "sentra_env": settings.SENTRA_ENV,
        "sentra_mode": settings.SENTRA_MODE,
    }
