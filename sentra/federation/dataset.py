"""The federation dataset: what a regency publishes and a hub accepts. Pure functions, no database.

A published file is an *envelope* (schema in docs/federation.md):

    {"dataset": {...}, "signature": "<base64 Ed25519 signature>", "public_key": "<base64 raw key>"}

The signature covers the canonical bytes of `dataset` (JSON, keys sorted, no spaces, UTF-8), so any change
to any figure breaks it. The CSV of the same figures is covered through `dataset.csv_sha256`.
Only aggregates: counts per regency, and the open-data tables per kecamatan with small cells already
suppressed by sentra.metrics.disclosure (as on /data/). Never a name, NIK, phone or address.
"""

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SCHEMA = "sentra.federation/1"
# Figures a regency publishes (regency totals, as on its public /statistik/ page) and the hub sums.
SCALAR_FIGURES = ("total", "with_nib", "exporters", "districts", "districts_total")
BREAKDOWNS = ("by_sector", "by_scale", "by_market")
FIGURE_CODES = SCALAR_FIGURES + BREAKDOWNS + ("tables",)
REGENCY_RE = re.compile(r"^\d{2}\.\d{2}$")
DISTRICT_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
PERIOD_RE = re.compile(r"^\d{4}-Q[1-4]$")
HIDDEN = "<3"
CSV_COLUMNS = (
    "kode_wilayah",
    "versi",
    "tanggal",
    "tabel",
    "kode_kecamatan",
    "kode_kategori",
    "jumlah_ikm",
    "ikm_bernib",
)


class DatasetError(ValueError):
    """A dataset that cannot be accepted; the message (Indonesian) is the stored reason."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_private_key() -> str:
    """A new Ed25519 private key, raw bytes in base64."""
    key = Ed25519PrivateKey.generate()
    return b64(
        key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    )


def public_key_of(private_b64: str) -> str:
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    return b64(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def csv_text(dataset: dict) -> str:
    """The open-data tables of a dataset as one CSV (the same numbers as the JSON)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name, rows in sorted(dataset.get("figures", {}).get("tables", {}).items()):
        for r in rows:
            writer.writerow(
                [
                    dataset["regency_code"],
                    dataset["version"],
                    dataset["as_of"],
                    name,
                    r["kode_kecamatan"],
                    r["kode_kategori"],
                    r["jumlah_ikm"],
                    r.get("ikm_bernib", ""),
                ]
            )
    return out.getvalue()


def sign(dataset: dict, private_b64: str) -> dict:
    """The envelope of `dataset` (csv_sha256 added before signing)."""
    dataset = {**dataset, "csv_sha256": hashlib.sha256(csv_text(dataset).encode("utf-8")).hexdigest()}
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    return {
        "dataset": dataset,
        "signature": b64(key.sign(canonical(dataset))),
        "public_key": public_key_of(private_b64),
    }


def _count(value, where: str) -> None:
    if value == HIDDEN:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DatasetError(f"Angka {where} tidak sah: {value!r} (harus bilangan bulat ≥ 0 atau “<3”).", "malformed")


def parse(raw: bytes) -> dict:
    """The envelope from raw bytes, its structure checked (not yet its signature)."""
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"Berkas bukan JSON yang sah ({exc.__class__.__name__}).", "malformed") from exc
    if not isinstance(envelope, dict) or not isinstance(envelope.get("dataset"), dict):
        raise DatasetError("Berkas tidak berisi bagian “dataset”.", "malformed")
    if not envelope.get("signature"):
        raise DatasetError("Dataset tidak bertanda tangan (bagian “signature” kosong atau tidak ada).", "unsigned")
    d = envelope["dataset"]
    if d.get("schema") != SCHEMA:
        raise DatasetError(f"Skema dataset “{d.get('schema')}” tidak dikenal; yang diterima: {SCHEMA}.", "malformed")
    if not isinstance(d.get("regency_code"), str) or not REGENCY_RE.match(d["regency_code"]):
        raise DatasetError("Kode wilayah (regency_code) tidak sah; contoh 35.22.", "malformed")
    if not isinstance(d.get("version"), int) or isinstance(d.get("version"), bool) or d["version"] < 1:
        raise DatasetError("Versi dataset harus bilangan bulat ≥ 1.", "malformed")
    try:
        dt.date.fromisoformat(d.get("as_of") or "")
    except (TypeError, ValueError) as exc:
        raise DatasetError("Tanggal data (as_of) tidak sah; tulis YYYY-MM-DD.", "malformed") from exc
    if not isinstance(d.get("period"), str) or not PERIOD_RE.match(d["period"]):
        raise DatasetError("Periode (period) tidak sah; tulis mis. 2025-Q4.", "malformed")
    figures = d.get("figures")
    if not isinstance(figures, dict):
        raise DatasetError("Bagian “figures” tidak ada.", "malformed")
    unknown = set(figures) - set(FIGURE_CODES)
    if unknown:
        raise DatasetError(f"Angka tidak dikenal: {', '.join(sorted(unknown))}.", "malformed")
    for code in SCALAR_FIGURES:
        if code in figures:
            _count(figures[code], code)
    for code in BREAKDOWNS:
        if code in figures:
            if not isinstance(figures[code], list):
                raise DatasetError(f"“{code}” harus berupa daftar.", "malformed")
            for row in figures[code]:
                if not isinstance(row, dict) or not isinstance(row.get("code"), str):
                    raise DatasetError(f"Baris “{code}” tanpa kode.", "malformed")
                _count(row.get("count"), f"{code}/{row['code']}")
    for name, rows in (figures.get("tables") or {}).items():
        if not isinstance(rows, list):
            raise DatasetError(f"Tabel “{name}” harus berupa daftar.", "malformed")
        for row in rows:
            code = row.get("kode_kecamatan") if isinstance(row, dict) else None
            if not isinstance(code, str) or not DISTRICT_RE.match(code) or not code.startswith(d["regency_code"] + "."):
                raise DatasetError(
                    f"Tabel “{name}”: kode kecamatan {code!r} bukan bagian dari {d['regency_code']}.", "malformed"
                )
            _count(row.get("jumlah_ikm"), f"{name}/{code}")
    withdrawn = d.get("withdrawn", [])
    if not isinstance(withdrawn, list) or any(
        not isinstance(w, dict) or w.get("figure") not in FIGURE_CODES for w in withdrawn
    ):
        raise DatasetError("Daftar angka yang ditarik (withdrawn) tidak sah.", "malformed")
    return envelope


def verify(envelope: dict, public_b64: str) -> None:
    """Raises DatasetError("bad_signature") unless the signature is the regency's key's over the dataset and
    the CSV hash matches."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64))
        key.verify(base64.b64decode(envelope["signature"], validate=True), canonical(envelope["dataset"]))
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise DatasetError(
            "Tanda tangan tidak sah: dataset tidak ditandatangani dengan kunci wilayah ini atau isinya berubah.",
            "bad_signature",
        ) from exc
    d = envelope["dataset"]
    if d.get("csv_sha256") != hashlib.sha256(csv_text(d).encode("utf-8")).hexdigest():
        raise DatasetError("Sidik CSV (csv_sha256) tidak cocok dengan isi dataset.", "malformed")


def verify_key_format(public_b64: str) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
    except (ValueError, TypeError) as exc:
        raise ValueError("Kunci publik tidak sah: harus 32 bita Ed25519 dalam base64.") from exc
