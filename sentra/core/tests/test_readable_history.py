"""History and the review queue read like sentences; times carry the regency's zone; titles carry no markup."""

import re

import pytest
from django.test import override_settings

from sentra.core.history import readable_changes
from sentra.core.timefmt import zone_label
from sentra.registry.models import Business

pytestmark = pytest.mark.django_db


def test_values_and_labels_are_readable(reference_data):
    from sentra.regions.models import District

    dander = District.objects.get(regency_id="35.22", name="Dander")
    rows = readable_changes(
        Business,
        {
            "founded_year": [2015, 2016],
            "district_id": [None, dander.code],
            "sector_id": [None, "craft"],
            "phone_public": [True, False],
            "status": ["active", "closed"],
            "workers_male": [1200, 1500],
            "version": [1, 2],
            "nib": ["", "1234567890123"],
        },
    )
    text = {r["label"]: (r["old"], r["new"]) for r in rows}
    assert text["Tahun berdiri"] == ("2015", "2016")
    assert text["Kecamatan"] == ("–", "Dander")
    assert text["Sektor"][1] == "Kerajinan"
    assert text["Nomor boleh tampil publik"] == ("ya", "tidak")
    assert text["Status"] == ("Aktif", "Tutup")
    assert text["Tenaga kerja laki-laki"] == ("1.200", "1.500")
    assert text["NIB"] == ("–", "1234567890123")
    assert "Versi" not in text  # bookkeeping is not shown
    assert all("None" not in (o + n) and "_id" not in label for label, (o, n) in text.items())


def test_business_history_page_reads_like_sentences(client, staff_user, make_business):
    from sentra.registry.services import business_save

    business = make_business(name="Batik Lama", founded_year=2015)
    business_save(actor=staff_user, business=business, business_data={"founded_year": 2016, "sector_id": "craft"})
    client.force_login(staff_user)
    page = client.get(f"/ikm/{business.pk}/").content.decode()
    history = page[page.index("Riwayat") :]
    assert "Tahun berdiri: 2015 → 2016" in history
    assert "Sektor: Makanan" in history and "→ Kerajinan" in history
    assert "founded_year" not in history and "sector_id" not in history and "None" not in history
    assert "2.015" not in history and "2,015" not in history
    assert re.search(r"\d{2}:\d{2} WIB", history)


@override_settings(TIME_ZONE="Asia/Makassar")
def test_zone_label_follows_the_setting():
    assert zone_label() == "WITA"
    assert zone_label("Asia/Jayapura") == "WIT" and zone_label("Asia/Jakarta") == "WIB"


def test_review_queue_shows_labels(client, staff_user, owner_user, make_business):
    from sentra.accounts.models import ChangeRequest

    business = make_business(name="Kopi Lama")
    ChangeRequest.objects.create(
        business=business,
        requested_by=owner_user,
        changes={"name": ["Kopi Lama", "Kopi Baru"], "owner_name": [None, "Sri"]},
    )
    client.force_login(staff_user)
    page = client.get("/akun/tinjauan/").content.decode()
    assert "<strong>Nama usaha</strong>" in page and "<strong>Nama pemilik</strong>" in page
    assert "owner_name" not in page and "None" not in page


def test_tab_titles_carry_no_markup(client, owner_user):
    client.force_login(owner_user)
    page = client.get("/akun/usaha/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "&lt;" not in title and "Usaha saya" in title
