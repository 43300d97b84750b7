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
