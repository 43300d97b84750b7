import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from sentra.core.audit import history_for
from sentra.planning import services
from sentra.planning.models import Activity, Indicator, IndicatorSnapshot, WorkPlan
from sentra.planning.selectors import indicator_rows, quarter_report


def test_workflow_draft_submitted_approved_with_history(plan, staff_user, admin_user):
    with pytest.raises(services.PlanError, match="admin"):
        services.plan_approve(actor=staff_user, plan=plan)  # staff cannot approve
    with pytest.raises(services.PlanError, match="diajukan"):
        services.plan_approve(actor=admin_user, plan=plan)  # not yet submitted
    services.plan_submit(actor=staff_user, plan=plan)
    plan.refresh_from_db()
    with pytest.raises(services.PlanError, match="diajukan"):
        services.programme_save(actor=staff_user, plan=plan, programme=None, name="Baru")
    services.plan_approve(actor=admin_user, plan=plan)
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED and plan.approved_by == admin_user
    statuses = [e.changes.get("status") for e in history_for(plan) if "status" in e.changes]
    assert statuses == [["submitted", "approved"], ["draft", "submitted"]]
    assert history_for(plan).first().actor == admin_user


@pytest.mark.parametrize("who", ["owner_user", "partner_user", "dander_operator"])
def test_other_roles_can_neither_submit_nor_approve(plan, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(services.PlanError):
        services.plan_submit(actor=user, plan=plan)
    with pytest.raises(services.PlanError):
        services.programme_save(actor=user, plan=plan, programme=None, name="X")
    assert WorkPlan.objects.get(pk=plan.pk).status == "draft"


def test_approved_plan_changes_only_through_a_logged_revision(approved, staff_user, admin_user):
    indicator = approved.indicators.get(name="IKM ber-NIB")
    data = {"name": "IKM ber-NIB", "unit": "IKM", "baseline": "0", "target": "12", "figure": "with_nib"}
    with pytest.raises(services.PlanError, match="revisi"):
        services.indicator_save(actor=staff_user, plan=approved, indicator=indicator, data=data)
    assert Indicator.objects.get(pk=indicator.pk).target == 10
    with pytest.raises(services.PlanError, match="alasan"):
        services.revision_open(actor=staff_user, plan=approved, reason="")
    services.revision_open(actor=staff_user, plan=approved, reason="Target dinaikkan sesuai APBD perubahan")
    approved.refresh_from_db()
    services.indicator_save(actor=staff_user, plan=approved, indicator=indicator, data=data)
    assert Indicator.objects.get(pk=indicator.pk).target == 12
    entry = history_for(indicator).first()
    assert entry.source == "revisi 1" and entry.changes["target"] == ["10.00", "12"]
    with pytest.raises(services.PlanError, match="admin"):
        services.revision_close(actor=staff_user, plan=approved)
    services.revision_close(actor=admin_user, plan=approved)
    with pytest.raises(services.PlanError, match="revisi"):
        services.indicator_save(actor=staff_user, plan=approved, indicator=indicator, data={**data, "target": "1"})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target", "-5", "tidak boleh negatif"),
        ("target", "sepuluh", "harus berupa angka"),
        ("target", "", "wajib"),
        ("baseline", "-1", "tidak boleh negatif"),
        ("target_q2", "abc", "harus berupa angka"),
        ("figure", "tidak_ada", "tidak terdaftar"),
    ],
)
def test_bad_indicator_input_changes_nothing(plan, staff_user, field, value, message):
    indicator = plan.indicators.get(name="IKM ber-NIB")
    data = {"name": "IKM ber-NIB", "unit": "IKM", "baseline": "0", "target": "10", "figure": "with_nib", field: value}
    with pytest.raises(services.PlanError, match=message):
        services.indicator_save(actor=staff_user, plan=plan, indicator=indicator, data=data)
    with pytest.raises(services.PlanError, match=message):
        services.indicator_save(actor=staff_user, plan=plan, indicator=None, data=data)
    assert plan.indicators.count() == 2
    assert Indicator.objects.get(pk=indicator.pk).target == 10


def test_end_month_before_start_refused_and_spending_above_ceiling_flagged(plan, staff_user):
    activity = Activity.objects.get(name="Bimtek NIB")
    base = {"name": "Bimtek NIB", "start_month": 5, "end_month": 3, "budget_ceiling": 1_000_000, "budget_spent": 0}
    with pytest.raises(services.PlanError, match="sebelum bulan mulai"):
        services.activity_save(actor=staff_user, programme=activity.programme, activity=activity, data=base)
    saved = services.activity_save(
        actor=staff_user,
        programme=activity.programme,
        activity=activity,
        data={**base, "end_month": 6, "budget_spent": 1_250_000},
    )
    assert saved.budget_spent == 1_250_000 and saved.over_ceiling and saved.months == [5, 6]


