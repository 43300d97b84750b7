"""Writes for uniform orders. Each function is one transaction, checks its rules, raises OrderError with an
Indonesian message (nothing half-written), and records who changed what."""

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from sentra.core.audit import record_change
from sentra.core.formats import rupiah
from sentra.core.models import ChangeLog
from sentra.orders.allocation import apportion_detail
from sentra.orders.assignment import assign, split_lines
from sentra.orders.models import (
    Allocation,
    Assignment,
    Capacity,
    Delivery,
    Garment,
    NeedLine,
    Office,
    Payment,
    Price,
    Round,
    RoundProducer,
    Technique,
)
from sentra.programs.models import Enrollment, Program, Prospect
from sentra.registry.models import Business, Permit

MAX_QUANTITY = 10000


class OrderError(Exception):
    """A rule of the orders module was broken; the message is Indonesian and meant for the user."""


def _log(instance, actor, changes, action=ChangeLog.Action.UPDATE, source="web"):
    record_change(instance=instance, action=action, actor=actor, changes=changes, source=source)


def _locked_round(round_id) -> Round:
    return Round.objects.select_for_update().get(pk=round_id)


def _bump(rnd: Round) -> None:
    """Every change to a round's data renews its version: a page showing an older version cannot
    allocate, and the dashboard's cached figures (keyed by version) are recomputed."""
    Round.objects.filter(pk=rnd.pk).update(version=models.F("version") + 1)


def _is_office(actor) -> bool:
    return bool(actor is not None and getattr(actor, "is_office", False))


# --- rounds ---------------------------------------------------------------------------------------------


def parse_prices(text: str) -> list[tuple[str, str, int]]:
    """Lines "Jenis pakaian | teknik | harga" → [(garment, technique, price)], or OrderError naming the line."""
    out = []
    techniques = {t.value: t.value for t in Technique} | {str(t.label).lower(): t.value for t in Technique}
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) != 3 or not parts[0]:
            raise OrderError(
                f"Baris harga {n}: tulis “jenis pakaian | teknik | harga”, mis. “Kemeja | tulis | 350000”."
            )
        technique = techniques.get(parts[1].lower())
        if technique is None:
            raise OrderError(f"Baris harga {n}: teknik “{parts[1]}” tidak dikenal (tulis, cap, atau kombinasi).")
        digits = parts[2].replace(".", "").replace(",", "").replace("Rp", "").strip()
        if not digits.isdigit() or not 0 < int(digits) <= 100_000_000:
            raise OrderError(f"Baris harga {n}: harga “{parts[2]}” harus angka rupiah lebih dari 0.")
        out.append((parts[0], technique, int(digits)))
    if not out:
        raise OrderError("Isi paling sedikit satu harga (jenis pakaian | teknik | harga).")
    return out


def round_save(*, actor, form, prices_text: str) -> Round:
    """Create or update a round from a valid RoundForm and its price lines (garments follow the prices)."""
    prices = parse_prices(prices_text)
    with transaction.atomic():
        creating = form.instance.pk is None
        if not creating:
            locked = _locked_round(form.instance.pk)
            if locked.status not in (Round.Status.DRAFT, Round.Status.OPEN):
                raise OrderError("Putaran yang sudah dibagi tidak dapat diubah lagi.")
        rnd = form.save()
        garments = {g.name: g for g in rnd.garments.all()}
        for order, (name, technique, price) in enumerate(prices):
            garment = garments.get(name)
            if garment is None:
                garment = garments[name] = Garment.objects.create(round=rnd, name=name, order=order)
            Price.objects.update_or_create(garment=garment, technique=technique, defaults={"unit_price": price})
        _log(
            rnd,
            actor,
            {"title": [None, rnd.title]} if creating else {"prices": [None, prices_text]},
            action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
        )
    return rnd


def round_set_status(*, actor, round: Round, status: str) -> Round:
    with transaction.atomic():
        rnd = _locked_round(round.pk)
        if status == rnd.status:
            return rnd
        _log(rnd, actor, {"status": [rnd.status, status]})
        rnd.status = status
        rnd.version += 1
        rnd.save(update_fields=["status", "version"])
    return rnd


def price_table(rnd: Round) -> dict:
    """{(garment_id, technique): unit_price}."""
    return {(p.garment_id, p.technique): p.unit_price for p in Price.objects.filter(garment__round=rnd)}


# --- offices and their needs ----------------------------------------------------------------------------


@dataclass
class Line:
    garment_id: int
    technique: str
    size: str
    quantity: int
    person_name: str = ""


def _check_window(rnd: Round, actor, today, approved: bool):
    if rnd.status not in (Round.Status.OPEN, Round.Status.DRAFT):
        raise OrderError("Pesanan putaran ini sudah dibagi ke produsen: kebutuhan tidak dapat diubah lagi.")
    if rnd.status == Round.Status.DRAFT and not _is_office(actor):
        raise OrderError("Pendataan kebutuhan belum dibuka.")
    if not (rnd.declare_opens <= today <= rnd.declare_closes):
        if not (_is_office(actor) and approved):
            if today < rnd.declare_opens:
                raise OrderError(f"Pendataan kebutuhan baru dibuka {rnd.declare_opens:%d-%m-%Y}.")
            raise OrderError(
                f"Pendataan kebutuhan sudah ditutup {rnd.declare_closes:%d-%m-%Y}; perubahan perlu persetujuan staf "
                "Dekranasda."
            )


