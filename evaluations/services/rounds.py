"""Councils, conflicts of interest and rounds: assignment, opening, closing (results in SQL), publishing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Case, CharField, Count, Max, Min, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.functions import Round as SqlRound
from django.utils.translation import gettext as _

from accounts import clock
from accounts.workflow import DomainError, Workflow, ensure, record_event, transition
from registrations.models import Registration

from .. import events
from ..models import ConflictOfInterest, Council, CouncilMember, Round, RoundEntry, Scorecard, ScoreSheet, StarThreshold
from ..permissions import can_close_round, can_edit_round, can_manage_rounds, can_open_round, can_publish_round

ROUND_WORKFLOW = Workflow(
    "round",
    {
        Round.Status.PLANNED: {
            Round.Status.OPEN: {"agriculture_office", "council_secretary", "admin"},
            Round.Status.CANCELLED: {"agriculture_office", "admin"},
        },
        Round.Status.OPEN: {Round.Status.CLOSED: {"council_secretary", "admin"}},
        Round.Status.CLOSED: {
            Round.Status.PUBLISHED: {"council_secretary", "admin"},
            Round.Status.OPEN: {"council_secretary", "admin"},
        },
    },
)


@transaction.atomic
def council_create(*, district, year: int, name: str, decision_number: str, decision_date, actor) -> Council:
    ensure(can_manage_rounds(actor, district), _("Bạn không có quyền thành lập hội đồng."))
    council = Council(district=district, year=year, name=name.strip(), decision_number=decision_number.strip(),
                      decision_date=decision_date)
    council.full_clean()
    council.save()
    record_event(council, actor=actor, label="created", note=council.decision_number, workflow="council")
    return council


@transaction.atomic
def council_member_add(*, council: Council, user, position: str, title: str = "", actor) -> CouncilMember:
    ensure(can_manage_rounds(actor, council.district), _("Bạn không có quyền sửa thành phần hội đồng."))
    if position == CouncilMember.Position.CHAIR and council.members.filter(position=position).exists():
        raise ValidationError({"position": _("Hội đồng đã có Chủ tịch.")})
    order = council.members.count() + 1
    try:
        with transaction.atomic():
            member = CouncilMember.objects.create(council=council, user=user, position=position, title=title, order=order)
    except IntegrityError:
        raise ValidationError(_("Người này đã là thành viên hội đồng.")) from None
    record_event(council, actor=actor, label="member_added", note=f"{user}: {member.get_position_display()}",
                 workflow="council")
    return member


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


def _round_rules(*, unit, day, criteria_set, council=None) -> str:
    """The round level for `unit` on `day` under the procedure in force, or a ValidationError: the
    procedure must have a council scoring at that level, the criteria set must be in force on that
    day, and the council must belong to the same unit."""
    from procedures.selectors import level_of_unit, procedure_in_force, scores_at

    from ..paths import FROM_PROCEDURE_LEVEL

    procedure = procedure_in_force(day)
    level = level_of_unit(unit)
    if procedure is None:
        raise ValidationError(_("Ngày %(d)s chưa có quy trình đánh giá nào có hiệu lực.") % {"d": f"{day:%d/%m/%Y}"})
    if level not in FROM_PROCEDURE_LEVEL or not scores_at(procedure, level):
        raise ValidationError(_("Theo %(p)s (áp dụng ngày %(d)s), %(u)s không có Hội đồng đánh giá, phân hạng.") % {
            "p": procedure, "d": f"{day:%d/%m/%Y}", "u": unit})
    if criteria_set.valid_from > day or (criteria_set.valid_to is not None and day > criteria_set.valid_to):
        raise ValidationError({"criteria_set": _(
            "Bộ tiêu chí “%(c)s” không có hiệu lực ngày %(d)s (hiệu lực từ %(f)s%(t)s).") % {
            "c": criteria_set, "d": f"{day:%d/%m/%Y}", "f": f"{criteria_set.valid_from:%d/%m/%Y}",
            "t": (" " + _("đến %(t)s") % {"t": f"{criteria_set.valid_to:%d/%m/%Y}"}) if criteria_set.valid_to else ""}})
    if council is not None and council.district_id != unit.pk:
        raise ValidationError({"council": _("Hội đồng không thuộc đơn vị của đợt đánh giá.")})
    return FROM_PROCEDURE_LEVEL[level]


@transaction.atomic
def round_create(*, district, year: int, number: int, name: str, deadline, criteria_set, council=None, actor, **settings) -> Round:
    """A round of the council of `district` (a district, or a province): the procedure in force on
    the round's date must have a council at that level, and the criteria set must be in force."""
    ensure(can_manage_rounds(actor, district), _("Bạn không có quyền tạo đợt đánh giá."))
    settings["level"] = _round_rules(unit=district, day=settings.get("meeting_date") or deadline,
                                     criteria_set=criteria_set, council=council)
    round_ = Round(district=district, year=year, number=number, name=name.strip(), deadline=deadline,
                   criteria_set=criteria_set, council=council, **settings)
    round_.full_clean()
    round_.save()
    record_event(round_, actor=actor, label=Round.Status.PLANNED, workflow="round")
    return round_


