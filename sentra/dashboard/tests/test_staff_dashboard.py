import io
import re
import zipfile

import pytest

from sentra.metrics.models import Snapshot
from sentra.metrics.services import snapshot_take


@pytest.fixture
def data(make_business):
    make_business(
        district="Dander", sector="craft", nib="1234567890123", market_reach="export", export_countries=["MY"]
    )
    make_business(district="Dander", sector="food_beverage")
    make_business(district="Kapas", sector="food_beverage", nib="1234567890124")


def test_login_required_and_outsiders_forbidden(client, data, partner_user):
    response = client.get("/dasbor/")
    assert response.status_code == 302 and "/akun/" in response["Location"]
    client.force_login(partner_user)
    assert client.get("/dasbor/").status_code == 403
    assert client.get("/dasbor/laporan/").status_code == 403


def _select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def test_operator_sees_only_their_kecamatan(client, data, dander_operator, make_business, make_product):
    """A Dander operator's figures, tables, map, filter choices, leads and report are Dander's only."""
    from sentra.catalog.models import Lead

    kapas = make_business(district="Kapas", name="Usaha Rahasia Kapas", registered_on="2026-01-15")
    product = make_product(kapas, name="Produk Rahasia Kapas")
    Lead.objects.create(
        product=product, business=kapas, name="Pembeli", country="ID", email="b@example.com", message="Halo"
    )
    client.force_login(dander_operator)
    page = client.get("/dasbor/").content.decode()
    assert re.search(r'data-figure="total"><a href="/ikm/\?status=terdaftar&amp;kecamatan=35\.22\.\d+">2</a>', page)
    assert re.search(r'data-figure="with_nib"><a [^>]+>1</a>', page)
    assert 'id="scope"><strong>Kecamatan Dander' in page
    assert "Kapas" not in page and "Balen" not in page  # no other kecamatan in any table, map or list
    assert "Rahasia" not in page  # nor another kecamatan's business in the leads tables
    assert page.count("<path ") == 1  # the map draws Dander alone
    choices = re.findall(r'<option value="([^"]*)"', _select(page, "kecamatan"))
    assert len(choices) == 2 and choices[0] == ""  # "all of mine" and Dander
    # the monthly chart counts Dander's registrations only (Kapas registered one in January 2026)
    assert "Kapas" not in page
    # a kecamatan outside the scope in the URL is refused, not shown
    response = client.get("/dasbor/?kecamatan=35.22.01")
    assert "bukan salah satu dari pilihan" in response.content.decode()
    assert "Kapas" not in response.content.decode()
    report = client.get("/dasbor/laporan/").content.decode()
    assert "Kapas" not in report and "Kecamatan Dander" in report
    sheet = zipfile.ZipFile(io.BytesIO(client.get("/dasbor/laporan/?unduh=xlsx").content))
    sheet = sheet.read("xl/worksheets/sheet1.xml").decode()
    assert "Kapas" not in sheet and "<t>Jumlah IKM</t></is></c><c><v>2</v>" in sheet


def test_staff_sees_the_regency_and_may_pick_one_kecamatan(client, data, staff_user):
    client.force_login(staff_user)
    page = client.get("/dasbor/").content.decode()
    assert re.search(r'data-figure="total"><a href="/ikm/\?status=terdaftar">3</a>', page)
    assert page.count("<path ") == 28  # the whole regency on the map
    assert 'id="scope"' not in page
    assert len(re.findall(r"<option ", _select(page, "kecamatan"))) == 29
    kapas = re.search(r'<option value="([\d.]+)">Kapas</option>', page).group(1)
    page = client.get(f"/dasbor/?kecamatan={kapas}").content.decode()
    assert re.search(rf'data-figure="total"><a href="/ikm/\?status=terdaftar&amp;kecamatan={kapas}">1</a>', page)
    assert "Dander" not in page.split('id="filters"')[1].split("</form>")[1]


def test_operator_month_registrations_are_their_kecamatan(dander_operator, make_business):
    from sentra.dashboard.forms import DashboardFilterForm
    from sentra.metrics.figures import regency_statistics
    from sentra.registry.selectors import districts_for_user

    make_business(district="Dander", registered_on="2026-01-10")
    make_business(district="Kapas", registered_on="2026-01-11")
    make_business(district="Kapas", registered_on="2026-02-11")
    form = DashboardFilterForm({}, regency_code="35.22", districts=districts_for_user(dander_operator))
    stats = regency_statistics("35.22", form.filters())
    months = {r["month"]: r["count"] for r in stats["registrations"]}
    assert months.get("2026-01") == 1 and "2026-02" not in months
    assert [d["name"] for d in stats["by_district"]] == ["Dander"]


def test_filters_live_in_the_url_and_apply_to_every_widget(client, data, staff_user):
    client.force_login(staff_user)
    page = client.get("/dasbor/?sektor=craft&pasar=export").content.decode()
    base = r"/ikm/\?sektor=craft&amp;pasar=export&amp;status=terdaftar"
    assert re.search(rf'data-figure="total"><a href="{base}">1</a>', page)
    assert re.search(rf'href="{base}&amp;kecamatan=35\.22\.', page)  # map and table drill down
    assert re.search(rf'data-figure="with_nib"><a href="{base}&amp;nib=ya">1</a>', page)


