"""The web export streams: the first bytes leave before the registry is read, the rest follows a page of
businesses at a time (keyset pages), and what arrives is complete and the same in csv and xlsx."""

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from sentra.imports import export
from sentra.registry.models import Business


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(export, "EXPORT_PAGE", 7)
    monkeypatch.setattr(export, "STREAM_ROWS", 4)


@pytest.fixture
def registry(make_business):
    made = [
        make_business(
            name=f'Usaha {i} <&> "kutip"', district="Dander" if i % 2 else "Kapas", nib=f"{3000000000000 + i}"
        )
        for i in range(30)
    ]
    make_business(name='=HYPERLINK("http://x")', district="Kapas")
    return made


def _expected(personal=True):
    return [list(row) for row in export.export_rows(Business.objects.all(), personal=personal)]


def test_csv_export_streams_and_is_complete(client, staff_user, registry, small_pages):
    client.force_login(staff_user)
    response = client.get(reverse("imports:export") + "?format=csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="ikm-')
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(chunks)
    assert first.startswith("\ufeff".encode())
    assert not [q for q in queries if "registry_business" in q["sql"]], "first bytes before reading the registry"
    body = first + b"".join(chunks)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    expected = [[str(v) for v in row] for row in _expected()]
    assert rows == expected
    assert len(rows) == 1 + 31
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == sorted(ids) and len(set(ids)) == 31  # every business once, across 5 keyset pages
    assert any(r[1].startswith("'=HYPERLINK") for r in rows[1:])  # formula neutralised


def test_xlsx_export_streams_a_valid_workbook_with_every_row(client, staff_user, registry, small_pages):
    client.force_login(staff_user)
    response = client.get(reverse("imports:export"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    chunks = list(response.streaming_content)
    assert len(chunks) > 2
    body = b"".join(chunks)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_name("IKM").to_python()
    expected = _expected()
    assert len(sheet) == len(expected) == 32
    for got, want in zip(sheet, expected, strict=True):
        got = got + [""] * (len(want) - len(got))
        for g, w in zip(got, want, strict=True):
            if isinstance(w, (int, float)) and not isinstance(w, bool):
                assert float(g) == float(w)
            else:
                assert g == w


def test_operator_export_streams_only_their_kecamatan(client, dander_operator, registry, small_pages):
    client.force_login(dander_operator)
    text = b"".join(client.get(reverse("imports:export") + "?format=csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert len(rows) == 15 and {r[rows[0].index("Dander")] for r in rows} == {"Dander"}
