"""Partner organisations moved from programs to partners without losing a row: the organisation, its member users,
contact people, agreements, program and session links, the change history and the permissions all survive the
migration (the table is the same; only Django's state and the content type move)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programs", "0006_program_type_name_en"), ("partners", "0001_initial"), ("planning", "0001_initial")]
AFTER = [
    ("programs", "0007_partnerorganisation_to_partners"),
    ("partners", "0002_partnerorganisation_from_programs"),
    ("planning", "0002_responsible_partner_in_partners"),
]


@pytest.mark.django_db(transaction=True)
def test_partner_organisations_survive_the_move(django_user_model):
    from sentra.metrics.services import drop_triggers_before_migrate, ensure_triggers

    drop_triggers_before_migrate(plan=[True])
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Org = old.get_model("programs", "PartnerOrganisation")
    member = django_user_model.objects.create_user(username="t_mitra_lama", role="partner")  # accounts: latest
    org = Org.objects.create(name="Universitas Lama", sector="academia")
    org.members.add(member.pk)
    old.get_model("partners", "Contact").objects.create(organisation=org, name="Bu Rina", phone="081234567890")
    agreement = old.get_model("partners", "Agreement").objects.create(
        number="MOU/1", title="Kerja sama", signed_on="2026-01-05", ends_on="2027-01-05"
    )
    agreement.organisations.add(org)
    ProgramType = old.get_model("programs", "ProgramType")
    ProgramType.objects.get_or_create(code="desain", defaults={"name": "Desain"})
    program = old.get_model("programs", "Program").objects.create(
        year=2026, title="Program Lama", program_type_id="desain", organiser="Dekranasda", funding_source="apbd"
    )
    program.partners.add(org)
    ContentType.objects.filter(app_label="partners", model="partnerorganisation").delete()
    ContentType.objects.clear_cache()
    old_type, _ = ContentType.objects.get_or_create(app_label="programs", model="partnerorganisation")
    perm, _ = Permission.objects.get_or_create(
        content_type=old_type, codename="change_partnerorganisation", defaults={"name": "Can change"}
    )
    from sentra.core.models import ChangeLog

    ChangeLog.objects.create(
        content_type=old_type, object_id=str(org.pk), object_repr=org.name, action="update", changes={}
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ensure_triggers()
    ContentType.objects.clear_cache()

    from sentra.core.audit import history_for
    from sentra.partners.models import PartnerOrganisation

    moved = PartnerOrganisation.objects.get(name="Universitas Lama")
    assert moved.pk == org.pk and moved.sector == "academia"
    assert list(moved.members.values_list("username", flat=True)) == ["t_mitra_lama"]
    assert list(moved.contacts.values_list("name", flat=True)) == ["Bu Rina"]
    assert list(moved.agreements.values_list("number", flat=True)) == ["MOU/1"]
    from sentra.programs.models import Program

    assert list(Program.objects.get(title="Program Lama").partners.all()) == [moved]
    # the history and permissions follow the model to its new app
    assert [e.object_repr for e in history_for(moved)] == ["Universitas Lama"]
    perm.refresh_from_db()
    assert perm.content_type.app_label == "partners"
    assert not ContentType.objects.filter(app_label="programs", model="partnerorganisation").exists()
