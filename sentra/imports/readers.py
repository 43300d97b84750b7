"""Read spreadsheets as councils send them: xlsx, xls, ods (python-calamine) and csv (`,` `;` or tab,
UTF-8 or Windows-1252). Rows are streamed as (row number as the spreadsheet shows it, list of values)."""

import codecs
import csv
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from sentra.core.errors import library_message

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = WORKBOOK_SUFFIXES | CSV_SUFFIXES
SNIFF_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t")


class ReadError(Exception):
    """The file cannot be read at all; the message is Indonesian."""


@dataclass
class CsvDialect:
    encoding: str
    delimiter: str


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def check_suffix(name: str) -> str:
    suffix = _suffix(name)
    if suffix not in SUFFIXES:
        raise ReadError(
            f"Berkas “{Path(name).name}” tidak didukung. Gunakan Excel (.xlsx, .xls), OpenDocument (.ods) atau CSV."
        )
    return suffix


def sniff_csv(head: bytes) -> CsvDialect:
    """UTF-8 (with or without BOM) when the first 64 KB decode as such, else Windows-1252; the delimiter
    is the one that splits some early row into the most fields (title rows have few)."""
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    text = head.decode(encoding, errors="replace")
    lines = text.splitlines()[:30]
    if len(head) >= SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    best, best_width = ",", 0
    for delimiter in DELIMITERS:
        width = max((len(r) for r in csv.reader(lines, delimiter=delimiter)), default=0)
        if width > best_width:
            best, best_width = delimiter, width
    return CsvDialect(encoding=encoding, delimiter=best)


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    with open(path, "rb") as raw:
        dialect = sniff_csv(raw.read(SNIFF_BYTES))
    with open(path, encoding=dialect.encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=dialect.delimiter)
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            # e.g. a field over csv.field_size_limit() (131,072 characters): an unclosed quote swallows the rest
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                raise ReadError(
                    f"Baris {line}: satu sel berisi lebih dari {csv.field_size_limit():,} karakter".replace(",", ".")
                    + " — biasanya tanda kutip (\") yang tidak ditutup. Periksa baris itu, lalu unggah lagi."
                ) from exc
            raise ReadError(f"Berkas CSV tidak dapat dibaca pada baris {line}: {exc}.") from exc


class _Loaded(threading.local):
    depth = 0
    key = None
    sheet = None


_loaded = _Loaded()


@contextmanager
def loaded_workbooks():
    """Inside this block a workbook's first sheet is parsed once and kept: calamine always parses the whole
    sheet (~2.6 s for 100,000 rows here), and an import reads it for the row count, for the header and for
    the rows. The cleaning process forked inside the block inherits the parsed sheet. Kept per thread, and
    released when the outermost block ends (forget_loaded releases it sooner)."""
    _loaded.depth += 1
    try:
        yield
    finally:
        _loaded.depth -= 1
        if not _loaded.depth:
            forget_loaded()


def forget_loaded() -> None:
    _loaded.key = _loaded.sheet = None


def _first_sheet(path: Path):
    """The first sheet, parsed (None for a workbook without sheets); CalamineError/ValueError/OSError pass."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if _loaded.key == key:
        return _loaded.sheet
    from sentra.imports.guard import TooLarge, check_workbook

    try:
        check_workbook(path)  # sizes and extent before calamine sees it: a bomb aborts the process otherwise
    except TooLarge as exc:
        raise ReadError(str(exc)) from None
    workbook = CalamineWorkbook.from_path(str(path))
    sheet = workbook.get_sheet_by_index(0) if workbook.sheet_names else None
    if _loaded.depth:
        _loaded.key, _loaded.sheet = key, sheet
    return sheet


def _workbook_rows(path: Path) -> Iterator[tuple[int, list]]:
    try:
        sheet = _first_sheet(path)
        if sheet is None:
            return
        yield from enumerate(sheet.iter_rows(), start=1)
    except ReadError:
        raise
    except CalamineError as exc:
        raise ReadError(f"Berkas Excel/ODS tidak dapat dibaca: {library_message(exc)}.") from exc
    except (ValueError, OSError) as exc:
        raise ReadError(f"Berkas tidak dapat dibaca: {library_message(exc)}.") from exc


def sheet_height(path) -> int:
    """Rows of the first sheet (0 when it cannot be read: reading reports the real error)."""
    try:
        sheet = _first_sheet(Path(path))
    except Exception:  # noqa: BLE001 — only an estimate
        return 0
    return sheet.height if sheet is not None else 0


def iter_rows(path, name: str | None = None) -> Iterator[tuple[int, list]]:
    """Every row of the first sheet, numbered as the spreadsheet shows it (1 = first row)."""
    path = Path(path)
    suffix = check_suffix(name or path.name)
    if suffix in CSV_SUFFIXES:
        yield from _csv_rows(path)
    else:
        yield from _workbook_rows(path)


def csv_text(rows: list[list], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()