def validate_lines(rnd: Round, lines: list[Line]) -> list[str]:
    """Every problem of the lines, in Indonesian, numbered as the user sees them (empty = fine)."""
    prices = price_table(rnd)
    garments = {g.pk: g for g in rnd.garments.all()}
    errors = []
    for n, line in enumerate(lines, start=1):
        g = garments.get(line.garment_id)
        if g is None:
            errors.append(f"Baris {n}: jenis pakaian tidak ada di putaran ini.")
            continue
        if line.size not in rnd.sizes:
            errors.append(f"Baris {n}: ukuran “{line.size}” tidak dikenal (pilih: {', '.join(rnd.sizes)}).")
        if (line.garment_id, line.technique) not in prices:
            errors.append(f"Baris {n}: {g.name} dengan teknik “{line.technique}” tidak dipesan di putaran ini.")
        if not isinstance(line.quantity, int) or line.quantity < 1:
            errors.append(f"Baris {n}: jumlah harus bilangan bulat paling sedikit 1.")
        elif line.quantity > MAX_QUANTITY:
            errors.append(f"Baris {n}: jumlah {line.quantity} tidak masuk akal (paling banyak {MAX_QUANTITY}).")
    return errors


def needs_replace(*, actor, round: Round, office: Office, lines: list[Line], today=None, approved=False) -> int:
    """Replace the office's lines for the round with `lines` (all or nothing). In the window the office
    edits freely; after it, only staff with `approved=True` (logged as an approval)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        rnd = _locked_round(round.pk)
        _check_window(rnd, actor, today, approved)
        errors = validate_lines(rnd, lines)
        if errors:
            raise OrderError(" ".join(errors[:10]) + (f" (dan {len(errors) - 10} lagi)" if len(errors) > 10 else ""))
        prices = price_table(rnd)
        before = NeedLine.objects.filter(round=rnd, office=office)
        old_total = before.aggregate(s=Sum("quantity"))["s"] or 0
        before.delete()
        NeedLine.objects.bulk_create(
            NeedLine(
                round=rnd,
                office=office,
                garment_id=ln.garment_id,
                technique=ln.technique,
                size=ln.size,
                quantity=ln.quantity,
                person_name=ln.person_name[:150],
                unit_price=prices[(ln.garment_id, ln.technique)],
            )
            for ln in lines
        )
        new_total = sum(ln.quantity for ln in lines)
        outside = not (rnd.declare_opens <= today <= rnd.declare_closes)
        changes = {"kebutuhan": [f"{office.name}: {old_total}", f"{office.name}: {new_total}"]}
        if outside:
            changes["disetujui_staf"] = [None, getattr(actor, "username", "")]
        _log(rnd, actor, changes)
        rnd.version += 1
        rnd.save(update_fields=["version"])
    return new_total


TEMPLATE_COLUMNS = ["Nama", "Ukuran", "Jenis pakaian", "Teknik", "Jumlah"]


def staff_list_template(rnd: Round) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Daftar pegawai")
    bold = wb.add_format({"bold": True})
    for c, name in enumerate(TEMPLATE_COLUMNS):
        ws.write(0, c, name, bold)
    garments = list(rnd.garments.all())
    first = garments[0].name if garments else ""
    ws.write_row(1, 0, ["Contoh Nama Pegawai", rnd.sizes[0] if rnd.sizes else "M", first, "cap", 1])
    ws.data_validation(1, 1, 2000, 1, {"validate": "list", "source": list(rnd.sizes)[:30]})
    if garments:
        ws.data_validation(1, 2, 2000, 2, {"validate": "list", "source": [g.name for g in garments][:30]})
    ws.data_validation(1, 3, 2000, 3, {"validate": "list", "source": [t.value for t in Technique]})
    ws.set_column(0, 0, 32)
    ws.set_column(1, 4, 16)
    info = wb.add_worksheet("Petunjuk")
    info.write(0, 0, f"Putaran: {rnd.title}")
    info.write(
        1,
        0,
        "Satu baris per pegawai. Kolom wajib: Nama, Ukuran. Jenis pakaian dan Teknik boleh kosong "
        "bila dipilih di formulir unggah. Jumlah kosong = 1.",
    )
    info.write(2, 0, "Ukuran: " + ", ".join(rnd.sizes))
    wb.close()
    return buf.getvalue()


def _norm(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v if v is not None else "").split()).strip()


def parse_staff_list(rnd: Round, data: bytes, filename: str, garment_id=None, technique="") -> list[Line]:
    """Rows of the staff list as lines, or OrderError listing every problem (row numbers as the spreadsheet
    shows them). Needs columns Nama and Ukuran; Jenis pakaian, Teknik and Jumlah are optional."""
    from python_calamine import CalamineError, CalamineWorkbook

    if not filename.lower().endswith((".xlsx", ".xls", ".ods")):
        raise OrderError("Unggah berkas Excel (.xlsx, .xls) atau .ods sesuai templat.")
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = wb.get_sheet_by_index(0).to_python()
    except (CalamineError, ValueError, IndexError, OSError) as exc:
        raise OrderError("Berkas tidak dapat dibaca sebagai spreadsheet.") from exc
    if not rows:
        raise OrderError("Berkas kosong.")
    header = [_norm(h).lower() for h in rows[0]]
    need = {"nama", "ukuran"}
    if not need <= set(header):
        raise OrderError(
            "Kolom tidak sesuai templat: baris pertama harus berisi judul kolom "
            + ", ".join(TEMPLATE_COLUMNS)
            + f" (ditemukan: {', '.join(h for h in header if h) or 'kosong'})."
        )
    col = {h: i for i, h in enumerate(header) if h}
    garments = {g.name.lower(): g.pk for g in rnd.garments.all()}
    techniques = {t.value for t in Technique}
    sizes = {s.lower(): s for s in rnd.sizes}
    lines, errors = [], []

    def cell(row, name):
        i = col.get(name)
        return _norm(row[i]) if i is not None and i < len(row) else ""

    for n, row in enumerate(rows[1:], start=2):
        name = cell(row, "nama")
        if not any(_norm(v) for v in row):
            continue
        size_raw = cell(row, "ukuran")
        size = sizes.get(size_raw.lower())
        if not name:
            errors.append(f"Baris {n}: nama kosong.")
        if size is None:
            errors.append(f"Baris {n}: ukuran “{size_raw}” tidak dikenal (pilih: {', '.join(rnd.sizes)}).")
        g_raw = cell(row, "jenis pakaian")
        g = garments.get(g_raw.lower()) if g_raw else garment_id
        if g is None:
            errors.append(f"Baris {n}: jenis pakaian “{g_raw}” tidak ada di putaran ini.")
        t_raw = cell(row, "teknik").lower() or technique
        if t_raw not in techniques:
            errors.append(f"Baris {n}: teknik “{t_raw}” tidak dikenal (tulis, cap, kombinasi).")
        q_raw = cell(row, "jumlah") or "1"
        try:
            q = float(q_raw.replace(",", "."))
            ok = q == int(q)
        except ValueError:
            ok = False
        if not ok or int(q) < 1 or int(q) > MAX_QUANTITY:
            errors.append(f"Baris {n}: jumlah “{q_raw}” harus bilangan bulat 1–{MAX_QUANTITY}.")
            continue
        if size and g and t_raw in techniques and name:
            lines.append(Line(g, t_raw, size, int(q), name))
    if errors:
        raise OrderError("Tidak ada yang disimpan. " + " ".join(errors[:15]) + (" …" if len(errors) > 15 else ""))
    if not lines:
        raise OrderError("Tidak ada baris pegawai di berkas.")
    return lines


OFFICE_COLUMNS = ["Nama instansi", "Jenis", "Kecamatan", "Nama pengguna", "E-mail"]
OFFICE_KINDS = {
    "opd": Office.Kind.OPD,
    "dinas": Office.Kind.OPD,
    "badan": Office.Kind.OPD,
    "sekolah": Office.Kind.SCHOOL,
    "school": Office.Kind.SCHOOL,
    "desa": Office.Kind.VILLAGE,
    "pemerintah desa": Office.Kind.VILLAGE,
    "village": Office.Kind.VILLAGE,
    "perusahaan": Office.Kind.COMPANY,
    "company": Office.Kind.COMPANY,
}


def offices_import(*, actor, data: bytes, filename: str) -> int:
    """Offices (and their buyer users) from a spreadsheet with columns Nama instansi, Jenis, Kecamatan,
    Nama pengguna, E-mail — all rows or none. New users get no password: they set one through "lupa kata
    sandi" with their e-mail (no passwords travel in spreadsheets)."""
    from django.contrib.auth import get_user_model
    from python_calamine import CalamineError, CalamineWorkbook

    from sentra.regions.resolver import resolve_district

    if not filename.lower().endswith((".xlsx", ".xls", ".ods")):
        raise OrderError("Unggah berkas Excel (.xlsx, .xls) atau .ods.")
    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    except (CalamineError, ValueError, IndexError, OSError) as exc:
        raise OrderError("Berkas tidak dapat dibaca sebagai spreadsheet.") from exc
    header = [_norm(h).lower() for h in (rows[0] if rows else [])]
    if "nama instansi" not in header:
        raise OrderError("Kolom tidak sesuai: baris pertama harus berisi " + ", ".join(OFFICE_COLUMNS) + ".")
    col = {h: i for i, h in enumerate(header) if h}
    User = get_user_model()  # noqa: N806
    errors, todo, seen_names, seen_users = [], [], set(), set()
    for n, row in enumerate(rows[1:], start=2):

        def cell(name, row=row):
            i = col.get(name)
            return _norm(row[i]) if i is not None and i < len(row) else ""

        name = cell("nama instansi")
        if not any(_norm(v) for v in row):
            continue
        if not name:
            errors.append(f"Baris {n}: nama instansi kosong.")
            continue
        if name.lower() in seen_names:
            errors.append(f"Baris {n}: “{name}” tertulis dua kali.")
        seen_names.add(name.lower())
        kind = OFFICE_KINDS.get(cell("jenis").lower() or "opd")
        if kind is None:
            errors.append(f"Baris {n}: jenis “{cell('jenis')}” tidak dikenal (OPD, sekolah, desa, perusahaan).")
        district = None
        if cell("kecamatan"):
            res = resolve_district(cell("kecamatan"))
            if not res.ok:
                errors.append(f"Baris {n}: {res.message}")
            district = res.value
        username, email = cell("nama pengguna"), cell("e-mail")
        if username:
            if username.lower() in seen_users or User.objects.filter(username__iexact=username).exists():
                errors.append(f"Baris {n}: nama pengguna “{username}” sudah dipakai.")
            seen_users.add(username.lower())
            if not email or "@" not in email:
                errors.append(f"Baris {n}: isi e-mail pengguna “{username}” (untuk mengatur kata sandi).")
        todo.append((name, kind, district, username, email))
    if errors:
        raise OrderError("Tidak ada yang disimpan. " + " ".join(errors[:15]) + (" …" if len(errors) > 15 else ""))
    with transaction.atomic():
        for name, kind, district, username, email in todo:
            office, created = Office.objects.get_or_create(name=name, defaults={"kind": kind, "district": district})
            if created:
                _log(office, actor, {"name": [None, name]}, action=ChangeLog.Action.CREATE, source="impor")
            if username:
                user = User(username=username, email=email, role=User.Role.BUYER)
                user.set_unusable_password()
                user.save()
                office.users.add(user)
                _log(office, actor, {"users": [None, username]}, source="impor")
    return len(todo)


