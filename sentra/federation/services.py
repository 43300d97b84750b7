"""Writes of the federation: publishing (regency side) and ingesting (hub side)."""

import datetime as dt
import hashlib
import json
import secrets
import urllib.error
import urllib.request

from django.db import IntegrityError, transaction
from django.utils import timezone

from sentra.federation import dataset as ds
from sentra.federation.models import Dataset, Member, Publication, Rejection, SigningKey, WithdrawnFigure

PULL_TIMEOUT = 20
PULL_MAX_BYTES = 20 * 1024 * 1024


# --- regency side ----------------------------------------------------------------------------------------


def signing_key_get_or_create() -> SigningKey:
    key = SigningKey.objects.first()
    if key is None:
        private = ds.new_private_key()
        key = SigningKey.objects.create(private_key=private, public_key=ds.public_key_of(private))
    return key


def current_figures(regency_code: str) -> dict:
    """The open figures of the regency: regency totals as on /statistik/ and the open-data tables
    (hidden numbers decided by sentra.metrics.disclosure — the one place disclosure control lives — for all
    public outputs together, so this dataset and /data/ reveal nothing the other hides)."""
    from sentra.dashboard.open_data import DATASETS, dataset_rows
    from sentra.metrics.figures import regency_statistics

    stats = regency_statistics(regency_code)
    figures = {code: stats[code] for code in ("total", "with_nib", "exporters", "districts", "districts_total")}
    for code in ds.BREAKDOWNS:
        figures[code] = [{"code": row["code"], "label": row["label"], "count": row["count"]} for row in stats[code]]
    tables = {}
    for name in DATASETS:
        tables[name] = [
            {k: row[k] for k in ("kode_kecamatan", "kode_kategori", "jumlah_ikm", "ikm_bernib") if k in row}
            for row in dataset_rows(name, regency_code)
        ]
    figures["tables"] = tables
    return figures


@transaction.atomic
def publication_create(*, actor=None, as_of: dt.date | None = None) -> Publication:
    """A new signed version of the regency's open figures (withdrawn figures left out)."""
    from sentra.regions import home
    from sentra.regions.models import Regency

    code = home.regency_code()
    regency = Regency.objects.select_related("province").get(code=code)
    as_of = as_of or timezone.localdate()
    key = signing_key_get_or_create()
    last = Publication.objects.select_for_update().order_by("-version").first()
    version = (last.version + 1) if last else 1
    withdrawn = [{"figure": w.figure, "reason": w.reason} for w in WithdrawnFigure.objects.all()]
    figures = {k: v for k, v in current_figures(code).items() if k not in {w["figure"] for w in withdrawn}}
    dataset = {
        "schema": ds.SCHEMA,
        "regency_code": code,
        "regency_name": regency.name,
        "province_code": regency.province_id,
        "version": version,
        "as_of": as_of.isoformat(),
        "period": ds.quarter_of(as_of),
        "published_at": timezone.now().isoformat(timespec="seconds"),
        "figures": figures,
        "withdrawn": withdrawn,
    }
    envelope = ds.sign(dataset, key.private_key)
    return Publication.objects.create(
        version=version,
        as_of=as_of,
        period=dataset["period"],
        envelope=json.dumps(envelope, ensure_ascii=False, separators=(",", ":")),
        csv=ds.csv_text(envelope["dataset"]),
        actor=actor,
    )


def figure_withdraw(figure: str, reason: str, actor=None) -> WithdrawnFigure:
    if figure not in ds.FIGURE_CODES:
        raise ValueError(f"Angka “{figure}” tidak dikenal; pilihan: {', '.join(ds.FIGURE_CODES)}.")
    if not reason.strip():
        raise ValueError("Tulis alasan penarikan angka.")
    obj, _ = WithdrawnFigure.objects.update_or_create(
        figure=figure, defaults={"reason": reason.strip(), "actor": actor}
    )
    return obj


def figure_restore(figure: str) -> bool:
    return WithdrawnFigure.objects.filter(figure=figure).delete()[0] > 0


