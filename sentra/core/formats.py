"""Formats written once for every app: money as Indonesians write it."""


def rupiah(value) -> str:
    """Rp1.234.567 (thousands with dots, no decimals); empty for no value."""
    if value is None or value == "":
        return ""
    return "Rp" + f"{int(value):,}".replace(",", ".")
