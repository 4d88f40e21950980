"""Each procedure's whole path at service level, read from the procedure rows: forwarding edges
(49.99/50 under 1048, 69.99/70 under 148, 89.99/90 under each) and every recognition refusal
(1–2 stars never, 4 stars by a district never, 5 stars only by the centre, a level outside its band
on that date, no score/proposal path) with the explicit outside-the-portal exception."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from accounts.workflow import DomainError
from evaluations import services
from evaluations.models import (
    Council,
    CouncilMember,
    CriteriaSet,
    Recognition,
    Round,
    RoundEntry,
    Scorecard,
    ScoreSheet,
)
from evaluations.services.rounds import compute_round_results
from evaluations.tests.factories import SCAN_PDF
from registrations import services as reg_services
from registrations.models import ProductCategory, Registration, RegistrationPeriod
from registrations.tests.factories import ProducerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


def subgroup(classification):
    return ProductCategory.objects.get(classification__code=classification, level="subgroup", code="1")


def council_of(unit_, year):
    council = Council.objects.create(district=unit_, year=year, name=f"Hội đồng {unit_} {year}",
                                     decision_number="1/QĐ", decision_date=D(year, 1, 2))
    members = []
    for order, position in enumerate(("chair", "member", "member"), 1):
        user = make_user("council_member", unit_code=unit_.code)
        members.append(CouncilMember.objects.create(council=council, user=user, position=position, order=order))
    return council, members


def scored_round(unit_, *, level, year, deadline, criteria, results, number=1):
    """A closed round of `unit_` at `level` with each (registration, total) scored by three members,
    results computed by the service's SQL (stars from thresholds, proposals from the procedure)."""
    council, members = council_of(unit_, year)
    round_ = Round.objects.create(district=unit_, year=year, number=number, name=f"Đợt {number}", level=level,
                                  deadline=deadline, criteria_set=CriteriaSet.objects.get(code=criteria),
                                  council=council, status=Round.Status.OPEN)
    for order, (registration, total) in enumerate(results, 1):
        sheet = ScoreSheet.objects.get(criteria_set=round_.criteria_set, subgroup=registration.category, is_current=True)
        entry = RoundEntry.objects.create(round=round_, registration=registration, sheet=sheet, order=order)
        for member in members:
            Scorecard.objects.create(entry=entry, member=member, sheet=sheet, status="submitted", total=Decimal(total))
    compute_round_results(round_)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    return round_


def registration(commune_code, year, classification, status=Registration.Status.ACCEPTED):
    return RegistrationFactory(product__producer=ProducerFactory(commune=unit(commune_code)),
                               product__category=subgroup(classification), year=year, status=status)


def recognise(reg, stars, level, actor, **kwargs):
    return services.recognition_record(
        registration=reg, actor=actor, stars=stars, issuer_level=level, decision_number=f"{reg.pk}/QĐ",
        decision_date=kwargs.pop("decision_date", D(reg.year, 11, 1)), issuer="UBND", **kwargs)


def outside(reason="Quyết định ban hành ngoài Cổng"):
    return {"outside_portal": True, "outside_reason": reason, "decision_scan": ContentFile(SCAN_PDF, name="qd.pdf")}


# --- 1048 (2021): district scores, forwards from 50; province scores, recognises 3–4; centre 5 ------

@pytest.fixture
def path_1048(db):
    RegistrationPeriod.objects.create(district=unit("218"), year=2021, number=1, name="Đợt 2021", deadline=D(2021, 3, 31))
    below, at, high = (registration("218-11", 2021, "QD1048") for _ in range(3))
    scored_round(unit("218"), level="district", year=2021, deadline=D(2021, 7, 10), criteria="QD1048",
                 results=[(below, "49.99"), (at, "50"), (high, "75")])
    return below, at, high


