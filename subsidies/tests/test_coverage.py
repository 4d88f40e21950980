"""Issue 9 item 7: a recognition that no support policy covers is shown as such (recognition page,
finance home, the commune's home and results page), and a policy added later applies to past
recognitions through a preview, then a creation with history, never twice."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AdministrativeUnit, StatusChange
from accounts.tests.factories import make_user
from accounts.workflow import history_of
from evaluations.models import Recognition
from subsidies import services
from subsidies.models import Entitlement, PolicyRule, SupportPolicy

from .factories import recognise

pytestmark = pytest.mark.django_db

NO_POLICY = "Không có chính sách hỗ trợ nào áp dụng"
AFTER_EVERY_POLICY = datetime.date(2026, 3, 2)  # the fixtures' policies end on 30/06/2025 and 31/12/2025


def add_policy(amount=15_000_000, code="luc-nam-2026"):
    policy = SupportPolicy.objects.create(
        code=code, name="Hỗ trợ OCOP huyện Lục Nam 2026 (thử)", legal_basis_number="01/2026/NQ-HĐND",
        legal_basis_date=datetime.date(2026, 1, 5), issuing_body="HĐND huyện Lục Nam", level="district",
        unit=AdministrativeUnit.objects.get(code="218"), funding_kind="ngan_sach_huyen",
        effective_from=datetime.date(2026, 1, 1),
    )
    PolicyRule.objects.create(policy=policy, event="first", stars=3, amount=amount)
    return policy


def test_no_policy_is_said_on_the_recognition_page_and_the_homes(demo_users, client_as):
    recognition = recognise(on=AFTER_EVERY_POLICY, commune_code="218-11")
    assert not Entitlement.objects.filter(recognition=recognition).exists()
    page = client_as("phongnn").get(f"/danh-gia/cong-nhan/{recognition.pk}/").content.decode()
    assert 'id="support"' in page and NO_POLICY in page
    finance_home = client_as("taichinh").get(reverse("home_finance")).content.decode()
    assert 'id="coverage-panel"' in finance_home and NO_POLICY in finance_home
    assert recognition.product.name in finance_home
    commune_home = client_as("xa.huyenson").get(reverse("home_commune")).content.decode()
    assert 'id="commune-unsupported"' in commune_home and NO_POLICY in commune_home
    other_commune = client_as("xa.baoson").get(reverse("home_commune")).content.decode()
    assert recognition.product.name not in other_commune


def test_a_covered_recognition_shows_its_entitlements_instead(demo_users, client_as):
    recognition = recognise(on=datetime.date(2021, 8, 26), commune_code="218-11")
    page = client_as("phongnn").get(f"/danh-gia/cong-nhan/{recognition.pk}/").content.decode()
    assert NO_POLICY not in page and "10.000.000 đ" in page


def test_a_later_policy_is_previewed_then_applied_once_with_history(demo_users, client_as):
    recognition = recognise(on=AFTER_EVERY_POLICY, commune_code="218-11")
    finance = client_as("taichinh")
    assert 'id="retroactive-empty"' in finance.get("/ho-tro/tinh-bo-sung/").content.decode()
    policy = add_policy()
    home = finance.get(reverse("home_finance")).content.decode()
    assert "1 quyết định công nhận có chính sách hỗ trợ áp dụng nhưng chưa tính hỗ trợ" in home
    recognition_page = finance.get(f"/danh-gia/cong-nhan/{recognition.pk}/").content.decode()
    assert "áp dụng nhưng chưa tính hỗ trợ" in recognition_page and NO_POLICY not in recognition_page
    preview = finance.get("/ho-tro/tinh-bo-sung/").content.decode()
    assert recognition.product.name in preview and "15.000.000 đ" in preview and policy.name in preview
    assert not Entitlement.objects.exists()  # a preview creates nothing
    unconfirmed = finance.post("/ho-tro/tinh-bo-sung/", {"ids": [recognition.pk]}).content.decode()
    assert "Hãy đánh dấu xác nhận" in unconfirmed and not Entitlement.objects.exists()
    response = finance.post("/ho-tro/tinh-bo-sung/", {"ids": [recognition.pk], "confirm": "on"}, follow=True)
    assert "Đã tạo 1 khoản hỗ trợ" in response.content.decode()
    entitlement = Entitlement.objects.get(recognition=recognition, policy=policy)
    assert entitlement.amount == 15_000_000 and entitlement.status == Entitlement.Status.NEW
    row = history_of(entitlement).get()
    assert row.actor.username == "taichinh" and "Tính bổ sung" in row.note
    # never twice: the page has nothing left, a replayed POST and the service create nothing
    assert 'id="retroactive-empty"' in finance.get("/ho-tro/tinh-bo-sung/").content.decode()
    finance.post("/ho-tro/tinh-bo-sung/", {"ids": [recognition.pk], "confirm": "on"})
    assert services.entitlements_compute_retroactive(recognitions=[recognition], actor=demo_users["taichinh"]) == []
    assert Entitlement.objects.filter(recognition=recognition).count() == 1
    assert StatusChange.objects.filter(workflow="subsidy").count() == 1
    assert history_of(recognition).filter(to_state="support_computed", note__contains="15.000.000 đ").count() == 1
    assert "Tính bổ sung hỗ trợ" in finance.get(f"/danh-gia/cong-nhan/{recognition.pk}/").content.decode()


def test_revoked_and_not_recognised_decisions_are_not_computed(demo_users):
    recognition = recognise(on=AFTER_EVERY_POLICY, commune_code="218-11")
    Recognition.objects.filter(pk=recognition.pk).update(status=Recognition.Status.REVOKED)
    add_policy()
    assert services.entitlements_compute_retroactive(recognitions=[recognition], actor=demo_users["taichinh"]) == []
    from subsidies.coverage import retroactive_preview

    assert retroactive_preview(demo_users["taichinh"]) == []


def test_retroactive_access_both_ways(demo_users, client_as):
    recognition = recognise(on=AFTER_EVERY_POLICY, commune_code="218-11")
    add_policy()
    for username in ("phongnn", "xa.huyenson", "thuky", "tinh", "hoidong.chutich"):
        assert client_as(username).get("/ho-tro/tinh-bo-sung/").status_code == 403, username
        client_as(username).post("/ho-tro/tinh-bo-sung/", {"ids": [recognition.pk], "confirm": "on"})
    assert not Entitlement.objects.exists()
    province = AdministrativeUnit.objects.get(code="24")
    AdministrativeUnit.objects.create(code="999", name="Huyện khác", kind=AdministrativeUnit.objects.get(code="218").kind,
                                      parent=province)
    elsewhere = make_user("finance_office", "999")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.entitlements_compute_retroactive(recognitions=[recognition], actor=elsewhere)
    from subsidies.coverage import retroactive_preview

    assert retroactive_preview(elsewhere) == []  # another district's finance office sees nothing of it


@pytest.mark.parametrize("n", [2, 12])
def test_the_preview_runs_a_fixed_number_of_queries(demo_users, client_as, django_assert_max_num_queries, n):
    for _ in range(n):
        recognise(on=AFTER_EVERY_POLICY, commune_code="218-11")
    add_policy()
    client = client_as("taichinh")
    with django_assert_max_num_queries(9 + 3):  # measured 9 at 2 and at 12 decisions; margin for other apps
        page = client.get("/ho-tro/tinh-bo-sung/").content.decode()
    assert page.count('name="ids"') == n
