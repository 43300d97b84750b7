"""Units of sale as the English catalog says them. Units are typed by owners in Indonesian ("bungkus",
"lembar"); the common ones have their English here, anything else is shown as typed."""

UNITS_EN = {
    "bungkus": "pack",
    "pak": "pack",
    "pack": "pack",
    "lembar": "sheet",
    "buah": "piece",
    "biji": "piece",
    "potong": "piece",
    "pcs": "pcs",
    "unit": "unit",
    "botol": "bottle",
    "toples": "jar",
    "stoples": "jar",
    "kaleng": "can",
    "gelas": "glass",
    "cup": "cup",
    "sachet": "sachet",
    "saset": "sachet",
    "dus": "box",
    "kardus": "box",
    "kotak": "box",
    "box": "box",
    "kg": "kg",
    "kilogram": "kg",
    "gram": "g",
    "ons": "100 g",
    "liter": "litre",
    "meter": "metre",
    "set": "set",
    "pasang": "pair",
    "lusin": "dozen",
    "kodi": "kodi (20 pieces)",
    "ikat": "bundle",
    "karung": "sack",
    "porsi": "portion",
    "paket": "package",
    "tandan": "bunch",
    "sisir": "hand (bananas)",
    "batang": "bar",
    "keping": "piece",
    "roll": "roll",
    "gulung": "roll",
}


def unit_label(unit: str, lang: str) -> str:
    if lang != "en" or not unit:
        return unit
    return UNITS_EN.get(unit.strip().lower(), unit)
