"""After seed_demo: the office's statistics of 2021 against the plan's target, with charts; the
public page answers anonymously without personal data."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from registrations.models import Producer
from stats.models import Programme, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_seed_demo_loads_the_plans_2021_targets_idempotently(demo):
    call_command("seed_demo", verbosity=0)
    programme = Programme.objects.get(unit__code="218", year=2021)
    target = Target.objects.get(programme=programme, metric="recognised", min_stars=3)
    assert (target.minimum, target.maximum) == (3, 5)
    assert "3- 5 sản phẩm" in target.source
    assert Target.objects.filter(programme=programme).count() == 3


def test_office_sees_2021_against_the_plans_target_with_three_svg_charts(demo, client):
    client.force_login(User.objects.get(username="phongnn"))
    response = client.get("/thong-ke/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "năm 2021" in html
    charts = re.findall(r"<svg\b", html)
    assert len(charts) >= 3
    assert "<script" not in "".join(re.findall(r"<svg\b.*?</svg>", html, flags=re.S))
    row = re.search(r'<tr class="target-(\w+)">\s*<td>Sản phẩm được công nhận từ 3 sao trở lên</td><td class="text-end">3–5</td><td class="text-end">(\d+)</td>', html)
    assert row is not None
    assert row.group(2) == "1"  # Dứa Bảo Sơn, 3 stars (Decision 191/QĐ-UBND of 26/08/2021)
    assert row.group(1) == "not_met"  # 2021 is over: 1 of 3–5


def test_public_page_answers_anonymously_without_personal_data(demo, client):
    response = client.get("/thong-ke/cong-khai/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<svg\b", html)) >= 3
    personal = set()
    for user in User.objects.all():
        personal |= {user.email, user.phone, user.full_name}
    for producer in Producer.objects.all():
        personal |= {producer.phone, producer.email, producer.legal_representative}
    from registrations.models import Forwarding

    personal |= set(Forwarding.objects.values_list("signer", flat=True))
    personal.discard("")
    personal.discard(None)
    assert personal  # the demo has personal data to leak
    leaked = [p for p in personal if p in html]
    assert leaked == []
    assert "@" not in re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S).replace("@media", "")
    assert "Kinh phí hỗ trợ chủ thể" not in html


def test_office_home_shows_the_years_targets(demo, client):
    client.force_login(User.objects.get(username="phongnn"))
    html = client.get(reverse("home_agriculture")).content.decode()
    assert "Chỉ tiêu năm 2021" in html
    assert "Sản phẩm được công nhận từ 3 sao trở lên: <strong>1</strong> / 3–5" in html


def test_commune_home_has_no_targets_panel(demo, client):
    client.force_login(User.objects.get(username="xa.baoson"))
    html = client.get(reverse("home_commune")).content.decode()
    assert "Chỉ tiêu năm" not in html