# --- producers ------------------------------------------------------------------------------------------


def producer_add(*, actor, round: Round, business: Business, curated=False) -> RoundProducer:
    """Staff mark a business eligible: active, craft sector, holding an NIB."""
    if business.status != Business.Status.ACTIVE:
        raise OrderError(f"{business.name}: usaha tidak aktif.")
    if business.sector_id != "craft":
        raise OrderError(f"{business.name}: bukan sektor kerajinan (batik).")
    if not Permit.objects.filter(business=business, kind=Permit.Kind.NIB).exists():
        raise OrderError(f"{business.name}: belum memiliki NIB yang sah.")
    with transaction.atomic():
        rnd = _locked_round(round.pk)
        if rnd.status in (Round.Status.CLOSED,):
            raise OrderError("Putaran sudah selesai.")
        producer, created = RoundProducer.objects.get_or_create(
            round=rnd, business=business, defaults={"eligible": True, "curated": curated}
        )
        if not created and not producer.eligible:
            producer.eligible = True
            producer.save(update_fields=["eligible"])
        _log(producer, actor, {"eligible": [None, True]}, action=ChangeLog.Action.CREATE)
        _bump(rnd)
    return producer


def capacity_set(*, actor, producer: RoundProducer, pieces: dict, name_public=None) -> None:
    """pieces: {garment_id: int ≥ 0}. Owners and staff; refused once the round is allocated."""
    errors = []
    garments = {g.pk: g for g in producer.round.garments.all()}
    for gid, value in pieces.items():
        if gid not in garments:
            errors.append("Jenis pakaian tidak ada di putaran ini.")
        elif not isinstance(value, int) or value < 0 or value > 100000:
            errors.append(f"Kapasitas {garments[gid].name}: isi bilangan bulat 0–100.000 potong.")
    if errors:
        raise OrderError(" ".join(errors))
    with transaction.atomic():
        rnd = _locked_round(producer.round_id)
        if rnd.status not in (Round.Status.DRAFT, Round.Status.OPEN):
            raise OrderError("Pesanan sudah dibagi: kapasitas tidak dapat diubah lagi.")
        changes = {}
        for gid, value in sorted(pieces.items()):
            cap, _ = Capacity.objects.get_or_create(producer=producer, garment_id=gid, defaults={"pieces": 0})
            if cap.pieces != value:
                changes[garments[gid].name] = [cap.pieces, value]
                cap.pieces = value
                cap.save(update_fields=["pieces"])
        if name_public is not None and name_public != producer.name_public:
            changes["name_public"] = [producer.name_public, name_public]
            producer.name_public = name_public
            producer.save(update_fields=["name_public"])
        _log(producer, actor, changes)
        rnd.version += 1
        rnd.save(update_fields=["version"])


