"""The programme report of a period (plan III.1) counts only what had happened by the period's end:
the mid-year report (30/06) and the annual one (31/12), against hand-computed values on a small
dataset with rows before and after 30/06/2021. The history rows are those accounts.workflow.transition()
writes; rows without history (seeded, imported) count in their current state."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AdministrativeUnit, StatusChange
from accounts.tests.factories import make_user
from evaluations.models import Recognition, Round, RoundEntry, Scorecard
from evaluations.tests.factories import make_card, make_recognition, make_round
from promotion.models import Course, Event
from registrations.models import CommuneList, Registration, RegistrationPeriod
from stats import report
from stats.models import Programme, Target
from stats.selectors import programme_stats
from subsidies.models import Entitlement, SubsidyPayment

from .factories import registration

pytestmark = pytest.mark.django_db
D = datetime.date
R = Registration.Status


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def history(obj, *changes):
    """StatusChange rows as the workflow writes them: (day, from_state, to_state)."""
    ct = ContentType.objects.get_for_model(obj)
    for day, from_state, to_state in changes:
        StatusChange.objects.create(content_type=ct, object_id=obj.pk, workflow="test", from_state=from_state,
                                    to_state=to_state, at=at(day))


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


@pytest.fixture
def dataset(db):
    """Lục Nam 2021.
    R1 Huyền Sơn: sent 20/03, accepted 10/04; card submitted 05/06; round closed 12/07 (proposed);
       recognised 3★ on 20/06; its entitlement (10M) paid 25/06.
    R2 Bảo Sơn: sent 25/03, accepted 15/07; card submitted 05/07; recognised 5★ on 26/08; its
       entitlement (20M) paid 10/09.
    R3 Huyền Sơn: a draft sent on 15/08.
    R4 Bảo Sơn: accepted, no history (seeded).
    R5 Huyền Sơn: accepted, no history; recognised 3★ on 10/03, revoked on 01/09; its entitlement
       (10M) cancelled on 05/09.
    Events 15/05 and 20/10; a training 10/06, a study tour 15/08.
    Lists (deadline 31/03): Huyền Sơn sent 20/03, Bảo Sơn 05/04 (late), Trường Sơn 10/07 (late),
    Nghĩa Phương a draft. Round 1 (deadline 10/07): opened 01/06, closed 12/07."""
    r1 = registration("218-11")
    history(r1, (D(2021, 3, 20), R.DRAFT, R.SUBMITTED), (D(2021, 4, 10), R.SUBMITTED, R.ACCEPTED))
    r2 = registration("218-03")
    history(r2, (D(2021, 3, 25), R.DRAFT, R.SUBMITTED), (D(2021, 7, 15), R.SUBMITTED, R.ACCEPTED))
    r3 = registration("218-11", status=R.SUBMITTED)
    history(r3, (D(2021, 8, 15), R.DRAFT, R.SUBMITTED))
    registration("218-03")
    r5 = registration("218-11")

    round_ = make_round(registrations=[r1, r2])
    history(round_, (D(2021, 6, 1), Round.Status.PLANNED, Round.Status.OPEN), (D(2021, 7, 12), Round.Status.OPEN, Round.Status.CLOSED))
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED, closed_at=at(D(2021, 7, 12)))
    member = round_.council.members.filter(position="chair").get()
    e1, e2 = round_.entries.order_by("order")
    for entry, day, score, proposed in ((e1, D(2021, 6, 5), 72, True), (e2, D(2021, 7, 5), 45, False)):
        card = make_card(entry, member, score)
        Scorecard.objects.filter(pk=card.pk).update(submitted_at=at(day))
        RoundEntry.objects.filter(pk=entry.pk).update(score=score, proposed=proposed)

    province = make_user("province")
    rec1 = make_recognition(r1, stars=3, decision_date=D(2021, 6, 20), actor=province)
    rec2 = make_recognition(r2, stars=5, decision_date=D(2021, 8, 26))  # the centre (ministry) grants 5★
    rec5 = make_recognition(r5, stars=3, decision_date=D(2021, 3, 10), actor=province)
    Recognition.objects.filter(pk=rec5.pk).update(status=Recognition.Status.REVOKED, end_decision_date=D(2021, 9, 1),
                                                  ended_at=at(D(2021, 9, 1)))
    ent5 = Entitlement.objects.get(recognition=rec5)
    history(ent5, (D(2021, 9, 5), Entitlement.Status.NEW, Entitlement.Status.CANCELLED))
    Entitlement.objects.filter(pk=ent5.pk).update(status=Entitlement.Status.CANCELLED)
    finance = make_user("finance_office")
    for rec, day in ((rec1, D(2021, 6, 25)), (rec2, D(2021, 9, 10))):
        ent = Entitlement.objects.get(recognition=rec)
        Entitlement.objects.filter(pk=ent.pk).update(status=Entitlement.Status.PAID, approval_number="1/QĐ", approval_date=day)
        SubsidyPayment.objects.create(entitlement=ent, amount=ent.amount, voucher_number=f"PC-{ent.pk}", paid_on=day,
                                      created_by=finance)

    lucnam = unit("218")
    for day, name in ((D(2021, 5, 15), "Hội chợ xuân"), (D(2021, 10, 20), "Ngày hội OCOP")):
        Event.objects.create(district=lucnam, kind=Event.Kind.FAIR, name=name, organiser="Phòng NN", place="Đồi Ngô",
                             start_date=day, end_date=day)
    for day, kind in ((D(2021, 6, 10), Course.Kind.TRAINING), (D(2021, 8, 15), Course.Kind.STUDY_TOUR)):
        Course.objects.create(district=lucnam, kind=kind, title=str(kind), organiser="Phòng NN",
                              organiser_level=Course.OrganiserLevel.choices[0][0], start_date=day, end_date=day)

    period = RegistrationPeriod.objects.create(district=lucnam, year=2021, name="Đợt 1", deadline=D(2021, 3, 31))
    for code, status, day, late in (("218-11", CommuneList.Status.RECEIVED, D(2021, 3, 20), False),
                                    ("218-03", CommuneList.Status.RECEIVED, D(2021, 4, 5), True),
                                    ("218-21", CommuneList.Status.SUBMITTED, D(2021, 7, 10), True),
                                    ("218-15", CommuneList.Status.DRAFT, None, False)):
        CommuneList.objects.create(commune=unit(code), period=period, status=status, is_late=late,
                                   submitted_at=at(day) if day else None)
    programme = Programme.objects.create(unit=lucnam, year=2021)
    Target.objects.create(programme=programme, metric="registrations", minimum=5)
    return {"r1": r1, "r2": r2}


def column(stats, key):
    return {row[0]: row[1] for row in stats.table(key).rows}


def figures(period):
    f = report.filters_for(unit("218"), 2021, period)
    return f, programme_stats(f)


def test_mid_year_report_counts_only_what_happened_by_30_june(dataset):
    f, stats = figures("mid")
    assert f.cut == D(2021, 6, 30)
    # registered R1 R2 R4 R5 (R3 still a draft); accepted R1 R4 R5 (R2 on 15/07); scored R1 (R2's card
    # on 05/07); proposed none (the round closed on 12/07); recognised R1 and R5 (revoked on 01/09)
    assert list(column(stats, "funnel").values()) == [4, 3, 1, 0, 2]
    assert column(stats, "stars") == {"3 sao": 2, "4 sao": 0, "5 sao": 0}
    assert list(column(stats, "certificates").values()) == [2, 0, 0]
    assert list(column(stats, "activities").values()) == [1, 1, 0]
    # committed: R1 10M and R5 10M (still open on 30/06); paid: R1 10M (R2's 20M on 10/09)
    (subsidies,) = stats.table("subsidies").rows
    assert subsidies[2:] == [20_000_000, 10_000_000]
    (period,) = stats.late["periods"]
    # sent by 30/06: Huyền Sơn, Bảo Sơn (late); not sent then: Trường Sơn (sent 10/07), Nghĩa Phương
    assert (period["submitted"], period["submitted_late"], period["overdue"]) == (2, 1, 2)
    assert sorted((x["commune_label"], str(x["state_label"])) for x in stats.late["late_lists"]) == [
        ("Xã Bảo Sơn", "Gửi muộn"), ("Xã Nghĩa Phương", "Quá hạn, chưa gửi"), ("Xã Trường Sơn", "Quá hạn, chưa gửi")]
    (round_,) = stats.late["rounds"]
    assert (round_["status"], round_["late"]) == (Round.Status.OPEN, False)  # deadline 10/07 not reached
    (target,) = stats.targets
    assert (target.value, target.status) == (4, "in_progress")


def test_annual_report_counts_the_whole_year(dataset):
    f, stats = figures("year")
    assert f.cut == D(2021, 12, 31)
    # registered all five; accepted R1 R2 R4 R5; scored R1 R2; proposed R1; recognised R1 R2 (R5 revoked)
    assert list(column(stats, "funnel").values()) == [5, 4, 2, 1, 2]
    assert column(stats, "stars") == {"3 sao": 1, "4 sao": 0, "5 sao": 1}
    assert list(column(stats, "certificates").values()) == [2, 0, 0]
    assert list(column(stats, "activities").values()) == [2, 1, 1]
    (subsidies,) = stats.table("subsidies").rows
    assert subsidies[2:] == [30_000_000, 30_000_000]  # R1 10M + R2 20M; R5's cancelled
    (period,) = stats.late["periods"]
    assert (period["submitted"], period["submitted_late"], period["overdue"]) == (3, 2, 1)
    (round_,) = stats.late["rounds"]
    assert (round_["status"], round_["late"]) == (Round.Status.CLOSED, False)
    (target,) = stats.targets
    assert (target.value, target.status) == (5, "met")


def test_the_report_says_its_cut_off_day(dataset):
    f, stats = figures("mid")
    assert stats.table("funnel").title == "Từ đăng ký đến công nhận (năm 2021) (đến ngày 30/06/2021)"
    assert "(đến ngày 30/06/2021)" in stats.table("subsidies").title
    assert stats.table("subsidies").headers[1] == "Dự toán năm"
    assert "tính đến ngày 30/06/2021" in stats.table("subsidies").note
    from stats.selectors import Filters

    page = programme_stats(Filters(unit=unit("218"), year=2021))  # the statistics page: the year as it stands
    assert "đến ngày" not in page.table("funnel").title


def test_period_report_query_count_is_fixed(dataset):
    f = report.filters_for(unit("218"), 2021, "mid")
    programme_stats(f)
    with CaptureQueriesContext(connection) as small:
        programme_stats(report.filters_for(unit("218"), 2021, "mid"))
    for code in ("218-11", "218-03", "218-11", "218-03"):
        reg = registration(code, status=R.SUBMITTED)
        history(reg, (D(2021, 3, 28), R.DRAFT, R.SUBMITTED))
        make_recognition(registration(code), stars=4, decision_date=D(2021, 5, 5))
    with CaptureQueriesContext(connection) as large:
        stats = programme_stats(report.filters_for(unit("218"), 2021, "mid"))
    assert list(column(stats, "funnel").values())[0] == 4 + 8  # the larger data set is really counted
    assert len(large.captured_queries) == len(small.captured_queries)

