"""Producer support cases (plan II.5): who opens, sees and updates them; spending checked against
the budget source; evidence checked by content; the list's query count."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AdministrativeUnit, StatusChange
from accounts.workflow import DomainError
from plans import services
from plans.models import Body, SupportCase
from plans.tests.conftest import assign
from registrations.tests.factories import ProducerFactory, ProductFactory
from subsidies import services as subsidy_services
from subsidies.models import ExpenseCategory, FundingKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def producer(db):
    return ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-03"))  # Bảo Sơn


@pytest.fixture
def source(demo_users):
    finance = demo_users["taichinh"]
    source = subsidy_services.budget_source_create(actor=finance, year=2021, kind=FundingKind.DISTRICT_BUDGET,
                                                   name="Ngân sách huyện hỗ trợ chủ thể",
                                                   unit=AdministrativeUnit.objects.get(code="218"))
    subsidy_services.budget_allocate(source=source, actor=finance, category=ExpenseCategory.PRODUCER_SUPPORT,
                                     amount=5_000_000)
    return source


@pytest.fixture
def case(producer, source, demo_users):
    return services.support_case_open(
        actor=demo_users["phongnn"], producer=producer, product=ProductFactory(producer=producer),
        kind=SupportCase.Kind.LABEL_PACKAGING, provider_body=Body.ECONOMY_OFFICE, planned_cost=4_000_000,
        budget_source=source,
    )


def test_the_office_and_the_producers_commune_open_cases_another_commune_cannot(client, producer, demo_users):
    client.force_login(demo_users["xa.baoson"])
    response = client.post(reverse("plans:case_create"), {
        "producer": producer.pk, "kind": SupportCase.Kind.TRADEMARK, "provider_body": Body.ECONOMY_OFFICE,
    })
    case = SupportCase.objects.get()
    assert response["Location"] == reverse("plans:case_detail", args=[case.pk])
    assert StatusChange.objects.filter(object_id=case.pk, workflow="support_case", actor=demo_users["xa.baoson"]).exists()
    with pytest.raises(PermissionDenied):
        services.support_case_open(actor=demo_users["xa.huyenson"], producer=producer,
                                   kind=SupportCase.Kind.TRADEMARK, provider_body=Body.ECONOMY_OFFICE)
    # Another commune's form does not even offer the producer.
    client.force_login(demo_users["xa.huyenson"])
    client.post(reverse("plans:case_create"), {
        "producer": producer.pk, "kind": SupportCase.Kind.TRADEMARK, "provider_body": Body.ECONOMY_OFFICE,
    })
    assert SupportCase.objects.count() == 1


def test_the_commune_sees_its_producers_cases_and_no_others(client, case, demo_users, other_district):
    client.force_login(demo_users["xa.baoson"])
    assert case.producer.name in client.get(reverse("plans:case_list")).content.decode()
    assert client.get(reverse("plans:case_detail", args=[case.pk])).status_code == 200
    for outsider in (demo_users["xa.huyenson"], assign("agriculture_office", "219")):
        client.force_login(outsider)
        assert case.producer.name not in client.get(reverse("plans:case_list")).content.decode()
        assert client.get(reverse("plans:case_detail", args=[case.pk])).status_code == 404


def test_the_providing_body_updates_the_case_others_read_only(client, case, demo_users):
    economy = assign("economy_office", "218")
    health = assign("health_office", "218")
    client.force_login(economy)
    assert client.post(reverse("plans:case_detail", args=[case.pk]),
                       {"action": "status", "status": "in_progress"}).status_code == 302
    case.refresh_from_db()
    assert case.status == SupportCase.Status.IN_PROGRESS
    client.force_login(health)
    assert client.post(reverse("plans:case_detail", args=[case.pk]),
                       {"action": "status", "status": "done"}).status_code == 403
    # Supervision does not follow support cases at all (no personal data beyond what is public).
    client.force_login(assign("supervision", "218"))
    assert client.post(reverse("plans:case_detail", args=[case.pk]),
                       {"action": "status", "status": "done"}).status_code == 404
    case.refresh_from_db()
    assert case.status == SupportCase.Status.IN_PROGRESS


def test_spending_over_the_budget_is_refused_unless_a_reason_is_given_and_recorded_once(case, demo_users):
    finance = demo_users["taichinh"]
    subsidy_services.budget_spend(source=case.budget_source, actor=finance, category=ExpenseCategory.TRAINING,
                                  amount=2_000_000, spent_on=datetime.date(2021, 5, 1), description="Tập huấn")
    with pytest.raises(DomainError, match="vượt số kinh phí"):
        services.support_case_record_cost(case=case, actor=finance, amount=4_000_000, spent_on=datetime.date(2021, 6, 1))
    case.refresh_from_db()
    assert case.expense is None
    services.support_case_record_cost(case=case, actor=finance, amount=4_000_000, spent_on=datetime.date(2021, 6, 1),
                                      override_reason="Bổ sung dự toán quý III")
    case.refresh_from_db()
    assert case.expense.amount == 4_000_000
    assert case.expense.category == ExpenseCategory.PRODUCER_SUPPORT
    assert case.expense.overspend_reason == "Bổ sung dự toán quý III"
    with pytest.raises(DomainError, match="đã được ghi"):
        services.support_case_record_cost(case=case, actor=finance, amount=1, spent_on=datetime.date(2021, 6, 2))
    with pytest.raises(PermissionDenied):
        services.support_case_record_cost(case=case, actor=demo_users["phongnn"], amount=1,
                                          spent_on=datetime.date(2021, 6, 2))


def test_the_cost_form_shows_the_overspending_refusal_as_a_form_error(client, case, demo_users):
    client.force_login(demo_users["taichinh"])
    response = client.post(reverse("plans:case_detail", args=[case.pk]),
                           {"action": "cost", "amount": "9000000", "spent_on": "01/06/2021"})
    assert response.status_code == 200
    assert "vượt số kinh phí" in response.content.decode()
    case.refresh_from_db()
    assert case.expense is None


def test_evidence_is_checked_by_content(client, case, demo_users):
    client.force_login(demo_users["phongnn"])
    fake = SimpleUploadedFile("nhan.png", b"<html>not an image</html>", content_type="image/png")
    response = client.post(reverse("plans:case_detail", args=[case.pk]), {"action": "evidence", "file": fake})
    assert response.status_code == 200
    assert not case.evidence.exists()
    pdf = SimpleUploadedFile("thiet-ke-nhan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(reverse("plans:case_detail", args=[case.pk]), {"action": "evidence", "file": pdf}).status_code == 302
    assert case.evidence.get().name == "thiet-ke-nhan.pdf"


def test_the_case_list_runs_a_fixed_number_of_queries(client, case, producer, source, demo_users,
                                                      django_assert_max_num_queries):
    client.force_login(demo_users["phongnn"])
    client.get(reverse("plans:case_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("plans:case_list"))
    for kind in SupportCase.Kind.values:
        services.support_case_open(actor=demo_users["phongnn"], producer=ProducerFactory(), kind=kind,
                                   provider_body=Body.AGRICULTURE_OFFICE, budget_source=source)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("plans:case_list") + "?q=hop tac xa")
    assert len(response.context["page"]) == 1 + len(SupportCase.Kind.values)


def test_the_registrations_page_shows_the_producers_support_history(client, case, demo_users):
    from registrations.tests.factories import RegistrationFactory

    registration = RegistrationFactory(product=case.product)
    client.force_login(demo_users["phongnn"])
    page = client.get(reverse("registrations:registration_detail", args=[registration.pk])).content.decode()
    assert 'id="support-history"' in page
    assert "Thiết kế nhãn mác, bao bì" in page
    assert reverse("plans:case_detail", args=[case.pk]) in page


def test_a_case_draws_only_on_its_producers_district_budget(producer, demo_users, other_district):
    outsider_finance = assign("finance_office", "219")
    foreign = subsidy_services.budget_source_create(actor=outsider_finance, year=2021, kind=FundingKind.DISTRICT_BUDGET,
                                                    name="Ngân sách Lục Ngạn", unit=other_district)
    with pytest.raises(ValidationError):
        services.support_case_open(actor=demo_users["phongnn"], producer=producer, kind=SupportCase.Kind.TRADEMARK,
                                   provider_body=Body.ECONOMY_OFFICE, budget_source=foreign)


def test_object_extras_is_the_one_seam_for_both_pages_with_a_fixed_number_of_queries(case, producer, demo_users,
                                                                                      django_assert_num_queries):
    """Plans (registration panels) and subsidies (recognition support lines) add to lower apps' pages
    through one mechanism, accounts.portal.object_extras, asked once for all the page's objects."""
    from accounts.portal import RECOGNITION_SUPPORT, REGISTRATION_PANELS, Line, Panel, object_extras
    from registrations.tests.factories import RegistrationFactory
    from subsidies.tests.factories import recognise

    user = demo_users["phongnn"]
    few = [RegistrationFactory(product=case.product), RegistrationFactory(product=ProductFactory(producer=producer))]
    other = ProducerFactory(commune=producer.commune)
    many = few + [RegistrationFactory(product=ProductFactory(producer=other)) for _ in range(4)]
    object_extras(REGISTRATION_PANELS, few, user)  # warm caches (roles, hooks)
    with django_assert_num_queries(1) as small:
        panels = object_extras(REGISTRATION_PANELS, few, user)
    with django_assert_num_queries(len(small.captured_queries)):
        panels = object_extras(REGISTRATION_PANELS, many, user)
    assert set(panels) == {r.pk for r in many}
    assert all(isinstance(p, Panel) for items in panels.values() for p in items)
    assert [c.pk for c in panels[few[0].pk][0].context["cases"]] == [case.pk]
    assert panels[many[-1].pk][0].context["cases"] == []
    # the same mechanism gives the recognition pages their support lines (subsidies), nothing else
    recognition = recognise(stars=3)
    lines = object_extras(RECOGNITION_SUPPORT, [recognition], user)
    assert lines[recognition.pk] and all(isinstance(line, Line) for line in lines[recognition.pk])
    assert object_extras("unknown_slot", [recognition], user) == {}
    import importlib.util

    assert importlib.util.find_spec("evaluations.extensions") is None  # the second seam is gone
