"""Issue 14 item 2: each district department records inspections in its own field (health: food
safety; environment: environment; economy: market inspection; agriculture office: any) on the
recognised products of its own unit, with history; refused for another field or another district."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import AdministrativeUnit, StatusChange
from accounts.tests.factories import make_user
from evaluations import services
from evaluations.models import Inspection, Recognition
from evaluations.tests.factories import make_recognition
from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
K = Inspection.Kind


@pytest.fixture
def recognition(demo_users):
    return make_recognition(RegistrationFactory(), actor=demo_users["tinh"])  # Huyền Sơn, Lục Nam


def record(recognition, user, kind):
    return services.inspection_record(recognition=recognition, actor=user, date=datetime.date(2022, 5, 1),
                                      unit="Đoàn kiểm tra", findings="Đạt", result=Inspection.Result.COMPLIANT, kind=kind)


@pytest.mark.parametrize("username, own, other", [
    ("yte", K.FOOD_SAFETY, K.ENVIRONMENT),
    ("tnmt", K.ENVIRONMENT, K.MARKET),
    ("kinhte", K.MARKET, K.FOOD_SAFETY),
])
def test_a_department_records_its_own_field_with_history_and_not_another(recognition, demo_users, username, own, other):
    user = demo_users[username]
    inspection = record(recognition, user, own)
    assert inspection.kind == own and inspection.created_by == user
    change = StatusChange.objects.filter(object_id=recognition.pk, to_state="inspection").latest("pk")
    assert str(Inspection.Kind(own).label) in change.note
    with pytest.raises(PermissionDenied):
        record(recognition, user, other)
    with pytest.raises(PermissionDenied):
        record(recognition, user, K.GENERAL)
    assert recognition.inspections.count() == 1


def test_the_agriculture_office_records_any_field(recognition, demo_users):
    for kind in K.values:
        record(recognition, demo_users["phongnn"], kind)
    assert sorted(recognition.inspections.values_list("kind", flat=True)) == sorted(K.values)


def test_culture_offices_have_no_inspection_field(recognition, demo_users):
    for username in ("vanhoa", "ttvh"):
        for kind in K.values:
            with pytest.raises(PermissionDenied):
                record(recognition, demo_users[username], kind)


def test_another_districts_department_is_refused(recognition, db):
    province = AdministrativeUnit.objects.get(code="24")
    AdministrativeUnit.objects.create(kind="huyen", name="Lục Ngạn", code="219", parent=province)
    outsider = make_user("health_office", "219")
    with pytest.raises(PermissionDenied):
        record(recognition, outsider, K.FOOD_SAFETY)
    # and its own district's product is accepted
    commune = AdministrativeUnit.objects.create(kind="xa", name="Biển Động", code="219-01",
                                                parent=AdministrativeUnit.objects.get(code="219"))
    own = make_recognition(RegistrationFactory(product=ProductFactory(producer=ProducerFactory(commune=commune))),
                           actor=make_user("province"))
    assert record(own, outsider, K.FOOD_SAFETY).kind == K.FOOD_SAFETY


def test_a_department_is_refused_once_the_recognition_has_ended(recognition, demo_users):
    Recognition.objects.filter(pk=recognition.pk).update(status=Recognition.Status.REVOKED)
    with pytest.raises(PermissionDenied):
        record(recognition, demo_users["yte"], K.FOOD_SAFETY)


def test_the_recognition_page_offers_the_departments_own_field_and_shows_the_inspections(client_as, recognition):
    url = reverse("evaluations:recognition_detail", args=[recognition.pk])
    health = client_as("yte")
    page = health.get(url).content.decode()
    assert 'name="kind"' in page and 'value="food_safety"' in page and 'value="environment"' not in page
    response = health.post(url, {"inspection": "1", "kind": "food_safety", "date": "01/05/2022", "unit": "Phòng Y tế",
                                 "findings": "Mẫu đạt", "result": "compliant"})
    assert response.status_code == 302
    # a forged field is a form error, not an inspection
    health.post(url, {"inspection": "1", "kind": "environment", "date": "01/05/2022", "unit": "Phòng Y tế",
                      "findings": "x", "result": "compliant"})
    assert list(recognition.inspections.values_list("kind", flat=True)) == ["food_safety"]
    page = client_as("phongnn").get(url).content.decode()
    assert "An toàn thực phẩm" in page and "Mẫu đạt" in page
    assert 'name="kind"' not in client_as("ttvh").get(url).content.decode()