def test_bad_filter_gets_an_indonesian_message_and_keeps_the_rest(client, data, staff_user):
    client.force_login(staff_user)
    response = client.get("/dasbor/?sektor=craft&skala=raksasa&periode=1999-01-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert "raksasa bukan salah satu dari pilihan yang tersedia" in page
    # the sector still applies
    assert re.search(r'data-figure="total"><a href="/ikm/\?sektor=craft&amp;status=terdaftar">1</a>', page)
    assert 'value="craft" selected' in page


def test_map_switcher_colours_by_nib_coverage(client, data, staff_user):
    client.force_login(staff_user)
    page = client.get("/dasbor/?peta=cakupan_nib").content.decode()
    assert 'data-metric="cakupan_nib"' in page
    assert re.search(r"<title>Dander: 50,0%</title>", page)
    assert re.search(r"<title>Kapas: 100,0%</title>", page)
    fills = set(re.findall(r'<path d="[^"]+" fill="(#[0-9a-f]{6})"', page))
    assert len(fills) >= 2  # kecamatan with and without IKM are coloured differently


def test_snapshot_period_and_comparison(client, data, staff_user, make_business, kapas_operator):
    snapshot_take()
    taken = Snapshot.objects.get().taken_on.isoformat()
    make_business(district="Balen")
    client.force_login(staff_user)
    page = client.get(f"/dasbor/?periode={taken}").content.decode()
    assert "Potret data per" in page and re.search(r'data-figure="total"><a href="/ikm/\?status=terdaftar">3</a>', page)
    page = client.get(f"/dasbor/?banding={taken}").content.decode()
    compare = page[page.index('id="compare"') :]
    assert re.search(
        r"<th>Jumlah IKM</th><td class=\"num\">3</td><td class=\"num\">4</td><td class=\"num\">\+1</td>", compare
    )
    client.force_login(kapas_operator)
    assert client.post("/dasbor/potret/").status_code == 403
    client.force_login(staff_user)
    assert client.post("/dasbor/potret/").status_code == 302
    assert Snapshot.objects.count() == 1  # same day: replaced


def test_report_printable_and_xlsx(client, data, staff_user):
    client.force_login(staff_user)
    page = client.get("/dasbor/laporan/").content.decode()
    assert re.search(r"Laporan Data IKM Kabupaten Bojonegoro per \d+ \w+ \d{4}", page)
    assert page.count("<path ") == 28
    response = client.get("/dasbor/laporan/?unduh=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "Laporan Data IKM Kabupaten Bojonegoro" in sheet
    assert "<t>Jumlah IKM</t></is></c><c><v>3</v>" in sheet
    assert client.get("/dasbor/laporan/?unduh=doc").status_code == 404


def test_national_roll_up_view_and_api(client, data, staff_user):
    client.force_login(staff_user)
    page = client.get("/dasbor/nasional/").content.decode()
    assert 'data-code="35"' in page
    body = client.get("/api/v1/statistics?tingkat=nasional").json()
    assert body["total"] == 3 and next(r for r in body["by_district"] if r["code"] == "35")["count"] == 3


def test_public_statistics_has_map_and_charts_but_no_personal_data(client, make_business):
    b = make_business(district="Dander", name="Usaha Rahasia")
    b.owner.nik = "3522014101900001"
    b.owner.save()
    response = client.get("/statistik/?peta=bernib")
    page = response.content.decode()
    assert page.count("<path ") == 28 and "columns month-chart" in page
    assert "Usaha Rahasia" not in page and "3522014101900001" not in page and "/ikm/?" not in page
    assert not re.search(r'<rect x="\d+,\d', page)  # SVG numbers never use the Indonesian decimal comma
    assert client.get("/statistik/?peta=<script>").status_code == 200


def _cards(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([\w-]+)">(?:<a href="[^"]*">)?([\d.]+)<', page))


def test_cached_figures_follow_every_edit(client, data, staff_user, make_business):
    """The dashboard, its map and tables, the activity cards and the statistics API are cached under the
    figures version; every edit (here: create, status change, permit, lead, language) shows at once."""
    from sentra.catalog.models import Lead
    from sentra.registry.models import Business, Permit

    client.force_login(staff_user)
    for _ in range(2):  # the second time from the cache
        page = client.get("/dasbor/?peta=bernib").content.decode()
        assert _cards(page)["total"] == "3" and _cards(page)["with_nib"] == "2"
        assert client.get("/api/v1/statistics").json()["total"] == 3
        assert client.get("/api/v1/statistics?tingkat=nasional").json()["total"] == 3
    kapas = make_business(district="Kapas", sector="craft")
    page = client.get("/dasbor/?peta=bernib").content.decode()
    assert _cards(page)["total"] == "4" and _cards(page)["with_nib"] == "2"
    assert re.search(r'data-code="35\.22\.\d+"><title>Kapas: 1</title>', page)  # the map fragment too
    Business.objects.filter(pk=kapas.pk).update(status="closed")
    assert client.get("/api/v1/statistics").json()["total"] == 3
    assert client.get("/api/v1/statistics?tingkat=nasional").json()["total"] == 3
    Permit.objects.create(business=Business.objects.get(name="Usaha Uji 2"), kind="nib", number="1234567890199")
    page = client.get("/dasbor/?peta=bernib").content.decode()
    assert _cards(page)["with_nib"] == "3"
    assert _cards(page)["leads_total"] == "0"
    Lead.objects.create(business=kapas, name="B", country="MY", email="b@example.com", message="Halo")
    assert _cards(client.get("/dasbor/?peta=bernib").content.decode())["leads_total"] == "1"


def test_figures_without_the_cache(client, data, staff_user, make_business, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    client.force_login(staff_user)
    assert _cards(client.get("/dasbor/").content.decode())["total"] == "3"
    make_business(district="Kapas")
    assert _cards(client.get("/dasbor/").content.decode())["total"] == "4"
