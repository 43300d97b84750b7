from sentra.accounts.services import personal_data_logged


def test_the_personal_data_access_log_is_readable_but_not_editable_in_the_admin(client, django_user_model, db):
    root = django_user_model.objects.create_superuser(username="root", password="pw-test-12345", role="admin")
    entry = personal_data_logged(user=root, kind="export", what="Ekspor registri dengan kolom NIK", rows=1762)
    client.force_login(root)
    listing = client.get("/admin/accounts/personaldataaccess/")
    assert listing.status_code == 200 and "Ekspor registri dengan kolom NIK" in listing.content.decode()
    assert client.get("/admin/accounts/personaldataaccess/add/").status_code == 403
    assert client.post(f"/admin/accounts/personaldataaccess/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert type(entry).objects.filter(pk=entry.pk).exists()
