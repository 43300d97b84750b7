"""Issue 17, point 3: no upload can take the server down.

The readers are exercised in a forked child (`_survives`): on main a far cell made calamine abort the process
(no exception), which would end the test run itself; in a child it is a failed test that says so."""

import multiprocessing
import os
import pickle
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sentra.imports import guard
from sentra.imports.models import ImportBatch

CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Nama Usaha</t></is></c><c r="B1" t="inlineStr"><is><t>Nama Pemilik'
    '</t></is></c><c r="C1" t="inlineStr"><is><t>Kecamatan</t></is></c></row>'
)


def xlsx(path, sheet_data: str, dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main">{dim}<sheetData>{sheet_data}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return str(path)


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
    'xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods(path, table: str) -> str:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="Sheet1">{table}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return str(path)


def cell(text):
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def _survives(fn, *args):
    """Run fn(*args) in a forked child: ('ok', value) / ('error', message), or ('died', exit code)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def target():
        try:
            send.send_bytes(pickle.dumps(("ok", fn(*args))))
        except BaseException as exc:  # noqa: BLE001
            send.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))
        os._exit(0)

    child = context.Process(target=target)
    child.start()
    send.close()
    try:
        return pickle.loads(receive.recv_bytes())
    except EOFError:
        child.join()
        return ("died", child.exitcode)
    finally:
        child.join()


def _read_all(path):
    """What the worker does with a file: the table, then every row (no database needed)."""
    from sentra.imports.readers import iter_rows
    from sentra.imports.services import ImportFailed, read_table

    try:
        read_table(path)
        return sum(1 for _ in iter_rows(path))
    except ImportFailed as exc:
        return f"ImportFailed: {exc}"


def _peak_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_cell_at_the_far_corner_is_refused_before_parsing(tmp_path):
    path = xlsx(tmp_path / "jauh.xlsx", HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert os.path.getsize(path) < 2000
    kind, message = _survives(_read_all, path)
    assert kind == "ok", f"the reader did not survive: {kind} {message}"
    assert message.startswith("ImportFailed: Lembar kerja memakai 16.384 kolom (batas 1.000)")


def test_a_declared_dimension_alone_is_also_bounded(tmp_path):
    path = xlsx(tmp_path / "dim.xlsx", HEADER_ROW, dimension="A1:ZZ1048576")
    kind, message = _survives(_read_all, path)
    assert (kind, message.split(" (")[0]) == ("ok", "ImportFailed: Lembar kerja memakai 1.048.576 baris × 702 kolom")


def test_a_zip_bomb_is_refused_from_the_archive_directory(tmp_path, monkeypatch):
    """Uncompressed sizes come from the zip's directory: nothing is unpacked to refuse it."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 400_000))
    path = xlsx(tmp_path / "bom.xlsx", HEADER_ROW + rows)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(guard, "MAX_UNPACKED", unpacked // 2)

    def check():
        before = _peak_mb()
        result = _read_all(path)
        return result, _peak_mb() - before

    kind, (message, grew) = _survives(check)
    assert (
        kind == "ok" and message.startswith("ImportFailed: Berkas ini berisi") and "MB data setelah dibuka" in message
    )
    assert grew < 5  # refused before anything was unpacked or parsed


def test_an_overcompressed_member_is_refused(tmp_path):
    path = str(tmp_path / "rasio.xlsx")
    xlsx(path, HEADER_ROW)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/kosong.bin", b"\0" * (8 * 1024 * 1024))  # ~1000:1
    kind, message = _survives(_read_all, path)
    assert kind == "ok" and "dimampatkan lebih dari 200 kali" in message


def test_ods_repeats_of_content_are_counted_and_empty_runs_are_not(tmp_path):
    # LibreOffice pads every sheet with huge runs of empty cells and rows: a normal file
    normal = ods(
        tmp_path / "biasa.ods",
        "<table:table-row>"
        + cell("Nama Usaha")
        + cell("Nama Pemilik")
        + cell("Kecamatan")
        + '<table:table-cell table:number-columns-repeated="1021"/></table:table-row>'
        + "<table:table-row>"
        + cell("Sari")
        + cell("Ani")
        + cell("Dander")
        + "</table:table-row>"
        + '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>',
    )
    assert _survives(_read_all, normal) == ("ok", 2)
    bomb = ods(
        tmp_path / "ulang.ods",
        "<table:table-row>"
        + cell("Nama Usaha")
        + cell("Kecamatan")
        + "</table:table-row>"
        + '<table:table-row table:number-rows-repeated="90000"><table:table-cell table:number-columns-repeated='
        '"900" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
    )
    kind, message = _survives(_read_all, bomb)
    assert kind == "ok" and message.startswith("ImportFailed: Lembar kerja memakai 90.001 baris × 900 kolom")


def test_the_extent_reader_matches_real_files(tmp_path):
    from sentra.imports.tests.helpers import HEADER, row, write_xlsx

    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, row(1, "Sari"), row(2, "Ani")])
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        with z.open(info) as fh:
            assert guard._xlsx_extent(guard._stream(fh, info.file_size)) == (6, len(HEADER))


