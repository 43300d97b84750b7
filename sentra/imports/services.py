"""Import a spreadsheet into the registry: read → map columns → clean and check every row → find
duplicates (in the file and against the registry) → write everything in one transaction, or nothing."""

import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from rapidfuzz import fuzz, process

from sentra.core.audit import diff, record_created_bulk, snapshot
from sentra.core.fastinsert import insert_rows, reserve_ids
from sentra.core.models import ChangeLog
from sentra.core.sqlvalues import values_param, values_sql
from sentra.imports import normalize as norm
from sentra.imports.columns import HEADER_SCAN_ROWS, find_header, propose_mapping
from sentra.imports.guard import head_rows
from sentra.imports.models import ImportBatch, ImportedRecord
from sentra.imports.pipeline import CleaningFailed, cleaned_chunks
from sentra.imports.readers import WORKBOOK_SUFFIXES, ReadError, iter_rows, loaded_workbooks, sheet_height
from sentra.imports.rowclean import CleanRow, RowCleaner
from sentra.imports.seen import SeenKeys
from sentra.imports.undo_data import seal
from sentra.metrics.services import tallies_add_businesses, tallies_bulk, tallies_remove_businesses
from sentra.registry.models import Business, Owner, Permit
from sentra.registry.pii import encrypt
from sentra.registry.scale import scale_for
from sentra.registry.selectors import businesses_by_nik_hash
from sentra.registry.services import BUSINESS_FIELDS, OWNER_FIELDS

CHUNK = 2000
PARALLEL = None  # read and clean in a second process: None = for large files (pipeline.cleaned_chunks)
KEEP_ACTIONS = 1000  # actions listed in the stored preview
NEAR_MATCH_SCORE = 88
SQLITE_CACHE_KIB = 48 * 1024  # page cache while an import writes (within the 300 MB budget for 1M rows)


class ImportFailed(Exception):
    """The file as a whole cannot be imported; the message is Indonesian. Nothing was written."""


@dataclass
class Table:
    header_row: int
    headers: list[str]
    mapping: dict[int, str]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    errors: list = field(default_factory=list)  # {row, column, message}
    actions: list = field(default_factory=list)  # {row, action, name, note}
    error_rows: set = field(default_factory=set)
    header_row: int = 0
    headers: list = field(default_factory=list)
    batch_id: int | None = None

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "errors": self.errors,
        }

    def report(self) -> dict:
        return {**self.as_json(), "actions": self.actions, "header_row": self.header_row, "headers": self.headers}


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def count_rows(path, name: str | None = None) -> int:
    """Rough total for the progress bar (lines of a csv, rows of a sheet)."""
    suffix = Path(name or path).suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        with open(path, "rb") as fh:
            return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
    return sheet_height(path)


def read_table(
    path,
    name: str | None = None,
    saved_mapping: dict | None = None,
    *,
    header_row: int | None = None,
    known_keys=frozenset(),
    isolated: bool = False,
) -> Table:
    """Find the header row (below any title rows) — or take the one given — and propose a column mapping.
    isolated=True (the web process): a workbook's first rows are read in a memory-limited child (guard.head_rows)."""
    try:
        limit = HEADER_SCAN_ROWS if header_row is None else header_row
        if isolated and Path(name or path).suffix.lower() in WORKBOOK_SUFFIXES:
            first = iter(head_rows(path, name, limit))
        else:
            first = islice(iter_rows(path, name), limit)
        if header_row is None:
            found = find_header(first, known_keys)
        else:
            found = next(((n, [norm.text(v) for v in values]) for n, values in first if n == header_row), None)
    except ReadError as exc:
        raise ImportFailed(str(exc)) from exc
    if found is None:
        raise ImportFailed(
            "Baris judul kolom tidak ditemukan di 30 baris pertama. Pastikan ada baris berisi judul seperti "
            "“Nama Usaha”, “Nama Pemilik”, “Kecamatan”."
        )
    header_row, headers = found
    return Table(header_row=header_row, headers=headers, mapping=propose_mapping(headers, saved_mapping))


OUT_OF_SCOPE = (
    "{how} ini sudah terdaftar pada IKM di luar kecamatan tugas Anda; baris ini tidak diimpor. "
    "Hubungi staf Dekranasda bila data itu perlu diperbaiki."
)


