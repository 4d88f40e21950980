"""The scoring rules: thresholds, aggregation, rounding, quorum, spread, conflicts, sheet checks,
database checks, versioning."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import Role
from accounts.tests.factories import make_user
from accounts.workflow import DomainError
from evaluations import services
from evaluations.criteria import validate_sheet
from evaluations.models import ConflictOfInterest, Criterion, Level, Round, Scorecard, ScoreItem, ScoreSheet
from evaluations.selectors import entries_with_stats, scoring_members, sheet_with_structure
from evaluations.tests.factories import levels_for, make_card, make_council, make_round
from registrations.tests.factories import RegistrationFactory, subgroup

pytestmark = pytest.mark.django_db


def seats(round_):
    return scoring_members(Round.objects.prefetch_related("council__members").get(pk=round_.pk))


def test_reference_sheets_loaded_with_flags():
    sheets = ScoreSheet.objects.filter(is_current=True)
    assert sheets.filter(criteria_set__code="QD1048").count() == 25
    assert sheets.filter(criteria_set__code="QD148").count() == 26
    assert sheets.filter(criteria_set__code="QD1048", is_valid=False).count() == 3
    assert sheets.filter(criteria_set__code="QD148", is_valid=False).count() == 6
    assert not sheets.filter(verified=True).exists()
    veg = sheets.get(criteria_set__code="QD1048", subgroup__code="1")
    assert veg.is_valid and veg.name == "Rau, củ, quả, hạt tươi"
    assert [(p.code, p.max_points) for p in veg.parts.all()] == [("A", 35), ("B", 25), ("C", 40)]
    assert veg.criteria.count() == 31
    alt = veg.criteria.get(code="3.2")
    assert alt.alternative_scales and "Lựa chọn một trong hai trường hợp" in alt.note
    tourism = sheets.get(criteria_set__code="QD148", subgroup__code="26")
    assert tourism.criteria.exclude(alternative_group="").count() == 6
    assert tourism.is_valid


def test_reference_loader_is_idempotent():
    from evaluations.reference import load_reference

    before = ScoreSheet.objects.count()
    result = load_reference()
    assert ScoreSheet.objects.count() == before
    assert result["QD1048"]["sheets_created"] == 0


def _data(a=35, b=25, c=40, crit_c=40):
    def part(code, pmax, cmax):
        return {"code": code, "name": code, "max": pmax, "criteria": [
            {"code": "1", "name": "x", "max": cmax, "section_code": "1", "levels": [{"label": "l0", "points": 0}, {"label": "l1", "points": cmax}]}
        ]}
    return {"name": "Thử", "parts": [part("A", a, a), part("B", b, b), part("C", c, crit_c)]}


def test_sheet_validation_accepts_sums_and_rejects_mismatch():
    assert validate_sheet(_data()) == []
    problems = validate_sheet(_data(crit_c=38))
    assert any("Phần C" in p and "38" in p for p in problems)
    assert any("100" in p for p in validate_sheet(_data(a=30, crit_c=40)))


def test_saving_a_sheet_that_does_not_add_up_is_flagged_and_cannot_be_scored(demo_users):
    national = make_user(Role.NATIONAL_ADMIN)  # criteria sets are national data
    office = demo_users["phongnn"]
    cs = ScoreSheet.objects.filter(criteria_set__code="QD1048").first().criteria_set
    sheet = services.sheet_save_version(criteria_set=cs, subgroup=subgroup("1"), data=_data(crit_c=38), actor=national)
    assert not sheet.is_valid and sheet.problems
    council = make_council()
    round_ = make_round(council=council, products=0, status=Round.Status.PLANNED)
    with pytest.raises(DomainError):
        services.round_assign(round=round_, registrations=[RegistrationFactory()], actor=office)


@pytest.mark.parametrize(
    "score,stars",
    [("0", 1), ("29.99", 1), ("30", 2), ("49.99", 2), ("50", 3), ("69.99", 3), ("70", 4), ("89.99", 4), ("90", 5), ("100", 5)],
)
def test_star_thresholds_at_their_edges(score, stars):
    round_ = make_round(products=1)
    entry = round_.entries.get()
    make_card(entry, seats(round_)[0], score)
    services.compute_round_results(round_)
    entry.refresh_from_db()
    assert entry.score == Decimal(score)
    assert entry.stars == stars
    assert entry.proposed is (Decimal(score) >= 50)


def test_mean_is_rounded_to_two_decimals():
    round_ = make_round(products=1)
    entry = round_.entries.get()
    for member, total in zip(seats(round_), ["70", "70", "71"], strict=True):
        make_card(entry, member, total)
    services.compute_round_results(round_)
    entry.refresh_from_db()
    assert entry.score == Decimal("70.33")
    assert entry.stars == 4
    assert entry.submitted_count == 3
    assert entry.spread == Decimal("1")


def test_median_odd_and_even():
    council = make_council(("chair", "member", "member", "member"))
    round_ = make_round(council=council, products=2, aggregation=Round.Aggregation.MEDIAN)
    odd, even = round_.entries.order_by("order")
    members = seats(round_)
    for m, t in zip(members[:3], ["40", "90", "55.5"], strict=True):
        make_card(odd, m, t)
    for m, t in zip(members, ["40", "90", "55", "60"], strict=True):
        make_card(even, m, t)
    services.compute_round_results(round_)
    odd.refresh_from_db()
    even.refresh_from_db()
    assert odd.score == Decimal("55.50") and odd.stars == 3
    assert even.score == Decimal("57.50") and even.stars == 3


def test_drafts_do_not_count():
    round_ = make_round(products=1)
    entry = round_.entries.get()
    a, b, c = seats(round_)
    make_card(entry, a, "80")
    make_card(entry, b, "20", status=Scorecard.Status.DRAFT)
    services.compute_round_results(round_)
    entry.refresh_from_db()
    assert entry.score == Decimal("80") and entry.submitted_count == 1


def test_quorum_needs_75_percent_including_chair():
    council = make_council(("chair", "member", "member", "member"))
    round_ = make_round(council=council, products=3)
    e1, e2, e3 = round_.entries.order_by("order")
    chair, m1, m2, m3 = seats(round_)
    for m in (chair, m1, m2):  # 3/4 = 75% with chair
        make_card(e1, m, 60)
    for m in (m1, m2, m3):  # 75% without chair
        make_card(e2, m, 60)
    for m in (chair, m1):  # 50%
        make_card(e3, m, 60)
    stats = {e.pk: e for e in entries_with_stats(round_)}
    assert stats[e1.pk].quorum_met
    assert not stats[e2.pk].quorum_met and not stats[e2.pk].chair_ok
    assert not stats[e3.pk].quorum_met


def test_spread_flag_over_ten_points():
    round_ = make_round(products=2)
    e1, e2 = round_.entries.order_by("order")
    a, b, c = seats(round_)
    for m, t in zip((a, b, c), (60, 70, 65), strict=True):
        make_card(e1, m, t)
    for m, t in zip((a, b, c), (60, 70.5, 65), strict=True):
        make_card(e2, m, t)
    stats = {e.pk: e for e in entries_with_stats(round_)}
    assert not stats[e1.pk].spread_flagged  # exactly 10
    assert stats[e2.pk].spread_flagged


def test_close_refuses_without_quorum_and_computes_with_it(demo_users):
    secretary = make_user("council_secretary")
    round_ = make_round(products=1)
    entry = round_.entries.get()
    a, b, c = seats(round_)
    make_card(entry, a, 60)
    make_card(entry, b, 61)
    make_card(entry, c, 50, status=Scorecard.Status.DRAFT)
    with pytest.raises(DomainError) as refused:
        services.round_close(round=round_, actor=secretary)
    message = str(refused.value)
    assert entry.registration.product.name in message and "2/3" in message
    assert f"chưa nộp: {c.user} (Ủy viên, đang nháp)" in message and str(a.user) not in message
    Scorecard.objects.filter(entry=entry, member=c).update(status=Scorecard.Status.SUBMITTED, total=62)
    services.round_close(round=round_, actor=secretary)
    round_.refresh_from_db()
    entry.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    assert entry.score == Decimal("61.00") and entry.stars == 3 and entry.proposed


def test_conflict_of_interest_excludes_member_and_lowers_quorum_base():
    round_ = make_round(products=1)
    entry = round_.entries.select_related("registration__producer", "round").get()
    chair, m1, m2 = seats(round_)
    services.conflict_declare(member=m2, producer=entry.registration.producer, reason="Người thân", actor=m2.user)
    with pytest.raises(PermissionDenied):
        services.scorecard_save(entry=entry, actor=m2.user, levels={}, comment="")
    for m in (chair, m1):
        make_card(entry, m, 55)
    stats = list(entries_with_stats(round_))
    assert stats[0].n_eligible == 2 and stats[0].quorum_met
    assert ConflictOfInterest.objects.filter(member=m2).exists()


def test_score_with_a_foreign_level_is_rejected_by_service_and_database():
    round_ = make_round(products=1)
    entry = round_.entries.get()
    chair = seats(round_)[0]
    crit_a, crit_b = entry.sheet.criteria.order_by("order")[:2]
    foreign = crit_b.levels.order_by("-points").first()
    with pytest.raises(ValidationError):
        services.scorecard_save(entry=entry, actor=chair.user, levels={crit_a.pk: foreign.pk})
    card = make_card(entry, chair, 0, status=Scorecard.Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreItem.objects.create(scorecard=card, criterion=crit_a, level=foreign, points=foreign.points)
    own = crit_a.levels.order_by("-points").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreItem.objects.create(scorecard=card, criterion=crit_a, level=own, points=own.points + 5)
    ScoreItem.objects.create(scorecard=card, criterion=crit_a, level=own, points=own.points)
    assert card.items.count() == 1


def test_scoring_draft_submit_lock_and_reopen_with_history():
    round_ = make_round(products=1)
    entry = round_.entries.get()
    chair = seats(round_)[0]
    sheet = sheet_with_structure(entry.sheet_id)
    ticks = levels_for(sheet)
    first = dict(list(ticks.items())[:3])
    card = services.scorecard_save(entry=entry, actor=chair.user, levels=first, comment="nháp")
    assert card.status == Scorecard.Status.DRAFT and card.items.count() == 3
    with pytest.raises(ValidationError):
        services.scorecard_save(entry=entry, actor=chair.user, levels=first, submit=True)
    card = services.scorecard_save(entry=entry, actor=chair.user, levels=ticks, comment="Tốt", submit=True)
    assert card.status == Scorecard.Status.SUBMITTED
    assert (card.part_a, card.part_b, card.part_c, card.total) == (35, 25, 40, 100)
    with pytest.raises(DomainError):
        services.scorecard_save(entry=entry, actor=chair.user, levels=ticks)
    with pytest.raises(PermissionDenied):  # a member cannot reopen
        services.scorecard_reopen(scorecard=card, actor=chair.user, reason="x")
    secretary = round_.council.members.get(position="secretary").user
    services.scorecard_reopen(scorecard=card, actor=secretary, reason="Sai tiêu chí 1.1")
    card.refresh_from_db()
    assert card.status == Scorecard.Status.DRAFT
    from accounts.workflow import history_of

    assert [h.to_state for h in history_of(card)] == ["submitted", "draft"]
    assert history_of(card).last().note == "Sai tiêu chí 1.1"


def test_lowest_levels_give_low_total():
    round_ = make_round(products=1)
    entry = round_.entries.get()
    chair = seats(round_)[0]
    card = services.scorecard_save(entry=entry, actor=chair.user, levels=levels_for(entry.sheet, pick="min"), submit=True)
    assert card.total < 30


def test_result_keeps_its_sheet_version_after_the_set_changes(demo_users):
    round_ = make_round(products=1)
    entry = round_.entries.get()
    chair = seats(round_)[0]
    old_sheet = entry.sheet
    card = services.scorecard_save(entry=entry, actor=chair.user, levels=levels_for(old_sheet), submit=True)
    from evaluations.criteria import sheet_to_data

    data = sheet_to_data(sheet_with_structure(old_sheet.pk))
    data["parts"][0]["criteria"][0]["levels"][-1]["label"] = "Đã sửa theo văn bản gốc"
    new = services.sheet_save_version(criteria_set=old_sheet.criteria_set, subgroup=old_sheet.subgroup, data=data,
                                      actor=make_user(Role.NATIONAL_ADMIN))
    assert new.pk != old_sheet.pk and new.version == old_sheet.version + 1 and new.is_current
    card.refresh_from_db()
    entry.refresh_from_db()
    assert card.sheet_id == old_sheet.pk and entry.sheet_id == old_sheet.pk
    assert card.total == 100
    assert Level.objects.filter(criterion__sheet=old_sheet, label="Đã sửa theo văn bản gốc").count() == 0
    old_sheet.refresh_from_db()
    assert not old_sheet.is_current


def test_alternative_cases_only_one_may_be_ticked():
    tourism = ScoreSheet.objects.get(criteria_set__code="QD148", subgroup__code="26", is_current=True)
    a, b = Criterion.objects.filter(sheet=tourism, alternative_group__endswith="-8").order_by("order")
    with pytest.raises(ValidationError):
        services.resolve_levels(tourism, {a.pk: a.levels.first().pk, b.pk: b.levels.first().pk})
    assert len(services.resolve_levels(tourism, {a.pk: a.levels.first().pk})) == 1


def test_assignment_requires_accepted_registration_and_office(demo_users):
    round_ = make_round(products=0, status=Round.Status.PLANNED)
    draft = RegistrationFactory(status="draft")
    with pytest.raises(DomainError):
        services.round_assign(round=round_, registrations=[draft], actor=demo_users["phongnn"])
    ok = RegistrationFactory()
    with pytest.raises(PermissionDenied):
        services.round_assign(round=round_, registrations=[ok], actor=demo_users["thuky"])
    entries = services.round_assign(round=round_, registrations=[ok], actor=demo_users["phongnn"])
    assert entries[0].sheet.subgroup_id == ok.category_id


def test_expired_product_can_be_registered_again_as_reevaluation(demo_users):
    import datetime

    from accounts.models import AdministrativeUnit
    from evaluations.selectors import expired_recognitions, valid_recognitions
    from evaluations.tests.factories import make_recognition
    from registrations.models import Registration, RegistrationPeriod
    from registrations.services import registration_create

    RegistrationPeriod.objects.create(district=AdministrativeUnit.objects.get(code="218"), year=2021, number=1,
                                      name="Đợt đăng ký 2021", deadline=datetime.date(2021, 3, 31))
    reg = RegistrationFactory(year=2018)
    recognition = make_recognition(reg, actor=demo_users["tinh"], decision_date=datetime.date(2018, 9, 1))
    assert recognition.valid_until == datetime.date(2021, 8, 31)
    on = datetime.date(2021, 9, 15)
    assert recognition in expired_recognitions(on) and recognition not in valid_recognitions(on)
    again = registration_create(actor=demo_users["xa.huyenson"], producer=reg.producer, product_name=reg.product.name,
                                year=2021, category=reg.category, kind=Registration.Kind.REEVALUATION)
    assert again.product_id == reg.product_id and again.previous_registration_id == reg.pk
    assert again.get_kind_display() == "Đánh giá lại"


def test_close_leaving_products_without_quorum_unrated(demo_users):
    from accounts.workflow import history_of

    secretary = make_user("council_secretary")
    round_ = make_round(products=3)
    e1, e2, e3 = round_.entries.order_by("order")
    chair, m1, m2 = seats(round_)
    for m, t in ((chair, 60), (m1, 70), (m2, 80)):
        make_card(e1, m, t)
    make_card(e2, m1, 90)
    make_card(e2, m2, 95)  # 2/3 and no chair
    with pytest.raises(DomainError):
        services.round_close(round=round_, actor=secretary)
    services.round_close(round=round_, actor=secretary, leave_unrated=True)
    round_.refresh_from_db()
    e1.refresh_from_db(), e2.refresh_from_db(), e3.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    assert e1.score == Decimal("70.00") and e1.stars == 4 and e1.proposed
    for unrated in (e2, e3):
        assert unrated.score is None and unrated.stars is None and not unrated.proposed
        assert "Chưa đủ số phiếu" in unrated.conclusion
    assert e2.submitted_count == 2
    note = list(history_of(round_))[-1].note
    assert e2.registration.product.name in note and e3.registration.product.name in note
    assert e1.registration.product.name not in note
    # The unrated product can be scheduled in a later round.
    e2.registration.status = e2.registration.Status.ACCEPTED
    e2.registration.save(update_fields=["status"])
    later = make_round(council=round_.council, number=2, products=0, status=Round.Status.PLANNED)
    office = make_user("agriculture_office", "218")
    assert len(services.round_assign(round=later, registrations=[e2.registration], actor=office)) == 1


def test_close_refused_when_no_product_has_quorum(demo_users):
    secretary = make_user("council_secretary")
    round_ = make_round(products=2)
    with pytest.raises(DomainError, match="Không sản phẩm nào"):
        services.round_close(round=round_, actor=secretary, leave_unrated=True)
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN
