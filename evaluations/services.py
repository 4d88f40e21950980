"""State-changing actions of the evaluations app: criteria sheets, rounds, council, scoring, results,
recognitions and monitoring. Each runs in a transaction, re-reads its row with select_for_update,
checks the permission predicate and moves state through accounts.workflow.transition()."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Case, CharField, Count, Max, Min, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.functions import Round as SqlRound
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.workflow import DomainError, Workflow, ensure, record_event, transition
from registrations.models import Registration

from . import events
from .criteria import content_hash, create_sheet_rows, normalised_for_hash, validate_sheet
from .models import (
    ConflictOfInterest,
    Council,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Inspection,
    Level,
    Recognition,
    RevocationProposal,
    Round,
    RoundEntry,
    Scorecard,
    ScoreItem,
    ScoreSheet,
    SheetPart,
    StarThreshold,
)
from .permissions import (
    can_close_round,
    can_decide_revocation,
    can_edit_criteria,
    can_manage_monitoring,
    can_manage_rounds,
    can_open_round,
    can_publish_round,
    can_record_recognition,
    can_reopen_scorecard,
    can_score,
    member_of,
)

RECOGNITION_WORKFLOW = Workflow(
    "recognition",
    {
        Recognition.Status.RECOGNISED: {
            Recognition.Status.REVOKED: {"province", "agriculture_office", "admin"},
            Recognition.Status.CANCELLED: {"province", "agriculture_office", "admin"},
        },
    },
)

ROUND_WORKFLOW = Workflow(
    "round",
    {
        Round.Status.PLANNED: {Round.Status.OPEN: {"agriculture_office", "council_secretary", "admin"}},
        Round.Status.OPEN: {Round.Status.CLOSED: {"council_secretary", "admin"}},
        Round.Status.CLOSED: {
            Round.Status.PUBLISHED: {"council_secretary", "admin"},
            Round.Status.OPEN: {"council_secretary", "admin"},
        },
    },
)

SCORECARD_WORKFLOW = Workflow(
    "scorecard",
    {
        Scorecard.Status.DRAFT: {Scorecard.Status.SUBMITTED: {"council_member", "admin"}},
        Scorecard.Status.SUBMITTED: {Scorecard.Status.DRAFT: {"council_secretary", "admin"}},
    },
)

REVOCATION_WORKFLOW = Workflow(
    "revocation",
    {
        RevocationProposal.Status.PROPOSED: {
            RevocationProposal.Status.DECIDED: {"province", "agriculture_office", "admin"},
            RevocationProposal.Status.REJECTED: {"province", "agriculture_office", "admin"},
        }
    },
)


def default_valid_until(decision_date: datetime.date, registration: Registration | None = None) -> datetime.date:
    """The last day of a certificate issued on `decision_date`: the validity period (months) of the
    criteria set the product was scored with (or, failing that, of the set in force on that day)."""
    from .selectors import criteria_set_for_recognition

    months = criteria_set_for_recognition(registration, decision_date).certificate_validity_months
    return decision_date + relativedelta(months=months) - datetime.timedelta(days=1)


# ------------------------------------------------------------------------------------------------
# Criteria sheets
# ------------------------------------------------------------------------------------------------

SHEET_MODELS = {"SheetPart": SheetPart, "Criterion": Criterion, "Level": Level}


@transaction.atomic
def sheet_save_version(
    *, criteria_set: CriteriaSet, subgroup, data: dict, actor, origin: str = ScoreSheet.Origin.IMPORT
) -> ScoreSheet:
    """Store `data` as the new current version of the sub-group's sheet. It is validated (parts add
    up to their maxima and to 100); a failing sheet is stored but flagged and cannot be scored.
    Earlier versions stay untouched, so score cards keep the version they were scored on."""
    ensure(actor is None or can_edit_criteria(actor), _("Bạn không có quyền sửa bộ tiêu chí."))
    digest = content_hash(normalised_for_hash(data))
    current = (
        ScoreSheet.objects.select_for_update().filter(criteria_set=criteria_set, subgroup=subgroup, is_current=True).first()
    )
    if current is not None and current.source_hash == digest:
        return current
    version = 1
    if current is not None:
        version = current.version + 1
        current.is_current = False
        current.save(update_fields=["is_current"])
    last = ScoreSheet.objects.filter(criteria_set=criteria_set, subgroup=subgroup).aggregate(v=Max("version"))["v"] or 0
    version = max(version, last + 1)
    problems = validate_sheet(data)
    sheet = ScoreSheet.objects.create(
        criteria_set=criteria_set, subgroup=subgroup, name=data["name"][:255], version=version, is_current=True,
        is_valid=not problems, problems=problems, origin=origin, source_hash=digest, created_by=actor,
    )
    create_sheet_rows(apps_models=SHEET_MODELS, sheet_obj=sheet, data=data)
    return sheet


def sheet_for(criteria_set: CriteriaSet, subgroup) -> ScoreSheet | None:
    if subgroup is None:
        return None
    return ScoreSheet.objects.filter(criteria_set=criteria_set, subgroup=subgroup, is_current=True).first()


# ------------------------------------------------------------------------------------------------
# Council
# ------------------------------------------------------------------------------------------------


@transaction.atomic
def council_create(*, district, year: int, name: str, decision_number: str, decision_date, actor) -> Council:
    ensure(can_manage_rounds(actor, district), _("Bạn không có quyền thành lập hội đồng."))
    council = Council(district=district, year=year, name=name.strip(), decision_number=decision_number.strip(),
                      decision_date=decision_date)
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def council_member_add(*, council: Council, user, position: str, title: str = "", actor) -> CouncilMember:
    ensure(can_manage_rounds(actor, council.district), _("Bạn không có quyền sửa thành phần hội đồng."))
    if position == CouncilMember.Position.CHAIR and council.members.filter(position=position).exists():
        raise ValidationError({"position": _("Hội đồng đã có Chủ tịch.")})
    order = council.members.count() + 1
    try:
        with transaction.atomic():
            return CouncilMember.objects.create(council=council, user=user, position=position, title=title, order=order)
    except IntegrityError:
        raise ValidationError(_("Người này đã là thành viên hội đồng.")) from None


@transaction.atomic
def conflict_declare(*, member: CouncilMember, producer, reason: str, actor) -> ConflictOfInterest:
    """A member declares a conflict of interest with a producer (themself, or the office for them).
    Their draft score cards for that producer's products are deleted; submitted ones block."""
    ensure(actor.pk == member.user_id or can_manage_rounds(actor, member.council.district),
           _("Chỉ thành viên đó hoặc Phòng Nông nghiệp được khai báo."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    cards = Scorecard.objects.filter(member=member, entry__registration__producer=producer)
    if cards.filter(status=Scorecard.Status.SUBMITTED, entry__round__status=Round.Status.OPEN).exists():
        raise DomainError(_("Thành viên đã nộp phiếu chấm cho sản phẩm của chủ thể này; đề nghị thư ký mở lại phiếu trước."))
    cards.filter(status=Scorecard.Status.DRAFT).delete()
    conflict, _created = ConflictOfInterest.objects.get_or_create(member=member, producer=producer, defaults={"reason": reason.strip()})
    record_event(member.council, actor=actor, label="conflict", note=f"{member.user}: {producer} — {reason}", workflow="council")
    return conflict


# ------------------------------------------------------------------------------------------------
# Rounds
# ------------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(*, district, year: int, number: int, name: str, deadline, criteria_set, council=None, actor, **settings) -> Round:
    ensure(can_manage_rounds(actor, district), _("Bạn không có quyền tạo đợt đánh giá."))
    round_ = Round(district=district, year=year, number=number, name=name.strip(), deadline=deadline,
                   criteria_set=criteria_set, council=council, **settings)
    round_.full_clean()
    round_.save()
    record_event(round_, actor=actor, label=Round.Status.PLANNED, workflow="round")
    return round_


def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("district", "council", "criteria_set").get(pk=round_.pk)


@transaction.atomic
def round_assign(*, round: Round, registrations, actor) -> list[RoundEntry]:
    """Schedule accepted registrations in a planned or open round, each with the current valid sheet
    of its sub-group in the round's criteria set."""
    round_ = _lock_round(round)
    ensure(can_manage_rounds(actor, round_.district), _("Bạn không có quyền xếp sản phẩm vào đợt đánh giá."))
    if round_.status not in (Round.Status.PLANNED, Round.Status.OPEN):
        raise DomainError(_("Đợt đánh giá đã kết thúc, không thể thêm sản phẩm."))
    created = []
    order = round_.entries.aggregate(m=Max("order"))["m"] or 0
    regs = Registration.objects.select_for_update(of=("self",)).filter(pk__in=[r.pk for r in registrations]).select_related("commune", "product", "category")
    sheets = {s.subgroup_id: s for s in ScoreSheet.objects.filter(criteria_set=round_.criteria_set, is_current=True)}
    for reg in regs.order_by("sequence", "pk"):
        if reg.commune.parent_id != round_.district_id:
            raise DomainError(_("%(p)s không thuộc huyện của đợt đánh giá.") % {"p": reg.product})
        if reg.status != Registration.Status.ACCEPTED:
            raise DomainError(_("%(p)s chưa được tiếp nhận hồ sơ.") % {"p": reg.product})
        busy = RoundEntry.objects.filter(registration=reg).exclude(round=round_).filter(
            round__status__in=[Round.Status.PLANNED, Round.Status.OPEN])
        if busy.exists():
            raise DomainError(_("%(p)s đã được xếp vào một đợt đánh giá khác.") % {"p": reg.product})
        sheet = sheets.get(reg.category_id)
        if sheet is None:
            raise DomainError(_("Bộ tiêu chí chưa có phiếu chấm cho phân nhóm của %(p)s.") % {"p": reg.product})
        if not sheet.is_valid:
            raise DomainError(_("Phiếu chấm “%(s)s” chưa hợp lệ (tổng điểm không khớp); cần sửa trước khi chấm.") % {"s": sheet.name})
        order += 1
        entry, was_created = RoundEntry.objects.get_or_create(
            round=round_, registration=reg, defaults={"sheet": sheet, "order": order, "assigned_by": actor}
        )
        if was_created:
            created.append(entry)
            record_event(reg, actor=actor, label="scheduled", note=str(round_), workflow="evaluation")
    return created


@transaction.atomic
def round_remove_entry(*, entry: RoundEntry, actor) -> None:
    round_ = _lock_round(entry.round)
    ensure(can_manage_rounds(actor, round_.district), _("Bạn không có quyền sửa đợt đánh giá."))
    if round_.status != Round.Status.PLANNED:
        raise DomainError(_("Chỉ bỏ được sản phẩm khi đợt chưa mở chấm điểm."))
    entry.delete()


@transaction.atomic
def round_open(*, round: Round, actor) -> Round:
    round_ = _lock_round(round)
    ensure(can_open_round(actor, round_), _("Bạn không có quyền mở đợt chấm điểm."))
    if round_.council_id is None or not round_.council.members.filter(position__in=CouncilMember.SCORING_POSITIONS).exists():
        raise DomainError(_("Đợt đánh giá chưa có hội đồng với thành viên chấm điểm."))
    if not round_.entries.exists():
        raise DomainError(_("Đợt đánh giá chưa có sản phẩm nào."))
    transition(round_, workflow=ROUND_WORKFLOW, to=Round.Status.OPEN, actor=actor)
    return round_


MEDIAN_SQL = """
UPDATE evaluations_roundentry SET score = (
    SELECT ROUND(AVG(t.total), 2) FROM (
        SELECT s.total AS total,
               ROW_NUMBER() OVER (ORDER BY s.total) AS rn,
               COUNT(*) OVER () AS n
        FROM evaluations_scorecard s
        WHERE s.entry_id = evaluations_roundentry.id AND s.status = 'submitted'
    ) t
    WHERE t.rn IN ((t.n + 1) / 2, (t.n + 2) / 2)
)
WHERE round_id = %s
"""


def compute_round_results(round_: Round, *, unrated_ids=()) -> None:
    """Each entry's score (mean or median of the submitted totals, 2 decimals), number of sheets,
    spread, stars from the criteria set's thresholds, proposal and default conclusion: all as SQL
    UPDATE statements with aggregate subqueries (no Python loop over score rows). Entries in
    `unrated_ids` (quorum not met) keep no score, stars nor proposal."""
    submitted = Scorecard.objects.filter(entry=OuterRef("pk"), status=Scorecard.Status.SUBMITTED).order_by().values("entry")
    entries = RoundEntry.objects.filter(round=round_)
    updates = {
        "submitted_count": Coalesce(Subquery(submitted.annotate(c=Count("pk")).values("c")), 0),
        "spread": Subquery(submitted.annotate(s=Max("total") - Min("total")).values("s")),
    }
    if round_.aggregation == Round.Aggregation.MEAN:
        updates["score"] = Subquery(submitted.annotate(a=SqlRound(Avg("total"), 2)).values("a"))
    entries.update(**updates)
    if round_.aggregation == Round.Aggregation.MEDIAN:
        with connection.cursor() as cursor:
            cursor.execute(MEDIAN_SQL, [round_.pk])
    thresholds = StarThreshold.objects.filter(criteria_set_id=round_.criteria_set_id, min_points__lte=OuterRef("score"))
    entries.update(stars=Subquery(thresholds.order_by("-min_points").values("stars")[:1]))
    if unrated_ids:
        entries.filter(pk__in=unrated_ids).update(
            score=None, stars=None, conclusion=_("Chưa đủ số phiếu chấm theo quy định; chưa xếp hạng, xem xét ở đợt sau."))
    minimum = round_.criteria_set.proposal_min_points
    entries.update(proposed=Case(When(score__gte=minimum, then=Value(True)), default=Value(False)))
    entries.filter(conclusion="").update(
        conclusion=Case(
            When(score__gte=minimum, then=Value(_("Đạt, đề nghị cấp trên đánh giá, công nhận."))),
            When(score__isnull=True, then=Value(_("Không đủ phiếu chấm."))),
            default=Value(_("Chưa đạt; trả kết quả và góp ý cho xã và chủ thể để hoàn thiện.")),
            output_field=CharField(),
        )
    )


@transaction.atomic
def round_close(*, round: Round, actor, leave_unrated: bool = False) -> Round:
    """Close scoring and compute the results in SQL.

    Every product needs its quorum (the round's percentage of eligible members, with the chair's
    sheet). If some lack it, the refusal names, per product, the members who have not submitted.
    With `leave_unrated` the secretary closes anyway: those products get no score nor stars, a
    conclusion saying why, and are listed in the history and the minutes; they may be scheduled in
    a later round."""
    from .selectors import round_with_council, secretary_matrix, shortfall_text

    round_ = _lock_round(round)
    ensure(can_close_round(actor, round_), _("Chỉ thư ký hội đồng được kết thúc đợt chấm điểm."))
    if round_.status != Round.Status.OPEN:
        raise DomainError(_("Đợt đánh giá không ở trạng thái đang chấm điểm."))
    matrix = secretary_matrix(round_with_council(round_.pk), shortfalls_only=True)
    shortfalls = matrix["shortfalls"]
    texts = [shortfall_text(row, round_) for row in shortfalls]
    if shortfalls and not leave_unrated:
        raise DomainError(
            _("Chưa đủ số phiếu theo quy định ở %(n)s sản phẩm: %(list)s.") % {"n": len(texts), "list": "; ".join(texts)}
        )
    if shortfalls and len(shortfalls) == matrix["n_entries"]:
        raise DomainError(_("Không sản phẩm nào đủ số phiếu theo quy định; chưa thể kết thúc đợt."))
    unrated = [row["entry"] for row in shortfalls]
    compute_round_results(round_, unrated_ids=[e.pk for e in unrated])
    for entry in unrated:
        record_event(entry.registration, actor=actor, label="unrated", workflow="evaluation",
                     note=_("%(r)s: chưa đủ số phiếu, chưa xếp hạng") % {"r": round_})
    round_.closed_at = timezone.now()
    note = ""
    if unrated:
        note = _("Kết thúc khi %(n)s sản phẩm chưa đủ số phiếu, không xếp hạng: %(list)s") % {
            "n": len(unrated), "list": "; ".join(texts)}
    transition(round_, workflow=ROUND_WORKFLOW, to=Round.Status.CLOSED, actor=actor, note=note,
               extra_update_fields=["closed_at"])
    return round_


@transaction.atomic
def round_reopen(*, round: Round, actor, reason: str) -> Round:
    round_ = _lock_round(round)
    ensure(can_close_round(actor, round_), _("Chỉ thư ký hội đồng được mở lại đợt chấm điểm."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    round_.entries.update(score=None, stars=None, proposed=False, spread=None, submitted_count=0, conclusion="")
    transition(round_, workflow=ROUND_WORKFLOW, to=Round.Status.OPEN, actor=actor, note=reason)
    return round_


@transaction.atomic
def round_publish(*, round: Round, actor) -> Round:
    round_ = _lock_round(round)
    ensure(can_publish_round(actor, round_), _("Chỉ thư ký hội đồng được công bố kết quả."))
    round_.published_at = timezone.now()
    transition(round_, workflow=ROUND_WORKFLOW, to=Round.Status.PUBLISHED, actor=actor, extra_update_fields=["published_at"])
    return round_


@transaction.atomic
def entry_set_conclusion(*, entry: RoundEntry, conclusion: str, actor) -> RoundEntry:
    entry = RoundEntry.objects.select_for_update(of=("self",)).select_related("round").get(pk=entry.pk)
    ensure(can_close_round(actor, entry.round), _("Chỉ thư ký hội đồng được ghi kết luận."))
    if entry.round.status != Round.Status.CLOSED:
        raise DomainError(_("Chỉ ghi kết luận khi đợt đã kết thúc và chưa công bố."))
    entry.conclusion = conclusion.strip()
    entry.save(update_fields=["conclusion"])
    return entry


# ------------------------------------------------------------------------------------------------
# Scoring
# ------------------------------------------------------------------------------------------------


def _entry_for_scoring(entry_pk) -> RoundEntry:
    return (
        RoundEntry.objects.select_related("round__council", "registration__producer", "registration__product", "sheet")
        .prefetch_related("round__council__members__conflicts")
        .get(pk=entry_pk)
    )


def _totals(sheet: ScoreSheet, level_by_criterion: dict[int, Level]) -> dict[str, Decimal]:
    parts = {p.pk: p.code for p in sheet.parts.all()}
    totals = {code: Decimal(0) for code in parts.values()}
    criteria = {c.pk: c for c in sheet.criteria.all()}
    for crit_id, level in level_by_criterion.items():
        totals[parts[criteria[crit_id].part_id]] += level.points
    return totals


def resolve_levels(sheet: ScoreSheet, chosen: dict) -> dict[int, Level]:
    """Map {criterion id: level id} (strings accepted) to Level rows of this sheet; a level that is
    not one of the criterion's levels raises ValidationError."""
    ids = {}
    for crit_id, level_id in chosen.items():
        if level_id in (None, ""):
            continue
        try:
            ids[int(crit_id)] = int(level_id)
        except (TypeError, ValueError):
            raise ValidationError(_("Mức điểm không hợp lệ.")) from None
    levels = Level.objects.filter(pk__in=ids.values(), criterion__sheet=sheet).select_related("criterion")
    by_id = {lv.pk: lv for lv in levels}
    result = {}
    for crit_id, level_id in ids.items():
        level = by_id.get(level_id)
        if level is None or level.criterion_id != crit_id or level.points is None:
            raise ValidationError(_("Mức điểm đã chọn không thuộc tiêu chí của phiếu chấm."))
        result[crit_id] = level
    groups: dict[str, int] = {}
    for level in result.values():
        group = level.criterion.alternative_group
        if group:
            groups[group] = groups.get(group, 0) + 1
            if groups[group] > 1:
                raise ValidationError(_("Chỉ chọn một trong các trường hợp của mục “%(s)s”.") % {"s": level.criterion.section_name})
    return result


def missing_criteria(sheet: ScoreSheet, chosen: dict[int, Level]) -> list[Criterion]:
    missing, groups_done, groups = [], set(), {}
    for crit in sheet.criteria.all():
        if crit.alternative_group:
            groups.setdefault(crit.alternative_group, []).append(crit)
            if crit.pk in chosen:
                groups_done.add(crit.alternative_group)
        elif crit.pk not in chosen:
            missing.append(crit)
    for group, crits in groups.items():
        if group not in groups_done:
            missing.append(crits[0])
    return missing


@transaction.atomic
def scorecard_save(*, entry: RoundEntry, actor, levels: dict, comment: str = "", submit: bool = False) -> Scorecard:
    """Save the member's ticks (one level per criterion) as a draft, or submit the complete sheet.
    A submitted sheet is locked. Two simultaneous submits leave one submitted sheet: the card row
    is locked with select_for_update and re-read before the state check."""
    entry = _entry_for_scoring(entry.pk)
    seat = member_of(actor, entry.round)
    ensure(can_score(actor, entry, seat), _("Bạn không được chấm sản phẩm này (không thuộc hội đồng, xung đột lợi ích hoặc đợt đã đóng)."))
    # Lock the round row (round_close takes the same lock) and re-check it is still open.
    if not list(Round.objects.select_for_update().filter(pk=entry.round_id, status=Round.Status.OPEN).values_list("pk", flat=True)):
        raise DomainError(_("Đợt đánh giá đã kết thúc chấm điểm."))
    sheet = entry.sheet
    card, _created = Scorecard.objects.get_or_create(entry=entry, member=seat, defaults={"sheet": sheet})
    card = Scorecard.objects.select_for_update().get(pk=card.pk)
    if card.status == Scorecard.Status.SUBMITTED:
        raise DomainError(_("Phiếu chấm đã nộp và bị khóa; chỉ thư ký hội đồng có thể mở lại."))
    sheet = card.sheet
    chosen = resolve_levels(sheet, levels)
    if submit:
        missing = missing_criteria(sheet, chosen)
        if missing:
            raise ValidationError(
                _("Chưa chấm %(n)s tiêu chí, ví dụ: %(c)s.") % {"n": len(missing), "c": ", ".join(str(c) for c in missing[:3])}
            )
    card.items.all().delete()
    ScoreItem.objects.bulk_create(
        [ScoreItem(scorecard=card, criterion_id=crit_id, level=level, points=level.points) for crit_id, level in chosen.items()]
    )
    totals = _totals(sheet, chosen)
    card.part_a, card.part_b, card.part_c = (totals.get(code, Decimal(0)) for code in ("A", "B", "C"))
    card.total = sum(totals.values(), Decimal(0))
    card.comment = comment.strip()
    fields = ["part_a", "part_b", "part_c", "total", "comment", "updated_at"]
    card.save(update_fields=fields)
    if submit:
        card.submitted_at = timezone.now()
        transition(card, workflow=SCORECARD_WORKFLOW, to=Scorecard.Status.SUBMITTED, actor=actor, extra_update_fields=["submitted_at"])
    return card


@transaction.atomic
def scorecard_reopen(*, scorecard: Scorecard, actor, reason: str) -> Scorecard:
    card = Scorecard.objects.select_for_update(of=("self",)).select_related("entry__round__council").get(pk=scorecard.pk)
    ensure(can_reopen_scorecard(actor, card), _("Chỉ thư ký hội đồng được mở lại phiếu chấm khi đợt đang chấm."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do mở lại phiếu.")})
    card.submitted_at = None
    transition(card, workflow=SCORECARD_WORKFLOW, to=Scorecard.Status.DRAFT, actor=actor, note=reason.strip(),
               extra_update_fields=["submitted_at"])
    return card


# ------------------------------------------------------------------------------------------------
# Recognition (province decision)
# ------------------------------------------------------------------------------------------------


@transaction.atomic
def recognition_record(
    *,
    registration: Registration,
    actor,
    stars: int,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    issuer_level: str = Recognition.IssuerLevel.PROVINCE,
    certificate_number: str = "",
    valid_until: datetime.date | None = None,
    score=None,
    proposed_stars: int | None = None,
) -> Recognition:
    """Record a recognition decision; sends `recognition_recorded` inside the transaction."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("commune__parent").get(pk=registration.pk)
    ensure(can_record_recognition(actor, registration), _("Bạn không có quyền ghi nhận quyết định công nhận."))
    if not 1 <= int(stars) <= 5:
        raise ValidationError({"stars": _("Số sao phải từ 1 đến 5.")})
    if valid_until is not None and valid_until <= decision_date:
        raise ValidationError({"valid_until": _("Ngày hết hiệu lực phải sau ngày quyết định.")})
    if Recognition.objects.filter(registration=registration, status=Recognition.Status.RECOGNISED).exists():
        raise ValidationError(_("Sản phẩm này đã có quyết định công nhận cho lần đánh giá này."))
    recognition = Recognition(
        registration=registration,
        product_id=registration.product_id,
        status=Recognition.Status.RECOGNISED,
        stars=stars,
        proposed_stars=proposed_stars,
        score=score,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issuer=issuer.strip(),
        issuer_level=issuer_level,
        certificate_number=certificate_number.strip(),
        valid_from=decision_date,
        valid_until=valid_until or default_valid_until(decision_date, registration),
        created_by=actor,
    )
    recognition.full_clean()
    recognition.save()
    record_event(recognition, actor=actor, label=Recognition.Status.RECOGNISED, note=decision_number, workflow="recognition")
    events.recognition_recorded.send(sender=Recognition, recognition=recognition, actor=actor)
    return recognition


@transaction.atomic
def recognition_record_refusal(
    *, registration: Registration, actor, decision_number: str, decision_date: datetime.date, issuer: str, reason: str
) -> Recognition:
    """Record that the province did not recognise the product (a reason is required)."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("commune__parent").get(pk=registration.pk)
    ensure(can_record_recognition(actor, registration), _("Bạn không có quyền ghi nhận quyết định công nhận."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do không công nhận.")})
    recognition = Recognition.objects.create(
        registration=registration, product_id=registration.product_id, status=Recognition.Status.NOT_RECOGNISED,
        decision_number=decision_number.strip(), decision_date=decision_date, issuer=issuer.strip(),
        reason=reason.strip(), created_by=actor,
    )
    record_event(recognition, actor=actor, label=Recognition.Status.NOT_RECOGNISED, note=reason, workflow="recognition")
    return recognition


@transaction.atomic
def recognition_end(
    *, recognition: Recognition, actor, to: str, reason: str, decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> Recognition:
    """Revoke (province decision) or cancel a recognition; sends `recognition_ended`."""
    recognition = Recognition.objects.select_for_update(of=("self",)).select_related("registration__commune__parent").get(pk=recognition.pk)
    ensure(can_record_recognition(actor, recognition.registration), _("Bạn không có quyền thu hồi/hủy quyết định này."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    recognition.ended_at = timezone.now()
    recognition.end_reason = reason.strip()
    recognition.end_decision_number = decision_number.strip()
    recognition.end_decision_date = decision_date
    transition(
        recognition, workflow=RECOGNITION_WORKFLOW, to=to, actor=actor, note=reason,
        extra_update_fields=["ended_at", "end_reason", "end_decision_number", "end_decision_date"],
    )
    events.recognition_ended.send(sender=Recognition, recognition=recognition, actor=actor, reason=reason)
    return recognition


@transaction.atomic
def recognition_expiry_notify(*, on: datetime.date | None = None) -> int:
    """Notice of certificates expiring within the notice period (setting, default 30 days), sent
    once per certificate: one e-mail per recipient listing their products, to the district's
    agriculture office (all its products) and to each commune's officers (their commune's). The
    certificates are marked as notified; the e-mails leave after the commit. Returns the e-mails."""
    from accounts.roles import Role
    from accounts.selectors import users_with_role

    from .selectors import expiring_recognitions, today

    on = on or today()
    pending = list(
        expiring_recognitions(on).filter(expiry_notice_sent_on__isnull=True)
        .select_related("registration__commune__parent", "registration__producer").select_for_update(of=("self",))
    )
    if not pending:
        return 0
    by_address: dict[str, list[Recognition]] = {}
    recipients_cache: dict[tuple, list[str]] = {}
    for recognition in pending:
        commune = recognition.registration.commune
        for role, unit in ((Role.AGRICULTURE_OFFICE, commune.parent), (Role.COMMUNE_OFFICER, commune)):
            key = (role, unit.pk)
            if key not in recipients_cache:
                recipients_cache[key] = [u.email for u in users_with_role(role, unit) if u.email]
            for address in recipients_cache[key]:
                by_address.setdefault(address, []).append(recognition)
    Recognition.objects.filter(pk__in=[r.pk for r in pending]).update(expiry_notice_sent_on=on)
    messages = [_expiry_message(address, recognitions) for address, recognitions in sorted(by_address.items())]
    transaction.on_commit(lambda: _send_all(messages))
    return len(messages)


def _expiry_message(address: str, recognitions: list[Recognition]):
    from django.conf import settings
    from django.core.mail import EmailMessage

    lines = [
        _("- %(p)s (%(s)s sao, Quyết định %(n)s ngày %(d)s), %(who)s, %(c)s: hết hiệu lực ngày %(u)s.") % {
            "p": r.product.name, "s": r.stars, "n": r.decision_number, "d": f"{r.decision_date:%d/%m/%Y}",
            "who": r.registration.producer.name, "c": r.registration.commune, "u": f"{r.valid_until:%d/%m/%Y}",
        }
        for r in sorted(recognitions, key=lambda r: (r.valid_until, r.product.name))
    ]
    body = "\n".join([
        _("Các sản phẩm OCOP sau có giấy chứng nhận sắp hết hiệu lực:"), "", *lines, "",
        _("Chủ thể có thể đăng ký đánh giá lại (hình thức “Đánh giá lại”) để được xem xét công nhận lại."),
    ])
    subject = _("[OCOP] %(n)s giấy chứng nhận sản phẩm sắp hết hạn") % {"n": len(recognitions)}
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])


def _send_all(messages) -> None:
    from django.core.mail import get_connection

    get_connection().send_messages(messages)


# ------------------------------------------------------------------------------------------------
# Monitoring
# ------------------------------------------------------------------------------------------------


@transaction.atomic
def inspection_record(*, recognition: Recognition, actor, date, unit: str, findings: str, result: str) -> Inspection:
    recognition = Recognition.objects.select_related("registration__commune").get(pk=recognition.pk)
    ensure(can_manage_monitoring(actor, recognition), _("Bạn không có quyền ghi kết quả kiểm tra."))
    inspection = Inspection(recognition=recognition, date=date, unit=unit.strip(), findings=findings.strip(),
                            result=result, created_by=actor)
    inspection.full_clean()
    inspection.save()
    record_event(recognition, actor=actor, label="inspection", note=f"{unit}: {inspection.get_result_display()}", workflow="monitoring")
    return inspection


@transaction.atomic
def revocation_propose(*, recognition: Recognition, actor, reasons: str) -> RevocationProposal:
    recognition = Recognition.objects.select_for_update(of=("self",)).select_related("registration__commune").get(pk=recognition.pk)
    ensure(can_manage_monitoring(actor, recognition), _("Bạn không có quyền đề nghị thu hồi."))
    if recognition.status != Recognition.Status.RECOGNISED:
        raise DomainError(_("Quyết định công nhận không còn hiệu lực."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Cần ghi rõ lý do đề nghị thu hồi.")})
    if recognition.revocation_proposals.filter(status=RevocationProposal.Status.PROPOSED).exists():
        raise DomainError(_("Đã có đề nghị thu hồi đang chờ tỉnh quyết định."))
    proposal = RevocationProposal.objects.create(recognition=recognition, reasons=reasons.strip(), proposed_by=actor)
    record_event(proposal, actor=actor, label=RevocationProposal.Status.PROPOSED, note=reasons, workflow="revocation")
    return proposal


@transaction.atomic
def revocation_decide(
    *, proposal: RevocationProposal, actor, revoke: bool, decision_number: str = "", decision_date=None, note: str = ""
) -> RevocationProposal:
    """The province's decision on a proposal; a revocation ends the recognition (recognition_end)."""
    proposal = RevocationProposal.objects.select_for_update(of=("self",)).select_related("recognition__registration__commune").get(pk=proposal.pk)
    ensure(can_decide_revocation(actor, proposal.recognition), _("Chỉ UBND tỉnh (hoặc Phòng Nông nghiệp nhập quyết định của tỉnh) được quyết định thu hồi."))
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    if revoke:
        if not decision_number.strip() or decision_date is None:
            raise ValidationError(_("Cần số và ngày quyết định thu hồi."))
        recognition_end(recognition=proposal.recognition, actor=actor, to=Recognition.Status.REVOKED,
                        reason=proposal.reasons, decision_number=decision_number, decision_date=decision_date)
    to = RevocationProposal.Status.DECIDED if revoke else RevocationProposal.Status.REJECTED
    transition(proposal, workflow=REVOCATION_WORKFLOW, to=to, actor=actor, note=note or decision_number,
               extra_update_fields=["decided_by", "decided_at"])
    return proposal