# --- through the web: an Indonesian message, nothing kept, no 500 ---------------------------------------------------


@pytest.fixture
def web(client, staff_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    client.force_login(staff_user)
    return client


def _upload(client, name, data):
    return client.post(reverse("imports:index"), {"file": SimpleUploadedFile(name, data)})


def test_web_upload_of_a_far_cell_gets_a_message(web, tmp_path):
    path = xlsx(tmp_path / "jauh.xlsx", HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    response = _upload(web, "jauh.xlsx", open(path, "rb").read())
    assert response.status_code == 200 and "Lembar kerja memakai 16.384 kolom" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_web_upload_header_is_read_in_a_limited_child(web, tmp_path, monkeypatch):
    """A workbook that passes the checks but still kills its reader (as calamine's abort on a failed
    allocation does): the child dies, the web process answers with a message."""
    from sentra.imports import readers

    def abort(*args, **kwargs):
        os.abort()

    monkeypatch.setattr(readers, "iter_rows", abort)  # the forked child inherits it
    path = xlsx(tmp_path / "berat.xlsx", HEADER_ROW)
    response = _upload(web, "berat.xlsx", open(path, "rb").read())
    assert response.status_code == 200
    assert "terlalu besar atau rusak untuk dibaca" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_csv_field_over_the_csv_limit_gets_a_message(web):
    data = ('Nama Usaha;Nama Pemilik;Kecamatan\nSari;Ani;Dander\n"' + "x" * 200_000 + ";Budi;Dander\n").encode()
    response = _upload(web, "panjang.csv", data)
    page = response.content.decode()
    assert response.status_code == 200 and "satu sel berisi lebih dari 131.072 karakter" in page
    assert not ImportBatch.objects.exists()


def test_a_csv_field_over_the_limit_in_the_rows_fails_the_import_cleanly(reference_data, tmp_path):
    from sentra.imports.services import ImportFailed, run_import

    path = tmp_path / "panjang.csv"
    lines = ["Nama Usaha;Nama Pemilik;Kecamatan;Jenis Industri"] + [f"Usaha {i};Ani;Dander;Makanan" for i in range(40)]
    path.write_text("\n".join(lines) + '\n"' + "x" * 200_000 + "\n")
    with pytest.raises(ImportFailed, match="Baris 42: satu sel berisi lebih dari"):
        run_import(path=path, dry_run=True)


def test_cells_without_references_are_counted_by_position(tmp_path):
    """A writer may leave out r="…": each cell then takes the next column, each row the next row."""
    many = "<c><v>1</v></c>" * 1500
    path = xlsx(tmp_path / "tanpa-ref.xlsx", HEADER_ROW + f"<row>{many}</row>")
    kind, message = _survives(_read_all, path)
    assert kind == "ok" and message.startswith("ImportFailed: Lembar kerja memakai 1.500 kolom (batas 1.000)")
    fine = xlsx(tmp_path / "tanpa-ref-biasa.xlsx", HEADER_ROW + "<row><c><v>1</v></c></row>" * 300)
    with zipfile.ZipFile(fine) as z, z.open("xl/worksheets/sheet1.xml") as fh:
        assert guard._xlsx_extent(guard._stream(fh, 10**6)) is None
    with zipfile.ZipFile(fine) as z, z.open("xl/worksheets/sheet1.xml") as fh:
        assert guard._xlsx_extent_exact(guard._stream(fh, 10**6)) == (301, 3)


def test_a_reference_after_a_tab_is_still_read(tmp_path):
    path = xlsx(tmp_path / "tab.xlsx", HEADER_ROW + '<row r="2"><c\tr="XFD2"><v>1</v></c></row>')
    kind, message = _survives(_read_all, path)
    assert kind == "ok" and "16.384 kolom" in message