# --- the split ------------------------------------------------------------------------------------------


def pkw_business_ids(business_ids) -> set:
    """Businesses of a PKW cohort: started by a PKW prospect, or enrolled in a PKW session."""
    ids = set(
        Prospect.objects.filter(business_id__in=business_ids, cohort__program_type_id=Program.PKW).values_list(
            "business_id", flat=True
        )
    )
    ids |= set(
        Enrollment.objects.filter(
            business_id__in=business_ids, session__program__program_type_id=Program.PKW
        ).values_list("business_id", flat=True)
    )
    return ids


def prior_order_business_ids(rnd: Round, business_ids) -> set:
    """Businesses that already had pieces in another round."""
    return set(
        Allocation.objects.filter(producer__business_id__in=business_ids, pieces__gt=0)
        .exclude(round=rnd)
        .values_list("producer__business_id", flat=True)
    )


def weights_for(rnd: Round, producers) -> dict:
    """{producer_id: (weight float, boosts text)} per garment is capacity × these factors."""
    bids = [p.business_id for p in producers]
    pkw = pkw_business_ids(bids)
    had = prior_order_business_ids(rnd, bids)
    out = {}
    for p in producers:
        factor, notes = 1.0, []
        if p.business_id in pkw:
            factor *= float(rnd.boost_pkw)
            notes.append(f"PKW ×{rnd.boost_pkw}")
        if p.business_id not in had:
            factor *= float(rnd.boost_first_time)
            notes.append(f"pesanan pertama ×{rnd.boost_first_time}")
        out[p.pk] = (factor, ", ".join(notes))
    return out


