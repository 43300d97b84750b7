import pytest

from sentra.accounts.api_auth import token_issue
from sentra.planning.models import WorkPlan
from sentra.registry.demo import seed_demo


@pytest.mark.django_db
def test_demo_plan_2026_approved_bound_to_nib_and_idempotent(client, reference_data):
    seed_demo()
    plan = WorkPlan.objects.get(year=2026)
    assert plan.status == "approved"
    assert plan.programmes.count() == 5 and plan.indicators.filter(figure="with_nib").exists()
    from sentra.accounts.models import User

    token = token_issue(user=User.objects.get(username="staf"))
    body = client.get("/api/v1/work-plans/2026", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    nib = next(i for i in body["indicators"] if i["figure"] == "with_nib")
    assert nib["actual"] == 1349
    coverage = next(i for i in body["indicators"] if i["figure"] == "nib_coverage")
    assert coverage["baseline"] == 76.6 and coverage["target"] == 90
    counts = (WorkPlan.objects.count(), plan.indicators.count(), plan.programmes.count())
    seed_demo()
    assert (WorkPlan.objects.count(), plan.indicators.count(), plan.programmes.count()) == counts
    # the public statistics page shows the headline indicators and their progress
    html = client.get("/statistik/").content.decode()
    assert "Target rencana kerja 2026" in html and "Cakupan NIB IKM" in html
    assert "Indeks kepuasan" not in html  # not a headline indicator


def test_plan_page_shows_lost_source_and_over_ceiling(client, staff_user, plan):
    from sentra.metrics import named
    from sentra.planning.models import Activity

    Activity.objects.update(budget_spent=2_000_000)
    figure = named.get("with_nib")
    named.unregister("with_nib")
    client.force_login(staff_user)
    try:
        response = client.get("/rencana/2026/")
        form = client.get(f"/rencana/2026/indikator/{plan.indicators.get(figure='with_nib').pk}/")
    finally:
        named.register(figure.code, figure.label, figure.unit, figure.definition, figure.compute, public=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="lost-sources"' in html and "IKM ber-NIB" in html and "with_nib" in html
    assert 'id="over-ceiling"' in html and "Bimtek NIB" in html
    assert form.status_code == 200 and "tidak terdaftar lagi" in form.content.decode()


def test_form_with_bad_target_keeps_what_was_typed(client, staff_user, plan):
    client.force_login(staff_user)
    response = client.post(
        "/rencana/2026/indikator/baru/",
        {"name": "Produk baru", "unit": "produk", "direction": "naik", "baseline": "0", "target": "-3"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and plan.indicators.count() == 2
    assert "Produk baru" in html and "-3" in html
    response = client.post(
        "/rencana/2026/indikator/baru/",
        {"name": "Produk baru", "unit": "produk", "direction": "naik", "baseline": "0", "target": "banyak"},
    )
    assert plan.indicators.count() == 2 and "banyak" in response.content.decode()


def test_stale_form_is_told_and_nothing_overwritten(client, staff_user, admin_user, plan):
    from sentra.planning.models import Activity

    activity = Activity.objects.get()
    form = {
        "name": "Bimtek NIB",
        "start_month": "2",
        "end_month": "4",
        "budget_ceiling": "1000000",
        "status": "planned",
        "order": "0",
        "version": str(activity.version),
    }
    client.force_login(admin_user)
    assert client.post(f"/rencana/2026/kegiatan/{activity.pk}/", {**form, "budget_spent": "100"}).status_code == 302
    client.force_login(staff_user)
    response = client.post(f"/rencana/2026/kegiatan/{activity.pk}/", {**form, "budget_spent": "555"})
    assert response.status_code == 200 and "sudah diubah oleh t_admin" in response.content.decode()
    assert Activity.objects.get().budget_spent == 100


def test_quarter_report_pages(client, staff_user, plan):
    client.force_login(staff_user)
    html = client.get("/rencana/2026/triwulan/2/").content.decode()
    assert "IKM ber-NIB" in html and "Indeks SKM" in html
    skm = plan.indicators.get(name="Indeks SKM")
    client.post("/rencana/2026/triwulan/2/", {"indicator": skm.pk, "obstacles": "Survei tertunda karena anggaran"})
    assert "Survei tertunda" in client.get("/rencana/2026/triwulan/2/").content.decode()
    xlsx = client.get("/rencana/2026/triwulan/2.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get("/rencana/2026/triwulan/2.pdf")
    assert pdf.content[:4] == b"%PDF"
    review = client.get("/rencana/2026/tinjauan/").content.decode()
    assert "<svg" in review and "Kewirausahaan" in review
    assert client.get("/rencana/2026/tinjauan.xlsx").content[:2] == b"PK"
    assert client.get("/rencana/2026/tinjauan.pdf").content[:4] == b"%PDF"
    assert client.get("/rencana/2026/triwulan/5/").status_code == 404


def test_submit_and_approve_through_the_pages(client, staff_user, admin_user, plan):
    client.force_login(staff_user)
    client.post("/rencana/2026/aksi/kirim/")
    client.post("/rencana/2026/aksi/setujui/")  # staff: refused with a message
    assert WorkPlan.objects.get().status == "submitted"
    client.force_login(admin_user)
    client.post("/rencana/2026/aksi/setujui/")
    assert WorkPlan.objects.get().status == "approved"


def test_copy_from_the_list_page(client, staff_user, approved):
    client.force_login(staff_user)
    response = client.post("/rencana/", {"year": "2027", "copy_from": "2026"})
    assert response.status_code == 302 and WorkPlan.objects.get(year=2027).indicators.count() == 2
    response = client.post("/rencana/", {"year": "2028", "copy_from": "1999"})
    assert response.status_code == 200 and "tidak ada" in response.content.decode()