def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("district", "council", "criteria_set").get(pk=round_.pk)


ROUND_EDITABLE_FIELDS = (
    "year", "number", "name", "level", "deadline", "criteria_set", "council", "aggregation", "quorum_percent",
    "spread_threshold", "hide_scores_until_close", "meeting_date", "meeting_place",
)


def _sheets_for_entries(round_: Round, criteria_set) -> dict:
    """Each scheduled product's current valid sheet in `criteria_set`; refuses naming the products
    whose sub-group has none (a correction of their category comes first)."""
    sheets = {s.subgroup_id: s for s in ScoreSheet.objects.filter(criteria_set=criteria_set, is_current=True)}
    found, lacking = {}, []
    for entry in round_.entries.select_related("registration__product"):
        sheet = sheets.get(entry.registration.category_id)
        if sheet is None or not sheet.is_valid:
            lacking.append(entry.registration.product.name)
        else:
            found[entry.pk] = sheet
    if lacking:
        raise DomainError(
            _("Bộ tiêu chí “%(set)s” không có phiếu chấm hợp lệ cho phân nhóm của: %(list)s. Hãy sửa phân nhóm "
              "hoặc bỏ các sản phẩm này khỏi đợt trước khi đổi bộ tiêu chí.") % {"set": criteria_set, "list": ", ".join(lacking)})
    return found


@transaction.atomic
def round_update(*, round: Round, actor, **fields) -> Round:
    """Edit a round still in planning (name, dates, criteria set, council, scoring settings). A new
    criteria set re-resolves each scheduled product's sheet. History: the changed fields."""
    round_ = _lock_round(round)
    ensure(can_manage_rounds(actor, round_.district), _("Bạn không có quyền sửa đợt đánh giá."))
    if not can_edit_round(actor, round_):
        raise DomainError(_("Chỉ sửa được đợt đánh giá đang ở giai đoạn kế hoạch (hiện: %(s)s).") % {
            "s": round_.get_status_display()})
    changed = [k for k, v in fields.items() if k in ROUND_EDITABLE_FIELDS and getattr(round_, k) != v]
    for key in changed:
        value = fields[key]
        setattr(round_, key, value.strip() if isinstance(value, str) else value)
    round_.full_clean()
    if not changed:
        return round_
    if "criteria_set" in changed:
        for entry_pk, sheet in _sheets_for_entries(round_, round_.criteria_set).items():
            RoundEntry.objects.filter(pk=entry_pk).update(sheet=sheet)
    round_.save(update_fields=[*changed, "updated_at"])
    labels = [str(Round._meta.get_field(k).verbose_name) for k in changed]
    record_event(round_, actor=actor, label="updated", workflow="round", note=", ".join(labels))
    return round_