def compute_split(rnd: Round, exclude_declined=True, base=None):
    """The allocation and assignment from the stored inputs (no writes). Returns
    (allocs, pairs) where allocs = [(garment_id, producer_id, pieces, capacity, weight, divisor, boosts)] and
    pairs = [(office_id, producer_id, garment_id, technique, size, pieces, unit_price)]."""
    producers = list(rnd.producers.filter(eligible=True).order_by("pk"))
    if exclude_declined:
        producers = [p for p in producers if p.response != RoundProducer.Response.DECLINED]
    factors = weights_for(rnd, producers)
    caps = {}
    for c in Capacity.objects.filter(producer__in=[p.pk for p in producers]).values_list(
        "producer_id", "garment_id", "pieces"
    ):
        caps[(c[0], c[1])] = c[2]
    demand = {}
    office_lines = {}
    for office_id, gid, tech, size, qty, price in (
        NeedLine.objects.filter(round=rnd)
        .values_list("office_id", "garment_id", "technique", "size", "quantity", "unit_price")
        .order_by("office_id", "garment_id", "technique", "size", "id")
    ):
        demand[gid] = demand.get(gid, 0) + qty
        key = (office_id, gid)
        lines = office_lines.setdefault(key, {})
        lines[(tech, size, price)] = lines.get((tech, size, price), 0) + qty
    allocs, pairs = [], []
    for garment in rnd.garments.all().order_by("order", "pk"):
        gid = garment.pk
        plist = []
        for p in producers:
            cap = caps.get((p.pk, gid), 0)
            plist.append({"id": p.pk, "capacity": cap, "weight": cap * factors[p.pk][0]})
        split = apportion_detail(demand.get(gid, 0), plist, rnd.min_batch)
        for d in plist:
            pieces = split.shares[d["id"]]
            if d["capacity"] > 0:
                allocs.append((gid, d["id"], pieces, d["capacity"], d["weight"], split.divisor, factors[d["id"]][1]))
        office_demand = {o: sum(lines.values()) for (o, g), lines in office_lines.items() if g == gid}
        got, _unserved = assign(office_demand, {pid: n for pid, n in split.shares.items() if n})
        by_office = {}
        for office_id, pid, n in got:
            by_office.setdefault(office_id, []).append((pid, n))
        for office_id, portions in by_office.items():
            lines = sorted(office_lines[(office_id, gid)].items())
            for pid, (tech, size, price), qty in split_lines(lines, portions):
                pairs.append((office_id, pid, gid, tech, size, qty, price))
    return allocs, pairs


def digest_of(allocs, pairs) -> str:
    payload = json.dumps(
        [[list(a[:4]) + [round(a[4], 6)] for a in allocs], [list(p) for p in pairs]], separators=(",", ":")
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _dec(x, places):
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-places)) if x is not None else None


def _write_split(rnd: Round, allocs, pairs):
    Assignment.objects.filter(round=rnd).delete()
    Allocation.objects.filter(round=rnd).delete()
    Allocation.objects.bulk_create(
        Allocation(
            round=rnd,
            garment_id=gid,
            producer_id=pid,
            pieces=n,
            capacity=cap,
            weight=_dec(w, 4),
            divisor=_dec(d, 6) if d is not None else None,
            boosts=boosts,
        )
        for gid, pid, n, cap, w, d, boosts in allocs
    )
    Assignment.objects.bulk_create(
        Assignment(
            round=rnd,
            office_id=o,
            producer_id=pid,
            garment_id=gid,
            technique=t,
            size=s,
            pieces=n,
            unit_price=price,
        )
        for o, pid, gid, t, s, n, price in pairs
    )


def round_allocate(*, actor, round: Round, expected_version: int) -> Round:
    """Staff press "allocate". The round row is locked; `expected_version` is the version the staff member
    saw: if anyone changed the round meanwhile (another allocation, an office editing, a capacity), the
    second one is refused and told to look again. Re-running with the same inputs gives the same rows."""
    with transaction.atomic():
        rnd = _locked_round(round.pk)
        if rnd.version != expected_version:
            raise OrderError(
                "Data putaran ini baru saja berubah (oleh staf lain atau instansi): muat ulang halaman dan "
                "periksa hasilnya sebelum membagi lagi."
            )
        if rnd.status not in (Round.Status.OPEN, Round.Status.ALLOCATED, Round.Status.DRAFT):
            raise OrderError("Putaran sudah selesai.")
        if rnd.producers.exclude(response=RoundProducer.Response.PENDING).exists():
            raise OrderError("Produsen sudah menjawab pembagian: pembagian tidak dapat diulang.")
        if not NeedLine.objects.filter(round=rnd).exists():
            raise OrderError("Belum ada kebutuhan yang didata.")
        allocs, pairs = compute_split(rnd)
        _write_split(rnd, allocs, pairs)
        digest = digest_of(allocs, pairs)
        _log(
            rnd,
            actor,
            {"status": [rnd.status, Round.Status.ALLOCATED], "allocation_digest": [rnd.allocation_digest, digest]},
        )
        rnd.status = Round.Status.ALLOCATED
        rnd.allocation_digest = digest
        rnd.allocated_at = timezone.now()
        rnd.allocated_by = actor if getattr(actor, "is_authenticated", False) else None
        rnd.version += 1
        rnd.save()
    return rnd


