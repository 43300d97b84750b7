"""The work plan in the Django admin keeps the plan's rules: no workflow by hand, an approved plan changes only
inside a revision, bad values refused with the plan's messages, every change logged, versions moved on."""

import pytest

from sentra.core.models import ChangeLog
from sentra.planning import services
from sentra.planning.models import Activity, WorkPlan


@pytest.fixture
def superuser(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return admin_user


def _activity_form(activity, **extra):
    data = {
        "programme": activity.programme_id,
        "name": activity.name,
        "start_month": activity.start_month,
        "end_month": activity.end_month,
        "budget_ceiling": activity.budget_ceiling,
        "budget_spent": activity.budget_spent,
        "status": activity.status,
        "link": "",
        "note": "",
        "order": 0,
    }
    data.update(extra)
    return data


def test_draft_activity_edit_is_checked_logged_and_versioned(client, superuser, plan):
    activity = Activity.objects.get(programme__plan=plan)
    client.force_login(superuser)
    url = f"/admin/planning/activity/{activity.pk}/change/"
    bad = client.post(url, _activity_form(activity, start_month=5, end_month=2))
    assert bad.status_code == 200 and "Bulan selesai tidak boleh sebelum bulan mulai" in bad.content.decode()
    negative = client.post(url, _activity_form(activity, budget_spent=-5))
    assert negative.status_code == 200
    activity.refresh_from_db()
    assert (activity.end_month, activity.budget_spent, activity.version) == (4, 0, 1)  # nothing written
    assert client.post(url, _activity_form(activity, budget_spent=1_500_000)).status_code == 302
    activity.refresh_from_db()
    assert activity.budget_spent == 1_500_000 and activity.version == 2
    log = ChangeLog.objects.get(source="admin", content_type__model="activity")
    assert log.changes["budget_spent"] == [0, 1_500_000] and log.actor == superuser
    # the app's editor who opened version 1 is told, not allowed to overwrite
    with pytest.raises(services.StaleEdit):
        services.activity_save(
            actor=superuser,
            programme=activity.programme,
            activity=activity,
            data={"name": "X", "start_month": 1, "end_month": 2},
            expected_version=1,
        )


def test_unknown_figure_refused(client, superuser, plan):
    indicator = plan.indicators.get(figure="with_nib")
    client.force_login(superuser)
    response = client.post(
        f"/admin/planning/indicator/{indicator.pk}/change/",
        {
            "plan": plan.pk,
            "name": "IKM ber-NIB",
            "unit": "IKM",
            "direction": "naik",
            "baseline": "0",
            "target": "10",
            "figure": "tidak_ada",
            "order": 0,
        },
    )
    assert response.status_code == 200 and "tidak terdaftar" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.figure == "with_nib"


def test_approved_plan_changes_only_inside_a_revision(client, superuser, approved):
    activity = Activity.objects.get(programme__plan=approved)
    client.force_login(superuser)
    url = f"/admin/planning/activity/{activity.pk}/change/"
    assert client.post(url, _activity_form(activity, name="Diubah diam-diam")).status_code == 403
    assert client.post(f"/admin/planning/activity/{activity.pk}/delete/", {"post": "yes"}).status_code == 403
    # adding an activity to the approved plan is refused with the reason
    added = client.post("/admin/planning/activity/add/", _activity_form(activity, name="Sisipan"))
    assert added.status_code == 200 and "revisi" in added.content.decode()
    assert list(Activity.objects.values_list("name", flat=True)) == ["Bimtek NIB"]
    # the workflow is not a field of the admin's form
    client.post(f"/admin/planning/workplan/{approved.pk}/change/", {"title": "X", "status": "draft"})
    approved.refresh_from_db()
    assert approved.status == WorkPlan.Status.APPROVED and approved.title == "Rencana Uji 2026"
    # inside an open revision the change goes through, and is logged
    services.revision_open(actor=superuser, plan=approved, reason="Tambah anggaran")
    assert client.post(url, _activity_form(activity, name="Bimtek NIB (revisi)")).status_code == 302
    assert ChangeLog.objects.filter(source="admin", content_type__model="activity").exists()


def test_staff_account_without_permissions_sees_no_plan(client, staff_user, plan):
    staff_user.is_staff = True
    staff_user.save()
    client.force_login(staff_user)
    assert client.get("/admin/planning/workplan/").status_code == 403
    assert client.get(f"/admin/planning/workplan/{plan.pk}/change/").status_code == 403
    assert "Rencana Uji 2026" not in client.get("/admin/").content.decode()