class _Registry:
    """What the registry already holds, looked up a chunk at a time through indexes (Business.name_key, the
    NIB's unique number, the owner's nik_hash), so the cost of a row does not grow with the registry.

    `allowed` (kecamatan codes, None = everything) is the importing user's scope: only businesses inside it
    can be matched, updated, named or suggested. A NIB or NIK held by a business outside it is still known (the
    row must not create a second record for it) but only as "outside your scope", never by id or name.

    The registry is seen as it was when the import began: businesses with an id past `horizon` (those this
    import creates) are never matched (the in-file checks deal with repeated rows)."""

    def __init__(self, allowed: set[str] | None = None):
        self.allowed = allowed
        self.horizon = Business.objects.aggregate(m=Max("id"))["m"] or 0
        self.by_nib: dict[str, int] = {}
        self.nib_of: dict[int, str] = {}
        self.by_name: dict[tuple, int] = {}
        self.district_of: dict[int, str] = {}
        self.names_in_district: dict[str, dict[str, tuple[int, str]]] = {}  # loaded per kecamatan when asked
        self._choices: dict[str, list[str]] = {}
        self._keys_seen: set[str] = set()

    def _rows(self, sql: str, values: list, pg_type: str = "text", params: tuple | list = ()) -> list:
        """Rows of `sql` joined to a table of `values` ({values}). CROSS JOIN keeps SQLite's planner reading
        the values first (else it scanned every NIB permit by the kind index, once per value: 7 s a chunk)."""
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute(
                sql.format(values=values_sql(vendor, pg_type=pg_type)), [values_param(vendor, values), *params]
            )
            return cursor.fetchall()

    def load(self, chunk: list[CleanRow], nik_matches: dict[str, int]) -> None:
        """Look up what the rows of a chunk may match — by NIB, by name, and the kecamatan and NIB of the
        businesses their NIKs matched — a few indexed queries per chunk, before it is classified."""
        nibs = sorted({r.nib for r in chunk if r.nib and r.nib not in self.by_nib})
        if nibs:
            for number, pk in self._rows(
                "WITH h(v) AS ({values}) SELECT p.number, p.business_id FROM h CROSS JOIN registry_permit p "
                f"WHERE p.number = h.v AND p.kind = '{Permit.Kind.NIB}'",
                nibs,
            ):
                if pk <= self.horizon:
                    self.by_nib[number] = pk
                    self.nib_of[pk] = number
        by_district: dict[str, set[str]] = {}
        for r in chunk:
            district = r.business.get("district_id")
            if r.name_key and district and (district, r.name_key) not in self._keys_seen:
                if self.allowed is None or district in self.allowed:
                    by_district.setdefault(district, set()).add(r.name_key)
        found = []
        for district, keys in sorted(by_district.items()):
            self._keys_seen.update((district, k) for k in keys)
            found += self._rows(
                "WITH h(v) AS ({values}) SELECT b.id, b.name, b.village_id, b.district_id FROM h CROSS JOIN "
                f"registry_business b WHERE b.district_id = %s AND b.name_key = h.v AND b.id <= {self.horizon}",
                sorted(keys),
                params=[district],
            )
        # the first business of a key and place in the registry's order (name, id), as a full read had it (a row
        # of kecamatan D has a place in D: only D's businesses of the key can match it)
        for pk, name, village, district in sorted(found, key=lambda r: (r[1], r[0])):
            key = norm.name_key(name)
            self.by_name.setdefault((key, village or "d:" + district), pk)
            if village:
                self.by_name.setdefault((key, "d:" + district), pk)
            self.district_of[pk] = district
        candidates = sorted(
            {self.by_nib[r.nib] for r in chunk if r.nib in self.by_nib}
            | {pk for pk in nik_matches.values()}
            | {self.by_name[(r.name_key, r.place)] for r in chunk if (r.name_key, r.place) in self.by_name}
        )
        unknown = [pk for pk in candidates if pk not in self.district_of]
        if unknown:
            self.district_of.update(
                self._rows(
                    "WITH h(v) AS ({values}) SELECT b.id, b.district_id FROM h JOIN registry_business b ON b.id = h.v",
                    unknown,
                    "bigint",
                )
            )
        unknown = [pk for pk in candidates if pk not in self.nib_of]
        if unknown:
            for pk in unknown:
                self.nib_of[pk] = None
            self.nib_of.update(
                self._rows(
                    "WITH h(v) AS ({values}) SELECT p.business_id, p.number FROM h CROSS JOIN registry_permit p "
                    f"WHERE p.business_id = h.v AND p.kind = '{Permit.Kind.NIB}'",
                    unknown,
                    "bigint",
                )
            )

    def by_nik_hash(self, hashes) -> dict[str, int]:
        return {h: pk for h, pk in businesses_by_nik_hash(hashes).items() if pk <= self.horizon}

    def nib_of_business(self, pk: int) -> str | None:
        if pk not in self.nib_of:  # load() has read it for every candidate of the chunk
            self.nib_of[pk] = (
                Permit.objects.filter(kind=Permit.Kind.NIB, business_id=pk).values_list("number", flat=True).first()
            )
        return self.nib_of[pk]

    def visible(self, pk) -> bool:
        if self.allowed is None:
            return True
        if pk not in self.district_of:
            self.district_of[pk] = Business.objects.filter(pk=pk).values_list("district_id", flat=True).first()
        return self.district_of[pk] in self.allowed

    def _district_keys(self, district: str) -> list[str]:
        """The distinct name keys of the kecamatan's businesses, read once per import when first needed (from
        the (district, name_key) index alone)."""
        keys = self.names_in_district.get(district)
        if keys is None:
            keys = []
            if self.allowed is None or district in self.allowed:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT DISTINCT name_key FROM registry_business WHERE district_id = %s AND id <= %s",
                        [district, self.horizon],
                    )
                    keys = [k for (k,) in cursor.fetchall()]
            self.names_in_district[district] = keys
        return keys

    def near(self, key: str, district: str) -> str:
        """The name of the kecamatan's business most like `key` (rapidfuzz ratio ≥ NEAR_MATCH_SCORE), or "".
        As a full read in the registry's order (name, id) gave it: of the best-scoring keys the one met first in
        that order, shown with the name of its last business in that order."""
        if not key or not district:
            return ""
        keys = self._district_keys(district)
        if not keys:
            return ""
        matches = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_MATCH_SCORE, limit=None)
        if not matches:
            return ""
        best = max(score for _, score, _ in matches)
        tied = sorted({choice for choice, score, _ in matches if score == best})
        rows = self._rows(
            "WITH h(v) AS ({values}) SELECT b.name, b.id, b.name_key FROM h CROSS JOIN registry_business b "
            f"WHERE b.district_id = %s AND b.name_key = h.v AND b.id <= {self.horizon}",
            tied,
            params=[district],
        )
        first: dict[str, tuple] = {}
        last: dict[str, tuple] = {}
        for name, pk, k in rows:
            first[k] = min(first.get(k, (name, pk)), (name, pk))
            last[k] = max(last.get(k, (name, pk)), (name, pk))
        chosen = min(first, key=first.get)
        return last[chosen][0]


