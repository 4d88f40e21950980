"""Each subsidies notification reaches exactly the users it should (issue 13 item 4)."""

import datetime

import pytest

from notifications.models import Notification
from subsidies import services
from subsidies.models import SubsidyPayment
from subsidies.tests.factories import approved, entitlement_of, recognise

pytestmark = pytest.mark.django_db


def recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_entitlement_proposed_approved_paid_reach_the_right_offices_and_commune(demo_users):
    entitlement = entitlement_of(recognise(commune_code="218-03", actor=demo_users["tinh"]))
    approved(entitlement, finance=demo_users["taichinh"], agri=demo_users["phongnn"])
    assert recipients("entitlement_proposed") == {"taichinh"}
    assert recipients("entitlement_approved") == {"phongnn", "xa.baoson"}
    services.entitlement_pay(entitlement=entitlement, actor=demo_users["taichinh"], voucher_number="PC-01",
                             paid_on=datetime.date(2021, 10, 1), method=SubsidyPayment.Method.TRANSFER)
    assert recipients("entitlement_paid") == {"phongnn", "xa.baoson"}
    paid = Notification.objects.filter(kind="entitlement_paid").first()
    assert paid.url == f"/ho-tro/{entitlement.pk}/" and "đã được chi trả" in paid.title
