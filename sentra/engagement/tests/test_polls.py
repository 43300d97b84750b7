"""Quick polls: largest-remainder percentages, one vote per browser (signed cookie), per-address limit,
attached to any page by its path, staff view per week."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sentra.engagement.models import Poll, PollVote
from sentra.engagement.percent import largest_remainder
from sentra.engagement.selectors import forget_poll_paths, poll_results, poll_weeks
from sentra.engagement.services import EngagementError, poll_vote


@pytest.fixture
def poll(db):
    forget_poll_paths()
    poll = Poll.objects.create(page_path="/statistik/", options=list(Poll.DEFAULT_OPTIONS))
    yield poll
    forget_poll_paths()


def test_the_news_widget_that_summed_to_101_now_sums_to_100():
    # the widget showed 76 %, 10 %, 5 %, 10 % (= 101 %): that is what 16/2/1/2 of 21 votes give when each is
    # rounded on its own (76.19, 9.52, 4.76, 9.52); the largest remainders go to 4.76 and the first 9.52
    counts = [16, 2, 1, 2]
    naive = [round(100 * c / sum(counts)) for c in counts]
    assert naive == [76, 10, 5, 10] and sum(naive) == 101
    fair = largest_remainder(counts)
    assert fair == [76, 10, 5, 9] and sum(fair) == 100


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1], [34, 33, 33]),
        ([0, 0, 0, 0], [0, 0, 0, 0]),
        ([1, 0, 0, 0], [100, 0, 0, 0]),
        ([2, 1], [67, 33]),
        ([1, 1, 1, 1, 1, 1, 1], [15, 15, 14, 14, 14, 14, 14]),
    ],
)
def test_largest_remainder(counts, expected):
    assert largest_remainder(counts) == expected
    assert sum(expected) in (0, 100)


def test_one_vote_per_browser_by_signed_cookie(client, poll):
    url = reverse("engagement:poll_vote", args=[poll.pk])
    first = client.post(url, {"option": "0"}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    assert "sentra_voter" in first.cookies
    html = first.content.decode()
    assert "100%" in html and "1 suara" in html
    second = client.post(url, {"option": "3"}, HTTP_HX_REQUEST="true")
    assert second.status_code == 400
    assert "Anda sudah memberikan suara" in second.content.decode()
    assert PollVote.objects.count() == 1 and PollVote.objects.get().option == 0
    # a forged cookie is not trusted: it counts as a new browser, not as the first voter
    client.cookies["sentra_voter"] = "forged"
    third = client.post(url, {"option": "1"}, HTTP_HX_REQUEST="true")
    assert third.status_code == 200
    assert PollVote.objects.count() == 2


def test_per_address_rate_limit(poll, monkeypatch):
    from sentra.engagement import services

    monkeypatch.setattr(services, "POLL_VOTES_PER_IP_PER_HOUR", 2)
    poll_vote(poll=poll, option=0, voter="a", ip="198.51.100.1")
    poll_vote(poll=poll, option=0, voter="b", ip="198.51.100.1")
    with pytest.raises(EngagementError, match="Terlalu banyak suara"):
        poll_vote(poll=poll, option=0, voter="c", ip="198.51.100.1")
    poll_vote(poll=poll, option=0, voter="c", ip="198.51.100.2")
    assert PollVote.objects.count() == 3


def test_bad_option_and_closed_poll_refused(poll):
    for bad in ("4", "-1", "x", None):
        with pytest.raises(EngagementError, match="Pilih salah satu jawaban"):
            poll_vote(poll=poll, option=bad, voter="v", ip="x")
    poll.active = False
    poll.save()
    with pytest.raises(EngagementError, match="ditutup"):
        poll_vote(poll=poll, option=0, voter="v", ip="x")
    assert PollVote.objects.count() == 0


def test_poll_appears_on_the_attached_page_only_and_results_after_voting(client, poll, reference_data):
    page = client.get("/statistik/").content.decode()
    assert "Bagaimana tanggapan Anda?" in page and "Sangat Puas" in page and 'name="option"' in page
    other = client.get("/program/jadwal/").content.decode()
    assert "Bagaimana tanggapan Anda?" not in other
    client.post(reverse("engagement:poll_vote", args=[poll.pk]), {"option": "1", "next": "/statistik/"})
    after = client.get("/statistik/").content.decode()
    assert 'name="option"' not in after and "1 suara" in after


def test_non_htmx_vote_redirects_back_only_to_this_site(client, poll):
    url = reverse("engagement:poll_vote", args=[poll.pk])
    response = client.post(url, {"option": "0", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/statistik/"


def test_configurable_options_and_results(poll):
    poll.options = ["Ya", "Tidak"]
    poll.save()
    for i, option in enumerate([0, 0, 1]):
        poll_vote(poll=poll, option=option, voter=f"v{i}", ip=f"1.1.1.{i}")
    result = poll_results(poll)
    assert [(r["label"], r["count"], r["percent"]) for r in result["rows"]] == [("Ya", 2, 67), ("Tidak", 1, 33)]
    assert result["total"] == 3


def test_staff_view_per_week(client, poll, staff_user):
    now = timezone.now()
    PollVote.objects.create(poll=poll, option=0, voter="a", created_at=now)
    PollVote.objects.create(poll=poll, option=1, voter="b", created_at=now - dt.timedelta(days=14))
    PollVote.objects.create(poll=poll, option=1, voter="c", created_at=now - dt.timedelta(days=14))
    weeks = poll_weeks(poll)
    assert [w["total"] for w in weeks] == [1, 2]
    assert weeks[1]["counts"] == [0, 2, 0, 0] and weeks[1]["percents"] == [0, 100, 0, 0]
    client.force_login(staff_user)
    html = client.get(reverse("engagement:poll_detail", args=[poll.pk])).content.decode()
    assert "Per minggu" in html and "3 suara" in html
    listing = client.get(reverse("engagement:poll_list")).content.decode()
    assert "/statistik/" in listing


def test_staff_attach_a_poll_to_a_page(client, staff_user, reference_data):
    forget_poll_paths()
    client.force_login(staff_user)
    bad = client.post(
        reverse("engagement:poll_create"), {"question": "Q", "page_path": "statistik", "options_text": "A"}
    )
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "diawali" in html and "Isi 2 sampai 6 pilihan" in html
    ok = client.post(
        reverse("engagement:poll_create"),
        {
            "question": "Apakah data ini berguna?",
            "page_path": "/statistik/",
            "options_text": "Ya\nTidak",
            "active": "on",
        },
    )
    assert ok.status_code == 302
    client.logout()
    page = client.get("/statistik/").content.decode()
    assert "Apakah data ini berguna?" in page
    forget_poll_paths()


def test_rate_limits_see_the_client_address_behind_the_trusted_proxy(rf, settings):
    """Anonymous survey answers and poll votes are limited per client address, read as the sign-in lockout reads
    it: behind the configured proxy, not the proxy's own REMOTE_ADDR (which would make every visitor one)."""
    from sentra.engagement.views import _ip

    settings.SENTRA_PROXY_IP_HEADER = "X-Forwarded-For"
    settings.SENTRA_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _ip(request) == "203.0.113.7"
    settings.SENTRA_PROXY_IP_HEADER = ""
    assert _ip(request) == "10.0.0.1"
