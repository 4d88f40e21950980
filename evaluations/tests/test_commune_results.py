"""Issue 9 item 10: the commune sees its results, per commune and year: scores (only after the round's
results are published), stars, decision, validity, the council's feedback and the subsidy status."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from evaluations.models import Round, Scorecard
from evaluations.services import compute_round_results
from evaluations.tests.factories import make_card, make_recognition, make_round
from registrations.models import Registration

pytestmark = pytest.mark.django_db


def url(commune_code="218-11", year=2021):
    return f"/danh-gia/ket-qua-xa/{AdministrativeUnit.objects.get(code=commune_code).pk}/{year}/"


def scored_round(status, products=1):
    round_ = make_round(status=Round.Status.OPEN, products=products)
    members = [m for m in round_.council.members.all() if m.scores]
    for entry in round_.entries.all():
        for member, total in zip(members, (72, 75, 78), strict=False):
            card = make_card(entry, member, total)
            Scorecard.objects.filter(pk=card.pk).update(part_a=Decimal(30), part_b=Decimal(20), part_c=total - 50,
                                                        comment=f"Góp ý {member.order}: cải thiện bao bì")
    compute_round_results(round_)
    Round.objects.filter(pk=round_.pk).update(status=status)
    return round_


def test_scores_and_feedback_appear_only_once_the_results_are_published(demo_users, client_as):
    round_ = scored_round(Round.Status.CLOSED)
    registration = round_.entries.get().registration
    client = client_as("xa.huyenson")
    closed = client.get(url()).content.decode()
    assert registration.product.name in closed and "Chưa công bố" in closed
    assert "75,00" not in closed and "cải thiện bao bì" not in closed
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.PUBLISHED)
    published = client.get(url()).content.decode()
    assert "75,00" in published and "★★★★" in published and "cải thiện bao bì" in published
    assert "Đạt, đề nghị cấp trên" in published  # the council's conclusion


def test_decision_validity_and_subsidy_are_shown(demo_users, client_as):
    round_ = scored_round(Round.Status.PUBLISHED)
    registration = round_.entries.get().registration
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.FORWARDED)
    make_recognition(registration, stars=4, decision_date=datetime.date(2021, 8, 26), decision_number="191/QĐ-UBND")
    page = client_as("xa.huyenson").get(url()).content.decode()
    assert "191/QĐ-UBND" in page and "26/08/2021" in page and "25/08/2024" in page
    assert "10.000.000 đ" in page  # Lục Nam's 2021 policy: 3 or 4 stars


def test_a_recognition_no_policy_covers_says_so_on_the_commune_page(demo_users, client_as):
    round_ = make_round(status=Round.Status.PUBLISHED, year=2026)
    registration = round_.entries.get().registration
    Registration.objects.filter(pk=registration.pk).update(year=2026, status=Registration.Status.FORWARDED)
    make_recognition(registration, stars=3, decision_date=datetime.date(2026, 3, 2))
    page = client_as("xa.huyenson").get(url(year=2026)).content.decode()
    assert "Không có chính sách hỗ trợ nào áp dụng" in page


def test_drafts_and_cancelled_rounds_are_not_results(demo_users, client_as):
    round_ = make_round(status=Round.Status.CANCELLED)
    registration = round_.entries.get().registration
    page = client_as("xa.huyenson").get(url()).content.decode()
    assert "Chưa xếp vào đợt đánh giá" in page and str(round_.name) not in page.split(registration.product.name)[1]
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.DRAFT)
    assert 'id="no-results"' in client_as("xa.huyenson").get(url()).content.decode()


@pytest.mark.parametrize(("username", "status"), [
    ("xa.huyenson", 200), ("phongnn", 200), ("thuky", 200), ("taichinh", 200),
    ("xa.baoson", 404), ("hoidong.chutich", 404), ("tinh", 404),
])
def test_access_both_ways(demo_users, client_as, username, status):
    scored_round(Round.Status.PUBLISHED)
    assert client_as(username).get(url()).status_code == status


def test_another_districts_office_gets_404_and_the_officer_lands_on_its_own_page(demo_users, client_as, client):
    scored_round(Round.Status.PUBLISHED)
    province = AdministrativeUnit.objects.get(code="24")
    AdministrativeUnit.objects.create(code="999", name="Huyện khác", kind=AdministrativeUnit.objects.get(code="218").kind,
                                      parent=province)
    client.force_login(make_user("agriculture_office", "999"))
    assert client.get(url()).status_code == 404
    response = client_as("xa.huyenson").get(reverse("evaluations:my_commune_results"))
    assert response.status_code == 200 and "Huyền Sơn – năm 2021" in response.content.decode()
    assert client_as("phongnn").get(reverse("evaluations:my_commune_results")).status_code == 404
    assert client_as("xa.huyenson").get(url(year=1900)).status_code == 404


@pytest.mark.parametrize("n", [2, 10])
def test_the_page_runs_a_fixed_number_of_queries(demo_users, client_as, django_assert_max_num_queries, n):
    round_ = scored_round(Round.Status.PUBLISHED, products=n)
    for entry in round_.entries.select_related("registration"):
        make_recognition(entry.registration, stars=4)
    client = client_as("xa.huyenson")
    with django_assert_max_num_queries(16):  # measured 16 at 2 and at 10 products (support status and the merged header included)
        page = client.get(url()).content.decode()
    assert page.count('class="card mb-3 result-row"') == n
