"""Browser path under 148/QĐ-TTg (2024, Lục Nam): the district council's results are published
(set up through the services); in the browser the district's agriculture office records the
district's own 3★ decision for the 65-point product, offered only the district's 3★ and the
province's 4★, and forwards to the province only the product from 70 points."""

import pytest
from playwright.sync_api import expect

from .district_rounds import fill_letter_to_province, published_district_round

pytestmark = pytest.mark.e2e


@pytest.fixture
def round_2024(seeded):
    """A published 2024 district round of Lục Nam: Mật ong Huyền Sơn 65 points (3★), Vải sấy Huyền
    Sơn 75 points (4★), both proposed."""
    import datetime

    from evaluations.tests.test_procedure_paths import unit
    from registrations.models import RegistrationPeriod

    RegistrationPeriod.objects.get_or_create(district=unit("218"), year=2024, number=1,
                                             defaults={"name": "Đợt 2024", "deadline": datetime.date(2024, 3, 31)})
    return published_district_round(year=2024, criteria="QD148",
                                    scores={"Mật ong Huyền Sơn 2024": "65", "Vải sấy Huyền Sơn 2024": "75"})


def test_district_recognises_3_stars_and_forwards_from_70(round_2024, login, page, live_server, confirmations):
    from evaluations.models import Recognition
    from registrations.models import Registration

    round_, (honey, lychee) = round_2024
    url = live_server.url
    confirmations.expected = ("Gửi tỉnh các sản phẩm đề nghị công nhận?",)
    login("phongnn")
    page.goto(f"{url}/danh-gia/de-nghi-cong-nhan/")
    page.locator("#proposals tr", has_text="Mật ong Huyền Sơn 2024").get_by_role("link", name="Công nhận", exact=True).click()
    level = page.get_by_label("Cấp công nhận")
    expect(level.locator("option")).to_have_text(["Cấp huyện – Lục Nam", "Cấp tỉnh – Bắc Giang"])
    expect(level).to_have_value("district")
    expect(page.get_by_label("Số sao được công nhận").locator("option")).to_have_text(["3 sao", "4 sao"])
    expect(page.get_by_label("Cơ quan ban hành")).to_have_value("UBND huyện Lục Nam")
    page.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2024-08-20")
    page.get_by_label("Số sao được công nhận").select_option("3")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận quyết định công nhận")

    page.goto(f"{url}/danh-gia/dot/{round_.pk}/gui-tinh/")
    expect(page.locator("h1")).to_contain_text("Gửi tỉnh 1 sản phẩm đề nghị công nhận: Vải sấy Huyền Sơn 2024")
    fill_letter_to_province(page, number="88/NN", day="2024-08-22")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lập công văn gửi tỉnh 1 sản phẩm")
    assert confirmations.asked and confirmations.asked[0].startswith("Gửi tỉnh các sản phẩm đề nghị công nhận?")

    recognition = Recognition.objects.get(registration=honey)
    assert (recognition.stars, recognition.issuer_level, recognition.issuer_unit.code) == (3, "district", "218")
    honey.refresh_from_db()
    lychee.refresh_from_db()
    assert (honey.status, lychee.status) == (Registration.Status.ACCEPTED, Registration.Status.FORWARDED)
