"""Federation: a regency publishes signed open figures; a hub accepts, refuses with reasons, sums them."""

import datetime as dt
import json

import pytest
from django.test import override_settings

from sentra.dashboard.open_data import DATASETS, dataset_rows
from sentra.federation import dataset as ds
from sentra.federation import selectors, services
from sentra.federation.models import Dataset, Member, Rejection

TODAY = dt.date.today()


def _synthetic(code: str, version: int, total: int, with_nib: int, *, as_of=TODAY, sectors=None, **extra) -> dict:
    from sentra.regions.loader import national_regency

    row = national_regency(code)
    sectors = sectors or [("food_beverage", total - total // 3), ("craft", total // 3)]
    return {
        "schema": ds.SCHEMA,
        "regency_code": code,
        "regency_name": row["name"],
        "province_code": row["province_code"],
        "version": version,
        "as_of": as_of.isoformat(),
        "period": ds.quarter_of(as_of),
        "published_at": "2025-10-31T00:00:00+00:00",
        "figures": {
            "total": total,
            "with_nib": with_nib,
            "exporters": 1,
            "districts": 3,
            "districts_total": 3,
            "by_sector": [{"code": c, "label": c, "count": n} for c, n in sectors],
            "tables": {
                "ikm-kecamatan-sektor": [{"kode_kecamatan": f"{code}.01", "kode_kategori": "craft", "jumlah_ikm": "<3"}]
            },
        },
        "withdrawn": [],
        **extra,
    }


@pytest.fixture
def hub(settings, db):
    settings.SENTRA_MODE = "hub"
    keys = {}

    def member(code, **kw):
        private = ds.new_private_key()
        m, push = services.member_register(regency_code=code, public_key=ds.public_key_of(private), **kw)
        keys[code] = (private, push)
        return m

    member.keys = keys
    return member


def _raw(envelope) -> bytes:
    return json.dumps(envelope).encode()


def test_regency_publishes_signed_open_figures_without_personal_data(client, make_business):
    for i in range(4):
        b = make_business(district="Dander", nib=f"12345678901{i:02d}", name=f"Usaha Rahasia {i}")
    b.owner.nik = "3522014101900001"
    b.owner.phone = "+6281234567890"
    b.owner.save()
    make_business(district="Kapas", sector="craft")
    first = services.publication_create()
    second = services.publication_create()
    assert (first.version, second.version) == (1, 2)
    envelope = json.loads(second.envelope)
    ds.verify(envelope, envelope["public_key"])  # raises when not valid
    d = envelope["dataset"]
    assert d["regency_code"] == "35.22" and d["province_code"] == "35" and d["period"] == ds.quarter_of(TODAY)
    assert d["figures"]["total"] == 5 and d["figures"]["with_nib"] == 4
    assert [s["code"] for s in d["figures"]["by_sector"]] == ["food_beverage", "craft"]
    # the kecamatan tables are the open-data rows (small cells suppressed there), nothing more
    for name in DATASETS:
        expected = [
            {k: r[k] for k in ("kode_kecamatan", "kode_kategori", "jumlah_ikm", "ikm_bernib") if k in r}
            for r in dataset_rows(name)
        ]
        assert d["figures"]["tables"][name] == expected
    text = second.envelope + second.csv
    for secret in ("Usaha Rahasia", "3522014101900001", "6281234567890", "Pemilik Uji"):
        assert secret not in text
    assert '"<3"' in second.envelope and "<3" in second.csv

    latest = client.get("/data/federasi/terbaru.json")
    assert latest.status_code == 200 and latest.json()["dataset"]["version"] == 2
    assert client.get("/data/federasi/v1.json").json()["dataset"]["version"] == 1
    csv_body = client.get("/data/federasi/v2.csv").content.decode()
    assert csv_body.splitlines()[0] == ",".join(ds.CSV_COLUMNS) and "35.22,2," in csv_body
    assert client.get("/data/federasi/v9.json").status_code == 404
    assert client.get("/data/federasi/v2.xml").status_code == 404


def test_no_publication_yet_is_a_clear_404(client, db):
    response = client.get("/data/federasi/terbaru.json")
    assert response.status_code == 404 and "federation_publish" in response.content.decode()


@pytest.mark.parametrize(
    "kind,make",
    [
        ("malformed", lambda priv, code: b"{not json"),
        ("malformed", lambda priv, code: _raw(ds.sign(_synthetic(code, 1, -5, 0), priv))),
        ("malformed", lambda priv, code: _raw(ds.sign({**_synthetic(code, 1, 5, 1), "period": "2025-Q9"}, priv))),
        ("unsigned", lambda priv, code: _raw({"dataset": _synthetic(code, 1, 5, 1)})),
        (
            "bad_signature",
            lambda priv, code: _raw(
                {
                    **(env := ds.sign(_synthetic(code, 1, 5, 1), priv)),
                    "dataset": {**env["dataset"], "figures": {**env["dataset"]["figures"], "total": 500}},
                }
            ),
        ),
        ("bad_signature", lambda priv, code: _raw(ds.sign(_synthetic(code, 1, 5, 1), ds.new_private_key()))),
        ("unknown_regency", lambda priv, code: _raw(ds.sign(_synthetic("35.23", 1, 5, 1), priv))),
    ],
)
def test_hub_refuses_each_bad_dataset_with_a_stored_reason(hub, kind, make):
    member = hub("33.20")
    private, _push = hub.keys["33.20"]
    result = services.dataset_ingest(make(private, "33.20"), channel="push", sender=None)
    assert isinstance(result, Rejection) and result.kind == kind and len(result.reason) > 10
    assert Rejection.objects.get().reason == result.reason
    assert not Dataset.objects.exists() and Member.objects.get(pk=member.pk).latest is None


def test_hub_refuses_an_older_or_repeated_version_and_keeps_history(hub):
    hub("33.20")
    private, _ = hub.keys["33.20"]
    assert isinstance(
        services.dataset_ingest(_raw(ds.sign(_synthetic("33.20", 1, 10, 5), private)), channel="push"), Dataset
    )
    assert isinstance(
        services.dataset_ingest(_raw(ds.sign(_synthetic("33.20", 3, 12, 6), private)), channel="push"), Dataset
    )
    for version in (2, 3):
        refused = services.dataset_ingest(_raw(ds.sign(_synthetic("33.20", version, 99, 9), private)), channel="push")
        assert refused.kind == "older" and "versi 3" in refused.reason
    member = Member.objects.get(regency_code="33.20")
    assert member.latest.version == 3 and member.latest.figures["total"] == 12
    assert list(Dataset.objects.filter(member=member).values_list("version", flat=True)) == [3, 1]


def test_push_api_with_per_regency_keys(client, hub):
    hub("33.20")
    hub("16.10")
    jepara_private, jepara_push = hub.keys["33.20"]
    _, ogan_push = hub.keys["16.10"]
    body = _raw(ds.sign(_synthetic("33.20", 1, 40, 20), jepara_private))
    url = "/api/v1/federation/datasets"
    no_key = client.post(url, body, content_type="application/json")
    assert no_key.status_code == 401 and "Kunci kirim" in no_key.json()["reason"]
    wrong = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {ogan_push}")
    assert wrong.status_code == 400 and wrong.json()["kind"] == "wrong_key"
    ok = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {jepara_push}")
    assert ok.status_code == 201 and ok.json()["version"] == 1
    again = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {jepara_push}")
    assert again.status_code == 409 and again.json()["kind"] == "older"
    assert Dataset.objects.count() == 1 and Rejection.objects.count() == 2
    # each regency reads the reasons of its own refusals, never another's
    mine = client.get("/api/v1/federation/rejections", HTTP_AUTHORIZATION=f"Bearer {jepara_push}").json()
    assert mine["regency_code"] == "33.20" and mine["latest_version"] == 1
    assert [r["kind"] for r in mine["rejections"]] == ["older"]
    theirs = client.get("/api/v1/federation/rejections", HTTP_AUTHORIZATION=f"Bearer {ogan_push}").json()
    assert [r["kind"] for r in theirs["rejections"]] == ["wrong_key"]
    assert client.get("/api/v1/federation/rejections").status_code == 401


def test_hub_figures_equal_the_sum_of_what_regencies_published(client, hub):
    published = {"33.20": (410, 300), "35.24": (733, 512), "35.22": (1762, 1349), "16.10": (95, 40)}
    for code, (total, nib) in published.items():
        hub(code, public_url=f"https://{code}.example/statistik/")
        private, _ = hub.keys[code]
        services.dataset_ingest(_raw(ds.sign(_synthetic(code, 1, total // 2, nib // 2), private)), channel="push")
        services.dataset_ingest(_raw(ds.sign(_synthetic(code, 2, total, nib), private)), channel="push")
    data = selectors.rollup()
    assert data["sums"]["total"] == sum(t for t, _ in published.values()) == 3000
    assert data["sums"]["with_nib"] == sum(n for _, n in published.values())
    craft = next(s for s in data["breakdowns"]["by_sector"] if s["code"] == "craft")
    assert craft["count"] == sum(t // 3 for t, _ in published.values())
    assert data["provinces"]["35"]["total"] == 733 + 1762 and data["provinces"]["16"]["total"] == 95
    jatim = selectors.rollup("35")
    assert jatim["sums"]["total"] == 733 + 1762 and jatim["members"] == 2

    page = client.get("/hub/").content.decode()
    assert 'data-figure="hub-total">3.000<' in page
    assert page.count("<path d=") == 38  # the province map
    assert ">Rekap wilayah</a>" in page  # the nav link of a hub
    assert '<a href="?provinsi=35" data-code="35">' in page
    province = client.get("/hub/?provinsi=35").content.decode()
    assert 'data-figure="hub-total">2.495<' in province
    assert '<a href="https://35.22.example/statistik/" data-code="35.22">' in province  # drill-through
    assert province.count("<path d=") == 38  # Jawa Timur's 38 regencies and cities
    assert client.get("/hub/?provinsi=99").status_code == 404


def test_a_withdrawn_figure_is_withdrawn_at_the_hub(client, hub, make_business):
    make_business(district="Dander", nib="1234567890123")
    make_business(district="Kapas")
    hub("35.22", public_url="https://bojonegoro.example/statistik/")
    hub("33.20")
    key = services.signing_key_get_or_create()
    Member.objects.filter(regency_code="35.22").update(public_key=key.public_key)
    jepara_private, _ = hub.keys["33.20"]
    services.dataset_ingest(_raw(ds.sign(_synthetic("33.20", 1, 100, 60), jepara_private)), channel="push")

    v1 = services.publication_create()
    assert isinstance(services.dataset_ingest(v1.envelope.encode(), channel="pull"), Dataset)
    assert selectors.rollup()["sums"]["with_nib"] == 61

    services.figure_withdraw("with_nib", "Data NIB sedang diverifikasi ulang")
    v2 = services.publication_create()
    assert "with_nib" not in json.loads(v2.envelope)["dataset"]["figures"]
    assert isinstance(services.dataset_ingest(v2.envelope.encode(), channel="pull"), Dataset)
    data = selectors.rollup()
    assert data["sums"]["with_nib"] == 60 and data["missing"]["with_nib"] == 1 and data["sums"]["total"] == 102
    page = client.get("/hub/?provinsi=35").content.decode()
    assert "ditarik</span>" not in page and "ditarik: with_nib" in page
    history = client.get("/hub/wilayah/35.22/").content.decode()
    assert "Data NIB sedang diverifikasi ulang" in history and 'data-version="1"' in history

    services.figure_restore("with_nib")
    services.dataset_ingest(services.publication_create().envelope.encode(), channel="pull")
    assert selectors.rollup()["sums"]["with_nib"] == 61


def test_pull_from_urls_and_unreachable_sources(hub, tmp_path):
    hub("33.20")
    hub("16.10")
    private, _ = hub.keys["33.20"]
    path = tmp_path / "jepara.json"
    path.write_bytes(_raw(ds.sign(_synthetic("33.20", 1, 40, 20), private)))
    Member.objects.filter(regency_code="33.20").update(source_url=path.as_uri())
    Member.objects.filter(regency_code="16.10").update(source_url=(tmp_path / "missing.json").as_uri())
    from django.core.management import call_command

    call_command("federation_pull")
    assert Member.objects.get(regency_code="33.20").latest.version == 1
    refused = Rejection.objects.get()
    assert refused.kind == "unreachable" and refused.regency_code == "16.10"


def test_freshness_lists_who_has_not_published_this_quarter(client, hub):
    hub("33.20")
    hub("35.24")
    hub("16.10")
    private, _ = hub.keys["33.20"]
    services.dataset_ingest(_raw(ds.sign(_synthetic("33.20", 1, 40, 20), private)), channel="push")
    old_private, _ = hub.keys["35.24"]
    old = TODAY - dt.timedelta(days=200)
    services.dataset_ingest(_raw(ds.sign(_synthetic("35.24", 1, 50, 20, as_of=old), old_private)), channel="push")
    data = selectors.rollup()
    assert data["fresh"] == 1 and {r["code"] for r in data["stale"]} == {"35.24", "16.10"}
    page = client.get("/hub/").content.decode()
    assert (
        '<li data-code="35.24">' in page and '<li data-code="16.10">' in page and '<li data-code="33.20">' not in page
    )
    assert f"terakhir {ds.quarter_of(old)}" in page and "belum pernah menerbitkan" in page


def test_rejections_page_is_for_office_staff_only(client, hub, staff_user, owner_user):
    hub("33.20")
    services.dataset_ingest(b"[]", channel="push")
    assert client.get("/hub/penolakan/").status_code == 302
    client.force_login(owner_user)
    assert client.get("/hub/penolakan/").status_code == 403
    client.force_login(staff_user)
    page = client.get("/hub/penolakan/").content.decode()
    assert 'data-kind="malformed"' in page and "dataset" in page


@override_settings(SENTRA_MODE="regency")
def test_hub_pages_and_api_do_not_exist_on_a_regency_installation(client, db):
    assert client.get("/hub/").status_code == 404
    assert client.post("/api/v1/federation/datasets", b"{}", content_type="application/json").status_code == 404


def test_dataset_schema_rejects_tables_of_another_regency():
    private = ds.new_private_key()
    d = _synthetic("33.20", 1, 5, 1)
    d["figures"]["tables"]["ikm-kecamatan-sektor"][0]["kode_kecamatan"] = "35.22.01"
    with pytest.raises(ds.DatasetError, match="bukan bagian dari 33.20"):
        ds.parse(_raw(ds.sign(d, private)))


def test_mode_setting_is_checked(settings):
    from sentra.federation.checks import check_mode

    settings.SENTRA_MODE = "pusat"
    assert [e.id for e in check_mode(None)] == ["sentra.E030"]
    settings.SENTRA_MODE = "hub"
    assert check_mode(None) == []
