"""No upload can take the server down: a workbook's sizes are checked before any parser sees it, and the web
process reads a workbook's first rows in a child process with a memory limit.

Why both. calamine builds a dense grid from the first to the last cell a sheet uses: a 1.6 KB xlsx with one
cell at XFD1048576 asks for 512 GB, and Rust aborts the whole process on a failed allocation (no exception to
catch — a web worker would die). A 7.9 MB zip of repeated XML unpacks to gigabytes. So, before parsing:
- every member's uncompressed size (zipfile's infolist, read from the archive's directory — nothing is
  unpacked) and their total are bounded, and so is the compression ratio of large members;
- the sheets are streamed (at most the bounded size) and the extent of the cells that hold something is
  taken from their references (xlsx `r="XFD1048576"`, the `<dimension>` ref) or counted with their repeats
  (ods `number-rows-repeated` / `number-columns-repeated` of cells with content); columns × rows is bounded.
Old .xls files (BIFF, no zip) are not inspected: they are at most MAX_UPLOAD_MB and are parsed only in a
memory-limited child (head_rows) in the web process; the worker has the same checks for what it parses.

Limits (environment): IMPORT_MAX_UNPACKED_MB (total uncompressed, default 400), IMPORT_MAX_CELLS (grid the
parser would build, default 20,000,000 ≈ 640 MB in calamine), IMPORT_MAX_COLUMNS (default 1,000),
IMPORT_PARSE_MEMORY_MB (address-space limit of the child that reads the first rows, default 1,536)."""

import os
import pickle
import re
import zipfile
from pathlib import Path

from django.conf import settings

MAX_UNPACKED = settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024
MAX_CELLS = settings.IMPORT_MAX_CELLS
MAX_COLUMNS = settings.IMPORT_MAX_COLUMNS
MAX_RATIO = 200  # uncompressed / compressed of one member above 1 MB; real sheets stay far below
PARSE_MEMORY = settings.IMPORT_PARSE_MEMORY_MB * 1024 * 1024
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
BLOCK = 1 << 20


