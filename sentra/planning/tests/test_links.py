"""Activities link to the order rounds and ideas they realise (real links, not text); the plan page shows them as
links; what was written in the old text field becomes a link by the migration, the rest stays as a note."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sentra.planning.models import Activity


@pytest.fixture
def round_and_idea(db):
    from sentra.engagement.models import Idea
    from sentra.orders.testing import make_round

    return make_round(title="Seragam Batik Tahap 1"), Idea.objects.create(
        category="pelatihan", text="Pelatihan pewarna alam untuk pengrajin di desa kami", status="ditindaklanjuti"
    )


def _form(activity, **extra):
    data = {
        "name": activity.name,
        "start_month": activity.start_month,
        "end_month": activity.end_month,
        "budget_ceiling": activity.budget_ceiling,
        "budget_spent": activity.budget_spent,
        "status": activity.status,
        "order": 0,
        "version": activity.version,
    }
    data.update(extra)
    return data


def test_activity_links_to_round_and_idea_and_the_page_shows_links(client, staff_user, plan, round_and_idea):
    rnd, idea = round_and_idea
    activity = Activity.objects.get(programme__plan=plan)
    client.force_login(staff_user)
    form = client.get(f"/rencana/2026/kegiatan/{activity.pk}/").content.decode()
    assert "Seragam Batik Tahap 1" in form and f"#{idea.pk}" in form
    response = client.post(
        f"/rencana/2026/kegiatan/{activity.pk}/",
        _form(activity, order_round=rnd.pk, idea=idea.pk, link="Notulen rapat kerja 12 Jan"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity.refresh_from_db()
    assert (activity.order_round, activity.idea, activity.link) == (rnd, idea, "Notulen rapat kerja 12 Jan")
    page = client.get("/rencana/2026/").content.decode()
    assert f'href="/pesanan/putaran/{rnd.pk}/">Seragam Batik Tahap 1</a>' in page
    assert f'href="/aspirasi/kelola/{idea.pk}/">Aspirasi #{idea.pk} · Pelatihan</a>' in page
    assert "Notulen rapat kerja 12 Jan" in page
    # and the idea's page names the activity that realises it (office staff: the plan is theirs)
    idea_page = client.get(f"/aspirasi/kelola/{idea.pk}/").content.decode()
    assert 'href="/rencana/2026/">Bimtek NIB (2026)</a>' in idea_page
    # and so does the round's page
    round_page = client.get(f"/pesanan/putaran/{rnd.pk}/").content.decode()
    assert 'href="/rencana/2026/">Bimtek NIB (2026)</a>' in round_page
    # a link to a record that is not there is refused, what was typed kept
    bad = client.post(f"/rencana/2026/kegiatan/{activity.pk}/", _form(activity, order_round=99999, note="Catatan X"))
    assert bad.status_code == 200 and "Catatan X" in bad.content.decode()
    activity.refresh_from_db()
    assert activity.order_round == rnd
    # the round going away leaves the activity, without the link
    rnd.delete()
    activity.refresh_from_db()
    assert activity.order_round is None and activity.idea == idea


@pytest.mark.django_db(transaction=True)
def test_migration_turns_written_references_into_links(round_and_idea, staff_user):
    from sentra.metrics.services import drop_triggers_before_migrate, ensure_triggers

    rnd, idea = round_and_idea
    before = [("planning", "0002_responsible_partner_in_partners")]
    drop_triggers_before_migrate(plan=[True])
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    WorkPlan, Programme, OldActivity = (old.get_model("planning", m) for m in ("WorkPlan", "Programme", "Activity"))
    programme = Programme.objects.create(plan=WorkPlan.objects.create(year=2031, title="Lama"), name="P")
    texts = {
        "a": f"orders.round:{rnd.pk}; notulen rapat",
        "b": f"/aspirasi/kelola/{idea.pk}/",
        "c": "Putaran seragam tahap 2 (belum dibuat)",
        "d": "orders.round:999999",  # a reference to nothing: kept as written
    }
    for name, text in texts.items():
        OldActivity.objects.create(programme=programme, name=name, link=text)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ensure_triggers()
    got = {a.name: (a.order_round_id, a.idea_id, a.link) for a in Activity.objects.filter(programme__plan__year=2031)}
    assert got == {
        "a": (rnd.pk, None, "notulen rapat"),
        "b": (None, idea.pk, ""),
        "c": (None, None, texts["c"]),
        "d": (None, None, texts["d"]),
    }


def test_next_years_copy_starts_without_last_years_links(staff_user, plan, round_and_idea):
    from sentra.planning import services

    rnd, idea = round_and_idea
    Activity.objects.filter(programme__plan=plan).update(order_round=rnd, idea=idea)
    new = services.plan_copy(actor=staff_user, source=plan, year=2027)
    copied = Activity.objects.get(programme__plan=new)
    assert copied.name == "Bimtek NIB" and (copied.order_round, copied.idea) == (None, None)
    assert Activity.objects.get(programme__plan=plan).order_round == rnd  # last year's keeps its links
