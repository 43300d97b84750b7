"""Every environment variable is read in sentra/settings.py: a module that reads one itself is a second place
to look for a setting, and escapes the system checks and .env.example."""

import re
from pathlib import Path

SENTRA = Path(__file__).resolve().parents[2]
READS = re.compile(r"\benv_(?:int|str|bool|list|float)\(|os\.getenv\(|os\.environ\.get\(|os\.environ\[")
ALLOWED = {
    SENTRA / "settings.py",
    SENTRA / "core" / "env.py",  # the helpers settings.py reads with
    SENTRA / "testing" / "browser.py",  # the test suite's own CHROMIUM_PATH, not an application setting
}


def test_no_module_but_settings_reads_the_environment():
    offenders = []
    for path in SENTRA.rglob("*.py"):
        if path in ALLOWED or "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if READS.search(line):
                offenders.append(f"{path.relative_to(SENTRA)}:{number}: {line.strip()}")
    assert offenders == []