class TooLarge(Exception):
    """The workbook would not fit; the message is Indonesian."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f}".replace(",", ".")


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def check_workbook(path, name: str | None = None) -> None:
    """Raise TooLarge (Indonesian) when the xlsx/ods would unpack or parse into more than the limits allow.
    Other files pass (csv is streamed; xls is bounded by the upload size and parsed in a limited child)."""
    suffix = Path(name or path).suffix.lower()
    if suffix not in ZIP_SUFFIXES:
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the reader says it is damaged
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED:
            raise TooLarge(
                f"Berkas ini berisi {_mb(total)} MB data setelah dibuka (batas {_mb(MAX_UNPACKED)} MB). "
                "Pecah menjadi beberapa berkas atau simpan sebagai CSV."
            )
        for info in infos:
            if info.file_size > BLOCK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise TooLarge(
                    "Berkas ini tidak wajar: isinya dimampatkan lebih dari "
                    f"{MAX_RATIO} kali (“{info.filename}”). Simpan ulang dari Excel/LibreOffice atau sebagai CSV."
                )
        if suffix == ".ods":
            members = [i for i in infos if i.filename == "content.xml"]
            extent = _ods_extent
        else:
            members = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
            extent = _xlsx_extent
        for info in members:
            with archive.open(info) as fh:
                found = extent(_stream(fh, info.file_size))
            if found is None:
                with archive.open(info) as fh:
                    found = _xlsx_extent_exact(_stream(fh, info.file_size))
            _check_extent(*found)


def _check_extent(rows: int, columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise TooLarge(
            f"Lembar kerja memakai {_n(columns)} kolom (batas {_n(MAX_COLUMNS)}). Hapus isi di kolom paling kanan "
            "yang tidak dipakai, atau simpan sebagai CSV."
        )
    if rows * columns > MAX_CELLS:
        raise TooLarge(
            f"Lembar kerja memakai {_n(rows)} baris × {_n(columns)} kolom (batas {_n(MAX_CELLS)} sel). Hapus isi di "
            "baris/kolom terjauh yang tidak dipakai, pecah berkasnya, atau simpan sebagai CSV."
        )


def _stream(fh, declared: int):
    """An archive member in blocks of bytes, each ending at a tag boundary; never more than `declared` bytes
    (the zip's directory may lie: reading stops there)."""
    read, tail = 0, b""
    while True:
        block = fh.read(BLOCK)
        if not block:
            break
        read += len(block)
        if read > max(declared, 0) + BLOCK:
            raise TooLarge("Berkas ini tidak wajar: isinya lebih besar dari yang tertulis di dalamnya.")
        data = tail + block
        cut = data.rfind(b">") + 1
        tail = data[cut:]
        if len(tail) > BLOCK:  # a single tag longer than a block: nothing a spreadsheet writes
            raise TooLarge("Berkas ini tidak wajar (tag XML terlalu panjang).")
        yield data[:cut]
    if tail:
        yield tail


# xlsx: every pattern begins with a literal (` r="`), which the regex engine finds fast; Python sees only the
# distinct column letters and row numbers. Writers put one space before an attribute; a reference after a tab
# or newline sends that block through the slower exact pattern.
_COL_REF = re.compile(rb' r="([A-Za-z]+)')
_CELL_ROW_REF = re.compile(rb' r="[A-Za-z]+(\d+)')
_ROW_REF = re.compile(rb' r="(\d+)"')
_ANY_REF = re.compile(rb'\sr="([A-Za-z]*)(\d+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?ref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')


def column_number(letters) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _xlsx_extent(chunks) -> tuple[int, int]:
    """Largest row and column any cell reaches (its reference, or the declared dimension). Cells and rows
    written without a reference take the next position: each one adds one to the bound (conservative)."""
    max_row = max_col = 0
    elements = references = 0  # <c …> / <row …> elements, and the references among them
    first = True
    for data in chunks:
        if first:  # the dimension is declared at the top of the sheet
            for found in _DIMENSION.findall(data[:BLOCK]):
                letters, digits = (found[2], found[3]) if found[2] else (found[0], found[1])
                max_col, max_row = max(max_col, column_number(letters)), max(max_row, int(digits))
            first = False
        if b'\tr="' in data or b'\nr="' in data or b'\rr="' in data:
            pairs = set(_ANY_REF.findall(data))
            letters = {c for c, _ in pairs if c}
            numbers = {r for _, r in pairs}
            references += len(_ANY_REF.findall(data))
        else:
            letters = set(_COL_REF.findall(data))
            numbers = set(_CELL_ROW_REF.findall(data)) | set(_ROW_REF.findall(data))
            references += data.count(b' r="')
        if letters:
            max_col = max(max_col, max(column_number(c) for c in letters))
        if numbers:
            max_row = max(max_row, max(map(int, numbers)))
        # elements, with or without a namespace prefix (`<x:c `); <col>/<cols>/<cfRule>… count too (a few more)
        elements += data.count(b"<c") + data.count(b":c ") + data.count(b":c>") + data.count(b"<row")
        elements += data.count(b":row ") + data.count(b":row>")
    if elements - references > UNREFERENCED_TOLERANCE:
        return None  # cells or rows without a reference: the caller counts positions exactly
    return max_row, max_col


UNREFERENCED_TOLERANCE = 200  # <col>, <cols>, <cfRule>… also begin with "<c" and have no r="…"
_TAG = re.compile(rb"<(?:\w+:)?(c|row)(?=[\s>/])([^>]*)>")
_REF = re.compile(rb'(?<=\s)r="([A-Za-z]*)(\d*)"')


def _xlsx_extent_exact(chunks) -> tuple[int, int]:
    """Position by position, as a reader fills cells and rows without a reference (slow: for such files only)."""
    max_row = max_col = row = col = 0
    for data in chunks:
        for tag, attrs in _TAG.findall(data):
            ref = _REF.search(b" " + attrs)
            if tag == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
                continue
            if ref and ref.group(1):
                col = column_number(ref.group(1))
                if ref.group(2):
                    row = max(row, int(ref.group(2)))
            else:
                col += 1
            max_col, max_row = max(max_col, col), max(max_row, row)
    return max_row, max_col


# ods: one regex match per row (or per sheet start); a row's cells are counted with str.count in C.
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)|<table:table\b(?!-)", re.DOTALL)
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')


