"""Hostile uploads against the web upload (`POST /impor/`) on a throw-away in-memory SQLite database.

    .venv/bin/python bench/upload_bombs.py

Builds each file at full size — a 1.6 KB xlsx with one cell at XFD1048576 (calamine would ask for 512 GB and
abort the process), a zip bomb (a sheet of ~1 GB of repeated rows in a few MB), an ods whose one row of content
is repeated 90,000 × 900 times, a csv with a 200,000-character field — uploads each as staff and prints the
answer, the time, and this process's peak memory (ru_maxrss, the web process in production) after each. The
peak is cumulative: it never goes down, so the last line is the peak over all of them. Target: every bomb
refused with an Indonesian message, peak under 300 MB.
"""

import io
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def zip_bomb_xlsx(target_bytes: int) -> bytes:
    """An xlsx whose one sheet unpacks to about `target_bytes` of rows, written by streaming deflate."""
    from sentra.imports.tests.test_upload_bombs import CT, HEADER_ROW, RELS, WB, WB_RELS

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>' + HEADER_ROW.encode()
            )
            block = b"".join(
                b'<row><c t="inlineStr"><is><t>Usaha</t></is></c><c><v>1</v></c></row>' for _ in range(20_000)
            )
            written = 0
            while written < target_bytes:
                fh.write(block)
                written += len(block)
            fh.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def main():
    from sentra.imports.tests.test_upload_bombs import HEADER_ROW, cell, ods, xlsx

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from sentra.accounts.models import User

    staff = User.objects.create_user(username="bench_staf", password="x" * 12, role="staff")
    client = Client()
    client.force_login(staff)
    tmp = Path(tempfile.mkdtemp())
    from django.conf import settings

    settings.MEDIA_ROOT = tmp / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp / "private"

    print(f"start: peak {peak_mb():.0f} MB")
    files = []
    far = xlsx(tmp / "jauh.xlsx", HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    files.append(("cell at XFD1048576", "jauh.xlsx", Path(far).read_bytes()))
    start = time.perf_counter()
    bomb = zip_bomb_xlsx(1024 * 1024 * 1024)
    print(f"(zip bomb built in {time.perf_counter() - start:.1f} s)")
    files.append(("zip bomb, ~1 GB sheet", "bom.xlsx", bomb))
    rep = ods(
        tmp / "ulang.ods",
        "<table:table-row>"
        + cell("Nama Usaha")
        + cell("Kecamatan")
        + "</table:table-row>"
        + '<table:table-row table:number-rows-repeated="90000"><table:table-cell table:number-columns-'
        'repeated="900" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
    )
    files.append(("ods repeats 90,000 × 900", "ulang.ods", Path(rep).read_bytes()))
    files.append(
        (
            "csv field of 200,000 characters",
            "panjang.csv",
            ('Nama Usaha;Nama Pemilik;Kecamatan\n"' + "x" * 200_000 + "\n").encode(),
        )
    )

    import re

    for label, name, data in files:
        start = time.perf_counter()
        response = client.post("/impor/", {"file": SimpleUploadedFile(name, data)})
        took = time.perf_counter() - start
        page = response.content.decode()
        found = re.search(r"<(?:p|li|small)[^>]*>([^<]*(?:batas|tidak wajar|terlalu|karakter)[^<]*)<", page)
        message = found.group(1).strip() if found else f"(status {response.status_code}, no message found)"
        print(
            f"{label}: {len(data):,} bytes → HTTP {response.status_code} in {took:.2f} s, "
            f"peak {peak_mb():.0f} MB\n    “{message}”"
        )


if __name__ == "__main__":
    main()