def add_ids(runs: list, ids: list[int]) -> None:
    """Append unique ids to `runs` as a range when they are consecutive (merged with a range they continue),
    else as the list itself."""
    if not ids:
        return
    lo, hi = min(ids), max(ids)
    if hi - lo + 1 != len(ids):
        runs.append(ids)
    elif runs and isinstance(runs[-1], range) and runs[-1].stop == lo:
        runs[-1] = range(runs[-1].start, hi + 1)
    else:
        runs.append(range(lo, hi + 1))


@dataclass
class _Plan:
    create: list = field(default_factory=list)  # CleanRow
    update: list = field(default_factory=list)  # (CleanRow, business id)


class _Writer:
    def __init__(self, batch: ImportBatch, actor):
        self.batch = batch
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.source = batch.source_tag
        self.ct_business = ContentType.objects.get_for_model(Business)
        self.ct_owner = ContentType.objects.get_for_model(Owner)
        self.now = timezone.now()
        # businesses to add to the tallies once, when every chunk is written (finish): one grouped read
        # and a few hundred upserts instead of that per chunk. The created ones as ranges of ids (a million
        # ints in a list would cost ~36 MB, and twice that to sort and check them), the updated ones listed.
        self.created_ids: list = []  # ranges, or lists where the ids handed out were not consecutive
        self.updated_ids: list[int] = []

    def finish(self):
        # run_import holds tallies_bulk: the triggers are off
        for ids in self.created_ids:
            tallies_add_businesses(ids)
        tallies_add_businesses(self.updated_ids)

    def _log(self, ct, pk, repr_, action, changes):
        return ChangeLog(
            content_type=ct,
            object_id=str(pk),
            object_repr=repr_[:255],
            action=action,
            changes=changes,
            actor=self.actor,
            source=self.source,
        )

    def write(self, plan: _Plan):
        logs, records = [], []
        if plan.create:
            self._write_creates(plan.create)
        if plan.update:
            self._write_updates(plan.update, logs, records)
            ChangeLog.objects.bulk_create(logs)
            ImportedRecord.objects.bulk_create(records)

    def _write_creates(self, rows: list[CleanRow]):
        """Everything with fastinsert (no model instances). The owner's NIK is stored as the model stores it:
        encrypted with pii.encrypt, matched through pii.nik_hash — both done with the cleaning (CleanRow.nik_token,
        .nik_hash; the cleaner seals NIKs when the import writes). The tally triggers are skipped for these
        inserts and the new businesses are added to the tallies with one GROUP BY (metrics.tallies_bulk).
        The history of the created records (who, when, from which file and row) is written in bulk through
        core.audit.record_created_bulk, like every other writer's: the registry reads one change log."""
        actor_id = self.actor.pk if self.actor else None
        owner_ids = reserve_ids(Owner, len(rows))
        ids = reserve_ids(Business, len(rows))
        owners, businesses, permits, records = [], [], [], []
        batch_id, record_created = self.batch.pk, ImportedRecord.Action.CREATED
        nib_kind = Permit.Kind.NIB
        for row, owner_id, pk in zip(rows, owner_ids, ids):
            o = row.owner
            if row.nik_hash:
                token = row.nik_token or encrypt(o["nik"])
                owners.append({**o, "id": owner_id, "nik": token, "nik_hash": row.nik_hash})
            else:
                owners.append({**o, "id": owner_id})
            businesses.append(
                {
                    **row.business,
                    "id": pk,
                    "owner_id": owner_id,
                    "name_key": row.name_key,
                    "scale": row.scale,
                    "created_by_id": actor_id,
                    "updated_by_id": actor_id,
                }
            )
            if row.nib:
                permits.append({"business_id": pk, "kind": nib_kind, "number": row.nib})
            records.append(
                {
                    "batch_id": batch_id,
                    "business_id": pk,
                    "owner_id": owner_id,
                    "action": record_created,
                    "row": row.row,
                }
            )  # before: the default {}, converted once
        insert_rows(Owner, owners)
        insert_rows(Business, businesses)
        insert_rows(Permit, permits)
        add_ids(self.created_ids, ids)
        insert_rows(ImportedRecord, records)
        source, file_name = self.source, self.batch.file_name
        record_created_bulk(
            Owner,
            (
                (
                    owner_id,
                    o["name"],
                    {"name": [None, o["name"]], "berkas": [None, file_name], "baris": [None, row.row]},
                )
                for row, owner_id, o in zip(rows, owner_ids, (r.owner for r in rows))
            ),
            actor=self.actor,
            source=source,
            when=self.now,
        )
        record_created_bulk(
            Business,
            (
                (pk, b["name"], {"name": [None, b["name"]], "berkas": [None, file_name], "baris": [None, row.row]})
                for row, pk, b in zip(rows, ids, (r.business for r in rows))
            ),
            actor=self.actor,
            source=source,
            when=self.now,
        )

    def _write_updates(self, items, logs, records):
        existing = Business.objects.select_related("owner").in_bulk([pk for _, pk in items])
        nibs = dict(
            Permit.objects.filter(kind=Permit.Kind.NIB, business_id__in=existing).values_list("business_id", "number")
        )
        changed_b, changed_o, new_permits = [], [], []
        b_fields = [f for f in BUSINESS_FIELDS if f != "scale"] + ["scale", "name_key", "updated_at", "updated_by"]
        for row, pk in items:
            biz = existing[pk]
            owner = biz.owner
            before_b = snapshot(biz, BUSINESS_FIELDS)
            before_o = snapshot(owner, OWNER_FIELDS)
            for name, value in row.business.items():
                setattr(biz, name, value)
            for name, value in row.owner.items():
                setattr(owner, name, value)
            biz.scale = scale_for(biz.capital, biz.annual_sales)
            biz.name_key = row.name_key  # bulk_update skips the field's pre_save
            biz.updated_at = self.now
            biz.updated_by = self.actor
            changes_b = diff(before_b, snapshot(biz, BUSINESS_FIELDS))
            changes_o = diff(before_o, snapshot(owner, OWNER_FIELDS))
            added_nib = bool(row.nib and pk not in nibs)
            if added_nib:
                new_permits.append(Permit(business_id=pk, kind=Permit.Kind.NIB, number=row.nib))
                changes_b["nib"] = [None, row.nib]
            changed_b.append(biz)
            if changes_o:
                changed_o.append(owner)
                logs.append(self._log(self.ct_owner, owner.pk, owner.name, ChangeLog.Action.UPDATE, changes_o))
            logs.append(self._log(self.ct_business, pk, biz.name, ChangeLog.Action.UPDATE, changes_b))
            records.append(
                ImportedRecord(
                    batch=self.batch,
                    business_id=pk,
                    owner_id=owner.pk,
                    action=ImportedRecord.Action.UPDATED,
                    row=row.row,
                    before=seal({"business": before_b, "owner": before_o, "added_nib": added_nib}),
                )
            )
        ids = [pk for _, pk in items]
        tallies_remove_businesses(ids)  # as they were (run_import holds tallies_bulk: the triggers are off)
        Business.objects.bulk_update(changed_b, b_fields)
        if changed_o:
            Owner.objects.bulk_update(changed_o, [f for f in OWNER_FIELDS])
        Permit.objects.bulk_create(new_permits)
        self.updated_ids.extend(ids)  # as they are now, at the end (an import updates only businesses it did not write)