def test_concurrent_edits_one_is_told_nothing_overwritten(plan, staff_user, admin_user):
    activity = Activity.objects.get(name="Bimtek NIB")
    opened = activity.version  # both staff opened the form at this version
    base = {"name": "Bimtek NIB", "start_month": 2, "end_month": 4, "budget_ceiling": 1_000_000}
    services.activity_save(
        actor=admin_user,
        programme=activity.programme,
        activity=activity,
        data={**base, "budget_spent": 300_000},
        expected_version=opened,
    )
    with pytest.raises(services.StaleEdit, match="t_admin"):
        services.activity_save(
            actor=staff_user,
            programme=activity.programme,
            activity=activity,
            data={**base, "budget_spent": 999_000},
            expected_version=opened,
        )
    assert Activity.objects.get(pk=activity.pk).budget_spent == 300_000


def test_progress_and_lost_source(plan, make_business):
    from sentra.metrics import named

    make_business(nib="1234567890123")
    make_business(nib="1234567890124")
    rows = {r.indicator.name: r for r in indicator_rows(plan)}
    assert rows["IKM ber-NIB"].actual == 2 and rows["IKM ber-NIB"].achieved == 20.0
    assert rows["Indeks SKM"].actual == 75 and rows["Indeks SKM"].progress == 50.0
    figure = named.get("with_nib")
    named.unregister("with_nib")
    try:
        rows = {r.indicator.name: r for r in indicator_rows(plan)}
    finally:
        named.register(figure.code, figure.label, figure.unit, figure.definition, figure.compute, public=True)
    assert rows["IKM ber-NIB"].source_lost and rows["IKM ber-NIB"].actual is None


def test_quarter_snapshot_with_a_frozen_date(plan, make_business, monkeypatch):
    from django.utils import timezone

    make_business(nib="1234567890123")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 3, 31))
    call_command("snapshot_plan")
    snaps = {s.indicator.name: s for s in IndicatorSnapshot.objects.select_related("indicator")}
    assert snaps["IKM ber-NIB"].quarter == 1 and snaps["IKM ber-NIB"].value == Decimal("1")
    assert snaps["IKM ber-NIB"].taken_on == dt.date(2026, 3, 31)
    make_business(nib="1234567890124")  # after the quarter's end: the snapshot keeps what was true then
    call_command("snapshot_plan")  # twice: nothing changes
    assert IndicatorSnapshot.objects.count() == 2
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 5, 10))
    report = {r.indicator.name: r for r in quarter_report(plan, 1)}
    assert report["IKM ber-NIB"].realisation == 1 and report["IKM ber-NIB"].from_snapshot
    live = {r.indicator.name: r for r in quarter_report(plan, 2)}
    assert live["IKM ber-NIB"].realisation == 2 and not live["IKM ber-NIB"].from_snapshot
    # mid-quarter the last ended quarter is taken (on 10 May: Q1, already there)
    assert services.snapshot_plan() == 0


def test_copy_last_years_plan(approved, staff_user, make_business):
    make_business(nib="1234567890123")
    new = services.plan_copy(actor=staff_user, source=approved, year=2027)
    assert new.status == "draft" and new.programmes.count() == 1
    activity = Activity.objects.get(programme__plan=new)
    assert activity.budget_spent == 0 and activity.status == "planned"
    nib = new.indicators.get(name="IKM ber-NIB")
    assert nib.figure == "with_nib" and nib.baseline == 1  # last year's realisation becomes the baseline
    with pytest.raises(services.PlanError, match="sudah ada"):
        services.plan_copy(actor=staff_user, source=approved, year=2027)


def test_manual_realisation_needs_evidence(approved, staff_user, owner_user):
    skm = approved.indicators.get(name="Indeks SKM")
    with pytest.raises(services.PlanError, match="bukti"):
        services.realisation_record(actor=staff_user, indicator=skm, value="78", evidence="")
    with pytest.raises(services.PlanError):
        services.realisation_record(actor=owner_user, indicator=skm, value="78", evidence="x")
    services.realisation_record(actor=staff_user, indicator=skm, value="78", evidence="Laporan SKM TW II")
    assert Indicator.objects.get(pk=skm.pk).manual_value == 78
    nib = approved.indicators.get(name="IKM ber-NIB")
    with pytest.raises(services.PlanError, match="otomatis"):
        services.realisation_record(actor=staff_user, indicator=nib, value="5", evidence="x")