def test_1048_whole_path(path_1048):
    below, at, high = path_1048
    office, province = make_user("agriculture_office"), make_user("province")
    ok, refusals = reg_services.split_forwardable([below, at, high], unit("218"))
    assert ok == [at, high] and len(refusals) == 1 and "49,99" in refusals[0]
    entries = {e.registration_id: e for e in RoundEntry.objects.all()}
    assert not entries[below.pk].proposed and entries[at.pk].proposed  # proposal from the procedure's 50
    with pytest.raises(DomainError, match="từ 50 điểm"):
        reg_services.forwarding_create(district=unit("218"), year=2021, registrations=[below], letter_number="1",
                                       letter_date=D(2021, 7, 12), signer="A", actor=office, confirm_missing=True)
    reg_services.forwarding_create(district=unit("218"), year=2021, registrations=[at, high], letter_number="1",
                                   letter_date=D(2021, 7, 12), signer="A", actor=office, confirm_missing=True)
    # the province council scores what the district forwarded (round created through the service)
    council, members = council_of(unit("24"), 2021)
    round_ = services.round_create(district=unit("24"), year=2021, number=1, name="Tỉnh", deadline=D(2021, 8, 10),
                                   criteria_set=CriteriaSet.objects.get(code="QD1048"), council=council, actor=province)
    assert round_.level == "province"
    with pytest.raises(DomainError, match="chưa được cấp dưới gửi lên"):
        services.round_assign(round=round_, registrations=[below], actor=province)
    services.round_assign(round=round_, registrations=[at, high], actor=province)
    for entry, total in zip(round_.entries.order_by("order"), ("60", "92"), strict=True):
        for member in members:
            Scorecard.objects.create(entry=entry, member=member, sheet=entry.sheet, status="submitted", total=Decimal(total))
    compute_round_results(round_)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    # province 89.99/90 to the centre
    ok, _refusals = reg_services.split_forwardable([at, high], unit("24"))
    assert ok == [high]
    # recognitions
    assert recognise(at, 3, "province", province).issuer_unit == unit("24")
    with pytest.raises(ValidationError, match="cấp huyện không công nhận"):
        recognise(high, 3, "district", province)
    with pytest.raises(ValidationError, match="5 sao do trung ương"):
        recognise(high, 5, "province", province)
    with pytest.raises(ValidationError, match="1–2 sao"):
        recognise(high, 2, "province", province)
    with pytest.raises(ValidationError, match="Không có kết quả chấm điểm"):
        recognise(below, 3, "province", province)  # 49.99 at the district, never forwarded: no path
    with pytest.raises(PermissionDenied):
        recognise(high, 5, "national", province)  # the centre's decision: the centre's stage only
    assert recognise(high, 5, "national", make_user("ministry")).issuer_level == "national"  # proposal path ≥ 90


# --- the forwarding edges of every procedure: just below and at each forward stage's points ------

# (procedure, year of the work, level that forwards, just below, at). Each procedure's year runs under
# it (the period's deadline); the units are Lục Nam / Bắc Giang before 2025, Bắc Ninh after.
EDGES = [
    ("qd1048-2019", 2021, "district", "49.99", "50"),
    ("qd1048-2019", 2021, "province", "89.99", "90"),
    ("qd148-2023", 2024, "district", "69.99", "70"),
    ("qd148-2023", 2024, "province", "89.99", "90"),
    ("qd1489-2025", 2026, "province", "89.99", "90"),
]
PLACES = {  # year -> (unit of the period, commune, criteria set, {level: unit of the round})
    2021: ("218", "218-11", "QD1048", {"district": "218", "province": "24"}),
    2024: ("218", "218-11", "QD148", {"district": "218", "province": "24"}),
    2026: ("BN-2025", "BN25-03", "QD148", {"province": "BN-2025"}),
}


def test_the_edges_cover_every_forward_threshold_of_every_procedure():
    """A procedure (or a threshold) added to the data without its edge case here fails."""
    from procedures.models import Stage

    in_data = {(s.procedure.code, s.level, f"{s.forward_min_points.normalize():f}")
               for s in Stage.objects.filter(action="forward", forward_min_points__isnull=False).select_related("procedure")}
    assert in_data == {(code, level, at) for code, _year, level, _below, at in EDGES}


@pytest.mark.parametrize(("code", "year", "level", "below_points", "at_points"), EDGES,
                         ids=[f"{c}-{lv}-{a}" for c, _y, lv, _b, a in EDGES])