def producer_respond(*, actor, producer: RoundProducer, accept: bool, reason="", today=None) -> RoundProducer:
    """Accept or decline within the producer's deadline (its own when it received moved pieces, else the
    round's). Declined pieces are shared among the producers that have not declined, by the same rule
    (weights, capacity left), added to what they have."""
    today = today or timezone.localdate()
    with transaction.atomic():
        rnd = _locked_round(producer.round_id)
        producer = RoundProducer.objects.select_for_update().get(pk=producer.pk)
        if rnd.status != Round.Status.ALLOCATED:
            raise OrderError("Belum ada pembagian untuk dijawab.")
        deadline = producer.response_deadline or rnd.response_deadline
        if today > deadline:
            raise OrderError(f"Batas waktu menjawab sudah lewat ({deadline:%d-%m-%Y}).")
        if producer.response == RoundProducer.Response.DECLINED:
            raise OrderError("Pembagian ini sudah ditolak.")
        if not producer.allocations.filter(pieces__gt=0).exists():
            raise OrderError("Usaha ini tidak mendapat bagian di putaran ini.")
        new = RoundProducer.Response.ACCEPTED if accept else RoundProducer.Response.DECLINED
        if not accept and producer.deliveries.exists():
            raise OrderError(
                "Sudah ada pengiriman: pesanan tidak dapat ditolak lagi. Bila tidak sanggup membuat potong "
                "tambahan, hubungi staf Dekranasda."
            )
        _log(producer, actor, {"response": [producer.response, new]})
        producer.response = new
        producer.responded_at = timezone.now()
        producer.decline_reason = reason[:200] if not accept else ""
        producer.save(update_fields=["response", "responded_at", "decline_reason"])
        if not accept:
            for alloc in list(producer.allocations.filter(pieces__gt=0).select_related("garment")):
                rows = Assignment.objects.filter(round=rnd, producer=producer, garment_id=alloc.garment_id)
                moved = _move_pieces(rnd, producer, alloc.garment_id, rows, alloc.pieces, today)
                _log(producer, actor, {f"dialihkan_{alloc.garment.name}": [alloc.pieces, moved]})
        rnd.version += 1
        rnd.save(update_fields=["version"])
    return producer


def _move_pieces(rnd: Round, source: RoundProducer, gid: int, rows, pieces: int, today) -> int:
    """Move up to `pieces` of `source`'s pieces of garment `gid`, taken from its assignment rows `rows` (in
    office order), to the other eligible producers that have not declined, by the same rule (apportion over
    their weights, on the capacity each has left; no new minimum batch, they already produce for the
    round). Returns how many moved; pieces nobody has room for stay on the source's rows (visible as not
    placed). Receivers confirm their new total again, by a deadline of their own (today + the round's
    reanswer_days, never earlier than the round's)."""
    others = list(
        rnd.producers.filter(eligible=True)
        .exclude(response=RoundProducer.Response.DECLINED)
        .exclude(pk=source.pk)
        .order_by("pk")
    )
    factors = weights_for(rnd, others)
    current = {a.producer_id: a for a in Allocation.objects.filter(round=rnd, garment_id=gid)}
    caps = dict(Capacity.objects.filter(producer__in=others, garment_id=gid).values_list("producer_id", "pieces"))
    plist = []
    for p in others:
        cap = caps.get(p.pk, 0)
        have = current[p.pk].pieces if p.pk in current else 0
        plist.append({"id": p.pk, "capacity": max(0, cap - have), "weight": cap * factors[p.pk][0]})
    split = apportion_detail(pieces, plist, 1)
    extra = {pid: n for pid, n in split.shares.items() if n}
    rows = list(rows.order_by("office_id", "pk"))
    lines = [(i, a.pieces) for i, a in enumerate(rows)]
    left = [a.pieces for a in rows]
    for pid, i, qty in split_lines(lines, sorted(extra.items())):
        a = rows[i]
        Assignment.objects.create(
            round=rnd,
            office_id=a.office_id,
            producer_id=pid,
            garment_id=gid,
            technique=a.technique,
            size=a.size,
            pieces=qty,
            unit_price=a.unit_price,
        )
        left[i] -= qty
    for a, rest in zip(rows, left, strict=True):
        if rest == 0:
            a.delete()
        elif rest != a.pieces:
            a.pieces = rest
            a.save(update_fields=["pieces"])
    fresh = max(rnd.response_deadline, today + dt.timedelta(days=rnd.reanswer_days))
    own = dict(RoundProducer.objects.filter(pk__in=list(extra)).values_list("pk", "response_deadline"))
    for pid, n in extra.items():
        a = current.get(pid)
        if a is None:
            Allocation.objects.create(
                round=rnd,
                producer_id=pid,
                garment_id=gid,
                pieces=n,
                capacity=caps.get(pid, 0),
                weight=_dec(caps.get(pid, 0) * factors[pid][0], 4),
                divisor=None,
                boosts=factors[pid][1],
            )
        else:
            a.pieces += n
            a.save(update_fields=["pieces"])
        # the receiving producer confirms its new total again, by its own deadline
        deadline = max(fresh, own[pid]) if own.get(pid) else fresh
        RoundProducer.objects.filter(pk=pid).update(response=RoundProducer.Response.PENDING, response_deadline=deadline)
    moved = sum(extra.values())
    source_alloc = current.get(source.pk)
    if source_alloc is not None and moved:
        source_alloc.pieces -= moved
        source_alloc.save(update_fields=["pieces"])
    return moved


