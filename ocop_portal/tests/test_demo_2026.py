"""The 2026 demo flow under 1489/QĐ-TTg with the post-2025 units (issue 10 item 8)."""

import pytest
from django.core.management import call_command

from evaluations.models import Recognition, Round
from registrations.models import CommuneAssessment, Registration
from subsidies.models import Entitlement

pytestmark = pytest.mark.django_db


def test_seed_demo_runs_2021_and_the_2026_flow_under_1489(client):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    registration = Registration.objects.select_related("commune__parent").get(product__name="Dứa sấy dẻo Bảo Đài")
    assert registration.commune.code == "BN25-03" and registration.commune.parent.code == "BN-2025"
    assert CommuneAssessment.objects.get(registration=registration).passed
    assert registration.commune_list.proposal.letter_number == "12/UBND-NN (demo)"
    round_ = Round.objects.get(entries__registration=registration)
    assert round_.level == "province" and round_.district.code == "BN-2025" and round_.status == "published"
    recognition = Recognition.objects.get(registration=registration)
    assert (recognition.stars, recognition.issuer_level, recognition.issuer_unit.code) == (3, "province", "BN-2025")
    assert not recognition.outside_portal
    entitlement = Entitlement.objects.get(recognition=recognition)
    assert entitlement.policy.code == "bac-ninh-2026-demo" and "demo" in entitlement.policy.name
    assert Recognition.objects.get(decision_number="191/QĐ-UBND").outside_portal
    page = client.get("/quy-trinh/", {"ngay": "15/01/2026"}).content.decode()
    assert "1489/QĐ-TTg" in page


def _sign_in(client, username: str) -> bool:
    """Through the sign-in page (django-axes needs the request, so not client.login)."""
    response = client.post("/tai-khoan/dang-nhap/", {"username": username, "password": "ocop-demo-2021"})
    return response.status_code == 302 and "/dang-nhap/" not in response["Location"]


def test_demo_users_of_the_province_can_log_in_to_their_pages(client):
    call_command("seed_demo", verbosity=0)
    assert _sign_in(client, "tinh.thuky")
    round_ = Round.objects.get(district__code="BN-2025")
    assert client.get(f"/danh-gia/dot/{round_.pk}/").status_code == 200
    client.logout()
    assert _sign_in(client, "so.nnmt")
    inbox = client.get("/ho-so/tiep-nhan/?year=2026")
    assert inbox.status_code == 200
