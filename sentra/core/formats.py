"""Indonesian number formats, written once for templates and code."""


def rupiah(value) -> str:
    """Rp1.250.000 (dots between thousands); "" for no value."""
    if value is None or value == "":
        return ""
    return "Rp" + f"{int(value):,}".replace(",", ".")
