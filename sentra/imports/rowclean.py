"""One data row → cleaned business and owner values, or errors naming the column as written in the file."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from sentra.imports import normalize as norm
from sentra.regions.resolver import resolve_district, resolve_village
from sentra.registry.models import Business, Kbli, Sector
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


@dataclass
class CleanRow:
    row: int
    values: list
    business: dict = field(default_factory=dict)
    owner: dict = field(default_factory=dict)
    nib: str = ""
    nib_column: str = ""
    errors: list = field(default_factory=list)  # (column header, message)

    @property
    def place(self) -> str:
        return self.business.get("village_id") or "d:" + (self.business.get("district_id") or "")


class RowCleaner:
    """Holds the caches that make cleaning fast: each distinct kecamatan/desa/sector text is resolved once."""

    def __init__(self, headers: list[str], mapping: dict[int, str], allowed_districts: set[str] | None = None):
        self.headers = headers
        self.mapping = {int(k): v for k, v in mapping.items() if v}
        self.by_field = {f: i for i, f in self.mapping.items()}
        self.allowed = allowed_districts
        self._districts: dict[str, object] = {}
        self._villages: dict[tuple, object] = {}
        self._sectors: dict[str, object] = {}
        self._phones: dict[str, object] = {}
        self._memo: dict[str, dict] = {}
        self.known_sectors = {}
        for s in Sector.objects.all():
            self.known_sectors[s.code.lower()] = s.code
            self.known_sectors[s.name.lower()] = s.code
        self.kbli = {k.code: (k.pk, k.sector_id) for k in Kbli.objects.filter(version="2020")}

    def missing_required(self) -> list[str]:
        missing = [label for f, label in REQUIRED.items() if f not in self.by_field]
        if "sector" not in self.by_field and "kbli" not in self.by_field:
            missing.append("Sektor/jenis industri (atau KBLI)")
        return missing

    def _get(self, values, name):
        index = self.by_field.get(name)
        if index is None or index >= len(values):
            return None
        value = values[index]
        return None if value == "" else value

    def _district(self, raw):
        key = norm.text(raw)
        if key not in self._districts:
            self._districts[key] = resolve_district(key)
        return self._districts[key]

    def _village(self, raw, district):
        key = (district.code, norm.text(raw))
        if key not in self._villages:
            self._villages[key] = resolve_village(key[1], district)
        return self._villages[key]

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

    def clean(self, number: int, values: list) -> CleanRow:  # noqa: C901 — one flat list of columns
        row = CleanRow(row=number, values=values)
        b, o = row.business, row.owner
        errors = row.errors
        memos = self._memo

        def fail(field_name, message):
            errors.append((self.headers[self.by_field[field_name]], message))

        def take(field_name, cleaner, memo=False):
            raw = self._get(values, field_name)
            if raw is None:
                return None
            if memo:  # same value → same result or same message; keyed with the type (True == 1 in a dict)
                cache = memos.get(field_name)
                if cache is None:
                    cache = memos[field_name] = {}
                key = (raw.__class__, raw)
                found = cache.get(key, _MISSING)
                if found is _MISSING:
                    try:
                        found = cleaner(raw)
                    except ValueError as exc:
                        found = _Failed(str(exc))
                    except ValidationError as exc:
                        found = _Failed(exc.messages[0])
                    if len(cache) >= MEMO_SIZE:
                        cache.clear()
                    cache[key] = found
                if found.__class__ is _Failed:
                    fail(field_name, found.message)
                    return None
                return found
            try:
                return cleaner(raw)
            except ValueError as exc:
                fail(field_name, str(exc))
            except ValidationError as exc:
                fail(field_name, exc.messages[0])
            return None

        name = norm.text(self._get(values, "name"))
        if name:
            b["name"] = name[:200]
        elif "name" in self.by_field:
            fail("name", "Nama usaha wajib diisi.")
        owner_name = norm.text(self._get(values, "owner_name"))
        if owner_name:
            o["name"] = owner_name[:150]
        elif "owner_name" in self.by_field:
            fail("owner_name", "Nama pemilik wajib diisi.")

        nik = take("nik", lambda v: normalize_nik(norm.identifier_text(v, "NIK", 16)))
        if nik:
            o["nik"] = nik
        nib = take("nib", lambda v: normalize_nib(norm.identifier_text(v, "NIB", 13)))
        if nib:
            row.nib = nib
            row.nib_column = self.headers[self.by_field["nib"]]
        phone = take("phone", self._phone)
        if phone:
            b["phone"] = o["phone"] = phone
        email = norm.text(self._get(values, "email"))
        if email:
            if "@" not in email or " " in email:
                fail("email", f"“{email}” bukan alamat e-mail.")
            else:
                o["email"] = email[:254]
        address = norm.text(self._get(values, "address"))
        if address:
            b["address"] = address[:255]

        raw_district = self._get(values, "district")
        district = None
        if raw_district is None:
            if "district" in self.by_field:
                fail("district", "Kecamatan wajib diisi.")
        else:
            resolution = self._district(raw_district)
            if resolution.ok:
                district = resolution.value
                if self.allowed is not None and district.code not in self.allowed:
                    fail("district", f"Anda hanya boleh mengimpor IKM kecamatan tugas Anda (bukan {district.name}).")
                    district = None
                else:
                    b["district_id"] = district.code
            else:
                fail("district", resolution.message)
        raw_village = self._get(values, "village")
        if raw_village is not None and district is not None:
            resolution = self._village(raw_village, district)
            if resolution.ok:
                b["village_id"] = resolution.value.code
            else:
                fail("village", resolution.message)

        kbli_code = take("kbli", lambda v: norm.identifier_text(v, "KBLI", 5), memo=True)
        kbli_sector = None
        if kbli_code:
            found = self.kbli.get(kbli_code)
            if found:
                b["kbli_id"], kbli_sector = found
            else:
                fail("kbli", f"Kode KBLI “{kbli_code}” tidak ada dalam daftar KBLI 2020 IKM.")
        sector_code = take("sector", self._sector) or kbli_sector
        if sector_code:
            b["sector_id"] = sector_code
        elif self._get(values, "sector") is None and self._get(values, "kbli") is None:
            fail("sector" if "sector" in self.by_field else "kbli", "Sektor wajib diisi (mis. Makanan atau Kerajinan).")

        products = norm.text(self._get(values, "products"))
        if products:
            b["products"] = products[:255]
        split = take("workers_lp", norm.workers_split, memo=True)
        if split:
            b["workers_male"], b["workers_female"] = split
        male = take("workers_male", norm.count, memo=True)
        female = take("workers_female", norm.count, memo=True)
        if male is not None:
            b["workers_male"] = male
        if female is not None:
            b["workers_female"] = female
        total = take("workers_total", norm.count, memo=True)
        if total is not None and "workers_male" not in b and "workers_female" not in b:
            b["workers_male"], b["workers_female"] = total, 0  # split unknown: counted once, as the sheet says
        founded = take("founded_year", norm.year, memo=True)
        if founded:
            b["founded_year"] = founded
        for field_name in ("annual_sales", "capital"):
            value = take(field_name, norm.amount, memo=True)
            if value is not None:
                if value > 9_000_000_000_000_000:
                    fail(field_name, "Angka terlalu besar.")
                else:
                    b[field_name] = value
        capacity = take("monthly_capacity", norm.count, memo=True)
        if capacity is not None:
            b["monthly_capacity"] = capacity
        unit = norm.text(self._get(values, "capacity_unit"))
        if unit:
            b["capacity_unit"] = unit[:30]
        reach = take("market_reach", norm.market_reach, memo=True)
        if reach:
            b["market_reach"] = reach
        if take("export", norm.yes_no, memo=True):
            b["market_reach"] = Business.MarketReach.EXPORT
        active = take("active", norm.yes_no, memo=True)
        if active is not None:
            b["status"] = Business.Status.ACTIVE if active else Business.Status.INACTIVE
        registered = take("registered_on", norm.date, memo=True)
        if registered:
            b["registered_on"] = registered
        return row
