import json

import pytest

from subsidies.models import PolicyRule, SupportPolicy
from subsidies.reference import load_reference

pytestmark = pytest.mark.django_db


def test_data_migration_loaded_both_policies_with_legal_basis():
    district = SupportPolicy.objects.get(code="luc-nam-nq87-2020")
    assert district.legal_basis == "87/NQ-HĐND ngày 17/12/2020 của HĐND huyện Lục Nam"
    assert district.level == "district" and district.unit.code == "218" and district.verified
    assert district.upgrade_mode == SupportPolicy.UpgradeMode.DIFFERENCE
    assert {(r.event, r.stars): r.amount for r in district.rules.all()} == {
        ("first", 3): 10_000_000, ("first", 4): 10_000_000, ("first", 5): 20_000_000,
    }
    province = SupportPolicy.objects.get(code="bac-giang-nq67-2023")
    assert province.unit.code == "24" and not province.verified
    assert province.rules.get(event="upgrade", stars=5).amount == 300_000_000
    assert province.rules.get(event="same_star", stars=4).amount == 60_000_000


def test_load_reference_is_idempotent_and_follows_the_fixture(tmp_path, settings):
    load_reference()
    assert SupportPolicy.objects.count() == 2 and PolicyRule.objects.count() == 10
    # A corrected fixture (amount changed, a rule removed) is applied on reload.
    from accounts.reference import fixture_path

    data = json.loads(fixture_path("subsidies_policies.json").read_text(encoding="utf-8"))
    data["policies"][0]["rules"] = [{"event": "first", "stars": 3, "amount": 12_000_000}]
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "subsidies_policies.json").write_text(json.dumps(data), encoding="utf-8")
    settings.BASE_DIR = tmp_path
    load_reference()
    rules = PolicyRule.objects.filter(policy__code="luc-nam-nq87-2020")
    assert [(r.stars, r.amount) for r in rules] == [(3, 12_000_000)]
