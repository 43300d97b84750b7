"""Upload → mapping → dry run → commit in real Chromium, with the live progress bar."""

import io
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from sentra.imports.models import ImportBatch
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.models import Business


def _work():
    call_command("import_worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.browser
def test_upload_preview_commit_with_progress_bar(browser, live_server, staff_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(staff_user)
    host = urlparse(live_server.url).hostname
    browser.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
                          "path": "/"}])
    path = write_csv(
        tmp_path / "ikm-dander.csv",
        [
            HEADER + ["Produk Unggulan"],
            row(1, "Sari Rasa") + ["keripik"],
            row(2, "Batik Asri", sector="Batik") + ["batik"],
            row(3, "Salah Kecamatan", kec="Atlantis") + [""],
        ],
        delimiter=";",
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}/impor/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")

    page.wait_for_selector("#mapping-form")
    assert page.input_value("select[name=col_1]") == "name"
    assert page.input_value("select[name=col_9]") == ""  # "Produk Unggulan" is not known: the user maps it
    page.select_option("select[name=col_9]", "products")
    page.click("#mapping-form button[type=submit]")

    page.wait_for_selector("#import-progress")
    assert "menunggu pemeriksaan" in page.inner_text("#progress").lower()
    _work()
    page.wait_for_selector("[data-count=created]", timeout=15000)  # the poll sees the end and reloads
    assert page.inner_text("[data-count=created]") == "2"
    assert page.inner_text("[data-count=errors]") == "1"
    assert "Kecamatan “Atlantis” tidak dikenali." in page.inner_text("#error-table")
    assert Business.objects.count() == 0

    page.click("#commit-form button[type=submit]")
    page.wait_for_selector("#import-progress")
    assert "menunggu penyimpanan" in page.inner_text("#progress").lower()
    _work()
    page.wait_for_selector("#undo-form", timeout=15000)
    assert "tersimpan" in page.inner_text("#batch-status").lower()
    assert sorted(Business.objects.values_list("name", "products")) == [("Batik Asri", "batik"),
                                                                       ("Sari Rasa", "keripik")]
    assert ImportBatch.objects.get().status == "done"
