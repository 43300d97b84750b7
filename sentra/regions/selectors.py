from dataclasses import dataclass

from sentra.regions import home
from sentra.regions.models import District, Regency, Site, Village


def home_regency() -> Regency | None:
    return Regency.objects.filter(code=home.regency_code()).first()


def districts_of_home_regency():
    return District.objects.filter(regency_id=home.regency_code()).order_by("name")


def villages_of(district_code: str):
    return Village.objects.filter(district_id=district_code).order_by("name")


@dataclass(frozen=True)
class Issuer:
    """Who issues the installation's certificates: the council's name and logo, and who signs."""

    council_name: str
    logo_path: str | None  # a local file the PDF embeds, None without a logo
    signatory_name: str
    signatory_title: str


def certificate_issuer() -> Issuer:
    """From the installation's settings (regions.Site, edited in the Django admin); without a council
    name, "Dekranasda" and the home regency's name."""
    site = Site.objects.filter(pk=1).first()
    name = site.council_name.strip() if site else ""
    if not name:
        regency = home_regency()
        name = f"Dekranasda {regency.name}" if regency else "Dekranasda"
    logo = None
    if site and site.council_logo:
        try:
            logo = site.council_logo.path
        except NotImplementedError:  # a storage without local paths: the PDF goes without the logo
            logo = None
    return Issuer(
        council_name=name,
        logo_path=logo,
        signatory_name=site.signatory_name.strip() if site else "",
        signatory_title=site.signatory_title.strip() if site else "",
    )