def publication_push(publication: Publication, url: str, push_key: str) -> tuple[int, dict]:
    """POST the envelope to a hub's /api/v1/federation/datasets; (status, answer)."""
    request = urllib.request.Request(
        url,
        data=publication.envelope.encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {push_key}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=PULL_TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


# --- hub side --------------------------------------------------------------------------------------------


def push_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def member_register(
    *, regency_code: str, public_key: str, source_url: str = "", public_url: str = ""
) -> tuple[Member, str]:
    """Register (or update) a regency at the hub; returns the member and a new push key (shown once)."""
    from sentra.regions.loader import national_regency

    row = national_regency(regency_code)
    if row is None:
        raise ValueError(f"Kode wilayah {regency_code} tidak dikenal dalam daftar Kemendagri.")
    ds.verify_key_format(public_key)
    push_key = secrets.token_urlsafe(32)
    member, _ = Member.objects.update_or_create(
        regency_code=regency_code,
        defaults={
            "name": row["name"],
            "province_code": row["province_code"],
            "public_key": public_key,
            "push_key_hash": push_key_hash(push_key),
            "source_url": source_url,
            "public_url": public_url,
        },
    )
    return member, push_key


def member_for_push_key(key: str) -> Member | None:
    if not key:
        return None
    return Member.objects.filter(push_key_hash=push_key_hash(key)).first()


def _reject(kind: str, reason: str, *, channel: str, member=None, code: str = "", version=None) -> Rejection:
    return Rejection.objects.create(
        member=member,
        regency_code=(code or (member.regency_code if member else ""))[:20],
        version=version if isinstance(version, int) and not isinstance(version, bool) and version >= 0 else None,
        kind=kind,
        reason=reason[:500],
        channel=channel,
    )


def dataset_ingest(raw: bytes, *, channel: str, sender: Member | None = None) -> Dataset | Rejection:
    """Check and store one received envelope. Refused (a Rejection with its reason, nothing else written):
    malformed, unsigned, from an unknown regency, from another regency's push key, a bad signature, or a
    version not newer than the one the hub has. Accepted: a new Dataset that becomes the member's latest."""
    try:
        envelope = ds.parse(raw)
    except ds.DatasetError as exc:
        guess = {}
        try:
            guess = json.loads(raw).get("dataset", {}) or {}
        except (ValueError, AttributeError):
            pass
        code = (
            guess.get("regency_code") if isinstance(guess, dict) and isinstance(guess.get("regency_code"), str) else ""
        )
        member = sender or (Member.objects.filter(regency_code=code).first() if code else None)
        return _reject(exc.kind, str(exc), channel=channel, member=member, code=code, version=guess.get("version"))
    d = envelope["dataset"]
    code, version = d["regency_code"], d["version"]
    member = sender if sender is not None and sender.regency_code == code else None
    if member is None:
        member = Member.objects.filter(regency_code=code).only("regency_code", "public_key", "latest_version").first()
    if member is None:
        return _reject(
            "unknown_regency",
            f"Wilayah {code} tidak terdaftar di hub ini; minta admin hub mendaftarkan kunci publiknya.",
            channel=channel,
            member=sender,
            code=code,
            version=version,
        )
    if sender is not None and sender.pk != member.pk:
        return _reject(
            "wrong_key",
            f"Dataset datang atas nama {sender.regency_code} (kunci kirim atau URL sumber), "
            f"tetapi isinya untuk {code}.",
            channel=channel,
            member=sender,
            code=code,
            version=version,
        )
    if version <= member.latest_version:
        return _older(member, version, member.latest_version, channel)
    try:
        ds.verify(envelope, member.public_key)
    except ds.DatasetError as exc:
        return _reject(exc.kind, str(exc), channel=channel, member=member, version=version)
    figures = {k: v for k, v in d["figures"].items() if k != "tables"}
    try:
        with transaction.atomic():
            dataset = Dataset.objects.create(
                member=member,
                version=version,
                as_of=dt.date.fromisoformat(d["as_of"]),
                period=d["period"],
                figures=figures,
                withdrawn=d.get("withdrawn", []),
                envelope=raw.decode("utf-8"),
                channel=channel,
            )
            # Conditional, so two receptions at once cannot both become the latest (or go backwards).
            moved = Member.objects.filter(pk=member.pk, latest_version__lt=version).update(
                latest=dataset, latest_version=version, updated_at=timezone.now()
            )
            if not moved:
                raise IntegrityError("a newer version arrived meanwhile")
    except IntegrityError:
        current = Member.objects.filter(pk=member.pk).values_list("latest_version", flat=True).first() or 0
        return _older(member, version, current, channel)
    return dataset


def _older(member: Member, version: int, latest: int, channel: str) -> Rejection:
    return _reject(
        "older",
        f"Versi {version} tidak lebih baru dari versi {latest} yang sudah diterima hub.",
        channel=channel,
        member=member,
        version=version,
    )


def pull_all(*, members=None, opener=urllib.request.urlopen) -> list[Dataset | Rejection]:
    """Fetch each member's source_url and ingest it (for cron: `federation_pull`)."""
    results = []
    for member in members if members is not None else Member.objects.exclude(source_url=""):
        try:
            with opener(member.source_url, timeout=PULL_TIMEOUT) as response:
                raw = response.read(PULL_MAX_BYTES + 1)
        except (OSError, ValueError) as exc:
            results.append(
                _reject(
                    "unreachable",
                    f"Dataset tidak dapat diambil dari {member.source_url}: {exc}",
                    channel="pull",
                    member=member,
                )
            )
            continue
        if len(raw) > PULL_MAX_BYTES:
            results.append(_reject("malformed", "Berkas dataset terlalu besar.", channel="pull", member=member))
            continue
        results.append(dataset_ingest(raw, channel="pull", sender=member))
    return results