def test_forwarding_edge(code, year, level, below_points, at_points):
    """Just below the procedure's forward points the product stays (refused, with its score); at
    them it goes up, through the service the forwarding letter uses (split_forwardable); where the
    level sends a letter (a district's accepted products), forwarding_create refuses and accepts the
    same; a product reaching the centre is on the centre's list (the ministry's 5★ stage)."""
    from evaluations.selectors import centre_proposals_for
    from registrations.selectors import procedure_of

    period_unit, commune, criteria, round_units = PLACES[year]
    RegistrationPeriod.objects.create(district=unit(period_unit), year=year, number=1, name=f"Đợt {year}",
                                      deadline=D(year, 3, 31))
    status = Registration.Status.ACCEPTED if level == "district" or year >= 2026 else Registration.Status.FORWARDED
    below, at = registration(commune, year, criteria, status), registration(commune, year, criteria, status)
    assert procedure_of(at).code == code
    forwarding_unit = unit(round_units[level])
    scored_round(forwarding_unit, level=level, year=year, deadline=D(year, 7 if level == "district" else 8, 10),
                 criteria=criteria, results=[(below, below_points), (at, at_points)])
    ok, refusals = reg_services.split_forwardable([below, at], forwarding_unit)
    assert ok == [at]
    assert len(refusals) == 1 and below_points.replace(".", ",") in refusals[0] and f"từ {at_points} điểm" in refusals[0]
    if level == "district":
        office = make_user("agriculture_office", unit_code=round_units[level])
        with pytest.raises(DomainError, match=f"từ {at_points} điểm"):
            reg_services.forwarding_create(district=forwarding_unit, year=year, registrations=[below], letter_number="1",
                                           letter_date=D(year, 7, 12), signer="A", actor=office, confirm_missing=True)
        reg_services.forwarding_create(district=forwarding_unit, year=year, registrations=[at], letter_number="1",
                                       letter_date=D(year, 7, 12), signer="A", actor=office, confirm_missing=True)
        at.refresh_from_db()
        assert at.status == Registration.Status.FORWARDED
    else:
        centre = {e.registration_id for e in centre_proposals_for(make_user("ministry"))}
        assert centre == {at.pk}


def test_outside_portal_entry_needs_reason_and_scan_and_is_still_bound_by_the_band(path_1048):
    below, _at, _high = path_1048
    province = make_user("province")
    with pytest.raises(ValidationError, match="Không có kết quả chấm điểm"):
        recognise(below, 3, "province", province)
    with pytest.raises(ValidationError):
        recognise(below, 3, "province", province, outside_portal=True, outside_reason="", decision_scan=ContentFile(SCAN_PDF, name="q.pdf"))
    with pytest.raises(ValidationError):
        recognise(below, 3, "province", province, outside_portal=True, outside_reason="Lý do")
    with pytest.raises(ValidationError, match="cấp huyện không công nhận"):
        recognise(below, 3, "district", province, **outside())
    recognition = recognise(below, 3, "province", province, **outside())
    assert recognition.outside_portal and recognition.decision_scan.name.endswith(".pdf")


# --- 148 (2024): district recognises 3★, forwards from 70; province recognises 4★ ------------------

def test_148_whole_path():
    RegistrationPeriod.objects.create(district=unit("218"), year=2024, number=1, name="Đợt 2024", deadline=D(2024, 3, 31))
    three, seventy, four = (registration("218-11", 2024, "QD148") for _ in range(3))
    scored_round(unit("218"), level="district", year=2024, deadline=D(2024, 7, 10), criteria="QD148",
                 results=[(three, "69.99"), (seventy, "70"), (four, "80")])
    office = make_user("agriculture_office")
    ok, refusals = reg_services.split_forwardable([three, seventy, four], unit("218"))
    assert ok == [seventy, four] and "từ 70 điểm" in refusals[0] and "69,99" in refusals[0]
    entries = {e.registration_id: e for e in RoundEntry.objects.all()}
    assert entries[three.pk].proposed  # recognised by the district itself (3★)
    recognition = recognise(three, 3, "district", office)
    assert recognition.issuer_level == "district" and recognition.issuer_unit == unit("218")
    with pytest.raises(ValidationError, match="cấp huyện chỉ công nhận 3–3 sao"):
        recognise(four, 4, "district", office)  # 4★ by a district: never
    with pytest.raises(ValidationError, match="cấp tỉnh chỉ công nhận 4–4 sao"):
        recognise(seventy, 3, "province", office)
    assert recognise(four, 4, "province", office).stars == 4  # proposal path: district 80 ≥ 70, 4★


