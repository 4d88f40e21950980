"""Open-data API: public products and events without login; province endpoints need a province
token; nothing writable; ISO dates, integer amounts; paging and filters; schemathesis run."""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts.tests.factories import make_user
from evaluations.services import recognition_end
from promotion.services import participation_invite
from registrations.models import Registration
from registrations.tests.factories import ProductFactory, RegistrationFactory

from .factories import make_event, recognised_product

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/products/"
EVENTS = "/api/v1/events/"
PROVINCE_REGISTRATIONS = "/api/v1/province/registrations/"
PROVINCE_RECOGNITIONS = "/api/v1/province/recognitions/"
PROVINCE_RESULTS = "/api/v1/province/round-results/"


@pytest.fixture
def api():
    return APIClient()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_public_products_without_login(api, as_of):
    product, recognition = recognised_product(name="Dứa Bảo Sơn", stars=3, decision_number="191/QĐ-UBND")
    gone, gone_recognition = recognised_product(name="Gà đồi")
    recognition_end(recognition=gone_recognition, actor=make_user("province"), to="revoked", reason="x")
    response = api.get(PRODUCTS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["slug"] == "dua-bao-son" and item["name"] == "Dứa Bảo Sơn" and item["stars"] == 3
    assert item["decision_number"] == "191/QĐ-UBND"
    assert item["decision_date"] == "2021-08-26" and item["valid_until"] == "2024-08-25"
    assert item["url"] == "http://testserver/san-pham/dua-bao-son/"
    assert item["sector"] and item["commune_code"] == "218-03"
    assert api.get(f"{PRODUCTS}dua-bao-son/").json()["name"] == "Dứa Bảo Sơn"
    assert api.get(f"{PRODUCTS}{gone.slug}/").status_code == 404


def test_product_filters_and_paging(api, as_of):
    recognised_product(name="Dứa Bảo Sơn", stars=3, commune_code="218-03")
    recognised_product(name="Mật ong", stars=4, commune_code="218-21")
    assert [p["name"] for p in api.get(PRODUCTS, {"q": "dua"}).json()["results"]] == ["Dứa Bảo Sơn"]
    assert [p["name"] for p in api.get(PRODUCTS, {"stars": 4}).json()["results"]] == ["Mật ong"]
    assert [p["name"] for p in api.get(PRODUCTS, {"commune": "218-21"}).json()["results"]] == ["Mật ong"]
    assert api.get(PRODUCTS, {"sector": "1"}).json()["count"] == 2
    paged = api.get(PRODUCTS, {"page_size": 1}).json()
    assert paged["count"] == 2 and len(paged["results"]) == 1 and paged["next"]


def test_public_events_with_integer_fields(api, as_of):
    product, _ = recognised_product()
    event = make_event(name="Ngày hội OCOP", kind="ngay_hoi_ocop")
    participation_invite(event=event, product=product, actor=make_user("agriculture_office"), support_amount=3_000_000)
    make_event(name="Hội chợ 2022", start=datetime.date(2022, 5, 1))
    data = api.get(EVENTS, {"year": 2021}).json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["name"] == "Ngày hội OCOP" and item["start_date"] == "2021-12-10" and item["participant_count"] == 1
    assert item["in_province"] is True
    assert item["participations"] == [{
        "product_slug": product.slug, "product_name": product.name, "producer_name": product.producer.name,
        "stars": 3, "booth": "", "support_amount": 3_000_000, "sales_amount": None, "contracts_signed": None,
        "visitors": None,
    }]


def test_province_endpoints_need_a_province_token(api):
    assert api.get(PROVINCE_RECOGNITIONS).status_code == 401
    assert api.get(PROVINCE_REGISTRATIONS).status_code == 401
    for role in ("commune_officer", "agriculture_office", "council_member"):
        client = token_client(make_user(role))
        assert client.get(PROVINCE_RECOGNITIONS).status_code == 403, role
    session = APIClient()
    session.force_login(make_user("province"))
    # Session cookies are not accepted on the province part: a token is required.
    assert session.get(PROVINCE_RECOGNITIONS).status_code == 401
    assert token_client(make_user("province")).get(PROVINCE_RECOGNITIONS).status_code == 200


def test_province_sees_forwarded_registrations_and_recognitions_of_its_province():
    _, recognition = recognised_product(name="Dứa Bảo Sơn", score="62.50")
    forwarded = RegistrationFactory(product=ProductFactory(name="Na dai"), status=Registration.Status.FORWARDED)
    RegistrationFactory(product=ProductFactory(name="Còn ở huyện"), status=Registration.Status.ACCEPTED)
    client = token_client(make_user("province"))
    regs = client.get(PROVINCE_REGISTRATIONS).json()
    assert [r["product_name"] for r in regs["results"]] == ["Na dai"]
    assert regs["results"][0]["id"] == forwarded.pk and regs["results"][0]["status"] == "forwarded"
    recs = client.get(PROVINCE_RECOGNITIONS, {"year": 2021}).json()
    assert recs["count"] == 1
    rec = recs["results"][0]
    assert rec["id"] == recognition.pk and rec["decision_date"] == "2021-08-26" and rec["stars"] == 3
    assert rec["score"] == 62.5


def test_province_sees_results_of_published_rounds_only(api):
    from decimal import Decimal

    from evaluations.models import Round
    from evaluations.tests.factories import make_round

    published = make_round(status=Round.Status.PUBLISHED, products=2, meeting_date=datetime.date(2021, 7, 5))
    entry = published.entries.order_by("order").first()
    entry.score, entry.stars, entry.proposed, entry.conclusion = Decimal("62.50"), 3, True, "Đề nghị công nhận 3 sao"
    entry.save()
    make_round(status=Round.Status.OPEN, number=2, products=1)
    assert api.get(PROVINCE_RESULTS).status_code == 401
    assert token_client(make_user("agriculture_office")).get(PROVINCE_RESULTS).status_code == 403
    client = token_client(make_user("province"))
    data = client.get(PROVINCE_RESULTS).json()
    assert data["count"] == 2
    first = client.get(PROVINCE_RESULTS, {"proposed": "true"}).json()["results"]
    assert len(first) == 1
    row = first[0]
    assert row["id"] == entry.pk and row["score"] == 62.5 and row["stars"] == 3 and row["round_year"] == 2021
    assert row["meeting_date"] == "2021-07-05" and row["conclusion"] == "Đề nghị công nhận 3 sao"


def test_province_of_another_province_sees_nothing():
    from accounts.models import AdministrativeUnit

    other = AdministrativeUnit.objects.create(code="99", kind=AdministrativeUnit.Kind.PROVINCE, name="Tỉnh khác")
    recognised_product()
    client = token_client(make_user("province", other.code))
    assert client.get(PROVINCE_RECOGNITIONS).json()["count"] == 0
    assert client.get(PROVINCE_RESULTS).json()["count"] == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", [PRODUCTS, f"{PRODUCTS}dua-bao-son/", EVENTS, PROVINCE_RECOGNITIONS, PROVINCE_REGISTRATIONS, PROVINCE_RESULTS]
)
def test_nothing_is_writable(method, path, as_of):
    recognised_product(name="Dứa Bảo Sơn")
    for client in (APIClient(), token_client(make_user("province")), token_client(make_user("admin"))):
        response = getattr(client, method)(path, {"name": "x"}, format="json")
        assert response.status_code in (401, 403, 405), (client, response.status_code)
    from registrations.models import Product

    assert Product.objects.filter(name="Dứa Bảo Sơn").exists()


