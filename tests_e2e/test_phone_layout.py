"""Phones (375 px, Chromium): every wide list becomes cards (class "table-cards"): no cell of the
review inbox, the round matrix, the histories, the entitlement lists and the other lists lies
off-screen, the page never scrolls sideways, and no cell wraps one word per line."""

import pytest

from evaluations.models import Round
from registrations.models import Registration
from subsidies.models import Entitlement

WIDTH = 375

# For every table on the page: cells outside the viewport, and cells whose text of three words or
# more is laid out one word per line (as many line boxes as words).
MEASURE_JS = """(width) => {
  const problems = [];
  const lines = (cell) => {  // line boxes of the cell's text (text nodes only, not form controls)
    const tops = new Set();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.checkVisibility({contentVisibilityAuto: true})) continue;  // e.g. a closed <details>
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };
  document.querySelectorAll("main table").forEach((table) => {
    table.querySelectorAll("tbody td, tfoot td").forEach((cell) => {
      const box = cell.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return;  // hidden on purpose (d-none)
      const text = cell.innerText.trim();
      if (box.left < -1 || box.right > width + 1) problems.push(`off-screen: ${text.slice(0, 40)} (${Math.round(box.left)}–${Math.round(box.right)})`);
      const words = text.split(/\\s+/).filter(Boolean).length;
      if (words >= 3 && lines(cell) >= words) problems.push(`one word per line: ${text.slice(0, 40)}`);
    });
  });
  if (document.documentElement.scrollWidth > width + 1) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
  return problems;
}"""


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": WIDTH, "height": 812})
    return page


def pages_of(role: str) -> list[str]:
    if role == "phongnn":
        registration = Registration.objects.filter(year=2021).order_by("pk").first()
        round_ = Round.objects.filter(year=2021, number=1).get()
        return ["/ho-so/tiep-nhan/?year=2021&status=", f"/danh-gia/dot/{round_.pk}/", f"/ho-so/{registration.pk}/lich-su/",
                f"/ho-so/{registration.pk}/", "/ho-so/?year=2021", "/ho-so/chu-the/", "/ho-so/danh-sach-xa/?year=2021",
                "/ho-so/tong-hop/?year=2021", "/ho-so/gui-tinh/", "/danh-gia/", "/danh-gia/cong-nhan/",
                "/danh-gia/de-nghi-cong-nhan/", "/ho-tro/", "/ke-hoach/"]
    entitlement = Entitlement.objects.order_by("pk").first()
    return ["/ho-tro/", f"/ho-tro/{entitlement.pk}/", "/ho-tro/ngan-sach/?year=2021"]


@pytest.mark.parametrize("role", ["phongnn", "taichinh"])
def test_wide_lists_fit_a_phone(seeded, login, phone, live_server, role, artifacts_dir):
    login(role)
    failures = {}
    for path in pages_of(role):
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert phone.locator("main table.table-cards").count() > 0, f"{path}: no card table"
        problems = phone.evaluate(MEASURE_JS, WIDTH)
        if problems:
            failures[path] = problems[:5]
    phone.goto(f"{live_server.url}{pages_of(role)[0]}")
    phone.screenshot(path=str(artifacts_dir / f"phone-{role}-list.png"), full_page=True)
    assert failures == {}