def test_148_round_forwards_only_from_70_and_keeps_the_districts_3_stars():
    """The round's forwarding letter under 148: the 3★ proposal (65) stays for the district's own
    decision; the 4★ one (75) goes to the province."""
    from evaluations.forwarding import forwardable_proposals, round_forward_proposals

    RegistrationPeriod.objects.create(district=unit("218"), year=2024, number=1, name="Đợt 2024", deadline=D(2024, 3, 31))
    three, four = registration("218-11", 2024, "QD148"), registration("218-11", 2024, "QD148")
    round_ = scored_round(unit("218"), level="district", year=2024, deadline=D(2024, 7, 10), criteria="QD148",
                          results=[(three, "65"), (four, "75")])
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.PUBLISHED)
    assert set(round_.entries.filter(proposed=True).values_list("registration_id", flat=True)) == {three.pk, four.pk}
    assert [e.registration_id for e in forwardable_proposals(round_)] == [four.pk]
    forwarding = round_forward_proposals(round=round_, actor=make_user("agriculture_office"), letter_number="5/NN",
                                         letter_date=D(2024, 7, 20), signer="A", confirm_missing=True)
    assert list(forwarding.registrations.values_list("pk", flat=True)) == [four.pk]
    three.refresh_from_db()
    assert three.status == Registration.Status.ACCEPTED
    assert recognise(three, 3, "district", make_user("agriculture_office")).issuer_unit == unit("218")


def test_148_round_refuses_a_criteria_set_not_in_force():
    with pytest.raises(ValidationError, match="không có hiệu lực ngày 10/07/2021"):
        services.round_create(district=unit("218"), year=2021, number=9, name="Sai bộ tiêu chí", deadline=D(2021, 7, 10),
                              criteria_set=CriteriaSet.objects.get(code="QD148"), actor=make_user("agriculture_office"))


# --- 1489 (2026): commune assesses and proposes; province scores, recognises 3–4; no district ------

@pytest.fixture
def path_1489(db):
    province, commune = unit("BN-2025"), unit("BN25-03")
    RegistrationPeriod.objects.create(district=province, year=2026, number=1, name="Đợt 2026", deadline=D(2026, 3, 31))
    officer = make_user("commune_officer", unit_code="BN25-03")
    office = make_user("agriculture_office", unit_code="BN-2025")
    producer = ProducerFactory(commune=commune)
    regs = [reg_services.registration_create(actor=officer, producer=producer, product_name=f"Sản phẩm {n}", year=2026,
                                             category=subgroup("QD148")) for n in range(3)]
    return {"province": province, "officer": officer, "office": office, "regs": regs}


def assess(reg, officer, result="met"):
    return reg_services.commune_assessment_record(
        registration=reg, actor=officer, meeting_date=D(2026, 3, 10), chair="Chủ tịch UBND xã",
        participants="UBND xã, chủ thể", results={c: result for c in ("origin", "labour", "idea", "identity")})


