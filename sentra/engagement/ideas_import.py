"""Read ideas from a spreadsheet (xlsx, xls, ods, csv) with the imports module's reader: a header row with
“Kategori” and “Usulan” (or “Aspirasi”/“Isi”), title rows above it allowed. Returns (row number as the
spreadsheet shows it, {category, text}) for every non-empty row; all-or-nothing checks happen in
services.ideas_batch."""

import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from sentra.engagement.services import EngagementError

CATEGORY_HEADERS = {"kategori", "category", "jenis", "bidang"}
TEXT_HEADERS = {"usulan", "aspirasi", "isi", "usulan/aspirasi", "isi usulan", "text", "masukan"}
MAX_ROWS = 5000


def read_idea_rows(upload) -> list[tuple[int, dict]]:
    from sentra.imports.readers import iter_rows

    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            rows = list(iter_rows(tmp.name, upload.name))
        except Exception as exc:  # noqa: BLE001 - any unreadable file becomes one message
            raise EngagementError(_("Berkas tidak dapat dibaca: %(e)s") % {"e": exc}) from None
    header_at = None
    for index, (_number, cells) in enumerate(rows[:20]):
        names = [str(c or "").strip().lower() for c in cells]
        if any(n in TEXT_HEADERS for n in names):
            header_at = index
            cat_col = next((i for i, n in enumerate(names) if n in CATEGORY_HEADERS), None)
            text_col = next(i for i, n in enumerate(names) if n in TEXT_HEADERS)
            break
    if header_at is None:
        raise EngagementError(_("Kolom “Usulan” tidak ditemukan di 20 baris pertama."))
    out = []
    for number, cells in rows[header_at + 1 :]:
        text = str(cells[text_col] or "").strip() if text_col < len(cells) else ""
        category = str(cells[cat_col] or "").strip() if cat_col is not None and cat_col < len(cells) else ""
        if not text and not category:
            continue
        out.append((number, {"category": category, "text": text}))
    if len(out) > MAX_ROWS:
        raise EngagementError(
            _("Berkas berisi %(n)s usulan; batasnya %(max)s per impor.") % {"n": len(out), "max": MAX_ROWS}
        )
    return out
