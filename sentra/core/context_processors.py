from django.conf import settings

from sentra.regions.selectors import home_regency


def sentra(request):
    return {"home_regency": home_regency(), "sentra_env": settings.SENTRA_ENV}