def producer_extend_deadline(*, actor, producer: RoundProducer, deadline, today=None) -> RoundProducer:
    """Staff give one producer more time to answer (never before today, never after the delivery deadline)."""
    today = today or timezone.localdate()
    if not _is_office(actor):
        raise OrderError("Hanya staf Dekranasda yang dapat mengubah batas jawaban.")
    if deadline is None:
        raise OrderError("Isi tanggal batas jawaban yang baru (hh-bb-tttt).")
    with transaction.atomic():
        rnd = _locked_round(producer.round_id)
        p = RoundProducer.objects.select_for_update().get(pk=producer.pk)
        if rnd.status != Round.Status.ALLOCATED:
            raise OrderError("Batas jawaban hanya dapat diubah selama pembagian menunggu jawaban.")
        if deadline < today:
            raise OrderError("Batas jawaban yang baru tidak boleh sebelum hari ini.")
        if deadline > rnd.delivery_deadline:
            raise OrderError(f"Batas jawaban tidak boleh melewati batas pengiriman ({rnd.delivery_deadline:%d-%m-%Y}).")
        old = p.response_deadline or rnd.response_deadline
        _log(p, actor, {"response_deadline": [str(old), str(deadline)]})
        p.response_deadline = deadline
        p.save(update_fields=["response_deadline"])
        _bump(rnd)
    return p


# --- production, delivery, payment ----------------------------------------------------------------------


def producing(producer: RoundProducer) -> bool:
    """Accepted, or accepted before and now confirming pieces moved to it from another producer (it keeps
    producing and delivering what it has meanwhile)."""
    return producer.response == RoundProducer.Response.ACCEPTED or (
        producer.response == RoundProducer.Response.PENDING and producer.responded_at is not None
    )


def progress_update(*, actor, producer: RoundProducer, started_on, percent_done: int) -> None:
    if not isinstance(percent_done, int) or not 0 <= percent_done <= 100:
        raise OrderError("Persen selesai harus 0–100.")
    with transaction.atomic():
        p = RoundProducer.objects.select_for_update().get(pk=producer.pk)
        if not producing(p):
            raise OrderError("Catat kemajuan setelah pesanan diterima.")
        _log(
            p,
            actor,
            {"percent_done": [p.percent_done, percent_done], "started_on": [str(p.started_on), str(started_on)]},
        )
        p.started_on = started_on
        p.percent_done = percent_done
        p.save(update_fields=["started_on", "percent_done"])
        _bump(p.round)


def assigned_pieces(producer: RoundProducer, office: Office) -> int:
    return Assignment.objects.filter(producer=producer, office=office).aggregate(s=Sum("pieces"))["s"] or 0


