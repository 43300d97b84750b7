import pytest

from sentra.engagement.models import Idea, SurveyResponse


@pytest.mark.browser
def test_respondent_fills_the_survey_on_a_phone(browser, live_server, make_period, services):
    period = make_period()
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})  # a common phone
    page.goto(f"{live_server.url}/survei/isi/{period.token}/?layanan=pelatihan")

    # The form fits the phone: no sideways scrolling; every answer is a large tap target.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("select[name=service]").input_value() == str(services[1].pk)
    box = page.locator("label[for=id_u1_0]").bounding_box()
    assert box["height"] >= 40 and box["width"] >= 300
    # the honeypot is out of sight (moved off-screen, hidden from screen readers)
    trap = page.locator("input[name=website]").bounding_box()
    assert trap is None or trap["x"] + trap["width"] <= 0

    scores = [4, 3, 3, 4, 3, 4, 4, 2]  # U9 left out on purpose first
    for i, score in enumerate(scores, start=1):
        page.locator(f"label[for=id_u{i}_{score - 1}]").click()
    page.locator("label[for=id_age_band_2]").click()
    page.locator("label[for=id_sex_1]").click()
    page.select_option("select[name=education]", "sma")
    page.select_option("select[name=occupation]", "usaha")
    page.fill("textarea[name=complaint]", "Ruang tunggu <b>panas</b>")
    page.get_by_role("button", name="Kirim jawaban").click()

    # refused with a clear message, and nothing typed or chosen is lost
    page.wait_for_selector("text=Unsur ini belum dijawab.")
    assert SurveyResponse.objects.count() == 0
    assert page.locator("#id_u4_3").is_checked() and page.locator("#id_u8_1").is_checked()
    assert page.locator("textarea[name=complaint]").input_value() == "Ruang tunggu <b>panas</b>"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.locator("label[for=id_u9_2]").click()
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_selector("text=Jawaban Anda sudah kami terima.")

    stored = SurveyResponse.objects.get()
    assert stored.scores() == [*scores, 3]
    assert stored.service == services[1] and stored.anonymous
    assert (stored.age_band, stored.sex, stored.education, stored.occupation) == ("30-39", "P", "sma", "usaha")
    assert Idea.objects.get().text == "Ruang tunggu <b>panas</b>"
