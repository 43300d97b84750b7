"""The registry is a lower layer than the importer (docs/architecture.md): it never imports it."""

from pathlib import Path


def test_the_registry_does_not_import_the_importer():
    root = Path(__file__).resolve().parents[1]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "sentra.imports" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