def delivery_record(
    *, actor, producer: RoundProducer, office: Office, delivered_on, pieces: int, rejected: int, reason: str = ""
) -> Delivery:
    """A delivery to an office with its quality check. Accepted pieces may never exceed what the producer
    was assigned for that office; rejected pieces must be remade (they are not counted as delivered)."""
    if not isinstance(pieces, int) or pieces < 1:
        raise OrderError("Jumlah dikirim harus paling sedikit 1.")
    if not isinstance(rejected, int) or rejected < 0 or rejected > pieces:
        raise OrderError("Jumlah ditolak harus antara 0 dan jumlah dikirim.")
    if rejected and not reason.strip():
        raise OrderError("Tulis alasan penolakan.")
    with transaction.atomic():
        _locked_round(producer.round_id)
        p = RoundProducer.objects.select_for_update().get(pk=producer.pk)
        if not producing(p):
            raise OrderError("Produsen belum menerima pesanan ini.")
        assigned = assigned_pieces(p, office)
        done = Delivery.objects.filter(producer=p, office=office).aggregate(s=Sum("accepted"))["s"] or 0
        if done + (pieces - rejected) > assigned:
            raise OrderError(
                f"Pengiriman melebihi pesanan: {office.name} memesan {assigned} potong dari produsen ini, "
                f"sudah diterima {done}."
            )
        d = Delivery.objects.create(
            round_id=p.round_id,
            office=office,
            producer=p,
            delivered_on=delivered_on,
            pieces=pieces,
            accepted=pieces - rejected,
            rejected=rejected,
            reject_reason=reason.strip()[:200],
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        changes = {"pieces": [None, pieces], "rejected": [None, rejected]}
        if rejected:
            changes["reject_reason"] = [None, d.reject_reason]
        _log(d, actor, changes, action=ChangeLog.Action.CREATE)
        _bump(p.round)
    return d


def rejected_reallocate(*, actor, delivery: Delivery, assignment: Assignment, pieces: int, today=None) -> int:
    """Staff choose to have pieces rejected at a delivery's quality check made by other producers instead of
    remade by the same one (the default). The pieces come off the producer's line `assignment` (garment,
    technique, size) for that office and are shared by the same rule as the allocation among the other
    eligible producers with capacity left; receivers get their own answer deadline. Logged. Returns how many
    moved (fewer than asked when the others lack room: the rest stays with the producer, to remake)."""
    today = today or timezone.localdate()
    if not _is_office(actor):
        raise OrderError("Hanya staf Dekranasda yang dapat mengalihkan potong yang ditolak.")
    if not isinstance(pieces, int) or pieces < 1:
        raise OrderError("Jumlah yang dialihkan harus bilangan bulat paling sedikit 1.")
    with transaction.atomic():
        rnd = _locked_round(delivery.round_id)
        d = Delivery.objects.select_for_update().select_related("producer", "office").get(pk=delivery.pk)
        if rnd.status != Round.Status.ALLOCATED:
            raise OrderError("Putaran sudah selesai: potong tidak dapat dialihkan lagi.")
        row = (
            Assignment.objects.select_for_update()
            .select_related("garment")
            .filter(pk=getattr(assignment, "pk", None), producer_id=d.producer_id, office_id=d.office_id)
            .first()
        )
        if row is None:
            raise OrderError("Pilih baris pesanan produsen ini untuk instansi yang menerima pengiriman.")
        open_rejected = d.rejected - d.reallocated
        if pieces > open_rejected:
            raise OrderError(
                f"Hanya {open_rejected} potong yang ditolak di pengiriman ini belum dialihkan (diminta {pieces})."
            )
        owed = assigned_pieces(d.producer, d.office) - (
            Delivery.objects.filter(producer=d.producer, office=d.office).aggregate(s=Sum("accepted"))["s"] or 0
        )
        if pieces > min(row.pieces, owed):
            raise OrderError(
                f"Baris {row.garment.name} {row.technique} {row.size} masih {min(row.pieces, owed)} potong yang "
                f"belum diterima; tidak dapat mengalihkan {pieces}."
            )
        moved = _move_pieces(rnd, d.producer, row.garment_id, Assignment.objects.filter(pk=row.pk), pieces, today)
        if not moved:
            raise OrderError(
                f"Tidak ada produsen lain yang masih punya kapasitas {row.garment.name}: potong yang ditolak "
                "dibuat ulang oleh produsen yang sama."
            )
        d.reallocated += moved
        d.save(update_fields=["reallocated"])
        _log(d, actor, {"reallocated": [d.reallocated - moved, d.reallocated]})
        _log(
            d.producer,
            actor,
            {f"dialihkan_qc_{row.garment.name}_{row.size}": [pieces, moved]},
        )
        rnd.version += 1
        rnd.save(update_fields=["version"])
    return moved


def payment_record(
    *, actor, producer: RoundProducer, office: Office, invoice_number: str, amount: int, paid_on
) -> Payment:
    invoice_number = (invoice_number or "").strip()
    if not invoice_number:
        raise OrderError("Nomor faktur wajib diisi.")
    if not isinstance(amount, int) or amount < 1:
        raise OrderError("Jumlah pembayaran harus lebih dari 0.")
    with transaction.atomic():
        _locked_round(producer.round_id)
        value = sum(a.pieces * a.unit_price for a in Assignment.objects.filter(producer=producer, office=office))
        paid = Payment.objects.filter(producer=producer, office=office).aggregate(s=Sum("amount"))["s"] or 0
        if paid + amount > value:
            raise OrderError(f"Pembayaran melebihi nilai pesanan ({rupiah(value)} , sudah dibayar {rupiah(paid)}).")
        pay = Payment.objects.create(
            round_id=producer.round_id,
            office=office,
            producer=producer,
            invoice_number=invoice_number[:60],
            amount=amount,
            paid_on=paid_on,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _log(
            pay,
            actor,
            {"amount": [None, amount], "invoice_number": [None, invoice_number]},
            action=ChangeLog.Action.CREATE,
        )
        _bump(producer.round)
    return pay


def person_payment_record(*, actor, line: NeedLine, amount: int, paid_on) -> NeedLine:
    """When employees pay personally: what one person on the office's list has paid."""
    if not isinstance(amount, int) or amount < 0:
        raise OrderError("Jumlah pembayaran tidak boleh negatif.")
    with transaction.atomic():
        ln = NeedLine.objects.select_for_update().select_related("round").get(pk=line.pk)
        if ln.round.payer != Round.Payer.EMPLOYEE:
            raise OrderError("Di putaran ini instansi yang membayar, bukan tiap pegawai.")
        if amount > ln.amount:
            raise OrderError(f"Pembayaran melebihi harga pesanan orang ini ({rupiah(ln.amount)}).")
        _log(ln, actor, {"paid_amount": [ln.paid_amount, amount]})
        ln.paid_amount = amount
        ln.paid_on = paid_on
        ln.save(update_fields=["paid_amount", "paid_on"])
        _bump(ln.round)
    return ln


def offices_for_user(user):
    if getattr(user, "is_office", False):
        return Office.objects.all()
    return Office.objects.filter(users=user)
