"""Program types the council starts with (admins may add more in the admin site)."""

PROGRAM_TYPES = [
    ("desain", "Pelatihan desain"),
    ("kewirausahaan", "Kewirausahaan"),
    ("digital_marketing", "Digital marketing"),
    ("inovasi_produk", "Inovasi produk"),
    ("pkw", "PKW (Pendidikan Kecakapan Wirausaha)"),
    ("pameran", "Pameran/expo"),
    ("sertifikasi", "Fasilitasi sertifikasi (NIB, halal, PIRT)"),
    ("pendampingan", "Pendampingan"),
]


def load_program_types(model) -> None:
    """Create the missing seeded types; `model` is the real or the migration's historical ProgramType."""
    for order, (code, name) in enumerate(PROGRAM_TYPES):
        model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