def _ods_extent(chunks) -> tuple[int, int]:
    """Largest row and column a cell with content reaches, counting repeats. LibreOffice pads every sheet with
    huge runs of empty cells and rows: those are not content, and calamine does not build them."""
    max_row = max_col = 0
    row = 0  # rows of the current sheet before this one
    buffer = b""
    for data in chunks:
        buffer += data
        end = 0
        for match in _ODS_ROW.finditer(buffer):
            attrs, body = match.group(1), match.group(2)
            if attrs is None:  # a new sheet
                row = 0
                end = match.end()
                continue
            found = _ROWS_REPEATED.search(attrs)
            repeat = int(found.group(1)) if found else 1
            if body:
                last = max(body.rfind(b"office:value-type="), body.rfind(b"</table:table-cell>"))
                if last >= 0:
                    content = body[: body.find(b">", last) + 1]
                    columns = content.count(b"<table:table-cell") + content.count(b"<table:covered-table-cell")
                    columns += sum(int(n) - 1 for n in _COLS_REPEATED.findall(content))
                    max_col = max(max_col, columns)
                    max_row = max(max_row, row + repeat)
            row += repeat
            end = match.end()
        buffer = buffer[end:]
        if len(buffer) > 64 * BLOCK:  # one row of 64 MB: not a sheet people keep
            raise TooLarge("Berkas ini tidak wajar (satu baris terlalu panjang).")
    return max_row, max_col


# --- the first rows of a workbook, read in a child process with a memory limit ----------------------------------


def head_rows(path, name: str | None, limit: int) -> list[tuple[int, list]]:
    """The first `limit` rows of the first sheet, read in a forked child whose address space is limited
    (RLIMIT_AS): a workbook the checks above let through that still blows up kills the child, not the web
    process. Raises ReadError with an Indonesian message for a damaged or too large file."""
    from itertools import islice

    from sentra.imports.readers import ReadError, iter_rows

    if not hasattr(os, "fork"):
        return list(islice(iter_rows(path, name), limit))
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_head_child, args=(send, path, name, limit), daemon=True)
    child.start()
    send.close()
    try:
        data = receive.recv_bytes()
    except EOFError:
        data = None
    finally:
        receive.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
    if not data:
        raise ReadError(
            "Berkas ini terlalu besar atau rusak untuk dibaca (pembacaan dihentikan agar server tetap aman). "
            "Simpan ulang dari Excel/LibreOffice, pecah berkasnya, atau simpan sebagai CSV."
        )
    kind, payload = pickle.loads(data)
    if kind == "error":
        raise ReadError(payload)
    return payload


def _head_child(send, path, name, limit):  # pragma: no cover — runs in the fork
    import resource
    from itertools import islice

    from sentra.imports.pipeline import _refuse_database
    from sentra.imports.readers import ReadError, iter_rows

    _refuse_database()
    code = 0
    try:
        resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY, PARSE_MEMORY))
        rows = list(islice(iter_rows(path, name), limit))
        send.send_bytes(pickle.dumps(("rows", rows)))
    except ReadError as exc:
        send.send_bytes(pickle.dumps(("error", str(exc))))
    except MemoryError:
        code = 1
    except BaseException as exc:  # noqa: BLE001 — reported to the web process
        try:
            send.send_bytes(pickle.dumps(("error", f"Berkas tidak dapat dibaca: {type(exc).__name__}")))
        except OSError:
            code = 1
    os._exit(code)
