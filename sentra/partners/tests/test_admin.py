"""The collaboration module in the Django admin: scoped by the admin's permissions like the rest of the admin,
contact people only for whoever holds their permissions, and every change logged (source "admin")."""

import pytest
from django.contrib.auth.models import Permission

from sentra.core.models import ChangeLog
from sentra.partners.models import Contact


@pytest.fixture
def superuser(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return admin_user


def _org_form(org, **extra):
    data = {
        "name": org.name,
        "sector": org.sector,
        "members": [u.pk for u in org.members.all()],
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_admin_changes_to_an_organisation_are_logged(client, superuser, campus, partner_user, other_partner):
    client.force_login(superuser)
    page = client.get(f"/admin/partners/partnerorganisation/{campus.pk}/change/").content.decode()
    assert "Pemerintah daerah" in page and "Komunitas kreatif" in page  # the council's sectors
    response = client.post(
        f"/admin/partners/partnerorganisation/{campus.pk}/change/",
        _org_form(
            campus,
            sector="community",
            members=[partner_user.pk, other_partner.pk],
            **{
                "contacts-TOTAL_FORMS": "1",
                "contacts-0-name": "Bu Rina",
                "contacts-0-phone": "081234567890",
                "contacts-0-organisation": campus.pk,
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campus.refresh_from_db()
    assert campus.sector == "community" and campus.members.count() == 2
    contact = Contact.objects.get(organisation=campus)
    logs = ChangeLog.objects.filter(source="admin")
    org_changes = [
        e.changes for e in logs if e.object_id == str(campus.pk) and e.content_type.model == "partnerorganisation"
    ]
    assert {"sector": ["academia", "community"]} in org_changes
    assert any("members" in c for c in org_changes)
    contact_log = logs.get(content_type__model="contact", object_id=str(contact.pk))
    assert contact_log.action == "create" and contact_log.actor == superuser
    assert "081234567890" not in str(contact_log.changes)  # personal data: only that it changed

    # an inline row deleted: logged before it goes
    client.post(
        f"/admin/partners/partnerorganisation/{campus.pk}/change/",
        _org_form(
            campus,
            **{
                "contacts-TOTAL_FORMS": "1",
                "contacts-INITIAL_FORMS": "1",
                "contacts-0-id": contact.pk,
                "contacts-0-organisation": campus.pk,
                "contacts-0-name": "Bu Rina",
                "contacts-0-DELETE": "on",
            },
        ),
    )
    assert not Contact.objects.exists()
    assert logs.filter(content_type__model="contact", action="delete", object_id=str(contact.pk)).exists()


def test_admin_commitment_edit_moves_the_version(client, superuser, commitments):
    c = commitments["booths"]
    client.force_login(superuser)
    response = client.post(
        f"/admin/partners/commitment/{c.pk}/change/",
        {
            "organisation": c.organisation_id,
            "kind": "booths",
            "description": "Stan pameran",
            "quantity": "5",
            "unit": "stan",
            "due_on": c.due_on.isoformat(),
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
            "deliveries-MIN_NUM_FORMS": "0",
            "deliveries-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    c.refresh_from_db()
    assert c.quantity == 5 and c.version == 2  # an editor in the app who opened version 1 is told
    assert ChangeLog.objects.filter(source="admin", object_id=str(c.pk), content_type__model="commitment").exists()


def test_admin_is_scoped_by_permissions(client, django_user_model, campus, partner_user):
    Contact.objects.create(organisation=campus, name="Bu Rina", phone="081234567890")
    clerk = django_user_model.objects.create_user(username="t_juru", password="pw-test-12345", role="staff")
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    # an admin-site account without permissions on partners sees none of it
    assert client.get("/admin/partners/partnerorganisation/").status_code == 403
    assert client.get(f"/admin/partners/partnerorganisation/{campus.pk}/change/").status_code == 403
    assert "partnerorganisation" not in client.get("/admin/").content.decode()
    # allowed to view organisations but not contacts: the organisation without its contact people
    clerk.user_permissions.add(Permission.objects.get(codename="view_partnerorganisation"))
    clerk = django_user_model.objects.get(pk=clerk.pk)
    client.force_login(clerk)
    page = client.get(f"/admin/partners/partnerorganisation/{campus.pk}/change/")
    assert page.status_code == 200 and "Universitas Uji" in page.content.decode()
    assert "081234567890" not in page.content.decode() and "Bu Rina" not in page.content.decode()
    # the partner's own users never get into the admin
    client.force_login(partner_user)
    response = client.get(f"/admin/partners/partnerorganisation/{campus.pk}/change/")
    assert response.status_code == 302 and "Bu Rina" not in response.content.decode()
