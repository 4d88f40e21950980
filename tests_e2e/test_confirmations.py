"""The one confirmation mechanism (data-confirm + static/js/portal.js) works under the portal's own
Content-Security-Policy: the dialog appears with the action's question; dismissing it leaves the
sheet unsubmitted, accepting it submits."""

from playwright.sync_api import expect

from evaluations.models import Scorecard
from tests_e2e.test_evaluations import PICK_JS, round_with_product  # noqa: F401 (fixture)

QUESTION = "Nộp phiếu chấm? Sau khi nộp, phiếu bị khóa; chỉ thư ký hội đồng mở lại được."


def test_submitting_a_score_sheet_asks_first(round_with_product, login, page, live_server):  # noqa: F811
    _round, entry = round_with_product
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    login("hoidong.chutich")
    response = page.goto(f"{live_server.url}/danh-gia/cham-diem/{entry.pk}/")
    policy = response.headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "nonce-" not in script_src

    page.evaluate(PICK_JS, 0)
    page.locator("#score-form fieldset").first.locator("input[type=radio]").last.check()

    # Cancel: the dialog appeared with the question, and nothing was submitted.
    seen = []
    page.once("dialog", lambda dialog: (seen.append((dialog.type, dialog.message)), dialog.dismiss()))
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.get_by_role("button", name="Nộp phiếu")).to_be_visible()
    assert seen == [("confirm", QUESTION)]
    assert not Scorecard.objects.filter(entry=entry, status=Scorecard.Status.SUBMITTED).exists()
    expect(page.locator(".alert-success")).to_have_count(0)

    # Accept: the sheet is submitted and locked.
    page.once("dialog", lambda dialog: (seen.append((dialog.type, dialog.message)), dialog.accept()))
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã nộp phiếu chấm")
    assert seen == [("confirm", QUESTION), ("confirm", QUESTION)]
    assert Scorecard.objects.filter(entry=entry, status=Scorecard.Status.SUBMITTED).count() == 1

    assert csp_errors == []
