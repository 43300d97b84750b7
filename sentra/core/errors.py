"""What a library's exception means, in Indonesian. Library texts ("invalid Zip archive: Could not find EOCD")
are logged for the developers and never shown to a user."""

import logging

log = logging.getLogger("sentra")

# (fragments of the library's text or class name, lower case) → what to tell the user
KNOWN = [
    (
        ("zip", "eocd", "central directory"),
        "berkas tidak utuh: bukan arsip Excel/ODS yang lengkap (mungkin rusak, terpotong saat diunduh, "
        "atau sebenarnya berformat lain). Buka di Excel/LibreOffice lalu simpan ulang sebagai .xlsx",
    ),
    (
        ("password", "encrypt", "protected"),
        "berkas dilindungi kata sandi; buka dan simpan ulang tanpa kata sandi",
    ),
    (
        ("unicodedecode", "codec", "utf-8", "decode"),
        "isi berkas teks tidak dapat dibaca (pengodean huruf tidak dikenal); simpan ulang sebagai CSV UTF-8",
    ),
    (
        ("no such file", "filenotfound", "permission denied"),
        "berkas tidak ditemukan atau tidak dapat dibuka; unggah ulang",
    ),
    (
        ("unsupported", "not supported", "cannot detect", "unknown file", "file type", "format"),
        "format berkas tidak dikenali; gunakan .xlsx, .xls, .ods atau .csv",
    ),
    (
        ("xml", "parse", "malformed", "corrupt", "invalid", "unexpected"),
        "isi berkas rusak atau tidak sesuai formatnya; buka di Excel/LibreOffice lalu simpan ulang",
    ),
]
GENERIC = "berkas rusak atau formatnya tidak didukung"


def library_message(exc: BaseException) -> str:
    """An Indonesian phrase (lower case, no final stop) for a library's exception; the original is logged."""
    raw = f"{type(exc).__name__}: {exc}".lower()
    log.info("library error shown as Indonesian text: %s", raw[:300])
    for fragments, text in KNOWN:
        if any(f in raw for f in fragments):
            return text
    return GENERIC
