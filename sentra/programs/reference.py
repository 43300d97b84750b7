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
# English names (ProgramType.name_en), shown on English pages
PROGRAM_TYPES_EN = {
    "desain": "Design training",
    "kewirausahaan": "Entrepreneurship",
    "digital_marketing": "Digital marketing",
    "inovasi_produk": "Product innovation",
    "pkw": "PKW (Entrepreneurship Skills Education)",
    "pameran": "Fair/expo",
    "sertifikasi": "Certification support (NIB, halal, PIRT)",
    "pendampingan": "Mentoring",
}


def load_program_types(model) -> None:
    """Create the missing seeded types; `model` is the real or the migration's historical ProgramType."""
    # an early migration's historical model has no English name yet
    has_english = any(f.name == "name_en" for f in model._meta.get_fields())
    for order, (code, name) in enumerate(PROGRAM_TYPES):
        english = {"name_en": PROGRAM_TYPES_EN[code]} if has_english else {}
        model.objects.get_or_create(code=code, defaults={"name": name, "order": order, **english})
        if has_english:
            model.objects.filter(pk=code, name_en="").update(**english)
