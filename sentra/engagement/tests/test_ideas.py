"""Ideas (aspirasi): owner submission, operator on behalf (own kecamatan only), batch and import, similar
suggestions and grouping, the state machine and its permissions, notifications, the public page."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sentra.core.audit import history_for
from sentra.engagement.models import Idea
from sentra.engagement.selectors import ideas_for_user, public_idea_counts, similar_ideas
from sentra.engagement.services import (
    EngagementError,
    idea_create,
    idea_group,
    idea_transition,
    normalize_text,
)


@pytest.fixture
def owned_business(make_business, owner_user):
    business = make_business(district="Dander")
    business.owner.user = owner_user
    business.owner.phone = "+6281234567890"
    business.owner.save()
    owner_user.email = "pemilik@example.invalid"
    owner_user.save()
    return business


def _idea(text="Pendampingan sertifikasi halal untuk IKM pangan", **data):
    return idea_create(actor=None, data={"category": "legalitas", "text": text, **data})


def test_owner_submits_from_self_service_and_sees_status(client, owner_user, owned_business):
    client.force_login(owner_user)
    response = client.post(
        reverse("engagement:my_ideas"),
        {"category": "pelatihan", "text": "Pelatihan foto produk untuk pemasaran daring", "publish_consent": "on"},
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.submitted_by == owner_user and idea.business == owned_business and idea.publish_consent
    assert idea.district_id == owned_business.district_id and idea.status == "diterima"
    page = client.get(reverse("engagement:my_ideas")).content.decode()
    assert "Pelatihan foto produk" in page and "Diterima" in page


def test_ten_thousand_characters_refused_and_typed_text_kept(client, owner_user, owned_business):
    client.force_login(owner_user)
    long_text = "a" * 10_000
    response = client.post(reverse("engagement:my_ideas"), {"category": "pelatihan", "text": long_text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "paling panjang 2000 karakter" in html
    assert Idea.objects.count() == 0
    with pytest.raises(EngagementError, match="terlalu panjang"):
        _idea("b" * 10_000)


def test_photo_checked_with_the_catalog_rules(client, owner_user, owned_business, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(owner_user)
    fake = SimpleUploadedFile("foto.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("engagement:my_ideas"), {"category": "peralatan", "text": "Oven", "photo": fake})
    assert response.status_code == 400
    assert "bukan gambar" in response.content.decode()
    assert Idea.objects.count() == 0
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "red").save(buf, "PNG")
    good = SimpleUploadedFile("foto.png", buf.getvalue(), content_type="image/png")
    assert (
        client.post(
            reverse("engagement:my_ideas"), {"category": "peralatan", "text": "Oven", "photo": good}
        ).status_code
        == 302
    )
    assert Idea.objects.get().photo.name.endswith(".jpg")


def test_script_tags_shown_escaped_everywhere(client, staff_user, owner_user, owned_business):
    idea = idea_create(
        actor=owner_user,
        data={"category": "lainnya", "text": "<script>alert('x')</script>", "publish_consent": True},
        submitted_by=owner_user,
        business=owned_business,
    )
    for who, url in [
        (None, reverse("engagement:ideas_public")),
        (owner_user, reverse("engagement:my_ideas")),
        (staff_user, reverse("engagement:idea_detail", args=[idea.pk])),
        (staff_user, reverse("engagement:idea_list")),
    ]:
        client.logout()
        if who:
            client.force_login(who)
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(" in html, url


def test_operator_enters_on_behalf_of_an_owner_in_their_kecamatan_only(
    client, dander_operator, kapas_operator, owned_business
):
    client.force_login(kapas_operator)
    refused = client.post(
        reverse("engagement:idea_on_behalf"),
        {"business": owned_business.pk, "category": "permodalan", "text": "Akses KUR"},
    )
    assert refused.status_code == 400
    assert "tidak ada di wilayah Anda" in refused.content.decode()
    assert Idea.objects.count() == 0
    client.force_login(dander_operator)
    ok = client.post(
        reverse("engagement:idea_on_behalf"),
        {"business": owned_business.pk, "category": "permodalan", "text": "Akses KUR"},
    )
    assert ok.status_code == 302
    idea = Idea.objects.get()
    assert idea.source == "operator" and idea.entered_by == dander_operator
    assert idea.submitted_by == owned_business.owner.user
    assert list(ideas_for_user(dander_operator)) == [idea]
    assert list(ideas_for_user(kapas_operator)) == []
    # the other kecamatan's operator cannot open it either
    client.force_login(kapas_operator)
    assert client.get(reverse("engagement:idea_detail", args=[idea.pk])).status_code == 404
    with pytest.raises(EngagementError, match="bukan di kecamatan Anda"):
        idea_create(actor=kapas_operator, data={"category": "lainnya", "text": "x"}, business=owned_business)


def test_batch_entry_is_all_or_nothing(client, staff_user):
    client.force_login(staff_user)
    bad = client.post(
        reverse("engagement:idea_batch"),
        {"source_note": "Rapat kerja 2026", "lines": "legalitas; Halal gratis\nastronomi; Teleskop\n"},
    )
    assert bad.status_code == 400
    assert "Baris 2: kategori “astronomi” tidak dikenal." in bad.content.decode()
    assert "Halal gratis" in bad.content.decode()  # kept
    assert Idea.objects.count() == 0
    ok = client.post(
        reverse("engagement:idea_batch"),
        {
            "source_note": "Rapat kerja 2026",
            "lines": "legalitas; Halal gratis\nbahan baku; Bahan baku kain\nTanpa kategori\n",
        },
    )
    assert ok.status_code == 302
    ideas = Idea.objects.order_by("pk")
    assert [(i.category, i.source, i.source_note) for i in ideas] == [
        ("legalitas", "meeting", "Rapat kerja 2026"),
        ("bahan_baku", "meeting", "Rapat kerja 2026"),
        ("lainnya", "meeting", "Rapat kerja 2026"),
    ]


def test_spreadsheet_import(client, staff_user):
    client.force_login(staff_user)
    csv_bytes = "Rekap usulan rapat kerja\n\nNo;Kategori;Usulan\n1;Pemasaran;Pameran di luar kota\n2;Alat;Mesin jahit\n"
    upload = SimpleUploadedFile("usulan.csv", csv_bytes.encode(), content_type="text/csv")
    ok = client.post(reverse("engagement:idea_import"), {"source_note": "Raker", "upload": upload})
    assert ok.status_code == 302
    assert sorted(Idea.objects.values_list("category", "text")) == [
        ("pemasaran", "Pameran di luar kota"),
        ("peralatan", "Mesin jahit"),
    ]
    bad_csv = b"Kategori;Usulan\nPemasaran;\n"
    bad = client.post(
        reverse("engagement:idea_import"),
        {"source_note": "Raker", "upload": SimpleUploadedFile("u.csv", bad_csv, content_type="text/csv")},
    )
    assert bad.status_code == 400 and "Baris 2: Tuliskan usulan Anda." in bad.content.decode()
    assert Idea.objects.count() == 2


def test_similar_ideas_suggested_with_supporters(staff_user):
    lead = _idea("Mohon pendampingan sertifikasi halal untuk IKM pangan")
    twin = _idea("pendampingan sertifikat halal IKM pangan!")
    other = _idea("Pelatihan desain kemasan", category="pelatihan")
    _idea("Sertifikasi halal gratis untuk usaha kecil pangan")
    found = similar_ideas("Pendampingan sertifikasi HALAL untuk IKM pangan", exclude=lead.pk)
    ids = [f["idea_id"] for f in found]
    assert twin.pk in ids and other.pk not in ids and lead.pk not in ids
    assert idea_group(actor=staff_user, lead=lead, members=[twin]) == 1
    found = similar_ideas("sertifikasi halal pangan")
    row = next(f for f in found if f["idea_id"] == lead.pk)
    assert row["supporters"] == 2
    assert twin.pk not in [f["idea_id"] for f in found]  # grouped ideas are represented by their lead


def test_normalize_text():
    assert normalize_text("Mohon BANTUAN untuk   Sertifikasi Halal, dan NIB!") == "bantuan sertifikasi halal nib"


def test_state_machine_and_permissions(staff_user, owner_user, dander_operator, owned_business, make_program):
    idea = idea_create(
        actor=owner_user,
        data={"category": "legalitas", "text": "Halal"},
        submitted_by=owner_user,
        business=owned_business,
    )
    with pytest.raises(EngagementError, match="Hanya staf"):
        idea_transition(actor=owner_user, idea=idea, status="ditinjau")
    with pytest.raises(EngagementError, match="Hanya staf"):
        idea_transition(actor=dander_operator, idea=idea, status="ditinjau")
    with pytest.raises(EngagementError, match="tidak dapat diubah"):
        idea_transition(actor=staff_user, idea=idea, status="selesai")
    idea = idea_transition(actor=staff_user, idea=idea, status="ditinjau")
    with pytest.raises(EngagementError, match="Pilih program"):
        idea_transition(actor=staff_user, idea=idea, status="ditindaklanjuti")
    program = make_program(title="Fasilitasi Sertifikasi Halal")
    idea = idea_transition(actor=staff_user, idea=idea, status="ditindaklanjuti", program=program)
    assert idea.program == program
    idea = idea_transition(actor=staff_user, idea=idea, status="selesai", response="Sertifikat terbit.")
    assert idea.status == "selesai"
    with pytest.raises(EngagementError, match="tidak dapat diubah"):
        idea_transition(actor=staff_user, idea=idea, status="ditolak", reason="x")
    # every change logged with its actor
    changes = [h.changes.get("status") for h in history_for(idea).order_by("pk")]
    assert changes == [
        [None, "diterima"],
        ["diterima", "ditinjau"],
        ["ditinjau", "ditindaklanjuti"],
        ["ditindaklanjuti", "selesai"],
    ]
    assert history_for(idea).filter(actor=staff_user).count() == 3
    # the submitter was told each time, by e-mail
    assert len(mail.outbox) == 3
    assert "Fasilitasi Sertifikasi Halal" in mail.outbox[1].body
    assert mail.outbox[0].to == ["pemilik@example.invalid"]


def test_rejection_needs_a_reason_that_the_submitter_sees(client, staff_user, owner_user, owned_business):
    idea = idea_create(
        actor=owner_user,
        data={"category": "kebijakan", "text": "Hapus pajak"},
        submitted_by=owner_user,
        business=owned_business,
    )
    with pytest.raises(EngagementError, match="alasan penolakan"):
        idea_transition(actor=staff_user, idea=idea, status="ditolak", reason="  ")
    idea_transition(actor=staff_user, idea=idea, status="ditolak", reason="Bukan kewenangan daerah.")
    assert "Bukan kewenangan daerah." in mail.outbox[-1].body
    client.force_login(owner_user)
    assert "Bukan kewenangan daerah." in client.get(reverse("engagement:my_ideas")).content.decode()


def test_staff_detail_shows_whatsapp_link_and_transitions_by_post(client, staff_user, owned_business, owner_user):
    idea = idea_create(
        actor=owner_user,
        data={"category": "legalitas", "text": "NIB"},
        submitted_by=owner_user,
        business=owned_business,
    )
    client.force_login(staff_user)
    html = client.get(reverse("engagement:idea_detail", args=[idea.pk])).content.decode()
    assert "https://wa.me/6281234567890?text=" in html
    client.post(reverse("engagement:idea_transition", args=[idea.pk]), {"status": "ditinjau"})
    idea.refresh_from_db()
    assert idea.status == "ditinjau"
    client.post(
        reverse("engagement:idea_transition", args=[idea.pk]),
        {"status": "ditindaklanjuti", "link_label": "Kegiatan rencana kerja 2027: klinik NIB"},
    )
    idea.refresh_from_db()
    assert idea.status == "ditindaklanjuti" and idea.link_label.startswith("Kegiatan rencana kerja")


def test_public_page_counts_and_consenting_ideas_without_names(client, owner_user, owned_business):
    owned_business.owner.name = "Bu Siti Rahayu"
    owned_business.owner.save()
    idea_create(
        actor=owner_user,
        data={"category": "pemasaran", "text": "Pameran produk di alun-alun", "publish_consent": True},
        submitted_by=owner_user,
        business=owned_business,
    )
    idea_create(
        actor=owner_user,
        data={"category": "pemasaran", "text": "Rahasia: modal usaha saya", "publish_consent": False},
        submitted_by=owner_user,
        business=owned_business,
    )
    counts = public_idea_counts()
    assert counts["total"] == 2
    assert next(c["count"] for c in counts["categories"] if c["code"] == "pemasaran") == 2
    html = client.get(reverse("engagement:ideas_public")).content.decode()
    assert "Anda usulkan, kami tindak lanjuti" in html
    assert "Pameran produk di alun-alun" in html
    assert "Rahasia" not in html
    for private in (
        "Bu Siti Rahayu",
        owned_business.name,
        "6281234567890",
        "pemilik@example.invalid",
        owner_user.username,
    ):
        assert private not in html