@transaction.atomic
def round_cancel(*, round: Round, actor, reason: str) -> Round:
    """Cancel a round still in planning: its products are free to enter another round (their entries
    stay, as the record of the cancelled round). History on the round and on each product."""
    round_ = _lock_round(round)
    ensure(can_manage_rounds(actor, round_.district), _("Bạn không có quyền hủy đợt đánh giá."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    if round_.status != Round.Status.PLANNED:
        raise DomainError(_("Chỉ hủy được đợt đánh giá chưa mở chấm điểm (hiện: %(s)s).") % {"s": round_.get_status_display()})
    transition(round_, workflow=ROUND_WORKFLOW, to=Round.Status.CANCELLED, actor=actor, note=reason)
    for entry in round_.entries.select_related("registration"):
        record_event(entry.registration, actor=actor, label="unscheduled", workflow="evaluation",
                     note=_("%(r)s bị hủy: %(reason)s") % {"r": round_, "reason": reason})
    return round_


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
    regs = Registration.objects.select_for_update(of=("self",)).filter(pk__in=[r.pk for r in registrations]).select_related("commune__parent", "product", "category")
    sheets = {s.subgroup_id: s for s in ScoreSheet.objects.filter(criteria_set=round_.criteria_set, is_current=True)}
    for reg in regs.order_by("sequence", "pk"):
        if round_.district_id not in (reg.commune.parent_id, reg.commune.parent.parent_id if reg.commune.parent_id else None):
            raise DomainError(_("%(p)s không thuộc địa bàn của đợt đánh giá.") % {"p": reg.product})
        path_error = _path_into_round(reg, round_)
        if path_error:
            raise DomainError(path_error)
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


def _path_into_round(reg: Registration, round_: Round) -> str | None:
    """Why `reg` may not enter `round_` under its procedure (None: it may). A round takes what the
    levels feeding its level send: from the commune, dossiers accepted by the round's office; from a
    lower council, products it forwarded, scored at or above that level's forward threshold."""
    from procedures.models import Level
    from procedures.paths import scores_at
    from procedures.selectors import feeding_levels, may_forward
    from procedures.selectors import scores_at as level_scores
    from registrations.selectors import procedure_of

    from ..paths import TO_PROCEDURE_LEVEL

    procedure = procedure_of(reg)
    level = TO_PROCEDURE_LEVEL[round_.level]
    if procedure is None or not level_scores(procedure, level):
        return _("%(p)s: theo quy trình áp dụng, %(l)s không chấm điểm sản phẩm này.") % {
            "p": reg.product, "l": str(Level(level).label).lower()}
    feeders = feeding_levels(procedure, level)
    if Level.COMMUNE in feeders:
        if reg.status != Registration.Status.ACCEPTED:
            return _("%(p)s chưa được tiếp nhận hồ sơ.") % {"p": reg.product}
        return None
    if reg.status != Registration.Status.FORWARDED:
        return _("%(p)s chưa được cấp dưới gửi lên theo %(proc)s.") % {"p": reg.product, "proc": procedure}
    for lower in feeders:
        if may_forward(procedure, lower, scores_at([reg.pk], lower).get(reg.pk)):
            return None
    return _("%(p)s chưa đạt điểm để được gửi lên theo %(proc)s.") % {"p": reg.product, "proc": procedure}


@transaction.atomic
def round_remove_entry(*, entry: RoundEntry, actor) -> None:
    round_ = _lock_round(entry.round)
    ensure(can_manage_rounds(actor, round_.district), _("Bạn không có quyền sửa đợt đánh giá."))
    if round_.status != Round.Status.PLANNED:
        raise DomainError(_("Chỉ bỏ được sản phẩm khi đợt chưa mở chấm điểm."))
    record_event(entry.registration, actor=actor, label="removed_from_round", note=str(round_), workflow="round")
    record_event(round_, actor=actor, label="entry_removed", note=str(entry.registration), workflow="round")
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
    events.round_opened.send(sender=Round, round=round_, actor=actor)
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


def proposal_minimum(round_: Round):
    """Points from which the round proposes a product to the next level: the forward threshold of
    the round's level under the procedure in force on its date, or the lowest star band its own
    UBND recognises, whichever is lower (None: the level neither forwards nor recognises); the
    criteria set's minimum when no procedure covers the date."""
    from procedures.selectors import forward_stage, recognition_band

    from ..paths import TO_PROCEDURE_LEVEL, round_procedure

    procedure = round_procedure(round_)
    if procedure is None:
        return round_.criteria_set.proposal_min_points
    level = TO_PROCEDURE_LEVEL[round_.level]
    candidates = []
    stage = forward_stage(procedure, level)
    if stage is not None:
        candidates.append(stage.forward_min_points if stage.forward_min_points is not None
                          else round_.criteria_set.proposal_min_points)
    band = recognition_band(procedure, level)
    if band is not None:  # this level's UBND recognises: the lowest star it grants is proposed to it
        lowest = StarThreshold.objects.filter(criteria_set_id=round_.criteria_set_id, stars=band[0]).first()
        if lowest is not None:
            candidates.append(lowest.min_points)
    return min(candidates) if candidates else None


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
    minimum = proposal_minimum(round_)
    if minimum is None:
        entries.update(proposed=False)
    else:
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
    from ..selectors import round_with_council, secretary_matrix, shortfall_text

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
    round_.closed_at = clock.now()
    note = ""
    if unrated:
        note = _("Kết thúc khi %(n)s sản phẩm chưa đủ số phiếu, không xếp hạng: %(list)s") % {
            "n": len(unrated), "list": "; ".join(texts)}
    transition(round_, workflow=ROUND_WORKFLOW, to=Round.Status.CLOSED, actor=actor, note=note,
               extra_update_fields=["closed_at"])
    events.round_closed.send(sender=Round, round=round_, actor=actor)
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
    round_.published_at = clock.now()
    transition(round_, workflow=ROUND_WORKFLOW, to=Round.Status.PUBLISHED, actor=actor, extra_update_fields=["published_at"])
    _feedback_notices(round_)
    return round_


def _feedback_notices(round_: Round) -> int:
    """Notify the officers of each commune whose products are not proposed (below the minimum or
    left unrated): their results and the council's comments are on the portal. Returns notifications."""
    from django.urls import reverse

    from accounts.roles import Role
    from accounts.selectors import users_with_role
    from notifications.services import notify

    from ..handlers import ROUND_PUBLISHED

    by_commune: dict = {}
    for entry in round_.entries.filter(proposed=False).select_related("registration__commune", "registration__product"):
        by_commune.setdefault(entry.registration.commune, []).append(entry)
    sent = 0
    for commune, entries in by_commune.items():
        lines = [
            f"- {e.registration.product.name}: "
            + (_("%(s)s điểm") % {"s": f"{e.score:.2f}".replace(".", ",")} if e.score is not None else _("chưa xếp hạng"))
            for e in entries
        ]
        body = "\n".join([
            _("Hội đồng đã công bố kết quả %(r)s. Sản phẩm của %(c)s chưa đạt điểm đề nghị công nhận:") % {
                "r": round_, "c": f"{commune.get_kind_display().lower()} {commune.name}"},
            *lines, "",
            _("Điểm từng phần, góp ý của Hội đồng và thông báo cho chủ thể (PDF) ở mục “Kết quả đánh giá” trên Cổng OCOP."),
        ])
        sent += len(notify(users_with_role(Role.COMMUNE_OFFICER, commune), ROUND_PUBLISHED,
                           _("Kết quả và góp ý của Hội đồng: %(r)s") % {"r": round_},
                           reverse("evaluations:feedback_list"), obj=round_, body=body))
    return sent


@transaction.atomic
def entry_set_conclusion(*, entry: RoundEntry, conclusion: str, actor) -> RoundEntry:
    entry = RoundEntry.objects.select_for_update(of=("self",)).select_related("round").get(pk=entry.pk)
    ensure(can_close_round(actor, entry.round), _("Chỉ thư ký hội đồng được ghi kết luận."))
    if entry.round.status != Round.Status.CLOSED:
        raise DomainError(_("Chỉ ghi kết luận khi đợt đã kết thúc và chưa công bố."))
    entry.conclusion = conclusion.strip()
    entry.save(update_fields=["conclusion"])
    record_event(entry.registration, actor=actor, label="conclusion", note=entry.conclusion, workflow="round")
    return entry


@transaction.atomic
def round_remind_missing(*, round: Round, actor) -> int:
    """The secretary reminds each eligible member who has not submitted every sheet of an open round,
    with the list of their products still to score: in their notification centre, and by e-mail as
    their preference says. Returns the members reminded."""
    from ..selectors import round_with_council, secretary_matrix

    round_ = _lock_round(round)
    ensure(can_close_round(actor, round_), _("Chỉ thư ký hội đồng được nhắc thành viên chấm điểm."))
    if round_.status != Round.Status.OPEN:
        raise DomainError(_("Đợt đánh giá không ở trạng thái đang chấm điểm."))
    pending: dict = {}
    for row in secretary_matrix(round_with_council(round_.pk))["rows"]:
        for cell in row["missing"]:
            pending.setdefault(cell["member"], []).append(row["entry"].registration.product.name)
    from django.urls import reverse

    from notifications.services import notify

    from ..handlers import ROUND_DEADLINE

    sent = 0
    for member, products in pending.items():
        body = "\n".join([
            _("Kính gửi %(name)s,") % {"name": member.user},
            "",
            _("%(r)s (hạn %(d)s) còn %(n)s sản phẩm bạn chưa nộp phiếu chấm:") % {
                "r": round_, "d": f"{round_.deadline:%d/%m/%Y}", "n": len(products)},
            *[f"- {name}" for name in products],
            "",
            _("Đề nghị hoàn thành và nộp phiếu trên Cổng OCOP (mục “Chấm điểm”)."),
        ])
        sent += len(notify([member.user], ROUND_DEADLINE, _("Nhắc chấm điểm: %(r)s") % {"r": round_},
                           reverse("evaluations:my_entries"), obj=round_, body=body))
    if sent:
        record_event(round_, actor=actor, label="reminded", workflow="round",
                     note=", ".join(str(m.user) for m in pending))
    return sent


@transaction.atomic
def entries_follow_category(*, registration, actor) -> int:
    """The office corrected a registration's sub-group (registrations event): its entries in rounds
    still in planning take the new sub-group's sheet; a product being scored (open round) cannot
    change sub-group. Returns the entries moved."""
    entries = list(RoundEntry.objects.select_for_update(of=("self",)).select_related("round")
                   .filter(registration=registration, round__status__in=[Round.Status.PLANNED, Round.Status.OPEN]))
    if any(e.round.status == Round.Status.OPEN for e in entries):
        raise DomainError(_("“%(p)s” đang được chấm điểm trong một đợt đánh giá: không sửa được phân nhóm.") % {
            "p": registration.product.name})
    for entry in entries:
        sheet = ScoreSheet.objects.filter(criteria_set_id=entry.round.criteria_set_id, subgroup_id=registration.category_id,
                                          is_current=True, is_valid=True).first()
        if sheet is None:
            raise DomainError(_("Bộ tiêu chí của %(r)s không có phiếu chấm hợp lệ cho phân nhóm mới; hãy bỏ sản phẩm "
                                "khỏi đợt trước khi sửa.") % {"r": entry.round})
        entry.sheet = sheet
        entry.save(update_fields=["sheet"])
        record_event(registration, actor=actor, label="sheet_changed", workflow="evaluation",
                     note=f"{entry.round}: {sheet.name}")
    return len(entries)
