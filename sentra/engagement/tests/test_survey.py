"""The SKM survey: answering (public page, owners once, anonymous rate limit, honeypot, closed periods),
the report from database aggregates (equal to skm.compute), suppression of small cells, exports."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sentra.engagement import selectors, skm
from sentra.engagement.models import Idea, SurveyResponse
from sentra.engagement.services import EngagementError, survey_submit

from .conftest import PROFILE

ALL3 = [3] * 9


def _post_data(service, scores=ALL3, **extra):
    data = {"service": service.pk, **PROFILE, **{f"u{i + 1}": s for i, s in enumerate(scores)}}
    data.update(extra)
    return data


def test_public_form_is_reachable_by_link_and_stores_an_anonymous_answer(client, period, services):
    url = reverse("engagement:survey_form", args=[period.token])
    page = client.get(url + "?layanan=pelatihan")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan" in html
    assert "U8. Penanganan pengaduan, saran, dan masukan" in html
    assert 'name="website"' in html  # honeypot present
    response = client.post(url, _post_data(services[1], [4, 3, 3, 4, 3, 4, 4, 2, 3]))
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert stored.scores() == [4, 3, 3, 4, 3, 4, 4, 2, 3]
    assert stored.anonymous and stored.respondent is None and stored.service == services[1]


def test_missing_element_keeps_what_was_typed_and_says_so(client, period, services):
    url = reverse("engagement:survey_form", args=[period.token])
    data = _post_data(services[0], complaint="Antrean terlalu lama")
    del data["u4"]
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unsur ini belum dijawab." in html
    assert "Antrean terlalu lama" in html  # the typed text is kept
    assert SurveyResponse.objects.count() == 0


def test_out_of_range_score_refused_in_indonesian(client, period, services):
    url = reverse("engagement:survey_form", args=[period.token])
    response = client.post(url, _post_data(services[0], [3, 3, 3, 3, 5, 3, 3, 3, 3]))
    assert response.status_code == 400
    assert "Nilai harus 1 sampai 4." in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    with pytest.raises(EngagementError, match="Nilai unsur U1 harus 1 sampai 4"):
        survey_submit(period=period, service=services[0], scores=[0] + [3] * 8, profile=PROFILE)


def test_honeypot_answer_is_thanked_but_not_stored(client, period, services):
    url = reverse("engagement:survey_form", args=[period.token])
    response = client.post(url, _post_data(services[0], website="http://spam.example"))
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 0


def test_owner_answers_once_per_period_and_service(client, period, services, owner_user):
    client.force_login(owner_user)
    url = reverse("engagement:survey_form", args=[period.token])
    assert client.post(url, _post_data(services[0])).status_code == 302
    again = client.post(url, _post_data(services[0], [4] * 9))
    assert again.status_code == 400
    assert "Anda sudah mengisi survei untuk layanan ini pada periode ini" in again.content.decode()
    assert client.post(url, _post_data(services[1])).status_code == 302  # another service is fine
    rows = SurveyResponse.objects.filter(respondent=owner_user)
    assert rows.count() == 2 and not rows.filter(anonymous=True).exists()
    assert rows.get(service=services[0]).scores() == ALL3  # the refused second answer changed nothing


def test_anonymous_answers_rate_limited_per_address(period, services, settings, monkeypatch):
    from sentra.engagement import services as svc

    monkeypatch.setattr(svc, "SKM_ANON_PER_IP_PER_HOUR", 3)
    for _ in range(3):
        survey_submit(period=period, service=services[0], scores=ALL3, profile=PROFILE, ip="192.0.2.1")
    with pytest.raises(EngagementError, match="Terlalu banyak jawaban"):
        survey_submit(period=period, service=services[0], scores=ALL3, profile=PROFILE, ip="192.0.2.1")
    survey_submit(period=period, service=services[0], scores=ALL3, profile=PROFILE, ip="192.0.2.2")
    assert SurveyResponse.objects.count() == 4


def test_answers_after_the_period_closed_are_refused(client, make_period, services):
    today = timezone.localdate()
    ended = make_period(
        name="Semester I", starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1)
    )
    url = reverse("engagement:survey_form", args=[ended.token])
    assert client.get(url).status_code == 410
    response = client.post(url, _post_data(services[0]))
    assert response.status_code == 410
    assert "sudah ditutup" in response.content.decode()
    with pytest.raises(EngagementError, match="sudah ditutup"):
        survey_submit(period=ended, service=services[0], scores=ALL3, profile=PROFILE)
    closed_early = make_period(name="Ditutup", closed=True)
    with pytest.raises(EngagementError, match="sudah ditutup"):
        survey_submit(period=closed_early, service=services[0], scores=ALL3, profile=PROFILE)
    assert SurveyResponse.objects.count() == 0


def test_service_outside_the_period_refused(make_period, services):
    period = make_period()
    period.services.set(services[:2])
    with pytest.raises(EngagementError, match="tidak termasuk"):
        survey_submit(period=period, service=services[4], scores=ALL3, profile=PROFILE)


def test_long_complaint_refused_and_short_one_becomes_an_idea_escaped(client, period, services, staff_user):
    with pytest.raises(EngagementError, match="terlalu panjang"):
        survey_submit(period=period, service=services[0], scores=ALL3, profile=PROFILE, complaint="x" * 10_000)
    assert SurveyResponse.objects.count() == 0 and Idea.objects.count() == 0
    survey_submit(
        period=period, service=services[0], scores=ALL3, profile=PROFILE, complaint="<script>alert(1)</script> antre"
    )
    idea = Idea.objects.get()
    assert idea.source == Idea.Source.SKM and idea.status == Idea.Status.RECEIVED
    client.force_login(staff_user)
    html = client.get(reverse("engagement:idea_detail", args=[idea.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_report_from_database_equals_compute(period, services, answer):
    answers = {
        services[0]: [[4, 3, 3, 4, 3, 4, 4, 2, 3], [3, 3, 2, 4, 3, 3, 4, 2, 3], [4, 4, 3, 4, 3, 4, 3, 3, 2]],
        services[1]: [[2, 2, 2, 3, 2, 3, 3, 1, 2], [3, 3, 3, 3, 3, 3, 3, 3, 3], [4, 4, 4, 4, 4, 4, 4, 4, 4]],
        services[2]: [[1] * 9, [2] * 9],  # two answers: suppressed
    }
    for service, rows in answers.items():
        for scores in rows:
            answer(scores, service=service)
    report = selectors.skm_report(period)
    everything = [s for rows in answers.values() for s in rows]
    assert report["overall"].result == skm.compute(everything)
    by_name = {r.label: r for r in report["services"]}
    assert by_name[services[0].name].result == skm.compute(answers[services[0]])
    assert by_name[services[1].name].result["index_display"] == skm.compute(answers[services[1]])["index_display"]
    small = by_name[services[2].name]
    assert small.n == 2 and small.suppressed and small.result is None
    # weakest elements of the overall result are the lowest NRRs
    nrr = report["overall"].result["nrr"]
    assert [w[0] for w in report["overall"].weakest] == [skm.ELEMENTS[i][0] for i in skm.weakest(nrr, 3)]
    assert report["overall"].weakest[0][0] == "U8"


def test_weight_0111_setting_is_used_by_the_report(make_period, services, answer):
    period = make_period(weight_0111=True)
    for _ in range(3):
        answer([4] * 9, period_=period)
    assert selectors.skm_overall(period).result["index_display"] == "99.90"


def test_profile_cells_under_three_are_suppressed(period, services, answer):
    for _ in range(3):
        answer(ALL3, profile={**PROFILE, "sex": "P"})
    answer(ALL3, profile={**PROFILE, "sex": "L", "education": "s2"})
    tables = {t["field"]: t for t in selectors.skm_profile(period)}
    sex = {str(r["label"]): r for r in tables["sex"]["rows"]}
    assert sex["Perempuan"]["count"] == 3 and sex["Perempuan"]["percent"] == 75.0
    assert sex["Laki-laki"]["count"] is None and sex["Laki-laki"]["percent"] is None  # 1 answer: hidden


def test_sample_size_and_margin_beside_the_result(period, services, answer):
    services[0].population = 100
    services[0].save()
    for _ in range(5):
        answer(ALL3, service=services[0])
    row = next(r for r in selectors.skm_by_service(period) if r.label == services[0].name)
    assert row.recommended == 80
    assert row.margin == pytest.approx(skm.margin_of_error(5, 100))


def test_trend_lists_earlier_periods_oldest_first(make_period, period, services, answer):
    today = timezone.localdate()
    old = make_period(
        name="Semester I", starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=100)
    )
    scores = {f"u{i}": 2 for i in range(1, 10)}
    SurveyResponse.objects.bulk_create(
        [SurveyResponse(period=old, service=services[0], **PROFILE, **scores) for _ in range(3)]
    )
    selectors.skm_tallies_rebuild(old)  # answers written in bulk: totals rebuilt
    for _ in range(3):
        answer([4] * 9)
    trend = selectors.skm_trend(period)
    assert [t["period"].name for t in trend] == ["Semester I", "Semester II 2026"]
    assert trend[0]["result"]["index_display"] == "50.00" and trend[1]["result"]["index_display"] == "100.00"


def test_staff_report_page_exports_and_public_result(client, period, services, answer, staff_user):
    for scores in ([4, 3, 3, 4, 3, 4, 4, 2, 3], [3, 3, 2, 4, 3, 3, 4, 2, 3], [4, 4, 3, 4, 3, 4, 3, 3, 2]):
        answer(scores)
    public = client.get(reverse("engagement:survey_result")).content.decode()
    assert "80.56" in public and "Baik" in public
    assert "anonim" not in public  # the anonymous/signed-in split is for staff
    client.force_login(staff_user)
    page = client.get(reverse("engagement:period_report", args=[period.pk])).content.decode()
    assert "80.56" in page and "terlemah" in page and "3 anonim" in page
    xlsx = client.get(reverse("engagement:period_xlsx", args=[period.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    assert book.sheet_names[:4] == ["Ringkasan", "NRR per unsur", "Profil responden", "Rencana tindak lanjut"]
    summary = book.get_sheet_by_name("Ringkasan").to_python()
    overall_row = next(r for r in summary if r and r[0] == "Semua layanan")
    assert overall_row[1] == 3 and overall_row[6] == pytest.approx(80.56) and overall_row[7] == "B"
    plan = book.get_sheet_by_name("Rencana tindak lanjut").to_python()
    assert plan[1][0] == "U8"
    pdf = client.get(reverse("engagement:period_pdf", args=[period.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_public_result_hides_a_period_with_fewer_than_three_answers(client, period, answer):
    answer(ALL3)
    answer(ALL3)
    html = client.get(reverse("engagement:survey_result")).content.decode()
    assert "Belum ada hasil survei yang diterbitkan." in html


def test_qr_and_poster(client, period, staff_user):
    qr = client.get(reverse("engagement:survey_qr", args=[period.token]) + "?layanan=pelatihan")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    client.force_login(staff_user)
    poster = client.get(reverse("engagement:survey_poster", args=[period.pk]) + "?layanan=pelatihan")
    html = poster.content.decode()
    assert "<svg" in html and f"/survei/isi/{period.token}/?layanan=pelatihan" in html


def test_closing_a_period_is_logged(client, period, staff_user):
    from sentra.core.audit import history_for

    client.force_login(staff_user)
    client.post(reverse("engagement:period_close", args=[period.pk]))
    period.refresh_from_db()
    assert period.closed and not period.is_open()
    assert history_for(period).filter(actor=staff_user).exists()


def test_staff_creates_a_period_with_all_services_by_default(client, staff_user, services):
    client.force_login(staff_user)
    page = client.get(reverse("engagement:period_create")).content.decode()
    assert "Pemesanan seragam" in page
    response = client.post(
        reverse("engagement:period_create"),
        {
            "name": "Tahun 2027",
            "kind": "year",
            "year": 2027,
            "starts_on": "2027-01-01",
            "ends_on": "2026-12-31",
            "services": [s.pk for s in services],
        },
    )
    assert response.status_code == 200
    assert "Tanggal selesai sebelum tanggal mulai." in response.content.decode()
    assert 'value="Tahun 2027"' in response.content.decode()


def test_running_totals_equal_a_rebuild_from_the_answers(period, services, answer, owner_user):
    import random

    from sentra.engagement.models import SkmTally

    rng = random.Random(5)
    for i in range(40):
        profile = {
            "age_band": rng.choice(SurveyResponse.AgeBand.values),
            "sex": rng.choice("LP"),
            "education": rng.choice(["sd", "sma"]),
            "occupation": "usaha",
        }
        answer([rng.randint(1, 4) for _ in range(9)], service=services[i % 3], profile=profile)
    answer([4] * 9, user=owner_user)
    live = sorted(
        SkmTally.objects.values_list("service_id", "anonymous", "age_band", "sex", "education", "n", "s1", "s9")
    )
    before = selectors.skm_report(period)
    selectors.skm_tallies_rebuild(period)
    rebuilt = sorted(
        SkmTally.objects.values_list("service_id", "anonymous", "age_band", "sex", "education", "n", "s1", "s9")
    )
    assert live == rebuilt
    assert sum(row[5] for row in live) == 41
    everything = [r.scores() for r in SurveyResponse.objects.all()]
    assert before["overall"].result == skm.compute(everything)
    assert before["overall"].anonymous == 40 and before["overall"].signed_in == 1
