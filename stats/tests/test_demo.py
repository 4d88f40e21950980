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


# --- the demo's 2021 flow runs at its 2021 moments (accounts.clock), so the period reports read it ---


def _lucnam_figures(period):
    from accounts.models import AdministrativeUnit
    from stats import report
    from stats.selectors import Filters, programme_stats

    lucnam = AdministrativeUnit.objects.get(code="218")
    f = Filters(unit=lucnam, year=2021) if period is None else report.filters_for(lucnam, 2021, period)
    stats = programme_stats(f)
    funnel = [row[1] for row in stats.table("funnel").rows]
    (producer_support,) = [row for row in stats.table("subsidies").rows if row[0].startswith("Ngân sách huyện")]
    rounds = {r["name"]: (r["status"], r["late"]) for r in stats.late["rounds"]}
    return funnel, producer_support[2:], rounds


def test_demo_annual_report_of_2021_counts_what_the_whole_year_page_counts(demo):
    page, page_money, _ = _lucnam_figures(None)
    annual, annual_money, rounds = _lucnam_figures("year")
    # registered, accepted, scored (5 sheets submitted in July), proposed (round 1 never closed), recognised (191/QĐ-UBND)
    assert page == [8, 8, 5, 0, 1]
    assert annual == page
    assert annual_money == page_money == [10_000_000, 0]  # Dứa Bảo Sơn's entitlement approved 20/09/2021, not paid
    assert rounds == {"Đợt 1": ("open", True), "Đợt 2": ("planned", True)}


def test_demo_mid_year_report_of_2021_counts_what_the_demo_dates_say_happened_by_30_june(demo):
    funnel, money, rounds = _lucnam_figures("mid")
    # the lists were sent on 30/03; round 1 opened on 25/06, its sheets came in July; decision 191 of 26/08
    assert funnel == [8, 8, 0, 0, 0]
    assert money == [0, 0]
    assert rounds == {"Đợt 1": ("open", False), "Đợt 2": ("planned", False)}


def test_demo_history_rows_of_2021_objects_carry_2021_dates_and_todays_flow_runs_today(demo):
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from accounts.models import StatusChange
    from evaluations.models import Council, Recognition, Round, Scorecard
    from plans.models import Plan, Task
    from promotion.models import Article, Course, Event
    from registrations.models import CommuneList, Registration
    from subsidies.models import Entitlement

    objects_2021 = [
        *Registration.objects.filter(year=2021), *CommuneList.objects.filter(period__year=2021),
        *Council.objects.filter(year=2021), *Round.objects.filter(year=2021),
        *Scorecard.objects.filter(entry__round__year=2021), *Recognition.objects.filter(decision_date__year=2021),
        *Entitlement.objects.filter(year=2021), *Event.objects.filter(start_date__year=2021),
        *Course.objects.filter(start_date__year=2021), *Article.objects.all(), *Plan.objects.filter(year=2021),
        *Task.objects.filter(activity__section__plan__year=2021), *Programme.objects.filter(year=2021),
    ]
    rows = StatusChange.objects.none()
    for obj in objects_2021:
        rows |= StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    days = sorted(timezone.localdate(at) for at in rows.values_list("at", flat=True))
    assert len(days) > 40  # the 2021 flow's history: rounds, sheets, decision, entitlement, events, plan
    assert (days[0], days[-1]) == (datetime.date(2021, 3, 1), datetime.date(2021, 12, 13))
    scored = Scorecard.objects.filter(entry__round__year=2021, status="submitted").values_list("submitted_at", flat=True)
    assert {timezone.localdate(at) for at in scored} == {datetime.date(2021, 7, d) for d in (5, 6, 7)}
    # the 2026 flow (and the open period of the current year) still runs today
    round_2026 = Round.objects.get(year=2026)
    today_rows = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Round), object_id=round_2026.pk)
    assert today_rows.exists()
    assert all(timezone.now() - at < datetime.timedelta(hours=1) for at in today_rows.values_list("at", flat=True))
    assert timezone.now() - round_2026.closed_at < datetime.timedelta(hours=1)
