"""The ministry's desk (issues 10/11): its demo user, its home panel (products waiting for the
centre's 5★ decision) and the screen on which it records a 5★ decision the centre made outside the
portal. Both ways: the ministry can; the province, the district office and the commune cannot."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import make_user
from evaluations.models import Recognition, RoundEntry
from evaluations.tests.factories import SCAN_PDF, make_recognition
from evaluations.tests.test_procedure_paths import PLACES, registration
from evaluations.tests.test_recognition_authority import published_round
from registrations.models import Registration
from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

OUTSIDE_LIST = reverse("evaluations:centre_outside_list")
# The roles that must not reach the centre's stage: the province, the district's office, the commune.
OTHERS = [("province", "24"), ("agriculture_office", "218"), ("commune_officer", "218-11")]


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode()


def _scan(name="qd.pdf", content=SCAN_PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def _decision(**overrides) -> dict:
    data = {"decision_number": "77/QĐ-BNNMT", "decision_date": "2022-12-01", "issuer": "Bộ Nông nghiệp và Môi trường",
            "certificate_number": "", "outside_reason": "Hội đồng trung ương đánh giá trực tiếp, không qua Cổng",
            "decision_scan": _scan()}
    data.update(overrides)
    return data


def _forwarded(n, year=2021):
    """`n` registrations of Huyền Sơn forwarded to the province (visible to the ministry), none scored on the portal."""
    return [RegistrationFactory(product=ProductFactory(producer=ProducerFactory(commune=_commune("218-11")),
                                                       name=f"Sản phẩm ngoài Cổng {year}-{i}"),
                                year=year, status=Registration.Status.FORWARDED) for i in range(n)]


def _commune(code):
    from accounts.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(code=code)


# --- the demo user ----------------------------------------------------------------------------

def test_the_demo_ministry_user_signs_in_to_its_home_with_the_centre_panel(client):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    response = client.post(reverse("accounts:login"), {"username": "bo.nnmt", "password": "ocop-demo-2021"})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.url == reverse("home_ministry")
    page = client.get(home.url).content.decode()
    assert "Sản phẩm chờ trung ương quyết định công nhận 5 sao" in page
    assert reverse("evaluations:centre_proposal_list") in page


# --- the home panel ---------------------------------------------------------------------------

def test_the_ministry_home_counts_the_products_waiting_for_the_centre_in_fixed_queries(client):
    """The panel counts the undecided products forwarded to the centre (not the decided one, not the
    89.99 one that stayed at the province), links to the centre's list, and runs as many queries with
    one product as with five."""
    forwarded, below = published_round("province", 2021, [("92", Registration.Status.FORWARDED),
                                                          ("89.99", Registration.Status.FORWARDED)])
    ministry = make_user("ministry")
    client.force_login(ministry)
    url = reverse("home_ministry")
    client.get(url)  # warm per-process caches (reference data, navigation)
    small, html = _count(client, url)
    assert 'rounded-pill">1</span>' in html and forwarded.registration.product.name in html
    assert below.registration.product.name not in html
    assert reverse("evaluations:centre_proposal_list") in html
    period_unit, commune, criteria, _units = PLACES[2021]
    for order in range(2, 7):
        RoundEntry.objects.create(round=forwarded.round, registration=registration(commune, 2021, criteria,
                                                                                   Registration.Status.FORWARDED),
                                  sheet=forwarded.sheet, order=order + 10, score=95, stars=5, proposed=True)
    make_recognition(RoundEntry.objects.filter(round=forwarded.round, order=16).get().registration, stars=5,
                     issuer_level="national", actor=ministry)  # decided: no longer waiting
    large, html = _count(client, url)
    assert 'rounded-pill">5</span>' in html
    assert small == large, f"home_ministry: {small} queries with 1 waiting product, {large} with 5"


@pytest.mark.parametrize(("role", "unit_code"), OTHERS)
def test_no_other_home_shows_the_centre_panel(client, role, unit_code):
    published_round("province", 2021, [("92", Registration.Status.FORWARDED)])
    user = make_user(role, unit_code=unit_code)
    client.force_login(user)
    html = client.get(reverse("home"), follow=True).content.decode()
    assert "Sản phẩm chờ trung ương quyết định công nhận 5 sao" not in html
    assert client.get(reverse("home_ministry")).status_code == 403


# --- a 5★ decision made outside the portal ----------------------------------------------------

def test_the_centre_list_links_to_the_outside_screen(client):
    client.force_login(make_user("ministry"))
    html = client.get(reverse("evaluations:centre_proposal_list")).content.decode()
    assert f'href="{OUTSIDE_LIST}"' in html


def test_the_ministry_records_a_5_star_decision_made_outside_the_portal(client):
    (reg,) = _forwarded(1)
    ministry = make_user("ministry")
    client.force_login(ministry)
    listing = client.get(OUTSIDE_LIST)
    assert listing.status_code == 200
    url = reverse("evaluations:centre_outside_create", args=[reg.pk])
    assert url in listing.content.decode()
    form = client.get(url)
    assert form.status_code == 200 and "5 sao" in form.content.decode()
    # stars and level are not the user's to choose: a posted 4★ / province is ignored
    response = client.post(url, _decision(stars="4", issuer_level="province"))
    assert response.status_code == 302, response.content.decode()[:2000]
    recognition = Recognition.objects.get(registration=reg)
    assert (recognition.stars, recognition.issuer_level, recognition.issuer_unit, recognition.outside_portal,
            recognition.created_by) == (5, "national", None, True, ministry)
    assert recognition.outside_reason.startswith("Hội đồng trung ương") and recognition.decision_scan
    assert recognition.valid_until == datetime.date(2025, 11, 30)  # 36 months from 01/12/2022
    from accounts.workflow import history_of

    assert any("ngoài Cổng" in (h.note or "") for h in history_of(recognition))
    # decided: no longer offered, and no second decision
    assert url not in client.get(OUTSIDE_LIST).content.decode()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("missing", "message"), [
    ("outside_reason", "Cần ghi lý do ghi nhận quyết định từ ngoài Cổng."),
    ("decision_scan", "Cần tải lên bản chụp quyết định."),
])
def test_the_reason_and_the_scan_are_required(client, missing, message):
    (reg,) = _forwarded(1)
    client.force_login(make_user("ministry"))
    data = _decision()
    data.pop(missing)
    response = client.post(reverse("evaluations:centre_outside_create", args=[reg.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Recognition.objects.exists()


def test_the_scan_must_be_a_pdf(client):
    (reg,) = _forwarded(1)
    client.force_login(make_user("ministry"))
    response = client.post(reverse("evaluations:centre_outside_create", args=[reg.pk]),
                           _decision(decision_scan=_scan("qd.jpg", b"\xff\xd8\xff")))
    assert response.status_code == 200 and "Bản chụp quyết định phải là tệp PDF." in response.content.decode()
    assert not Recognition.objects.exists()


def test_a_recognised_product_or_a_draft_is_not_offered(client):
    (reg,) = _forwarded(1)
    recognised = make_recognition(stars=3)
    draft = RegistrationFactory(status=Registration.Status.DRAFT, product__name="Bản nháp ngoài Cổng")
    client.force_login(make_user("ministry"))
    html = client.get(OUTSIDE_LIST).content.decode()
    assert reg.product.name in html and recognised.registration.product.name not in html and "Bản nháp" not in html
    for other in (recognised.registration, draft):
        assert client.get(reverse("evaluations:centre_outside_create", args=[other.pk])).status_code == 404


def test_the_outside_list_searches_without_diacritics(client):
    _forwarded(2)
    client.force_login(make_user("ministry"))
    page = client.get(OUTSIDE_LIST, {"q": "san pham ngoai cong 2021-1"})
    assert [r.product.name for r in page.context["page"]] == ["Sản phẩm ngoài Cổng 2021-1"]


def test_the_outside_list_runs_a_fixed_number_of_queries(client):
    _forwarded(2)
    client.force_login(make_user("ministry"))
    client.get(OUTSIDE_LIST)
    small, html = _count(client, OUTSIDE_LIST)
    assert html.count("Ghi nhận 5 sao") == 2
    _forwarded(10, year=2022)
    large, html = _count(client, OUTSIDE_LIST)
    assert html.count("Ghi nhận 5 sao") == 12
    assert small == large, f"{OUTSIDE_LIST}: {small} queries with 2 rows, {large} with 12"


@pytest.mark.parametrize(("role", "unit_code"), OTHERS)
def test_no_other_role_records_a_centre_decision_from_outside(client, role, unit_code):
    from django.core.exceptions import PermissionDenied

    from evaluations import services

    (reg,) = _forwarded(1)
    user = make_user(role, unit_code=unit_code)
    client.force_login(user)
    assert client.get(OUTSIDE_LIST).status_code == 403
    url = reverse("evaluations:centre_outside_create", args=[reg.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _decision()).status_code == 403
    with pytest.raises(PermissionDenied):
        services.recognition_record(registration=reg, actor=user, stars=5, issuer_level="national",
                                    decision_number="1", decision_date=datetime.date(2022, 12, 1), issuer="x",
                                    outside_portal=True, outside_reason="x", decision_scan=_scan())
    assert not Recognition.objects.exists()
