"""Browser test of issue 15 items 1–2: the commune prints an invitation code, the producer's
representative signs up with it on the portal, drafts a registration, sends it to the commune, and
the commune takes it into its list. Chromium against the demo data."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_invitation_code_sign_up_draft_send_and_commune_accepts(seeded, login, page, live_server, artifacts_dir):
    from registrations.models import Producer, Registration

    url = live_server.url
    producer = Producer.objects.get(name="Hợp tác xã Na dai Lục Nam")

    # the commune invites a representative and prints the code
    login("xa.huyenson")
    page.goto(f"{url}/chu-the/xa/dai-dien/")
    page.locator("#producers-to-invite li", has_text=producer.name).get_by_role("link").click()
    page.get_by_label("Họ tên người đại diện").fill("Nguyễn Thị Na")
    page.get_by_role("button", name="Tạo mã mời").click()
    code = page.locator("#invitation-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    page.screenshot(path=str(artifacts_dir / "producers-invitation-code.png"), full_page=True)

    # the representative types it on the sign-up page (lower case, with a space: as on a phone)
    page.context.clear_cookies()
    page.goto(f"{url}/chu-the/tham-gia/")
    page.get_by_label("Mã mời").fill(code.lower().replace("-", " "))
    page.get_by_label("Tên đăng nhập").fill("chuthe.nadai")
    page.locator("#id_password").fill("Na-dai-Luc-Nam-2026")
    page.locator("#id_password2").fill("Na-dai-Luc-Nam-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page).to_have_url(f"{url}/chu-the/")

    # drafts a registration and sends it to the commune
    page.get_by_role("link", name="Soạn hồ sơ đăng ký mới").click()
    page.get_by_label("Tên sản phẩm").fill("Mứt na dai thử nghiệm")
    page.get_by_label(re.compile("Ngành › phân nhóm")).select_option(label="Chế biến từ rau, củ, quả, hạt")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text("Chủ thể đang soạn")
    page.get_by_role("button", name="Gửi hồ sơ đến xã").click()
    expect(page.locator("h1")).to_contain_text("Chủ thể đã gửi xã")
    expect(page.get_by_role("link", name="Sửa hồ sơ")).to_have_count(0)
    expect(page.locator("#history")).to_contain_text("Chủ thể gửi hồ sơ đến xã")
    registration = Registration.objects.get(product__name="Mứt na dai thử nghiệm")
    assert registration.status == Registration.Status.PRODUCER_SENT

    # the commune takes it into its list
    page.context.clear_cookies()
    login("xa.huyenson")
    page.goto(f"{url}/chu-the/xa/ho-so/")
    page.get_by_role("link", name="Mứt na dai thử nghiệm").click()
    page.get_by_role("button", name="Tiếp nhận vào danh sách của xã").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ vào danh sách của xã")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.DRAFT and registration.commune_list_id is not None
    page.screenshot(path=str(artifacts_dir / "producers-accepted.png"), full_page=True)


def test_demo_producer_downloads_its_decision_and_certificate(seeded, login, page, live_server, artifacts_dir):
    """Issue 15 (demo): chuthe.duabaoson opens Dứa Bảo Sơn's dossier, then its decision and certificate as
    the document register holds them, and downloads the certificate's PDF."""
    from registrations.models import Registration

    url = live_server.url
    registration = Registration.objects.get(product__name="Dứa Bảo Sơn", year=2021)
    login("chuthe.duabaoson")
    page.goto(f"{url}/chu-the/ho-so/{registration.pk}/")
    expect(page.locator("#results")).to_contain_text("191/QĐ-UBND")
    page.get_by_role("link", name="Quyết định và giấy chứng nhận").click()
    papers = page.locator("#papers")
    expect(papers.locator('[data-purpose="recognition_decision"]')).to_contain_text("191/QĐ-UBND")
    expect(papers.locator('[data-purpose="certificate"]')).to_contain_text("GCN-UBND")
    page.screenshot(path=str(artifacts_dir / "producers-papers.png"), full_page=True)
    with page.expect_download() as download_info:
        papers.locator('[data-purpose="certificate"]').get_by_role("link", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"


def test_join_page_refuses_even_the_right_code_after_five_wrong_ones(seeded, page, live_server, artifacts_dir):
    from accounts.models import User
    from registrations.models import Producer
    from registrations.representatives import invitation_create

    producer = Producer.objects.get(name="Hợp tác xã Na dai Lục Nam")
    _invitation, code = invitation_create(actor=User.objects.get(username="xa.huyenson"), producer=producer,
                                          full_name="Nguyễn Thị Na")
    page.goto(f"{live_server.url}/chu-the/tham-gia/")
    for i in range(6):
        page.get_by_label("Mã mời").fill(code if i == 5 else f"ZZZZZ-ZZZZ{i}")
        page.get_by_label("Tên đăng nhập").fill("chuthe.nadai")
        page.locator("#id_password").fill("Na-dai-Luc-Nam-2026")
        page.locator("#id_password2").fill("Na-dai-Luc-Nam-2026")
        page.get_by_role("button", name="Tạo tài khoản").click()
        if i < 5:
            expect(page.locator("#join-form")).to_contain_text("Mã mời không đúng")
    expect(page.locator("#join-blocked")).to_contain_text(re.compile(r"thử lại sau \d\d:\d\d ngày \d\d/\d\d/\d{4}"))
    page.screenshot(path=str(artifacts_dir / "producers-join-blocked.png"), full_page=True)
    assert not User.objects.filter(username="chuthe.nadai").exists()
