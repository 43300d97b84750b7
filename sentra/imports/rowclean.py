"""One data row → cleaned business and owner values, or errors naming the column as written in the file."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from sentra.imports import normalize as norm
from sentra.regions.resolver import resolve_district, resolve_village
from sentra.regions.resolver import warm as warm_resolver
from sentra.registry import rules
from sentra.registry.models import Business, Kbli, Sector
from sentra.registry.pii import encrypt, nik_hash
from sentra.registry.scale import scale_for
from sentra.registry.validators import normalize_nib, normalize_nik, normalize_phone

# Well-formed Indonesian mobile numbers (operator prefixes of refdata/FORMATS.md, 10–13 digits with the 0)
# skip the full phonenumbers parse; everything else goes through normalize_phone. A property test checks
# that this path never accepts what normalize_phone refuses and gives the same result.
MOBILE_RE = re.compile(r"(?:\+?62|0)?(8(?:1[1-9]|2[1-3]|3[1-38]|5[1-35-9]|7[78]|8[1-9]|9[5-9])\d{6,8})")
PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")

REQUIRED = {"name": "Nama usaha", "owner_name": "Nama pemilik", "district": "Kecamatan"}
# Columns whose cleaning depends on the cell value alone: each distinct value is cleaned once per import
# (amounts, counts, years, yes/no words and market reach repeat massively in real sheets).
MEMO_SIZE = 20_000
_MISSING = object()


class _Failed:
    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def _attempt(cleaner, raw):
    """cleaner(raw), or _Failed with its Indonesian message."""
    try:
        return cleaner(raw)
    except ValueError as exc:
        return _Failed(str(exc))
    except ValidationError as exc:
        return _Failed(exc.messages[0])


@dataclass
class CleanRow:
    row: int
    values: list
    business: dict = field(default_factory=dict)
    owner: dict = field(default_factory=dict)
    nib: str = ""
    nib_column: str = ""
    nik_column: str = ""
    errors: list = field(default_factory=list)  # (column header, message)
    # worked out with the cleaning (in the cleaning process for a large file), for a row without errors:
    name_key: str = ""  # normalize.name_key of the business name: the in-file and registry name match
    nik_hash: str = ""  # pii.nik_hash of the owner's NIK: the NIK match, without decrypting anything
    nik_token: str = ""  # the NIK as the database stores it (pii.encrypt) — only when the cleaner seals NIKs
    scale: str = ""  # scale_for(capital, annual_sales)

    @property
    def place(self) -> str:
        return self.business.get("village_id") or "d:" + (self.business.get("district_id") or "")


class RowCleaner:
    """Holds the caches that make cleaning fast: each distinct kecamatan/desa/sector text is resolved once."""

    def __init__(self, headers: list[str], mapping: dict[int, str], allowed_districts: set[str] | None = None,
                 *, seal_nik: bool = False):
        self.headers = headers
        self.seal_nik = seal_nik  # also encrypt each NIK for storage (an import that writes; not a dry run)
        self.mapping = {int(k): v for k, v in mapping.items() if v}
        self.by_field = {f: i for i, f in self.mapping.items()}
        self.allowed = allowed_districts
        self._districts: dict[str, object] = {}
        self._villages: dict[tuple, object] = {}
        self._sectors: dict[str, object] = {}
        self._phones: dict[str, object] = {}
        self.known_sectors = {}
        for s in Sector.objects.all():
            self.known_sectors[s.code.lower()] = s.code
            self.known_sectors[s.name.lower()] = s.code
        self.kbli = {k.code: (k.pk, k.sector_id) for k in Kbli.objects.filter(version="2020")}
        self._memos = self._memo_steps()
        self._identifiers = self._identifier_steps()

    def warm(self) -> None:
        """Load now every kecamatan and desa of the regency that the resolver reads, so that cleaning needs no
        database (pipeline: a second process cleans the rows)."""
        warm_resolver()

    def missing_required(self) -> list[str]:
        missing = [label for f, label in REQUIRED.items() if f not in self.by_field]
        if "sector" not in self.by_field and "kbli" not in self.by_field:
            missing.append("Sektor/jenis industri (atau KBLI)")
        return missing

    def _district(self, raw):
        found = self._districts.get(raw)  # keyed by the cell as written: the same few dozen texts repeat
        if found is None:
            found = self._districts[raw] = resolve_district(norm.text(raw))
        return found

    def _village(self, raw, district):
        key = (district.code, raw)
        found = self._villages.get(key)
        if found is None:
            found = self._villages[key] = resolve_village(norm.text(raw), district)
        return found

    def _sector(self, raw):
        key = norm.text(raw).lower()
        if key not in self._sectors:
            try:
                self._sectors[key] = norm.sector(raw, self.known_sectors)
            except ValueError as exc:
                self._sectors[key] = exc
        result = self._sectors[key]
        if isinstance(result, ValueError):
            raise result
        return result

    def _phone(self, raw):
        key = norm.identifier_text(raw, "Nomor telepon", 13)
        fast = MOBILE_RE.fullmatch(PHONE_SEPARATORS.sub("", key))
        if fast:
            return "+62" + fast.group(1)
        if key not in self._phones:
            try:
                self._phones[key] = normalize_phone(key)
            except ValidationError as exc:
                self._phones[key] = ValueError(exc.messages[0])
            if len(self._phones) > 50_000:
                self._phones.clear()
        result = self._phones[key]
        if isinstance(result, ValueError):
            raise result
        return result

    def _memo_steps(self) -> list:
        """(column index, field, cleaner, cache) of the mapped columns whose cleaning depends on the cell alone,
        in the order their messages are reported."""
        cleaners = [
            ("kbli", lambda v: norm.identifier_text(v, "KBLI", 5)),
            ("sector", self._sector),
            ("workers_lp", norm.workers_split),
            ("workers_male", norm.count),
            ("workers_female", norm.count),
            ("workers_total", norm.count),
            ("workers_unknown", norm.count),
            ("founded_year", norm.year),
            ("annual_sales", norm.amount),
            ("capital", norm.amount),
            ("monthly_capacity", norm.count),
            ("market_reach", norm.market_reach),
            ("export", norm.yes_no),
            ("active", norm.yes_no),
            ("registered_on", norm.date),
        ]
        return [(self.by_field[f], f, cleaner, {}) for f, cleaner in cleaners if f in self.by_field]

    def _identifier_steps(self) -> list:
        """(column index, field, cleaner) of the mapped columns that are (nearly) unique per row."""
        cleaners = [
            ("nik", lambda v: normalize_nik(norm.identifier_text(v, "NIK", 16))),
            ("nib", lambda v: normalize_nib(norm.identifier_text(v, "NIB", 13))),
            ("phone", self._phone),
        ]
        return [(self.by_field[f], f, cleaner) for f, cleaner in cleaners if f in self.by_field]

    def clean(self, number: int, values: list) -> CleanRow:  # noqa: C901 — one flat list of columns
        """Only the mapped columns are looked at (the steps are worked out once per file); a value of a column
        whose result depends on the cell alone (amounts, counts, years, yes/no, sector words …) is cleaned once
        per distinct value and remembered, with its result or its message."""
        row = CleanRow(row=number, values=values)
        b, o = row.business, row.owner
        errors = row.errors
        headers, by_field = self.headers, self.by_field
        width = len(values)
        text = norm.text

        def cell(name):
            index = by_field.get(name)
            if index is None or index >= width:
                return None
            value = values[index]
            return None if value == "" else value

        def fits(value, field_name, key):
            """The same length rule as the forms (registry.rules): over the limit is a row error, never cut."""
            if len(value) <= rules.LIMITS[key][0]:
                return True
            try:
                rules.check_length(value, key)
            except ValidationError as exc:
                errors.append((headers[by_field[field_name]], rules.message(exc)))
            return False

        name = text(cell("name"))
        if name:
            if fits(name, "name", "name"):
                b["name"] = name
        elif "name" in by_field:
            errors.append((headers[by_field["name"]], "Nama usaha wajib diisi."))
        owner_name = text(cell("owner_name"))
        if owner_name:
            if fits(owner_name, "owner_name", "owner_name"):
                o["name"] = owner_name
        elif "owner_name" in by_field:
            errors.append((headers[by_field["owner_name"]], "Nama pemilik wajib diisi."))

        found = {}
        for index, field_name, cleaner in self._identifiers:
            raw = values[index] if index < width else None
            if raw is None or raw == "":
                continue
            result = _attempt(cleaner, raw)
            if result.__class__ is _Failed:
                errors.append((headers[index], result.message))
            else:
                found[field_name] = result
        if found.get("nik"):
            o["nik"] = found["nik"]
            row.nik_column = headers[by_field["nik"]]
        if found.get("nib"):
            row.nib = found["nib"]
            row.nib_column = headers[by_field["nib"]]
        if found.get("phone"):
            b["phone"] = o["phone"] = found["phone"]
        email = text(cell("email"))
        if email:
            if "@" not in email or " " in email:
                errors.append((headers[by_field["email"]], f"“{email}” bukan alamat e-mail."))
            elif fits(email, "email", "email"):
                o["email"] = email
        address = text(cell("address"))
        if address and fits(address, "address", "address"):
            b["address"] = address

        raw_district = cell("district")
        district = None
        if raw_district is None:
            if "district" in by_field:
                errors.append((headers[by_field["district"]], "Kecamatan wajib diisi."))
        else:
            resolution = self._district(raw_district)
            if resolution.ok:
                district = resolution.value
                if self.allowed is not None and district.code not in self.allowed:
                    errors.append((headers[by_field["district"]],
                                   f"Anda hanya boleh mengimpor IKM kecamatan tugas Anda (bukan {district.name})."))
                    district = None
                else:
                    b["district_id"] = district.code
            else:
                errors.append((headers[by_field["district"]], resolution.message))
        raw_village = cell("village")
        if raw_village is not None and district is not None:
            resolution = self._village(raw_village, district)
            if resolution.ok:
                b["village_id"] = resolution.value.code
            else:
                errors.append((headers[by_field["village"]], resolution.message))

        # same value → same result or same message; keyed with the type (True == 1 in a dict)
        got = {}
        for index, field_name, cleaner, cache in self._memos:
            raw = values[index] if index < width else None
            if raw is None or raw == "":
                continue
            key = (raw.__class__, raw)
            result = cache.get(key, _MISSING)
            if result is _MISSING:
                result = _attempt(cleaner, raw)
                if len(cache) >= MEMO_SIZE:
                    cache.clear()
                cache[key] = result
            if result.__class__ is _Failed:
                errors.append((headers[index], result.message))
            else:
                got[field_name] = result

        kbli_code = got.get("kbli")
        kbli_sector = None
        if kbli_code:
            known = self.kbli.get(kbli_code)
            if known:
                b["kbli_id"], kbli_sector = known
            else:
                errors.append((headers[by_field["kbli"]],
                               f"Kode KBLI “{kbli_code}” tidak ada dalam daftar KBLI 2020 IKM."))
        sector_code = got.get("sector") or kbli_sector
        if sector_code:
            b["sector_id"] = sector_code
        elif cell("sector") is None and cell("kbli") is None:
            column = "sector" if "sector" in by_field else "kbli"
            if column in by_field:
                errors.append((headers[by_field[column]], "Sektor wajib diisi (mis. Makanan atau Kerajinan)."))

        products = text(cell("products"))
        if products and fits(products, "products", "products"):
            b["products"] = products
        if got:
            split = got.get("workers_lp")
            if split:
                b["workers_male"], b["workers_female"] = split
            male, female = got.get("workers_male"), got.get("workers_female")
            if male is not None:
                b["workers_male"] = male
            if female is not None:
                b["workers_female"] = female
            total = got.get("workers_total")
            unknown = got.get("workers_unknown")
            if unknown is not None:
                b["workers_unknown"] = unknown
            if total is not None and unknown is None:
                split_sum = b.get("workers_male", 0) + b.get("workers_female", 0)
                if total < split_sum:
                    errors.append(
                        (
                            headers[by_field["workers_total"]],
                            f"Jumlah tenaga kerja ({total}) lebih kecil dari rincian L/P ({split_sum}).",
                        )
                    )
                else:
                    # what the sheet does not split stays "L/P tidak dirinci", never counted as men
                    b["workers_unknown"] = total - split_sum
            founded = got.get("founded_year")
            if founded:
                b["founded_year"] = founded
            for field_name in ("annual_sales", "capital"):
                value = got.get(field_name)
                if value is not None:
                    if value > 9_000_000_000_000_000:
                        errors.append((headers[by_field[field_name]], "Angka terlalu besar."))
                    else:
                        b[field_name] = value
            capacity = got.get("monthly_capacity")
            if capacity is not None:
                b["monthly_capacity"] = capacity
        unit = text(cell("capacity_unit"))
        if unit and fits(unit, "capacity_unit", "capacity_unit"):
            b["capacity_unit"] = unit
        if got:
            reach = got.get("market_reach")
            if reach:
                b["market_reach"] = reach
            if got.get("export"):
                b["market_reach"] = Business.MarketReach.EXPORT
            active = got.get("active")
            if active is not None:
                b["status"] = Business.Status.ACTIVE if active else Business.Status.INACTIVE
            registered = got.get("registered_on")
            if registered:
                try:
                    b["registered_on"] = rules.check_registered_on(registered)
                except ValidationError as exc:
                    errors.append((headers[by_field["registered_on"]], rules.message(exc)))
        if not errors:
            self._keys(row)
        return row

    def _keys(self, row: CleanRow) -> None:
        """What the duplicate checks and the writer need besides the values — CPU work that belongs with the
        cleaning, so that a second process does it for a large file."""
        b = row.business
        row.name_key = norm.name_key(b["name"])
        nik = row.owner.get("nik")
        if nik:
            row.nik_hash = nik_hash(nik)
            if self.seal_nik:
                row.nik_token = encrypt(nik)
        row.scale = scale_for(b.get("capital"), b.get("annual_sales"))
