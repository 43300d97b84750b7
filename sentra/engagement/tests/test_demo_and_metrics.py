import pytest

from sentra.engagement import skm
from sentra.engagement.models import Idea, Poll, SurveyPeriod, SurveyResponse
from sentra.engagement.selectors import latest_published_period, skm_overall
from sentra.metrics import named
from sentra.registry.demo import seed_demo
from sentra.registry.models import Business


@pytest.mark.django_db
def test_demo_keeps_press_figures_and_is_idempotent(reference_data):
    seed_demo()
    assert Business.objects.count() == 1762
    counts = (SurveyPeriod.objects.count(), SurveyResponse.objects.count(), Poll.objects.count(), Idea.objects.count())
    assert counts[0] == 2 and counts[1] == 380 and counts[2] == 1 and counts[3] >= 9
    assert all(i.text.startswith("[demo]") for i in Idea.objects.all())
    assert Idea.objects.filter(submitted_by__username="pemilik").exists()
    seed_demo()
    assert (
        SurveyPeriod.objects.count(),
        SurveyResponse.objects.count(),
        Poll.objects.count(),
        Idea.objects.count(),
    ) == counts
    assert Business.objects.count() == 1762


@pytest.mark.django_db
def test_named_figures(services, answer, period):
    assert named.value("skm_index") is None
    assert named.value("ideas_total") == 0
    assert named.value("ideas_followed_up_share") is None
    rows = [[4, 3, 3, 4, 3, 4, 4, 2, 3], [3, 3, 2, 4, 3, 3, 4, 2, 3], [4, 4, 3, 4, 3, 4, 3, 3, 2]]
    for scores in rows:
        answer(scores)
    assert latest_published_period() == period
    assert named.value("skm_index") == float(skm.compute(rows)["index_display"]) == 80.56
    assert named.value("skm_respondents") == 3
    Idea.objects.create(category="legalitas", text="a", status="selesai")
    Idea.objects.create(category="legalitas", text="b", status="ditolak", reject_reason="x")
    Idea.objects.create(category="legalitas", text="c")
    assert named.value("ideas_total") == 3
    assert named.value("ideas_followed_up") == 1
    assert named.value("ideas_followed_up_share") == 50.0
    assert {"skm_index", "ideas_total", "ideas_followed_up"} <= {f.code for f in named.all_figures(public=True)}
    assert skm_overall(period).n == 3
