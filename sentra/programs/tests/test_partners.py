"""Partner organisations see and join the programs they are part of — and nothing else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sentra.core.audit import history_for
from sentra.partners.models import PartnerOrganisation
from sentra.programs.models import PartnerJoin
from sentra.programs.partners import organisation_members_set, partner_join, partner_programs
from sentra.programs.services import ProgramError, enrollment_create


@pytest.fixture
def campus(partner_user):
    org = PartnerOrganisation.objects.create(name="Universitas Uji", sector="academia")
    org.members.add(partner_user)
    return org


@pytest.fixture
def upcoming(make_session):
    start = timezone.localdate() + dt.timedelta(days=7)
    return make_session(starts_on=start, ends_on=start)


def test_partner_sees_programs_its_organisation_is_part_of(partner_user, campus, make_program, make_session):
    as_partner = make_program(title="Program Mitra")
    as_partner.partners.add(campus)
    as_trainer = make_session(program=make_program(title="Program Narasumber"))
    as_trainer.trainer_organisations.add(campus)
    make_program(title="Program Lain")
    assert sorted(p.title for p in partner_programs(partner_user)) == ["Program Mitra", "Program Narasumber"]


def test_partner_program_page_shows_sessions_and_aggregates_not_participants(
    client, partner_user, campus, upcoming, staff_user, make_business, make_program
):
    upcoming.program.partners.add(campus)
    business = make_business(district="Dander", name="Keripik Bu Sri")
    enrollment_create(actor=staff_user, session=upcoming, business=business)
    client.force_login(partner_user)
    html = client.get(reverse("programs:partner_program", args=[upcoming.program.pk])).content.decode()
    assert upcoming.title in html and "1 dari 2 kursi terisi" in html
    assert "Keripik Bu Sri" not in html and business.owner.name not in html  # aggregates only
    other = make_program(title="Bukan Program Mitra")
    assert client.get(reverse("programs:partner_program", args=[other.pk])).status_code == 404


def test_partner_joins_changes_and_withdraws_attributably(client, partner_user, campus, upcoming, staff_user):
    upcoming.program.partners.add(campus)
    client.force_login(partner_user)
    url = reverse("programs:partner_join", args=[upcoming.pk])
    response = client.post(url, {"organisation": campus.pk, "people": "2", "note": "mentor desain"}, follow=True)
    assert "Universitas Uji ikut serta" in response.content.decode()
    join = PartnerJoin.objects.get(session=upcoming)
    assert (join.people, join.note, join.joined_by) == (2, "mentor desain", partner_user)
    client.post(url, {"organisation": campus.pk, "people": "3", "note": "mentor desain"})
    join.refresh_from_db()
    assert join.people == 3
    log = history_for(join).order_by("id")
    assert [e.action for e in log] == ["create", "update"] and all(e.actor == partner_user for e in log)
    assert log.last().changes == {"people": [2, 3]}
    # staff see the partner on the session page
    client.force_login(staff_user)
    html = client.get(reverse("programs:session_detail", args=[upcoming.pk])).content.decode()
    assert 'id="partner-joins"' in html and "Universitas Uji (3 orang, mentor desain)" in html
    client.force_login(partner_user)
    client.post(url, {"organisation": campus.pk, "batal": "1"})
    assert not PartnerJoin.objects.exists()


def test_bad_joins_are_refused_in_indonesian_and_save_nothing(
    client, partner_user, campus, upcoming, make_session, django_user_model
):
    upcoming.program.partners.add(campus)
    client.force_login(partner_user)
    url = reverse("programs:partner_join", args=[upcoming.pk])
    response = client.post(url, {"organisation": campus.pk, "people": "0", "note": "tiga dosen desain"})
    html = response.content.decode()
    assert response.status_code == 400 and "Keikutsertaan belum tersimpan: Jumlah orang" in html
    assert 'value="tiga dosen desain"' in html and 'value="0"' in html  # what was typed is kept
    stranger = PartnerOrganisation.objects.create(name="Organisasi Lain", sector="media")
    with pytest.raises(ProgramError, match="bukan anggota"):
        partner_join(actor=partner_user, session=upcoming, organisation_id=stranger.pk, people=1)
    past = make_session(program=upcoming.program, starts_on=dt.date(2025, 1, 6), ends_on=dt.date(2025, 1, 6))
    with pytest.raises(ProgramError, match="sudah selesai"):
        partner_join(actor=partner_user, session=past, organisation_id=campus.pk, people=1)
    other_program_session = make_session()
    with pytest.raises(ProgramError, match="bukan mitra program"):
        partner_join(actor=partner_user, session=other_program_session, organisation_id=campus.pk, people=1)
    assert not PartnerJoin.objects.exists()


def test_staff_set_members_only_from_partner_users(client, staff_user, partner_user, owner_user):
    org = PartnerOrganisation.objects.create(name="Komunitas Batik", sector="community")
    with pytest.raises(ProgramError, match="Hanya pengguna berperan Mitra"):
        organisation_members_set(actor=staff_user, organisation=org, users=[owner_user])
    client.force_login(staff_user)
    url = reverse("programs:organisation_members", args=[org.pk])
    form_html = client.get(url).content.decode()
    assert partner_user.username in form_html and owner_user.username not in form_html
    assert client.post(url, {"members": [partner_user.pk]}).status_code == 302
    assert list(org.members.all()) == [partner_user]
    assert history_for(org).get().changes == {"anggota": [[], ["t_mitra"]]}
    # a non-partner id posted by hand is refused by the form, membership unchanged
    response = client.post(url, {"members": [owner_user.pk]})
    assert response.status_code == 200 and list(org.members.all()) == [partner_user]


def test_partner_without_organisation_is_told_so(client, partner_user):
    client.force_login(partner_user)
    html = client.get(reverse("programs:partner_home")).content.decode()
    assert "belum terhubung ke organisasi mitra" in html
