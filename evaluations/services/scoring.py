"""Scoring: a member's score card, draft then submitted and locked; the secretary reopens it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import clock
from accounts.workflow import DomainError, Workflow, ensure, transition

from .. import events
from ..models import Criterion, Level, Round, RoundEntry, Scorecard, ScoreItem, ScoreSheet
from ..permissions import can_reopen_scorecard, can_score, member_of

SCORECARD_WORKFLOW = Workflow(
    "scorecard",
    {
        Scorecard.Status.DRAFT: {Scorecard.Status.SUBMITTED: {"council_member", "admin"}},
        Scorecard.Status.SUBMITTED: {Scorecard.Status.DRAFT: {"council_secretary", "admin"}},
    },
)


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
            crit, level = int(crit_id), int(level_id)
        except (TypeError, ValueError):
            raise ValidationError(_("Mức điểm không hợp lệ.")) from None
        if not (0 < crit < 2**31 and 0 < level < 2**31):  # ids are 32-bit: anything else is no row
            raise ValidationError(_("Mức điểm không hợp lệ."))
        ids[crit] = level
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
        card.submitted_at = clock.now()
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
    events.scorecard_reopened.send(sender=Scorecard, scorecard=card, actor=actor, reason=reason.strip())
    return card
