"""GET /api/v1/programs and /api/v1/sessions: only what the public may see, filtered and paged."""

import datetime as dt

from sentra.programs.models import Session


def test_sessions_list_only_published_sessions_with_their_filters(client, make_program, make_session):
    pkw = make_program(title="PKW Batik", program_type_id="pkw", budget=50_000_000)
    design = make_program(title="Desain Kemasan")
    hidden = make_program(title="Rencana Rahasia")
    open_ = make_session(pkw, title="Angkatan 1", district_id="35.22.05")
    make_session(pkw, title="Angkatan 0", status=Session.Status.DONE, starts_on=dt.date(2025, 5, 1),
                 ends_on=dt.date(2025, 5, 2))  # fmt: skip
    make_session(design, title="Kelas Batal", status=Session.Status.CANCELLED)
    make_session(hidden, title="Draf", status=Session.Status.DRAFT)

    body = client.get("/api/v1/sessions").json()
    assert [s["title"] for s in body["results"]] == ["Angkatan 0", "Angkatan 1"]
    assert body["count"] == 2 and body["next"] is None
    first = body["results"][1]
    assert first["id"] == open_.pk and first["district_code"] == "35.22.05" and first["open_for_signup"] is True
    assert first["seats_taken"] == 0 and first["program_title"] == "PKW Batik"

    assert [s["title"] for s in client.get("/api/v1/sessions?status=open").json()["results"]] == ["Angkatan 1"]
    assert client.get("/api/v1/sessions?dari=2026-01-01").json()["count"] == 1
    assert client.get("/api/v1/sessions?sampai=2025-12-31").json()["count"] == 1
    assert client.get("/api/v1/sessions?kecamatan=35.22.05").json()["count"] == 1
    assert client.get(f"/api/v1/sessions?program={design.pk}").json()["count"] == 0
    paged = client.get("/api/v1/sessions?page_size=1&page=2").json()
    assert [s["title"] for s in paged["results"]] == ["Angkatan 1"] and paged["previous"]

    refused = client.get("/api/v1/sessions?dari=kemarin")
    assert refused.status_code == 400 and "dari" in refused.json()["errors"]
    assert client.get("/api/v1/sessions?status=draft").status_code == 400
    assert client.get("/api/v1/sessions?page_size=500").status_code == 400
    assert client.get("/api/v1/sessions?page=9").status_code == 404


def test_programs_list_only_those_with_a_published_session_and_no_budget(client, make_program, make_session):
    pkw = make_program(title="PKW Batik", program_type_id="pkw", budget=50_000_000, year=2026)
    make_session(pkw)
    make_session(make_program(title="Rencana Rahasia"), status=Session.Status.DRAFT)
    body = client.get("/api/v1/programs").json()
    assert [p["title"] for p in body["results"]] == ["PKW Batik"]
    item = body["results"][0]
    assert item["public_sessions"] == 1 and item["program_type"] == "pkw"
    assert "budget" not in item and "50000000" not in str(body)
    assert client.get("/api/v1/programs?tahun=2025").json()["count"] == 0
    assert client.get("/api/v1/programs?jenis=pkw").json()["count"] == 1
    assert client.get("/api/v1/programs?tahun=").status_code == 400
