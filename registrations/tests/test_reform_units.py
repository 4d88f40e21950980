"""The 2025 reform as unit data: a record keeps its 2021 unit and rolls up to today's successor."""

import datetime

import pytest

from accounts.models import AdministrativeUnit
from accounts.selectors import roll_up, scope_to_user, successor_on, unit_valid_on, units_rolled_into
from registrations.models import Registration
from registrations.tests.factories import ProducerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


def test_bac_giang_and_luc_nam_end_on_30_06_2025_and_bac_ninh_begins():
    bac_giang, luc_nam, bac_ninh = unit("24"), unit("218"), unit("BN-2025")
    assert bac_giang.valid_to == luc_nam.valid_to == datetime.date(2025, 6, 30)
    assert bac_giang.successor == bac_ninh and bac_ninh.valid_from == datetime.date(2025, 7, 1)
    assert "202/2025/QH15" in bac_ninh.legal_basis


def test_every_2021_commune_has_a_post_2025_successor_in_bac_ninh_marked_unverified():
    communes = AdministrativeUnit.objects.filter(parent__code="218")
    assert communes.count() == 25
    for commune in communes.select_related("successor__parent"):
        assert commune.valid_to == datetime.date(2025, 6, 30)
        assert commune.successor.parent.code == "BN-2025"
        assert "1658/NQ-UBTVQH15" in commune.successor.legal_basis
        assert not commune.successor.verified and "CHƯA ĐỐI CHIẾU" in commune.successor.source


def test_a_2021_record_stays_under_its_2021_unit_and_rolls_up_to_its_2026_successor():
    bao_son = unit("218-03")
    registration = RegistrationFactory(product__producer=ProducerFactory(commune=bao_son), year=2021)
    registration = Registration.objects.select_related("commune").get(pk=registration.pk)
    assert registration.commune.full_name == "Xã Bảo Sơn"  # shown under its 2021 unit
    now = successor_on(registration.commune, datetime.date(2026, 1, 15))
    assert now.full_name == "Xã Bảo Đài" and now.parent.name == "Bắc Ninh"
    assert successor_on(registration.commune, datetime.date(2021, 7, 10)) == bao_son
    grouped = roll_up([registration], on=datetime.date(2026, 1, 15))
    assert list(grouped) == [now] and grouped[now] == [registration]
    was = [u.name for u in units_rolled_into(now)]
    assert was[0] == "Bảo Đài" and {"Bảo Sơn", "Thanh Lâm", "Bảo Đài"} <= set(was)


def test_issuing_unit_of_a_record_is_the_unit_valid_on_its_date():
    luc_nam = unit("218")
    assert unit_valid_on(luc_nam, datetime.date(2021, 8, 26)) == luc_nam
    assert unit_valid_on(luc_nam, datetime.date(2026, 1, 15)).code == "BN-2025"


def test_province_role_of_the_new_province_sees_its_post_2025_communes_only(user_factory):
    from accounts.roles import Role

    province_user = user_factory(role=Role.PROVINCE, unit_code="BN-2025")
    new = RegistrationFactory(product__producer=ProducerFactory(commune=unit("BN25-03")), year=2026)
    old = RegistrationFactory(product__producer=ProducerFactory(commune=unit("218-03")), year=2021)
    visible = set(scope_to_user(Registration.objects.all(), province_user).values_list("pk", flat=True))
    assert new.pk in visible and old.pk not in visible
