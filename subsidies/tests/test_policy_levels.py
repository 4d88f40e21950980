"""Issue 10 item 5: policies follow the recognition's date and recognising level; district,
province and commune policies coexist, each giving its own entitlement."""

import datetime

import pytest

from accounts.models import AdministrativeUnit
from subsidies.models import Entitlement, PolicyRule, SupportPolicy

from .factories import DISTRICT_POLICY, recognise

pytestmark = pytest.mark.django_db


def policy(code, unit_code, level, levels="", start=datetime.date(2021, 1, 1)):
    p = SupportPolicy.objects.create(
        code=code, name=code, legal_basis_number="1/NQ", legal_basis_date=start, issuing_body="HĐND",
        level=level, unit=AdministrativeUnit.objects.get(code=unit_code), funding_kind="ngan_sach_huyen",
        effective_from=start, recognising_levels=levels,
    )
    PolicyRule.objects.create(policy=p, event="first", stars=3, amount=5_000_000)
    PolicyRule.objects.create(policy=p, event="first", stars=5, amount=7_000_000)
    return p


def test_commune_district_and_province_policies_coexist():
    policy("xa-huyen-son-2021", "218-11", SupportPolicy.Level.COMMUNE)
    policy("bac-giang-2021", "24", SupportPolicy.Level.PROVINCE)
    recognition = recognise(stars=3, commune_code="218-11")
    codes = set(Entitlement.objects.filter(recognition=recognition).values_list("policy__code", flat=True))
    assert codes == {DISTRICT_POLICY, "xa-huyen-son-2021", "bac-giang-2021"}


def test_a_policy_covers_only_the_recognising_levels_it_names():
    policy("province-only", "24", SupportPolicy.Level.PROVINCE, levels="province")
    by_province = recognise(stars=3, commune_code="218-11")
    by_centre = recognise(stars=5, commune_code="218-11")
    assert by_centre.issuer_level == "national"
    assert Entitlement.objects.filter(recognition=by_province, policy__code="province-only").exists()
    assert not Entitlement.objects.filter(recognition=by_centre, policy__code="province-only").exists()


def test_a_policy_follows_the_recognition_date():
    policy("later", "24", SupportPolicy.Level.PROVINCE, start=datetime.date(2022, 1, 1))
    recognition = recognise(stars=3, commune_code="218-11", on=datetime.date(2021, 8, 26))
    assert not Entitlement.objects.filter(recognition=recognition, policy__code="later").exists()