def run_import(
    *,
    path,
    name: str | None = None,
    mapping: dict | None = None,
    header_row: int | None = None,
    on_match: str = ImportBatch.OnMatch.SKIP,
    dry_run: bool = False,
    actor=None,
    batch: ImportBatch | None = None,
    allowed_districts: set[str] | None = None,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
    total: int | None = None,
) -> ImportResult:
    """Check every row and, unless dry_run, write the valid new/updated rows in ONE transaction.
    Rows with errors are reported and not written (with strict=True any error writes nothing)."""
    name = name or Path(path).name
    try:
        with loaded_workbooks():  # a workbook is parsed once: for the header, the rows and the caller's count_rows
            table = read_table(path, name, header_row=header_row)
            if mapping is not None:
                table.mapping = {int(k): v for k, v in mapping.items() if v}
            cleaner = RowCleaner(table.headers, table.mapping, allowed_districts, seal_nik=not dry_run)
            missing = cleaner.missing_required()
            if missing:
                raise ImportFailed("Kolom wajib tidak ditemukan: " + ", ".join(missing) + ". Periksa pemetaan kolom.")
            result = ImportResult(header_row=table.header_row, headers=table.headers)
            if dry_run:
                _scan(path, name, table, cleaner, on_match, result, None, progress, total)
                return result
            with transaction.atomic(), _page_cache():
                if batch is None:
                    batch = ImportBatch.objects.create(
                        file_name=name,
                        file_hash=file_sha256(path),
                        source="cli",
                        mapping=table.mapping,
                        on_match=on_match,
                        created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )
                with tallies_bulk(note=batch.source_tag):
                    writer = _Writer(batch, actor)
                    _scan(path, name, table, cleaner, on_match, result, writer, progress, total)
                    writer.finish()
                if strict and result.errors:
                    raise ImportFailed(
                        f"Ada {len(result.errors)} kesalahan; tidak ada yang disimpan (mode ketat). "
                        "Perbaiki lalu impor lagi."
                    )
                batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
                batch.duplicates, batch.error_count = result.duplicates, len(result.errors)
                batch.report = result.report()
                batch.status = ImportBatch.Status.COMMITTED
                batch.committed_at = timezone.now()
                batch.save()
                result.batch_id = batch.pk
            return result
    except ReadError as exc:
        raise ImportFailed(str(exc)) from exc


