"""Every text has its English: no empty msgstr and no fuzzy entry (msgfmt skips fuzzy ones) in the .po files.

After adding texts: makemessages -l en, write the English of each new entry in the .po file (the .po files
are the one source of the translations), then compilemessages."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PO_FILES = sorted((ROOT / "sentra").glob("**/locale/en/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%%")


def entries(path: Path):
    """(msgid, [msgstr…], is_fuzzy) for each live entry, the header left out."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, key, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
            elif line.strip():
                key, _, rest = line.partition(" ")
                fields[key] = rest.strip()[1:-1]
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], fuzzy


def test_the_po_files_are_found():
    assert {p.relative_to(ROOT).as_posix() for p in PO_FILES} >= {
        "sentra/locale/en/LC_MESSAGES/django.po",
        "sentra/catalog/locale/en/LC_MESSAGES/django.po",
    }


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_text_has_english(path):
    problems = []
    for msgid, msgstrs, fuzzy in entries(path):
        if fuzzy:
            problems.append(f"fuzzy: {msgid}")
        elif not msgstrs or not all(msgstrs):
            problems.append(f"empty: {msgid}")
        else:
            for msgstr in msgstrs:
                if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr)):
                    problems.append(f"placeholders differ: {msgid} -> {msgstr}")
                if msgid.endswith("\\n") != msgstr.endswith("\\n"):
                    problems.append(f"trailing newline differs: {msgid}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_names_from_the_database_have_english():
    """Sectors and program types are shown by name: each carries its English name (name_en)."""
    from sentra.programs.models import ProgramType
    from sentra.registry.models import Sector

    for model in (Sector, ProgramType):
        assert model.objects.exists(), model
        missing = list(model.objects.filter(name_en="").values_list("code", flat=True))
        assert not missing, f"{model.__name__} without an English name: {missing}"


@pytest.fixture
def back_to_indonesian():
    """English requests leave English active in this thread: later tests must read Indonesian again."""
    yield
    from django.utils import translation

    translation.activate("id")


@pytest.mark.django_db
def test_statistics_and_dashboard_read_in_english(client, staff_user, make_business, back_to_indonesian):
    make_business(district="Dander", sector="food_beverage")
    make_business(district="Kapas", sector="craft")
    client.force_login(staff_user)
    client.cookies.load({"django_language": "en"})
    public = client.get("/statistik/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for english in ("Trained IKM", "Food and beverage", "Exporting IKM", "Districts reached", "Definitions"):
        assert english in public, english
    for indonesian in ("Jumlah IKM", "Makanan dan minuman", "IKM eksportir", "Kecamatan terjangkau"):
        assert indonesian not in public, indonesian
    dashboard = client.get("/dasbor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Food and beverage<" in dashboard and "Inquiries that became deals" in dashboard
    programs = client.get("/program/baru/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Design training" in programs and "Pelatihan desain" not in programs


def test_admin_model_names_are_indonesian_with_english_plurals():
    """Every model in the Django admin is named in Indonesian (not Django's English default from the class
    name), and its English plural reads as a plural (Indonesian has one form; the plural's msgid carries
    the context "jamak")."""
    from django.contrib import admin
    from django.utils import translation

    same_in_english = {"IKM", "change history", "installation settings"}
    problems = []
    for model in admin.site._registry:
        if not model.__module__.startswith("sentra"):
            continue
        meta = model._meta
        if "verbose_name" not in meta.original_attrs:
            problems.append(f"{meta.label}: no verbose_name")
            continue
        with translation.override("en"):
            singular, plural = str(meta.verbose_name), str(meta.verbose_name_plural)
        with translation.override("id"):
            indonesian = str(meta.verbose_name)
        if singular == indonesian and singular not in {"IKM", "KBLI", "program"}:
            problems.append(f"{meta.label}: no English name ({indonesian})")
        if plural == singular and singular not in same_in_english:
            problems.append(f"{meta.label}: English plural '{plural}' is the singular")
    assert not problems, "\n".join(problems)
