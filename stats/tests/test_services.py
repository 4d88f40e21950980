"""Targets through the service: history row, permission, validation; the common-sector reference data."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from accounts.workflow import DomainError, history_of
from registrations.models import ProductCategory
from stats import services
from stats.models import Programme, SectorGroupMember, Target
from stats.permissions import can_edit_targets, can_view_stats
from stats.reference import load_sector_groups

from .factories import other_district

pytestmark = pytest.mark.django_db

V = services.TargetValue


@pytest.fixture
def programme(db):
    return Programme.objects.create(unit=AdministrativeUnit.objects.get(code="218"), year=2021)


def test_office_sets_targets_with_one_history_row(programme):
    office = make_user("agriculture_office")
    services.targets_update(programme=programme, actor=office, values=[
        V("recognised", 3, 3, 5), V("subsidies_amount", 0, 50_000_000), V("events", 0, None),
    ])
    assert sorted(Target.objects.filter(programme=programme).values_list("metric", "min_stars", "minimum", "maximum")) == [
        ("recognised", 3, 3, 5), ("subsidies_amount", 0, 50_000_000, None),
    ]
    (row,) = history_of(programme)
    assert row.actor == office and row.to_state == "targets_changed"
    assert "Sản phẩm được công nhận từ 3 sao trở lên: — → 3–5" in row.note
    assert "Kinh phí hỗ trợ chủ thể (đồng): — → 50.000.000" in row.note
    # no change, no history; an empty minimum removes a target
    services.targets_update(programme=programme, actor=office, values=[V("recognised", 3, 3, 5)])
    assert history_of(programme).count() == 1
    services.targets_update(programme=programme, actor=office, values=[V("subsidies_amount", 0, None)])
    assert not Target.objects.filter(programme=programme, metric="subsidies_amount").exists()
    assert history_of(programme).count() == 2


@pytest.mark.parametrize("value, message", [
    (V("recognised", 0, 3), "Hạng sao phải từ 1 đến 5."),
    (V("events", 0, -1), "Chỉ tiêu không được âm."),
    (V("events", 0, 5, 2), "Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu."),
    (V("nonsense", 0, 1), "Chỉ tiêu không hợp lệ."),
])
def test_invalid_targets_are_refused_in_vietnamese(programme, value, message):
    with pytest.raises(DomainError, match=message):
        services.targets_update(programme=programme, actor=make_user("agriculture_office"), values=[value])
    assert not Target.objects.exists()


@pytest.mark.parametrize("role, unit_code", [
    ("council_member", None), ("finance_office", None), ("commune_officer", None), ("agriculture_office", "219"),
    ("province", None),
])
def test_only_the_units_office_edits_its_targets(programme, role, unit_code):
    if unit_code:
        other_district()
    with pytest.raises(PermissionDenied):
        services.targets_update(programme=programme, actor=make_user(role, unit_code=unit_code), values=[V("events", 0, 1)])


def test_province_edits_its_own_programme_not_a_districts():
    province = AdministrativeUnit.objects.get(code="24")
    user = make_user("province")
    assert can_edit_targets(user, province)
    assert not can_edit_targets(user, AdministrativeUnit.objects.get(code="218"))
    programme = services.programme_ensure(unit=province, year=2021, actor=user)
    services.targets_update(programme=programme, actor=user, values=[V("recognised", 3, 10)])
    assert programme.targets.get().minimum == 10


def test_who_reads_statistics():
    assert can_view_stats(make_user("agriculture_office"))
    assert can_view_stats(make_user("council_member"))
    assert can_view_stats(make_user("province"))
    assert not can_view_stats(make_user("commune_officer"))
    assert not can_view_stats(make_user())


def test_common_sectors_map_1048_and_148_categories_idempotently():
    before = SectorGroupMember.objects.count()
    load_sector_groups()
    assert SectorGroupMember.objects.count() == before
    honey_148 = ProductCategory.objects.get(classification__code="QD148", level="subgroup", code="4")
    assert honey_148.stats_group.group.code == "thuc-pham"
    herbal_1048 = ProductCategory.objects.get(classification__code="QD1048", level="sector", code="3")
    assert herbal_1048.stats_group.group.code == "thao-duoc"
    assert ProductCategory.objects.filter(classification__code="QD1048", stats_group__isnull=True).count() == 0
