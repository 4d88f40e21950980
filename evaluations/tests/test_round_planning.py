"""Issue 9 item 2: a round in planning can be edited or cancelled (with history); a cancelled round
frees its products; the office's category correction lets a product into a round of the right set."""

import datetime

import pytest

from accounts.workflow import DomainError, history_of
from evaluations import services
from evaluations.models import Round, RoundEntry, ScoreSheet
from evaluations.tests.factories import criteria_set, make_round
from registrations import services as registration_services
from registrations.models import ProductCategory, Registration
from registrations.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def subgroup_148(code="1"):
    return ProductCategory.objects.get(classification__code="QD148", level="subgroup", code=code)


def test_the_office_edits_a_planned_round_with_history(demo_users, client_as):
    round_ = make_round(status=Round.Status.PLANNED)
    office = client_as("phongnn")
    page = office.get(f"/danh-gia/dot/{round_.pk}/").content.decode()
    assert 'id="round-edit"' in page and 'id="round-cancel"' in page
    form = office.get(f"/danh-gia/dot/{round_.pk}/sua/")
    assert form.status_code == 200
    data = {
        "year": 2021, "number": 1, "name": "Đợt 1 (sửa)", "level": "district", "deadline": "2021-07-20",
        "criteria_set": round_.criteria_set_id, "council": round_.council_id, "aggregation": "mean",
        "quorum_percent": 75, "spread_threshold": "10", "hide_scores_until_close": "on",
        "meeting_date": "2021-07-15", "meeting_place": "Hội trường UBND huyện",
    }
    assert office.post(f"/danh-gia/dot/{round_.pk}/sua/", data).status_code == 302
    round_.refresh_from_db()
    assert round_.name == "Đợt 1 (sửa)" and round_.deadline == datetime.date(2021, 7, 20)
    row = history_of(round_).get(to_state="updated")
    assert row.actor.username == "phongnn" and "hạn hoàn thành" in row.note and "tên đợt" in row.note


def test_a_new_criteria_set_reresolves_the_sheets_or_refuses_naming_the_products(demo_users):
    round_ = make_round(status=Round.Status.PLANNED)
    entry = round_.entries.get()
    with pytest.raises(DomainError) as exc:  # a 1048 sub-group has no sheet in the 148 set
        services.round_update(round=round_, actor=demo_users["phongnn"], criteria_set=criteria_set("QD148"))
    assert entry.registration.product.name in str(exc.value)
    new_sheet = ScoreSheet.objects.filter(criteria_set__code="QD148", is_current=True, is_valid=True).first()
    Registration.objects.filter(pk=entry.registration_id).update(category=new_sheet.subgroup)
    services.round_update(round=round_, actor=demo_users["phongnn"], criteria_set=criteria_set("QD148"))
    entry.refresh_from_db()
    assert entry.sheet == new_sheet and Round.objects.get(pk=round_.pk).criteria_set.code == "QD148"


def test_an_open_round_can_be_neither_edited_nor_cancelled(demo_users, client_as):
    round_ = make_round(status=Round.Status.OPEN)
    assert client_as("phongnn").get(f"/danh-gia/dot/{round_.pk}/sua/").status_code == 403
    assert client_as("phongnn").post(f"/danh-gia/dot/{round_.pk}/huy/", {"reason": "x", "confirm": "on"}).status_code == 403
    with pytest.raises(DomainError):
        services.round_cancel(round=round_, actor=demo_users["phongnn"], reason="x")
    with pytest.raises(DomainError):
        services.round_update(round=round_, actor=demo_users["phongnn"], name="Khác")


def test_round_edit_and_cancel_access_both_ways(demo_users, client_as):
    round_ = make_round(status=Round.Status.PLANNED)
    for username in ("thuky", "taichinh", "xa.huyenson", "hoidong.chutich"):
        assert client_as(username).get(f"/danh-gia/dot/{round_.pk}/sua/").status_code in (403, 404), username
        assert client_as(username).post(f"/danh-gia/dot/{round_.pk}/huy/",
                                        {"reason": "x", "confirm": "on"}).status_code in (403, 404), username
    assert Round.objects.get(pk=round_.pk).status == Round.Status.PLANNED
    assert client_as("phongnn").get(f"/danh-gia/dot/{round_.pk}/huy/").status_code == 200


def test_cancelling_a_planned_round_frees_its_products(demo_users, client_as):
    round_ = make_round(status=Round.Status.PLANNED)
    registration = round_.entries.get().registration
    other = make_round(status=Round.Status.PLANNED, number=2, registrations=[], council=round_.council)
    with pytest.raises(DomainError):  # busy in the first round
        services.round_assign(round=other, registrations=[registration], actor=demo_users["phongnn"])
    office = client_as("phongnn")
    unconfirmed = office.post(f"/danh-gia/dot/{round_.pk}/huy/", {"reason": "Lập nhầm đợt"})
    assert "Hãy đánh dấu xác nhận" in unconfirmed.content.decode()
    response = office.post(f"/danh-gia/dot/{round_.pk}/huy/", {"reason": "Lập nhầm đợt", "confirm": "on"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == Round.Status.CANCELLED
    assert history_of(round_).filter(to_state="cancelled", note="Lập nhầm đợt", actor__username="phongnn").exists()
    assert history_of(registration).filter(to_state="unscheduled").exists()
    assert f'value="{registration.pk}"' in office.get(f"/danh-gia/dot/{other.pk}/xep-san-pham/").content.decode()
    created = services.round_assign(round=other, registrations=[registration], actor=demo_users["phongnn"])
    assert len(created) == 1 and RoundEntry.objects.filter(registration=registration).count() == 2


def test_a_misfiled_product_enters_a_round_after_the_office_corrects_its_category(demo_users):
    """The trap: a 2024 registration filed under a 1048 sub-group could never be scored in a 148 round."""
    misfiled = ProductCategory.objects.get(classification__code="QD1048", level="subgroup", code="1")
    registration = RegistrationFactory(year=2024, status=Registration.Status.ACCEPTED, product__category=misfiled)
    round_ = make_round(status=Round.Status.PLANNED, year=2024, registrations=[])
    services.round_update(round=round_, actor=demo_users["phongnn"], criteria_set=criteria_set("QD148"))
    with pytest.raises(DomainError):
        services.round_assign(round=round_, registrations=[registration], actor=demo_users["phongnn"])
    target = ScoreSheet.objects.filter(criteria_set__code="QD148", is_current=True, is_valid=True).first().subgroup
    registration_services.registration_correct_category(
        registration=registration, actor=demo_users["phongnn"], category=target, reason="Theo Quyết định 148")
    assert len(services.round_assign(round=round_, registrations=[registration], actor=demo_users["phongnn"])) == 1
