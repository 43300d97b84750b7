"""Writes of the work plan. Every change is logged (ChangeLog); an approved plan changes only inside an open
revision; records carry a version so two staff editing the same one cannot overwrite each other."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from sentra.core.audit import diff, history_for, record_change, snapshot
from sentra.core.models import ChangeLog
from sentra.metrics import named
from sentra.planning.models import (
    Activity,
    Indicator,
    IndicatorSnapshot,
    PlanRevision,
    Programme,
    QuarterNote,
    WorkPlan,
)
from sentra.planning.selectors import indicator_actual, live_values, quarter_end, quarter_of

ACTIVITY_FIELDS = [
    "name",
    "start_month",
    "end_month",
    "responsible_user_id",
    "responsible_partner_id",
    "budget_ceiling",
    "budget_spent",
    "status",
    "program_id",
    "session_id",
    "order_round_id",
    "idea_id",
    "link",
    "note",
    "order",
]
INDICATOR_FIELDS = [
    "name",
    "unit",
    "direction",
    "baseline",
    "target",
    "target_q1",
    "target_q2",
    "target_q3",
    "target_q4",
    "figure",
    "manual_value",
    "evidence",
    "headline",
    "programme_id",
    "order",
]
NUMBER_FIELDS = ("baseline", "target", "target_q1", "target_q2", "target_q3", "target_q4", "manual_value")


class PlanError(Exception):
    pass


class StaleEdit(PlanError):
    """Someone saved the record after this editor opened it."""


def _is_admin(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == "admin"))


def _is_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_office)


def _source(plan: WorkPlan) -> str:
    revision = plan.open_revision if plan.status == WorkPlan.Status.APPROVED else None
    return f"revisi {revision.number}" if revision else "web"


def check_editable(plan: WorkPlan, actor) -> None:
    if actor is not None and not _is_office(actor):
        raise PlanError("Hanya staf Dekranasda yang dapat mengubah rencana kerja.")
    if plan.status == WorkPlan.Status.SUBMITTED:
        raise PlanError("Rencana sedang diajukan untuk persetujuan; kembalikan ke draf dahulu untuk mengubahnya.")
    if plan.status == WorkPlan.Status.APPROVED and plan.open_revision is None:
        raise PlanError("Rencana sudah disetujui: perubahan hanya melalui revisi yang dibuka dengan alasan.")


def _number(value, label: str, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise PlanError(f"{label} wajib diisi.")
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise PlanError(f"{label} harus berupa angka (mis. 90 atau 76,6).") from None
    if not number.is_finite():
        raise PlanError(f"{label} harus berupa angka.")
    if number < 0:
        raise PlanError(f"{label} tidak boleh negatif.")
    return number


def _bump(model, obj, expected_version):
    """Lock the row; refuse when it moved on since `expected_version` (then nothing is written)."""
    current = model.objects.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is None:
        raise PlanError("Data ini sudah dihapus.")
    if expected_version is not None and int(expected_version) != current:
        last = history_for(obj).first()
        who = last.actor.username if last and last.actor else "pengguna lain"
        raise StaleEdit(
            f"Data ini sudah diubah oleh {who} sejak Anda membukanya; perubahan Anda belum disimpan. "
            "Muat ulang halaman untuk melihat versi terbaru, lalu ulangi perubahan."
        )
    return current


# --- the plan and its workflow --------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, year: int, title: str = "") -> WorkPlan:
    if actor is not None and not _is_office(actor):
        raise PlanError("Hanya staf Dekranasda yang dapat membuat rencana kerja.")
    if not 2000 <= int(year) <= 2100:
        raise PlanError("Tahun tidak sah.")
    if WorkPlan.objects.filter(year=year).exists():
        raise PlanError(f"Rencana kerja {year} sudah ada.")
    plan = WorkPlan.objects.create(year=year, title=title.strip() or f"Rencana Program Kegiatan {year}")
    record_change(instance=plan, action=ChangeLog.Action.CREATE, actor=actor, changes={"year": [None, year]})
    return plan


def _set_status(plan, actor, status, **extra) -> WorkPlan:
    before = plan.status
    plan.status = status
    for k, v in extra.items():
        setattr(plan, k, v)
    plan.version += 1
    plan.save()
    record_change(instance=plan, action=ChangeLog.Action.UPDATE, actor=actor, changes={"status": [before, status]})
    return plan


@transaction.atomic
def plan_submit(*, actor, plan: WorkPlan) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not _is_office(actor):
        raise PlanError("Hanya staf Dekranasda yang dapat mengajukan rencana kerja.")
    if plan.status != WorkPlan.Status.DRAFT:
        raise PlanError("Hanya rencana berstatus draf yang dapat diajukan.")
    if not plan.indicators.exists():
        raise PlanError("Rencana belum memiliki indikator kinerja.")
    return _set_status(plan, actor, WorkPlan.Status.SUBMITTED, submitted_at=timezone.now())


@transaction.atomic
def plan_approve(*, actor, plan: WorkPlan) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not _is_admin(actor):
        raise PlanError("Hanya admin yang dapat menyetujui rencana kerja.")
    if plan.status != WorkPlan.Status.SUBMITTED:
        raise PlanError("Hanya rencana yang sudah diajukan yang dapat disetujui.")
    return _set_status(plan, actor, WorkPlan.Status.APPROVED, approved_at=timezone.now(), approved_by=actor)


@transaction.atomic
def plan_return(*, actor, plan: WorkPlan) -> WorkPlan:
    """Admin sends a submitted plan back to draft."""
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not _is_admin(actor):
        raise PlanError("Hanya admin yang dapat mengembalikan rencana ke draf.")
    if plan.status != WorkPlan.Status.SUBMITTED:
        raise PlanError("Hanya rencana yang sudah diajukan yang dapat dikembalikan.")
    return _set_status(plan, actor, WorkPlan.Status.DRAFT)


@transaction.atomic
def revision_open(*, actor, plan: WorkPlan, reason: str) -> PlanRevision:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not _is_office(actor):
        raise PlanError("Hanya staf Dekranasda yang dapat membuka revisi.")
    if plan.status != WorkPlan.Status.APPROVED:
        raise PlanError("Revisi hanya untuk rencana yang sudah disetujui; rencana draf dapat langsung diubah.")
    if plan.open_revision is not None:
        raise PlanError("Masih ada revisi yang terbuka.")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise PlanError("Tuliskan alasan revisi.")
    number = (plan.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = PlanRevision.objects.create(plan=plan, number=number, reason=reason, opened_by=actor)
    record_change(
        instance=plan, action=ChangeLog.Action.UPDATE, actor=actor, changes={"revisi": [None, f"{number}: {reason}"]}
    )
    return revision


@transaction.atomic
def revision_close(*, actor, plan: WorkPlan) -> PlanRevision:
    if not _is_admin(actor):
        raise PlanError("Hanya admin yang dapat menutup (mengesahkan) revisi.")
    revision = plan.open_revision
    if revision is None:
        raise PlanError("Tidak ada revisi yang terbuka.")
    revision.closed_by, revision.closed_at = actor, timezone.now()
    revision.save()
    record_change(
        instance=plan,
        action=ChangeLog.Action.UPDATE,
        actor=actor,
        changes={"revisi": [f"{revision.number} terbuka", f"{revision.number} disahkan"]},
    )
    return revision


@transaction.atomic
def plan_copy(*, actor, source: WorkPlan, year: int) -> WorkPlan:
    """Start `year`'s plan from `source`: programmes, activities (no spending, planned, no links to last year's
    programs, sessions, order rounds or ideas) and indicators (last year's realisation becomes the baseline where
    known)."""
    plan = plan_create(actor=actor, year=year, title=source.title.replace(str(source.year), str(year)))
    programmes = {}
    for p in source.programmes.all():
        programmes[p.pk] = Programme.objects.create(plan=plan, name=p.name, order=p.order)
        for a in p.activities.all():
            Activity.objects.create(
                programme=programmes[p.pk],
                name=a.name,
                start_month=a.start_month,
                end_month=a.end_month,
                responsible_user_id=a.responsible_user_id,
                responsible_partner_id=a.responsible_partner_id,
                budget_ceiling=a.budget_ceiling,
                order=a.order,
            )
    indicators = list(source.indicators.all())
    values = live_values(i.figure for i in indicators if i.figure and named.is_known(i.figure))
    for i in indicators:
        actual, _lost = indicator_actual(i, values)
        Indicator.objects.create(
            plan=plan,
            name=i.name,
            unit=i.unit,
            direction=i.direction,
            baseline=Decimal(str(round(actual, 2))) if actual is not None else i.baseline,
            target=i.target,
            figure=i.figure,
            headline=i.headline,
            programme=programmes.get(i.programme_id),
            order=i.order,
        )
    record_change(
        instance=plan, action=ChangeLog.Action.UPDATE, actor=actor, changes={"disalin_dari": [None, source.year]}
    )
    return plan


# --- programmes, activities, indicators -----------------------------------------------------------------


@transaction.atomic
def programme_save(*, actor, plan: WorkPlan, programme: Programme | None, name: str, order: int = 0) -> Programme:
    check_editable(plan, actor)
    name = (name or "").strip()
    if not name:
        raise PlanError("Nama program wajib diisi.")
    if programme is None:
        programme = Programme.objects.create(plan=plan, name=name, order=order)
        record_change(instance=programme, action=ChangeLog.Action.CREATE, actor=actor, changes={"name": [None, name]})
        return programme
    before = snapshot(programme, ["name", "order"])
    programme.name, programme.order = name, order
    programme.save()
    record_change(
        instance=programme,
        action=ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before, snapshot(programme, ["name", "order"])),
        source=_source(plan),
    )
    return programme


def clean_activity(data: dict) -> dict:
    data = dict(data)
    if not (data.get("name") or "").strip():
        raise PlanError("Nama kegiatan wajib diisi.")
    for f in ("start_month", "end_month"):
        try:
            data[f] = int(data.get(f) or 0)
        except (TypeError, ValueError):
            raise PlanError("Bulan harus angka 1–12.") from None
        if not 1 <= data[f] <= 12:
            raise PlanError("Bulan harus angka 1–12.")
    if data["end_month"] < data["start_month"]:
        raise PlanError("Bulan selesai tidak boleh sebelum bulan mulai.")
    for f, label in (("budget_ceiling", "Pagu"), ("budget_spent", "Realisasi anggaran")):
        value = _number(data.get(f, 0) or 0, label, required=True)
        if value != value.to_integral_value():
            raise PlanError(f"{label} dalam rupiah utuh.")
        data[f] = int(value)
    return data


def _versioned_save(*, actor, plan: WorkPlan, obj, new, fields: list[str], data: dict, expected_version):
    """Create `new` (when `obj` is None) or update `obj` with `data[fields]`, each logged; an update must carry the
    version it was edited from (optimistic locking: a concurrent edit is refused, nothing overwritten)."""
    if obj is None:
        for f in fields:
            setattr(new, f, data[f])
        new.save()
        record_change(
            instance=new,
            action=ChangeLog.Action.CREATE,
            actor=actor,
            changes=diff({}, snapshot(new, fields)),
            source=_source(plan),
        )
        return new
    model = type(obj)
    current = _bump(model, obj, expected_version)
    obj = model.objects.get(pk=obj.pk)
    before = snapshot(obj, fields)
    for f in fields:
        setattr(obj, f, data[f])
    changes = diff({k: str(v) if isinstance(v, Decimal) else v for k, v in before.items()}, snapshot(obj, fields))
    if changes:
        obj.version = current + 1
        obj.save()
        record_change(instance=obj, action=ChangeLog.Action.UPDATE, actor=actor, changes=changes, source=_source(plan))
    return obj


@transaction.atomic
def activity_save(
    *, actor, programme: Programme, activity: Activity | None, data: dict, expected_version=None
) -> Activity:
    """Create or update an activity. Spending above the ceiling is allowed (the page flags it)."""
    plan = programme.plan
    check_editable(plan, actor)
    data = clean_activity(data)
    fields = [f for f in ACTIVITY_FIELDS if f in data]
    return _versioned_save(
        actor=actor,
        plan=plan,
        obj=activity,
        new=Activity(programme=programme),
        fields=fields,
        data=data,
        expected_version=expected_version,
    )


def clean_indicator(data: dict) -> dict:
    data = dict(data)
    if not (data.get("name") or "").strip():
        raise PlanError("Nama indikator wajib diisi.")
    if not (data.get("unit") or "").strip():
        raise PlanError("Satuan indikator wajib diisi.")
    labels = {
        "baseline": "Nilai awal",
        "target": "Target tahunan",
        "target_q1": "Target triwulan I",
        "target_q2": "Target triwulan II",
        "target_q3": "Target triwulan III",
        "target_q4": "Target triwulan IV",
        "manual_value": "Realisasi",
    }
    for f in NUMBER_FIELDS:
        if f in data:
            data[f] = _number(data[f], labels[f], required=f == "target")
    if data.get("baseline") is None and "baseline" in data:
        data["baseline"] = Decimal(0)
    figure = (data.get("figure") or "").strip()
    data["figure"] = figure
    if figure and not named.is_known(figure):
        raise PlanError(f"Angka “{figure}” tidak terdaftar; pilih dari daftar angka.")
    if data.get("direction", "naik") not in Indicator.Direction.values:
        raise PlanError("Arah indikator harus naik atau turun.")
    return data


@transaction.atomic
def indicator_save(
    *, actor, plan: WorkPlan, indicator: Indicator | None, data: dict, expected_version=None
) -> Indicator:
    check_editable(plan, actor)
    data = clean_indicator(data)
    fields = [f for f in INDICATOR_FIELDS if f in data]
    return _versioned_save(
        actor=actor,
        plan=plan,
        obj=indicator,
        new=Indicator(plan=plan),
        fields=fields,
        data=data,
        expected_version=expected_version,
    )


@transaction.atomic
def realisation_record(*, actor, indicator: Indicator, value, evidence: str, expected_version=None) -> Indicator:
    """The realisation of a hand-entered indicator with its evidence: allowed on an approved plan (it is the
    year's progress, not a change to the plan) — always logged."""
    if not _is_office(actor):
        raise PlanError("Hanya staf Dekranasda yang dapat mencatat realisasi.")
    if indicator.figure:
        raise PlanError("Indikator ini terikat pada angka Sentra; realisasinya dihitung otomatis.")
    number = _number(value, "Realisasi", required=True)
    if not (evidence or "").strip():
        raise PlanError("Sebutkan bukti realisasi (dokumen, tautan, atau keterangan).")
    current = _bump(Indicator, indicator, expected_version)
    indicator = Indicator.objects.get(pk=indicator.pk)
    before = snapshot(indicator, ["manual_value", "evidence"])
    indicator.manual_value, indicator.evidence, indicator.version = number, evidence.strip(), current + 1
    indicator.save()
    record_change(
        instance=indicator,
        action=ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(
            {k: str(v) if isinstance(v, Decimal) else v for k, v in before.items()},
            snapshot(indicator, ["manual_value", "evidence"]),
        ),
    )
    return indicator


@transaction.atomic
def quarter_note_save(*, actor, indicator: Indicator, quarter: int, obstacles: str) -> QuarterNote:
    if not _is_office(actor):
        raise PlanError("Hanya staf Dekranasda yang dapat menulis catatan kendala.")
    if int(quarter) not in (1, 2, 3, 4):
        raise PlanError("Triwulan harus 1–4.")
    note, _ = QuarterNote.objects.get_or_create(indicator=indicator, quarter=quarter)
    before = note.obstacles
    note.obstacles = (obstacles or "").strip()
    note.save()
    record_change(
        instance=indicator,
        action=ChangeLog.Action.UPDATE,
        actor=actor,
        changes={f"kendala_tw{quarter}": [before, note.obstacles]} if before != note.obstacles else {},
    )
    return note


# --- quarter-end snapshot -------------------------------------------------------------------------------


def last_ended_quarter(today: dt.date) -> tuple[int, int]:
    """(year, quarter) of the quarter that ended most recently on or before `today`."""
    q = quarter_of(today)
    if today == quarter_end(today.year, q):
        return today.year, q
    return (today.year, q - 1) if q > 1 else (today.year - 1, 4)


@transaction.atomic
def snapshot_plan(*, today: dt.date | None = None, year: int | None = None, quarter: int | None = None) -> int:
    """Keep the value of every indicator of the plan at the quarter's end (the quarter that ended on or
    before `today`). An existing snapshot is kept: running it twice changes nothing. Returns how many."""
    today = today or timezone.localdate()
    if year is None or quarter is None:
        year, quarter = last_ended_quarter(today)
    plan = WorkPlan.objects.filter(year=year).first()
    if plan is None:
        return 0
    indicators = list(plan.indicators.exclude(snapshots__quarter=quarter))
    values = live_values(i.figure for i in indicators if i.figure and named.is_known(i.figure))
    created = 0
    for ind in indicators:
        actual, lost = indicator_actual(ind, values)
        IndicatorSnapshot.objects.create(
            indicator=ind,
            quarter=quarter,
            value=None if actual is None else Decimal(str(round(actual, 2))),
            taken_on=today,
            source_missing=lost,
        )
        created += 1
    return created
