"""Each figure against hand-computed values on a small dataset; a fixed query count at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AdministrativeUnit
from stats.models import SectorGroup
from stats.selectors import Filters, programme_stats

from .factories import more_rows, small_dataset

pytestmark = pytest.mark.django_db


def rows(stats, key):
    return {row[0]: row[1:] for row in stats.table(key).rows}


@pytest.fixture
def data(db):
    return small_dataset()


def luc_nam(**kwargs):
    return Filters(unit=AdministrativeUnit.objects.get(code="218"), year=2021, **kwargs)


def test_funnel_counts_each_stage(data):
    stats = programme_stats(luc_nam())
    funnel = rows(stats, "funnel")
    # registered: A, B, C (submitted), E (rejected); not D (draft) nor G (2020) nor F (Lục Ngạn);
    # accepted A, B; scored A (submitted card; B's is a draft); proposed B; recognised A, B
    assert [v[0] for v in funnel.values()] == [4, 2, 1, 1, 2]


def test_products_by_stars_commune_sector_and_year(data):
    stats = programme_stats(luc_nam())
    assert rows(stats, "stars") == {"3 sao": [1], "4 sao": [1], "5 sao": [0]}
    assert rows(stats, "communes") == {"Bảo Sơn": [1], "Huyền Sơn": [1]}
    assert rows(stats, "sectors")["Thực phẩm"] == [2]  # sub-group "Rau, củ, quả, hạt tươi" of sector 1 (1048)
    assert rows(stats, "years") == {"2020": [1], "2021": [2]}


def test_certificates_on_the_last_day_of_a_past_year(data):
    stats = programme_stats(luc_nam())
    assert [v[0] for v in rows(stats, "certificates").values()] == [1, 1, 1]  # A valid, B expiring, G expired


def test_subsidies_committed_for_the_years_entitlements(data):
    stats = programme_stats(luc_nam())
    # Resolution 87/NQ-HĐND: 10,000,000 đ for 3–4 stars; A and B, no source assigned yet, nothing paid
    assert rows(stats, "subsidies") == {"Chưa gán nguồn": [0, 20_000_000, 0]}


def test_targets_against_figures(data):
    stats = programme_stats(luc_nam())
    by_key = {t.key: t for t in stats.targets}
    assert (by_key["recognised_3"].value, by_key["recognised_3"].target, by_key["recognised_3"].status) == (2, "3–5", "not_met")
    assert (by_key["registrations"].value, by_key["registrations"].status) == (4, "met")


def test_mid_year_target_is_in_progress_and_counts_to_30_june(data):
    import datetime

    stats = programme_stats(luc_nam(until=datetime.date(2021, 6, 30)))
    by_key = {t.key: t for t in stats.targets}
    assert (by_key["recognised_3"].value, by_key["recognised_3"].status) == (0, "in_progress")


def test_province_compares_its_districts_side_by_side(data):
    stats = programme_stats(Filters(unit=AdministrativeUnit.objects.get(code="24"), year=2021))
    assert [u.name for u in stats.columns] == ["Lục Nam", "Lục Ngạn"]
    assert rows(stats, "stars") == {"3 sao": [1, 0, 1], "4 sao": [1, 0, 1], "5 sao": [0, 1, 1]}


def test_sector_filter(data):
    other = SectorGroup.objects.get(code="do-uong")
    stats = programme_stats(luc_nam(sector=other))
    assert rows(stats, "stars") == {"3 sao": [0], "4 sao": [0], "5 sao": [0]}
    stats = programme_stats(luc_nam(sector=SectorGroup.objects.get(code="thuc-pham")))
    assert rows(stats, "stars")["3 sao"] == [1]


@pytest.mark.parametrize("unit_code", ["218", "24"])
def test_query_count_is_fixed_whatever_the_data_size(data, unit_code):
    f = Filters(unit=AdministrativeUnit.objects.get(code=unit_code), year=2021)
    with CaptureQueriesContext(connection) as small:
        programme_stats(f)
    more_rows(6)
    f = Filters(unit=f.unit, year=2021)  # a new request: the roll-up lookup is cached per Filters
    with CaptureQueriesContext(connection) as large:
        stats = programme_stats(f)
    assert sum(rows(stats, "stars")["3 sao"][-1:]) >= 3  # the larger data set is really counted
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 16  # budget sources read even when no entitlement names one; the roll-up lookup


def test_deadlines_and_what_is_late(data):
    late = programme_stats(luc_nam()).late
    (period,) = late["periods"]
    assert (period["submitted"], period["submitted_late"], period["overdue"]) == (1, 1, 1)
    assert sorted((item["commune_label"], str(item["state_label"])) for item in late["late_lists"]) == [
        ("Xã Bảo Sơn", "Gửi muộn"), ("Xã Huyền Sơn", "Quá hạn, chưa gửi"),
    ]
    (round_,) = late["rounds"]
    assert round_["late"] is True  # open after its deadline of 10/07/2021


def test_public_stats_leave_out_money_and_deadlines(data):
    stats = programme_stats(luc_nam(), public=True)
    assert stats.table("subsidies") is None
    assert stats.late == []


def test_budget_sources_of_the_unit_and_of_a_provinces_districts(data):
    from stats.tests.factories import other_district
    from subsidies.models import BudgetAllocation, BudgetSource, ExpenseCategory, FundingKind

    def source(unit_code, name, amount, year=2021):
        s = BudgetSource.objects.create(unit=AdministrativeUnit.objects.get(code=unit_code), year=year,
                                        kind=FundingKind.DISTRICT_BUDGET, name=name)
        BudgetAllocation.objects.create(source=s, category=ExpenseCategory.AWARENESS, amount=amount)

    other_district()
    source("218", "Ngân sách Lục Nam", 300_000_000)  # funds no entitlement yet: shown all the same
    source("218", "Ngân sách Lục Nam 2020", 50_000_000, year=2020)  # another year: not shown
    source("219", "Ngân sách Lục Ngạn", 200_000_000)
    source("24", "Ngân sách tỉnh", 900_000_000)
    assert rows(programme_stats(luc_nam()), "subsidies") == {
        "Ngân sách Lục Nam": [300_000_000, 0, 0], "Chưa gán nguồn": [0, 20_000_000, 0],
    }
    province = rows(programme_stats(Filters(unit=AdministrativeUnit.objects.get(code="24"), year=2021)), "subsidies")
    assert {k: v[0] for k, v in province.items()} == {
        "Ngân sách Lục Nam": 300_000_000, "Ngân sách Lục Ngạn": 200_000_000, "Ngân sách tỉnh": 900_000_000,
        "Chưa gán nguồn": 0,
    }


def test_todays_units_count_the_records_of_their_predecessors(data):
    """After the 2025 reform: the new Bắc Ninh province counts what was recorded under Bắc Giang's
    districts (Lục Nam and Lục Ngạn, 2021); the post-2025 commune Lục Nam (BN25-01) counts what was
    recorded under the communes that became it, and not the others."""
    import datetime

    from evaluations.tests.factories import make_recognition
    from stats.tests.factories import registration

    bac_ninh = AdministrativeUnit.objects.get(code="BN-2025")
    stats = programme_stats(Filters(unit=bac_ninh, year=2021))
    assert [u.code for u in stats.columns] == ["BN-2025"]
    # Lục Nam: A (3★), B (4★); Lục Ngạn: F (5★), all of 2021, made before the reform
    assert rows(stats, "stars") == {"3 sao": [1], "4 sao": [1], "5 sao": [1]}
    assert [v[0] for v in rows(stats, "funnel").values()][0] == 5  # A, B, C, E and F registered
    # xã Lục Nam (2025) was Đồi Ngô, Chu Điện, Phương Sơn, Tiên Nha and Cương Sơn; Huyền Sơn and Bảo Sơn
    # (A, B) became other communes
    commune = AdministrativeUnit.objects.get(code="BN25-01")
    assert rows(programme_stats(Filters(unit=commune, year=2021)), "stars") == {"3 sao": [0], "4 sao": [0], "5 sao": [0]}
    make_recognition(registration("218-06"), stars=4, decision_date=datetime.date(2021, 9, 1))  # Chu Điện
    make_recognition(registration("218-00"), stars=3, decision_date=datetime.date(2021, 9, 1))  # Đồi Ngô
    stats = programme_stats(Filters(unit=commune, year=2021))
    assert rows(stats, "stars") == {"3 sao": [1], "4 sao": [1], "5 sao": [0]}
    assert rows(programme_stats(Filters(unit=bac_ninh, year=2021)), "stars")["4 sao"] == [2]
    # the old district's own figures are unchanged by the roll-up
    assert rows(programme_stats(luc_nam()), "stars") == {"3 sao": [2], "4 sao": [2], "5 sao": [0]}


def test_a_rolled_up_unit_runs_a_fixed_number_of_queries(data):
    f = Filters(unit=AdministrativeUnit.objects.get(code="BN-2025"), year=2021)
    with CaptureQueriesContext(connection) as small:
        programme_stats(f)
    more_rows(6)
    f = Filters(unit=f.unit, year=2021)
    with CaptureQueriesContext(connection) as large:
        programme_stats(f)
    assert len(large.captured_queries) == len(small.captured_queries) <= 20
