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

from sentra.core.env import env_int

MAX_UNPACKED = env_int("IMPORT_MAX_UNPACKED_MB", 400) * 1024 * 1024
MAX_CELLS = env_int("IMPORT_MAX_CELLS", 20_000_000)
MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 1_000)
MAX_RATIO = 200  # uncompressed / compressed of one member above 1 MB; real sheets stay far below
PARSE_MEMORY = env_int("IMPORT_PARSE_MEMORY_MB", 1536) * 1024 * 1024
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
                rows, columns = extent(_stream(fh, info.file_size))
            _check_extent(rows, columns)


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
    """Text of an archive member in blocks, each ending at a tag boundary; never more than `declared` bytes
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
        yield data[:cut].decode("utf-8", errors="replace")
    if tail:
        yield tail.decode("utf-8", errors="replace")


_XLSX_TAG = re.compile(r"<(?:\w+:)?(c|row|dimension)\b([^>]*)>")
_ATTR_R = re.compile(r'\br="([A-Za-z]*)(\d*)"')
_ATTR_REF = re.compile(r'\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _xlsx_extent(chunks) -> tuple[int, int]:
    """Largest row and column any cell (or the declared dimension) reaches."""
    max_row = max_col = 0
    row = col = 0
    for text in chunks:
        for match in _XLSX_TAG.finditer(text):
            tag, attrs = match.group(1), match.group(2)
            if tag == "c":
                ref = _ATTR_R.search(attrs)
                if ref and ref.group(1):
                    col = column_number(ref.group(1))
                    if ref.group(2):
                        row = max(row, int(ref.group(2)))
                else:
                    col += 1
                max_col, max_row = max(max_col, col), max(max_row, row)
            elif tag == "row":
                ref = _ATTR_R.search(attrs)
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
            else:  # dimension: what the file declares
                ref = _ATTR_REF.search(attrs)
                if ref:
                    letters, digits = (ref.group(3), ref.group(4)) if ref.group(3) else (ref.group(1), ref.group(2))
                    max_col, max_row = max(max_col, column_number(letters)), max(max_row, int(digits))
    return max_row, max_col


_ODS_TAG = re.compile(r"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(r'table:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(r'table:number-columns-repeated="(\d+)"')


def _ods_extent(chunks) -> tuple[int, int]:
    """Largest row and column a cell with content reaches, counting repeats (LibreOffice writes runs of empty
    cells and rows with huge repeats: those are not content). Every sheet of the file is counted."""
    max_row = max_col = 0
    row = 0  # rows before the current one
    row_repeat = 1
    col = 0
    cell_start = cell_repeat = None
    for text in chunks:
        for closing, tag, attrs, empty in _ODS_TAG.findall(text):
            if tag == "table":
                if not closing:
                    row = 0
                continue
            if tag == "table-row":
                if closing:
                    row += row_repeat
                else:
                    found = _ROWS_REPEATED.search(attrs)
                    row_repeat = int(found.group(1)) if found else 1
                    col = 0
                    if empty:
                        row += row_repeat
                continue
            # a cell
            if closing:
                if cell_start is not None:  # had children: content
                    max_col = max(max_col, cell_start + cell_repeat)
                    max_row = max(max_row, row + row_repeat)
                    cell_start = None
                continue
            found = _COLS_REPEATED.search(attrs)
            repeat = int(found.group(1)) if found else 1
            has_value = "office:value-type=" in attrs
            if empty:
                if has_value:
                    max_col = max(max_col, col + repeat)
                    max_row = max(max_row, row + row_repeat)
            else:
                cell_start, cell_repeat = col, repeat
            col += repeat
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