def test_1489_whole_path(path_1489):
    p = path_1489
    officer, office, regs = p["officer"], p["office"], p["regs"]
    commune_list = regs[0].commune_list
    with pytest.raises(DomainError, match="văn bản đề nghị"):
        reg_services.commune_list_submit(commune_list=commune_list, actor=officer)
    with pytest.raises(DomainError, match="Chưa có đánh giá của UBND xã"):
        reg_services.commune_proposal_send(commune_list=commune_list, actor=officer, letter_number="12/UBND",
                                           letter_date=D(2026, 3, 12), signer="A")
    for reg in regs:
        assert assess(reg, officer).passed
    reg_services.commune_proposal_send(commune_list=commune_list, actor=officer, letter_number="12/UBND",
                                       letter_date=D(2026, 3, 12), signer="A")
    for reg in regs:  # the province's office receives the communes' proposals directly
        reg.refresh_from_db()
        assert reg.status == "submitted"
        reg_services.registration_accept(registration=reg, actor=office, confirm_missing=True)
    # no district council exists under 1489
    with pytest.raises(ValidationError, match="không có Hội đồng"):
        services.round_create(district=unit("218"), year=2026, number=1, name="Huyện", deadline=D(2026, 4, 30),
                              criteria_set=CriteriaSet.objects.get(code="QD148"), actor=make_user("agriculture_office"))
    council, members = council_of(p["province"], 2026)
    round_ = services.round_create(district=p["province"], year=2026, number=1, name="Tỉnh", deadline=D(2026, 4, 30),
                                   criteria_set=CriteriaSet.objects.get(code="QD148"), council=council, actor=office)
    services.round_assign(round=round_, registrations=regs, actor=office)
    for entry, total in zip(round_.entries.order_by("order"), ("60", "89.99", "90"), strict=True):
        for member in members:
            Scorecard.objects.create(entry=entry, member=member, sheet=entry.sheet, status="submitted", total=Decimal(total))
    compute_round_results(round_)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    assert all(e.proposed for e in round_.entries.all())  # 60 is proposed to UBND tỉnh itself (3★)
    ok, refusals = reg_services.split_forwardable(regs, p["province"])
    assert ok == [regs[2]] and len(refusals) == 2
    recognition = recognise(regs[0], 3, "province", office)
    assert recognition.issuer_unit == p["province"] and recognition.issuer_level == "province"
    with pytest.raises(ValidationError, match="cấp huyện không công nhận"):
        recognise(regs[1], 4, "district", office)
    with pytest.raises(ValidationError, match="5 sao do trung ương"):
        recognise(regs[2], 5, "province", office)
    ministry = make_user("ministry")
    with pytest.raises(ValidationError, match="Không có kết quả chấm điểm"):
        recognise(regs[1], 5, "national", ministry)  # 89.99: no proposal to the centre
    with pytest.raises(PermissionDenied):
        recognise(regs[2], 5, "national", office)
    assert recognise(regs[2], 5, "national", ministry).stars == 5


def test_1489_failed_assessment_is_not_proposed(path_1489):
    p = path_1489
    for reg in p["regs"]:
        assess(reg, p["officer"], result="not_met")
    with pytest.raises(DomainError, match="chưa đạt"):
        reg_services.commune_proposal_send(commune_list=p["regs"][0].commune_list, actor=p["officer"],
                                           letter_number="12/UBND", letter_date=D(2026, 3, 12), signer="A")


def test_commune_assessment_only_where_the_procedure_has_it_and_only_by_its_commune(path_1489, demo_users):
    p = path_1489
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assess(p["regs"][0], demo_users["xa.baoson"])
    reg_2021 = registration("218-11", 2021, "QD1048", Registration.Status.DRAFT)
    RegistrationPeriod.objects.create(district=unit("218"), year=2021, number=1, name="Đợt 2021", deadline=D(2021, 3, 31))
    with pytest.raises(DomainError, match="không đánh giá hồ sơ"):
        assess(reg_2021, demo_users["xa.huyenson"])


def test_period_procedure_override_needs_the_admin_and_a_reason(demo_users):
    from django.core.exceptions import PermissionDenied

    from procedures.models import Procedure

    period = RegistrationPeriod.objects.create(district=unit("218"), year=2026, number=3, name="Đợt", deadline=D(2026, 3, 31))
    p148 = Procedure.objects.get(code="qd148-2023")
    with pytest.raises(PermissionDenied):
        reg_services.period_set_procedure(period=period, procedure=p148, reason="x", actor=demo_users["phongnn"])
    with pytest.raises(ValidationError):
        reg_services.period_set_procedure(period=period, procedure=p148, reason="", actor=demo_users["admin"])
    period = reg_services.period_set_procedure(period=period, procedure=p148, reason="Chuyển tiếp", actor=demo_users["admin"])
    from accounts.workflow import history_of
    from registrations.selectors import procedure_of_period

    assert "Chuyển tiếp" in history_of(period).last().note

    assert procedure_of_period(period).code == "qd148-2023"
    reg_services.period_set_procedure(period=period, procedure=None, reason="", actor=demo_users["admin"])
    period.refresh_from_db()
    assert procedure_of_period(period).code == "qd1489-2025" and period.procedure_reason == ""
    assert Recognition.objects.count() == 0