def test_schema_is_served_and_read_only():
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/products/", "/api/v1/events/", "/api/v1/province/recognitions/"} <= set(paths)
    for operations in paths.values():
        assert set(operations) - {"parameters"} == {"get"}


# Property-based run against the schema (in-process, through the WSGI app) ------------------------


def test_api_conforms_to_its_schema(settings):
    """Every operation, a bounded number of generated examples each (province token sent): no 5xx,
    every response valid against the schema and of the declared content type."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections
    from hypothesis import given

    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2022, 6, 1)
    recognised_product(name="Dứa Bảo Sơn")
    RegistrationFactory(product=ProductFactory(name="Na dai"), status=Registration.Status.FORWARDED)
    make_event()
    token = Token.objects.create(user=make_user("province"))
    checked = []
    # As Django's test client does: keep the test's transaction open across the in-process WSGI
    # requests (request_finished would otherwise close the connection on PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 10
        for operation in operations:

            @given(case=operation.as_strategy())
            @hypothesis_settings(
                max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                database=None, phases=[Phase.explicit, Phase.generate],  # bounded: no shrinking, no example store
            )
            def run(case):
                response = case.call_and_validate(
                    headers={"Authorization": f"Token {token.key}"},
                    checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
                )
                checked.append(response.status_code)

            run()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert checked and all(code < 500 for code in checked)


def test_province_officer_gets_a_key_on_the_open_data_page_and_it_opens_the_province_api(client):
    from accounts.models import StatusChange

    officer = make_user("province")
    client.force_login(officer)
    page = client.get("/du-lieu-mo/khoa-api/").content.decode()
    assert "Bạn chưa có khóa" in page and "/api/v1/province/recognitions/" in page
    assert client.post("/du-lieu-mo/khoa-api/").status_code == 302
    first = Token.objects.get(user=officer).key
    assert first in client.get("/du-lieu-mo/khoa-api/").content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get(PROVINCE_RECOGNITIONS).status_code == 200
    client.post("/du-lieu-mo/khoa-api/")  # a new key replaces the old one at once
    second = Token.objects.get(user=officer).key
    assert second != first and api.get(PROVINCE_RECOGNITIONS).status_code == 401
    assert list(StatusChange.objects.filter(workflow="open_data_api").order_by("pk").values_list("to_state", flat=True)) == [
        "api_token_issued", "api_token_replaced",
    ]
    from accounts.workflow import state_label

    assert state_label("api_token_replaced") == "Cấp lại khóa API dữ liệu mở"


@pytest.mark.parametrize("role", ["commune_officer", "agriculture_office", "council_secretary", "finance_office"])
def test_other_roles_get_no_api_key(client, role):
    from django.core.exceptions import PermissionDenied

    from promotion.services import api_token_issue

    user = make_user(role)
    client.force_login(user)
    assert client.get("/du-lieu-mo/khoa-api/").status_code == 403
    assert client.post("/du-lieu-mo/khoa-api/").status_code == 403
    with pytest.raises(PermissionDenied, match="cấp tỉnh"):
        api_token_issue(actor=user)
    assert not Token.objects.filter(user=user).exists()
    client.logout()
    assert client.get("/du-lieu-mo/khoa-api/").status_code == 302


def test_api_key_link_only_in_the_province_menu():
    from promotion.nav import nav_items

    assert "/du-lieu-mo/khoa-api/" in [item.url for item in nav_items(make_user("province"))]
    assert "/du-lieu-mo/khoa-api/" not in [item.url for item in nav_items(make_user("agriculture_office"))]
