"""The three procedures as data: which is in force, what each level may do, the public page and the command."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from procedures import selectors as s
from procedures.models import Level, Procedure

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "code"), [
    (D(2019, 8, 20), None),
    (D(2019, 8, 21), "qd1048-2019"),
    (D(2023, 2, 23), "qd1048-2019"),
    (D(2023, 2, 24), "qd148-2023"),
    (D(2025, 7, 5), "qd148-2023"),
    (D(2025, 7, 6), "qd1489-2025"),
    (D(2026, 1, 15), "qd1489-2025"),
])
def test_procedure_in_force_follows_the_validity_periods(day, code):
    procedure = s.procedure_in_force(day)
    assert (procedure.code if procedure else None) == code


@pytest.mark.django_db
def test_levels_bands_and_thresholds_read_from_the_stages():
    p1048, p148, p1489 = (s.procedure_in_force(D(y, m, d)) for y, m, d in ((2021, 7, 10), (2024, 5, 1), (2026, 1, 15)))
    assert s.scoring_levels(p1048) == [Level.DISTRICT, Level.PROVINCE, Level.CENTRE]
    assert s.recognition_band(p1048, Level.DISTRICT) is None
    assert s.recognition_band(p1048, Level.PROVINCE) == (3, 4)
    assert s.recognition_band(p148, Level.DISTRICT) == (3, 3)
    assert s.recognition_band(p148, Level.PROVINCE) == (4, 4)
    assert s.recognition_band(p1489, Level.PROVINCE) == (3, 4)
    assert not s.has_level(p1489, Level.DISTRICT)
    assert s.pre_assesses_at(p1489, Level.COMMUNE) and not s.pre_assesses_at(p148, Level.COMMUNE)
    assert s.feeding_levels(p1489, Level.PROVINCE) == [Level.COMMUNE]
    assert s.feeding_levels(p148, Level.PROVINCE) == [Level.DISTRICT]
    for procedure in (p1048, p148, p1489):
        assert s.recognising_level(procedure, 5) == Level.CENTRE
        assert s.recognising_level(procedure, 2) is None
        assert s.recognising_level(procedure, 1) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "level", "below", "at"), [
    (D(2021, 7, 10), Level.DISTRICT, "49.99", "50"),
    (D(2024, 5, 1), Level.DISTRICT, "69.99", "70"),
    (D(2021, 7, 10), Level.PROVINCE, "89.99", "90"),
    (D(2024, 5, 1), Level.PROVINCE, "89.99", "90"),
    (D(2026, 1, 15), Level.PROVINCE, "89.99", "90"),
])
def test_forwarding_edges(day, level, below, at):
    procedure = s.procedure_in_force(day)
    assert not s.may_forward(procedure, level, Decimal(below))
    assert s.may_forward(procedure, level, Decimal(at))
    assert not s.may_forward(procedure, level, None)


@pytest.mark.django_db
def test_no_district_forwarding_under_1489_and_commune_forwards_without_points():
    p1489 = s.procedure_in_force(D(2026, 1, 15))
    assert not s.may_forward(p1489, Level.DISTRICT, Decimal("95"))
    assert s.may_forward(p1489, Level.COMMUNE, None)
    assert s.forward_stage(p1489, Level.COMMUNE).to_level == Level.PROVINCE


@pytest.mark.django_db
def test_a_fourth_procedure_is_data_only():
    Procedure.objects.filter(code="qd1489-2025").update(valid_to=D(2026, 5, 31))
    fourth = Procedure.objects.create(code="qd-x-2026", name="Quy trình thử", legal_basis="Thử", valid_from=D(2026, 6, 1))
    fourth.stages.create(order=1, level=Level.PROVINCE, action="score")
    fourth.stages.create(order=2, level=Level.PROVINCE, action="recognise", min_stars=3, max_stars=5)
    procedure = s.procedure_in_force(D(2026, 7, 1))
    assert procedure.code == "qd-x-2026"
    assert s.recognising_level(procedure, 5) == Level.PROVINCE


def _command(day: str) -> str:
    out = StringIO()
    call_command("ocop_procedure", "--date", day, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_2021_names_1048_and_the_district_council():
    text = _command("2021-07-10")
    assert "1048/QĐ-TTg" in text
    assert "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp huyện: Hội đồng chấm điểm" in text
    assert "(từ 50 điểm)" in text


@pytest.mark.django_db
def test_command_2024_names_148_and_district_recognition_of_3_stars():
    text = _command("2024-05-01")
    assert "148/QĐ-TTg" in text and "1489" not in text
    assert "UBND huyện: Công nhận 3 sao" in text
    assert "(từ 70 điểm)" in text


@pytest.mark.django_db
def test_command_2026_names_1489_the_commune_assessment_and_no_district():
    text = _command("2026-01-15")
    assert "1489/QĐ-TTg" in text
    assert "Báo cáo đánh giá của UBND xã" in text
    assert "Không có cấp: cấp huyện." in text
    assert "CẤP HUYỆN" not in text


@pytest.mark.django_db
def test_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _command("2021-13-45")


@pytest.mark.django_db
def test_public_page_shows_the_same_as_the_command_for_2021(client):
    response = client.get("/quy-trinh/", {"ngay": "10/07/2021"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quy trình theo Quyết định 1048/QĐ-TTg" in html
    assert "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp huyện: Hội đồng chấm điểm" in html
    assert 'data-level="district"' in html


@pytest.mark.django_db
def test_public_page_defaults_to_today_1489(client, settings):
    html = client.get("/quy-trinh/").content.decode()
    assert "1489/QĐ-TTg" in html
    assert 'data-level="district"' not in html
    assert 'data-action="pre_assess"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "31/02/2021", "%00", "2021-07-10", "1" * 500, "-1"])
def test_public_page_bad_date_is_a_vietnamese_message_not_a_500(client, value):
    response = client.get("/quy-trinh/", {"ngay": value})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_public_page_before_any_procedure(client):
    html = client.get("/quy-trinh/", {"ngay": "01/01/2018"}).content.decode()
    assert "chưa có quy trình" in html


@pytest.mark.django_db
def test_public_page_query_count(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/quy-trinh/", {"ngay": "10/07/2021"})


@pytest.mark.django_db
def test_admin_only_national_admin_may_change(demo_users, rf):
    from django.contrib.admin.sites import site

    from procedures.admin import ProcedureAdmin

    admin = ProcedureAdmin(Procedure, site)
    for username, allowed in (("admin", True), ("phongnn", False), ("tinh", False)):
        request = rf.get("/")
        request.user = demo_users[username]
        assert admin.has_change_permission(request) is allowed
        assert admin.has_add_permission(request) is allowed


@pytest.mark.django_db
def test_admin_override_of_a_period_procedure_needs_a_reason_and_is_recorded(client_as):
    import datetime as dt

    from accounts.models import AdministrativeUnit
    from accounts.workflow import history_of
    from registrations.models import RegistrationPeriod

    period = RegistrationPeriod.objects.create(district=AdministrativeUnit.objects.get(code="218"), year=2025, number=1,
                                               name="Đợt 2025", deadline=dt.date(2025, 8, 31))
    p148 = Procedure.objects.get(code="qd148-2023")
    client = client_as("admin")
    url = f"/quan-tri/registrations/registrationperiod/{period.pk}/change/"
    data = {"district": period.district_id, "year": 2025, "number": 1, "name": "Đợt 2025", "deadline": "2025-08-31",
            "legal_basis": "", "plan_reference": "", "procedure": p148.pk, "procedure_reason": ""}
    page = client.post(url, data).content.decode()
    assert "Cần ghi lý do khi chọn quy trình khác" in page
    assert client.post(url, {**data, "procedure_reason": "Hồ sơ nộp trước 06/7/2025"}).status_code == 302
    period.refresh_from_db()
    assert period.procedure == p148 and "Hồ sơ nộp trước" in history_of(period).last().note
