"""Seeded services of the SKM survey (a data migration and the tests' fixtures both call this)."""

SERVICES = [
    ("pendampingan-legalitas", "Pendampingan legalitas"),
    ("pelatihan", "Pelatihan"),
    ("kurasi-promosi", "Kurasi dan promosi produk"),
    ("fasilitasi-pameran", "Fasilitasi pameran"),
    ("pemesanan-seragam", "Pemesanan seragam"),
]


def load_services(Service) -> None:  # noqa: N803 - the model class, as migrations pass it
    for order, (code, name) in enumerate(SERVICES):
        Service.objects.get_or_create(code=code, defaults={"name": name, "order": order})
