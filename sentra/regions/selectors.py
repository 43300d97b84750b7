from sentra.regions import home
from sentra.regions.models import District, Regency, Village


def home_regency() -> Regency | None:
    return Regency.objects.filter(code=home.regency_code()).first()


def districts_of_home_regency():
    return District.objects.filter(regency_id=home.regency_code()).order_by("name")


def villages_of(district_code: str):
    return Village.objects.filter(district_id=district_code).order_by("name")