@contextmanager
def _page_cache():
    """SQLite: a bigger page cache while the import writes (the default 2 MB makes every index insert of a
    large file go to the OS for its pages; ~12% faster at 200,000 rows), then back to what it was."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")
        except DatabaseError:  # a broken connection: the original error is the one to report
            pass


def _scan(path, name, table, cleaner, on_match, result, writer, progress, total):
    registry = _Registry(cleaner.allowed)
    seen_nib, seen_nik, seen_name, claimed = SeenKeys(), SeenKeys(), SeenKeys(), {}
    try:
        for chunk in cleaned_chunks(path, name, table.header_row, cleaner, CHUNK, parallel=PARALLEL):
            nik_matches = registry.by_nik_hash({r.nik_hash for r in chunk if r.nik_hash})
            registry.load([r for r in chunk if not r.errors], nik_matches)
            plan = _Plan()
            for row in chunk:
                _classify(row, registry, nik_matches, seen_nib, seen_nik, seen_name, claimed, on_match, result, plan)
            result.rows += len(chunk)
            if writer is not None:
                writer.write(plan)
            if progress:
                progress(chunk[-1].row, total or chunk[-1].row)
    except CleaningFailed as exc:
        raise ImportFailed(str(exc)) from exc


def _note(result: ImportResult, row: CleanRow, action: str, note: str = ""):
    if len(result.actions) < KEEP_ACTIONS:
        result.actions.append({"row": row.row, "action": action, "name": row.business.get("name", ""), "note": note})


def _classify(row, registry, nik_matches, seen_nib, seen_nik, seen_name, claimed, on_match, result, plan):
    if row.errors:
        for column, message in row.errors:
            result.errors.append({"row": row.row, "column": column, "message": message})
        result.error_rows.add(row.row)
        _note(result, row, "error", "; ".join(m for _, m in row.errors))
        return
    nik = row.owner.get("nik")
    name_key = (row.name_key, row.place)
    # Keys seen in this file are kept small (ints) so a file of a million rows fits in memory:
    # NIB and NIK are all digits; the name key is hashed (64-bit, collisions negligible at this size).
    # Each key is remembered with the first row that had it (SeenKeys.first returns that row, or 0 when new).
    nib_first = seen_nib.first(int(row.nib), row.row) if row.nib else 0
    nik_first = seen_nik.first(int(nik), row.row) if nik else 0
    name_first = seen_name.first(hash(name_key), row.row)
    earlier = (
        (nib_first and ("NIB", nib_first))
        or (nik_first and ("NIK pemilik", nik_first))
        or (name_first and ("nama usaha dan desa", name_first))
    )
    if earlier:
        result.duplicates += 1
        _note(result, row, "duplicate", f"sama dengan baris {earlier[1]} ({earlier[0]})")
        return
    match = (
        (row.nib and registry.by_nib.get(row.nib) and ("NIB", registry.by_nib[row.nib]))
        or (nik and nik_matches.get(row.nik_hash) and ("NIK pemilik", nik_matches[row.nik_hash]))
        or (registry.by_name.get(name_key) and ("nama usaha dan desa", registry.by_name[name_key]))
    )
    if match:
        how, pk = match
        if not registry.visible(pk):
            column = row.nib_column if how == "NIB" else row.nik_column
            result.errors.append({"row": row.row, "column": column, "message": OUT_OF_SCOPE.format(how=how)})
            result.error_rows.add(row.row)
            _note(result, row, "error", "di luar kecamatan tugas")
            return
        if pk in claimed:
            result.duplicates += 1
            _note(result, row, "duplicate", f"IKM yang sama sudah dicocokkan baris {claimed[pk]}")
            return
        claimed[pk] = row.row
        other_nib = registry.nib_of_business(pk)
        if on_match == ImportBatch.OnMatch.UPDATE:
            if row.nib and other_nib and other_nib != row.nib:
                column = row.nib_column
                result.errors.append(
                    {
                        "row": row.row,
                        "column": column,
                        "message": f"IKM yang cocok (#{pk}, menurut {how}) sudah memiliki NIB lain ({other_nib}).",
                    }
                )
                result.error_rows.add(row.row)
                _note(result, row, "error", "NIB berbeda")
                return
            result.updated += 1
            plan.update.append((row, pk))
            _note(result, row, "update", f"memperbarui IKM #{pk} (cocok menurut {how})")
        else:
            result.duplicates += 1
            _note(result, row, "duplicate", f"sudah ada di registri: IKM #{pk} (cocok menurut {how}); dilewati")
        return
    result.created += 1
    plan.create.append(row)
    if len(result.actions) < KEEP_ACTIONS:  # the note is all a near name changes: only for the notes kept
        similar = registry.near(name_key[0], row.business.get("district_id", ""))
        _note(result, row, "create", f"mirip dengan “{similar}” di registri — periksa" if similar else "")
