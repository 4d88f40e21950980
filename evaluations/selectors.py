"""Read queries of the evaluations app (fixed query counts: annotations and prefetches)."""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Section
from accounts.selectors import scope_to_units, scope_to_user

from .models import (
    ConflictOfInterest,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Level,
    Recognition,
    Round,
    RoundEntry,
    Scorecard,
    ScoreSheet,
    SheetPart,
)


def today() -> datetime.date:
    return timezone.localdate()


def valid_recognitions(on: datetime.date | None = None) -> QuerySet:
    """Recognitions in force on a day: recognised, not revoked, within validity."""
    on = on or today()
    return Recognition.objects.filter(status=Recognition.Status.RECOGNISED).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def later_decisions(recognitions: QuerySet) -> QuerySet:
    """Those of `recognitions` that follow the outer recognition (an OuterRef, for Exists): same product,
    a later decision date, or the same date and a higher pk. The order that makes a product's decision
    its newest (Recognition.is_latest, the catalogue's one entry per product)."""
    return recognitions.filter(product=OuterRef("product")).filter(
        Q(decision_date__gt=OuterRef("decision_date")) | Q(decision_date=OuterRef("decision_date"), pk__gt=OuterRef("pk")))


def earlier_recognitions(product, *, before: Recognition | None = None) -> QuerySet:
    """The product's recognitions (recognised, revoked or expired) before `before`."""
    qs = Recognition.objects.filter(product=product).exclude(status=Recognition.Status.NOT_RECOGNISED)
    if before is not None and before.pk:
        qs = qs.exclude(pk=before.pk).filter(decision_date__lte=before.decision_date)
    return qs.order_by("decision_date", "pk")


def criteria_set_for_recognition(registration, decision_date: datetime.date) -> CriteriaSet:
    """The criteria set whose rules apply to a recognition: the one of the round the registration
    was last scored in; otherwise the set in force on the decision date (or the nearest one)."""
    if registration is not None:
        entry = (
            RoundEntry.objects.filter(registration=registration).exclude(round__status=Round.Status.CANCELLED)
            .select_related("round__criteria_set")
            .order_by("-round__year", "-round__number", "-pk").first()
        )
        if entry is not None:
            return entry.round.criteria_set
    sets = CriteriaSet.objects.order_by("valid_from")
    return sets.filter(valid_from__lte=decision_date).last() or sets.first()


def expiry_notice_days() -> int:
    return settings.OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS


def expiring_recognitions(on: datetime.date | None = None, days: int | None = None) -> QuerySet:
    """Recognitions in force whose certificate expires within `days` (setting, default 30)."""
    on = on or today()
    days = expiry_notice_days() if days is None else days
    return (
        valid_recognitions(on).filter(valid_until__lte=on + datetime.timedelta(days=days))
        .select_related("product", "registration__commune", "registration__producer").order_by("valid_until")
    )


def expired_recognitions(on: datetime.date | None = None) -> QuerySet:
    """Recognised products whose certificate has expired: they can be registered again
    ("Đánh giá lại", Registration.Kind.REEVALUATION)."""
    on = on or today()
    return Recognition.objects.filter(status=Recognition.Status.RECOGNISED, valid_until__lt=on).select_related(
        "product", "registration__commune")


# ------------------------------------------------------------------------------------------------
# Sheets
# ------------------------------------------------------------------------------------------------


def sheet_with_structure(sheet_pk) -> ScoreSheet:
    """A sheet with its parts → criteria → levels (4 queries)."""
    return ScoreSheet.objects.select_related("criteria_set", "subgroup").prefetch_related(
        Prefetch("parts", queryset=SheetPart.objects.order_by("order")),
        Prefetch("parts__criteria", queryset=Criterion.objects.order_by("order")),
        Prefetch("parts__criteria__levels", queryset=Level.objects.order_by("order")),
    ).get(pk=sheet_pk)


def sheets_of_set(criteria_set) -> QuerySet:
    return (
        ScoreSheet.objects.filter(criteria_set=criteria_set).select_related("subgroup")
        .annotate(n_criteria=Count("criteria"), n_scorecards=Count("scorecards", distinct=True))
        .order_by("subgroup__sort_order", "subgroup__code", "-version")
    )


# ------------------------------------------------------------------------------------------------
# Rounds
# ------------------------------------------------------------------------------------------------


def rounds_visible_to(user) -> QuerySet:
    """Rounds a user may open: those of councils they sit on; all of their units' rounds for the
    office and the secretary (roles with the ROUND_OFFICE section), all for admins; the unit chosen
    in the unit switcher narrows the units' part."""
    qs = Round.objects.select_related("council", "criteria_set", "district")
    office = scope_to_units(Round.objects.all(), user, section=Section.ROUND_OFFICE, unit_path="district")
    seated = Round.objects.filter(council__members__user=user) if getattr(user, "is_authenticated", False) else Round.objects.none()
    return qs.filter(Q(pk__in=office.values("pk")) | Q(pk__in=seated.values("pk")))


def round_with_council(pk) -> Round:
    return (
        Round.objects.select_related("council", "criteria_set", "district")
        .prefetch_related(Prefetch("council__members", queryset=CouncilMember.objects.select_related("user").prefetch_related("conflicts")))
        .get(pk=pk)
    )


def scoring_members(round_: Round) -> list[CouncilMember]:
    return [m for m in round_.council.members.all() if m.scores] if round_.council_id else []


def entries_with_stats(round_: Round) -> QuerySet:
    """Entries of a round with: sheets submitted, eligible members (scoring seats minus conflicts),
    whether the chair submitted (or is excluded), spread of totals; `quorum_met` is then a property
    computed from these annotations (no query per entry).

    Each figure is a subquery per entry, not a join of the cards with GROUP BY: the join grouped 900
    wide rows (entry, registration, product, producer, commune) of a 100 × 9 round and ran the
    eligible-members subquery once per card, 14.7 ms of execution and 5.3 ms of planning at the nation
    preset (issue 11). Only the columns the matrix, the shortfall texts and the reminders read are
    loaded (the other columns of the registration, product, producer and commune load on access, a
    query each): the 9 × 100 cells page spent more time creating the models than querying them."""
    scoring = CouncilMember.objects.filter(council_id=round_.council_id, position__in=CouncilMember.SCORING_POSITIONS)
    conflicted = ConflictOfInterest.objects.filter(member=OuterRef("pk"), producer_id=OuterRef(OuterRef("registration__producer_id")))
    eligible = (
        scoring.annotate(conflicted=Exists(conflicted)).filter(conflicted=False).order_by().values("council")
        .annotate(c=Count("pk")).values("c")
    )
    chair = scoring.filter(position=CouncilMember.Position.CHAIR)
    chair_conflicted = Exists(ConflictOfInterest.objects.filter(
        member__in=chair, producer_id=OuterRef("registration__producer_id")))
    submitted = Scorecard.objects.filter(entry=OuterRef("pk"), status=Scorecard.Status.SUBMITTED).order_by()
    # the round's chair, as for the conflicts: any chair's card made PostgreSQL hash all the chairs' submitted
    # cards of the database (3,400 at the nation preset) for each page
    chair_submitted = Exists(submitted.filter(member__in=chair))

    def of_submitted(aggregate):
        return Subquery(submitted.values("entry").annotate(v=aggregate).values("v"))

    qs = (
        RoundEntry.objects.filter(round=round_)
        .select_related("registration__product", "registration__producer", "registration__commune")
        .only(
            "round_id", "registration_id", "order", "score", "stars", "conclusion",
            "registration__product__name", "registration__producer__name", "registration__commune__name",
        )
        .annotate(
            n_submitted=Coalesce(of_submitted(Count("pk")), Value(0)),
            n_eligible=Coalesce(Subquery(eligible, output_field=IntegerField()), Value(0)),
            chair_submitted=chair_submitted,
            chair_conflicted=chair_conflicted,
            max_total=of_submitted(Max("total")),
            min_total=of_submitted(Min("total")),
        )
        .order_by("order", "pk")
    )
    return _QuorumQuerySet(qs, round_)


class _QuorumQuerySet:
    """Wraps the annotated queryset: iterating it sets quorum_met / spread_flagged on each entry."""

    def __init__(self, qs, round_):
        self.qs, self.round = qs, round_

    def __iter__(self):
        for entry in self.qs:
            annotate_quorum(entry, self.round)
            yield entry

    def __len__(self):
        return len(list(self.qs))

    def filter(self, *args, **kwargs):
        return _QuorumQuerySet(self.qs.filter(*args, **kwargs), self.round)


def annotate_quorum(entry, round_) -> None:
    entry.chair_ok = bool(entry.chair_submitted or entry.chair_conflicted)
    entry.quorum_met = (
        entry.n_eligible > 0 and entry.n_submitted * 100 >= round_.quorum_percent * entry.n_eligible and entry.chair_ok
    )
    spread = (entry.max_total - entry.min_total) if entry.n_submitted >= 2 else 0
    entry.live_spread = spread
    entry.spread_flagged = spread > round_.spread_threshold


class MatrixCard(NamedTuple):
    """A card as the matrix shows it. A tuple, not a Scorecard: the 900 cards of a 100 × 9 round (4,500
    of a 500 × 9 one) as model instances were a third of the page's objects, and the objects the page
    keeps until the response is written are what brings Python's full garbage collections (a 85–95 ms
    pause every ~13 requests at the nation preset, the page's p95; issue 11)."""

    pk: int
    status: str
    total: Decimal


MATRIX_PAGE_SIZE = 100


def secretary_matrix(round_: Round, *, shortfalls_only: bool = False, paged: bool = False,
                     page: str | None = None, entry_pk: int | None = None) -> dict:
    """Products × members with each member's card status and total: a fixed number of queries
    whatever the size (round + council members + entries with stats + cards + conflicts).
    `shortfalls_only` keeps the rows of products lacking quorum (what closing a round checks);
    `n_entries` is always the round's number of products.

    `paged` (the secretary's page) keeps the rows of one page of MATRIX_PAGE_SIZE products, `page`: the
    page asked for, else the one holding `entry_pk` (the product or card the secretary picked), else the
    first; "shortfalls" still covers the whole round (closing is for the whole round). A 500 × 9 round was
    one page of 0.9-1 MB of HTML (issue 11); a round of up to 100 products is one page as before."""
    members = scoring_members(round_)
    entries = list(entries_with_stats(round_))
    n_entries = len(entries)
    cards = Scorecard.objects.filter(entry__round=round_)
    if shortfalls_only:
        entries = [e for e in entries if not e.quorum_met]
        cards = cards.filter(entry__in=[e.pk for e in entries]) if entries else cards.none()
    matrix_page = None
    shown = entries
    if paged:
        paginator = Paginator(entries, MATRIX_PAGE_SIZE)
        number = page
        if not (number and number.isdigit()) and entry_pk is not None:
            number = next((i // MATRIX_PAGE_SIZE + 1 for i, e in enumerate(entries) if e.pk == entry_pk), None)
        matrix_page = paginator.get_page(number)
        shown = matrix_page.object_list
    # one dict of cards per entry, not one (entry, member) key tuple per card: fewer objects (see MatrixCard)
    by_entry: dict[int, dict[int, MatrixCard]] = {}
    for pk, entry_id, member_id, status, total in cards.values_list("pk", "entry_id", "member_id", "status", "total"):
        by_entry.setdefault(entry_id, {})[member_id] = MatrixCard(pk, status, total)
    conflicts = set(
        ConflictOfInterest.objects.filter(member__council_id=round_.council_id).values_list("member_id", "producer_id")
    )
    no_cards: dict[int, MatrixCard] = {}

    def row_of(entry) -> dict:
        cells = []
        by_member = by_entry.get(entry.pk, no_cards)
        for m in members:
            cells.append({
                "member": m,
                "card": by_member.get(m.pk),
                "conflict": (m.pk, entry.registration.producer_id) in conflicts,
            })
        # Eligible members whose card is not submitted yet (with their draft, if any).
        missing = [c for c in cells if not c["conflict"] and not (c["card"] and c["card"].status == Scorecard.Status.SUBMITTED)]
        return {"entry": entry, "cells": cells, "missing": missing}

    rows = [row_of(entry) for entry in shown]
    by_pk = {row["entry"].pk: row for row in rows}
    shortfalls = [by_pk.get(e.pk) or row_of(e) for e in entries if not e.quorum_met]
    return {"members": members, "rows": rows, "n_entries": n_entries, "shortfalls": shortfalls, "page": matrix_page}


def shortfall_text(row, round_: Round) -> str:
    """One product lacking quorum, for the secretary: counts and who has not submitted, e.g.
    "Dứa Bảo Sơn: 2/3 phiếu đã nộp (cần 75%); chưa nộp: Ủy viên 2 (Ủy viên, chưa chấm)"."""
    entry = row["entry"]
    names = []
    for cell in row["missing"]:
        member = cell["member"]
        state = _("đang nháp") if cell["card"] else _("chưa chấm")
        names.append(f"{member.user} ({member.get_position_display()}, {state})")
    text = _("%(p)s: %(n)s/%(e)s phiếu đã nộp (cần %(q)s%%%(chair)s)") % {
        "p": entry.registration.product.name, "n": entry.n_submitted, "e": entry.n_eligible,
        "q": round_.quorum_percent, "chair": _(", có phiếu của Chủ tịch") if not entry.chair_ok else "",
    }
    if names:
        text += "; " + _("chưa nộp: %(names)s") % {"names": ", ".join(names)}
    return text


def member_entries(user) -> QuerySet:
    """The products of the open or past rounds whose council the user sits on, with the user's own
    card status and a conflict flag (fixed number of queries)."""
    seats = CouncilMember.objects.filter(user=user, council_id=OuterRef("round__council_id"))
    own_card = Scorecard.objects.filter(entry=OuterRef("pk"), member__user=user)
    conflict = ConflictOfInterest.objects.filter(member__user=user, member__council_id=OuterRef("round__council_id"),
                                                 producer_id=OuterRef("registration__producer_id"))
    return (
        RoundEntry.objects.filter(Exists(seats.filter(position__in=CouncilMember.SCORING_POSITIONS)))
        .exclude(round__status=Round.Status.CANCELLED)
        .select_related("round", "registration__product", "registration__producer", "registration__commune", "sheet")
        .annotate(
            my_status=Subquery(own_card.values("status")[:1]),
            my_total=Subquery(own_card.values("total")[:1]),
            conflicted=Exists(conflict),
        )
        .order_by("-round__year", "round__number", "order", "pk")
    )


def own_scorecard(entry, user) -> Scorecard | None:
    return Scorecard.objects.filter(entry=entry, member__user=user).prefetch_related("items").first()


def submitted_cards(entry) -> QuerySet:
    return entry.scorecards.filter(status=Scorecard.Status.SUBMITTED).select_related("member__user").order_by("member__order")


def results_of(round_: Round) -> QuerySet:
    return (
        RoundEntry.objects.filter(round=round_)
        .select_related("registration__product", "registration__producer", "registration__commune", "sheet")
        .prefetch_related(Prefetch("scorecards", queryset=Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED)
                                   .select_related("member__user").order_by("member__order")))
        .order_by("order", "pk")
    )


def proposals_for(user) -> QuerySet:
    """Published results at or above the set's proposal minimum, without a decision yet, that the
    user may see (province / agriculture office)."""
    decided = Recognition.objects.filter(registration_id=OuterRef("registration_id"))
    qs = (
        RoundEntry.objects.filter(round__status=Round.Status.PUBLISHED, proposed=True)
        .annotate(decided=Exists(decided))
        .select_related("round", "registration__product", "registration__producer", "registration__commune__parent")
        .order_by("-round__year", "round__number", "order")
    )
    return scope_to_user(qs, user, commune_path="registration__commune")


def centre_candidates(user) -> QuerySet:
    """Round results that may have been forwarded to the centre, in the user's scope: scored (closed
    or published) by a council of a level some procedure's forward stage sends to the centre, at or
    above the lowest such threshold. `centre_proposals_for` applies each registration's procedure."""
    from procedures.selectors import all_procedures

    from .paths import FROM_PROCEDURE_LEVEL, SCORED_STATUSES, centre_levels

    condition = Q(pk__in=[])
    for procedure in all_procedures():
        for level, threshold in centre_levels(procedure):
            if level in FROM_PROCEDURE_LEVEL:
                condition |= Q(round__level=FROM_PROCEDURE_LEVEL[level], score__gte=threshold or 0)
    decided = Recognition.objects.filter(registration_id=OuterRef("registration_id"))
    qs = (
        RoundEntry.objects.filter(condition, round__status__in=SCORED_STATUSES, score__isnull=False)
        .annotate(decided=Exists(decided))
        .select_related("round__district", "registration__product", "registration__producer",
                        "registration__commune__parent")
        .order_by("-round__year", "round__district__name", "round__number", "order")
    )
    return scope_to_user(qs, user, commune_path="registration__commune")


def centre_proposals_for(user) -> list[RoundEntry]:
    """The centre's stage: products forwarded to the centre under their procedure (the one of the
    registration's period, procedures.selectors), i.e. scored by a council of a level whose forward
    stage sends to the centre at or above its points; decided ones are marked (`decided`)."""
    from registrations.selectors import procedures_of

    from .paths import TO_PROCEDURE_LEVEL, centre_levels

    entries = list(centre_candidates(user))
    procedures = procedures_of([e.registration for e in entries])
    kept = []
    for entry in entries:
        procedure = procedures.get(entry.registration_id)
        levels = dict(centre_levels(procedure)) if procedure else {}
        level = TO_PROCEDURE_LEVEL[entry.round.level]
        if level in levels and (levels[level] is None or entry.score >= levels[level]):
            kept.append(entry)
    return kept


def centre_outside_candidates(user, q: str = "") -> QuerySet:
    """Products a 5★ decision the centre made outside the portal may be recorded for (the centre's
    stage): the registrations the user sees (the ministry: forwarded or recognised ones, every unit)
    without a decision in force, newest first, narrowed by `q` (product, producer or commune, without
    diacritics). One query; the caller pages it."""
    from accounts.text import fold
    from registrations.selectors import registrations_visible_to

    recognised = Recognition.objects.filter(registration_id=OuterRef("pk"), status=Recognition.Status.RECOGNISED)
    qs = registrations_visible_to(user).exclude(Exists(recognised)).order_by("-year", "product__name", "pk")
    key = fold(q or "")
    if key:
        qs = qs.filter(Q(product__name_search__contains=key) | Q(producer__name_search__contains=key)
                       | Q(commune__name_search__contains=key) | Q(search_text__contains=key))
    return qs


def feedback_for(user) -> QuerySet:
    """Published results below the proposal minimum (and products left unrated for lack of
    quorum) for the communes the user may see: the council's mean part scores, each sheet's part
    scores and comments go back to the commune and the producer."""
    submitted = Q(scorecards__status=Scorecard.Status.SUBMITTED)
    qs = (
        RoundEntry.objects.filter(round__status=Round.Status.PUBLISHED, proposed=False)
        .select_related("round__district", "registration__product", "registration__producer", "registration__commune", "sheet")
        .annotate(
            avg_a=Avg("scorecards__part_a", filter=submitted), avg_b=Avg("scorecards__part_b", filter=submitted),
            avg_c=Avg("scorecards__part_c", filter=submitted),
        )
        .prefetch_related(
            Prefetch("scorecards", queryset=Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED)
                     .select_related("member").order_by("member__order")),
            Prefetch("sheet__parts", queryset=SheetPart.objects.order_by("order")),
        )
        .order_by("-round__year", "-round__number", "order", "pk")
    )
    return scope_to_user(qs, user, commune_path="registration__commune")


def feedback_parts(entry) -> list[dict]:
    """The sheet's parts with their maximum and the council's mean (from feedback_for's annotations)."""
    means = {"A": entry.avg_a, "B": entry.avg_b, "C": entry.avg_c}
    return [{"code": p.code, "name": p.name, "max": p.max_points, "mean": means.get(p.code)} for p in entry.sheet.parts.all()]


def recognitions_visible_to(user) -> QuerySet:
    qs = Recognition.objects.select_related("product", "registration__commune", "registration__producer")
    return scope_to_user(qs, user, commune_path="registration__commune")


def recognition_list_rows(user) -> QuerySet:
    """The recognitions list: each row annotated with ``renewed``, whether a later decision on the
    same product exists (re-evaluated, recognised again or not; a cancelled one does not count), in
    the same query."""
    later = Recognition.objects.filter(product=OuterRef("product"), decision_date__gt=OuterRef("decision_date")).exclude(
        status=Recognition.Status.CANCELLED)
    return recognitions_visible_to(user).annotate(renewed=Exists(later))


def mark_list_deadlines(recognitions, on: datetime.date) -> list[Recognition]:
    """Rows of recognition_list_rows() with ``expired`` and ``renewal_due``: a recognised product
    must be re-evaluated before its certificate ends (Decision 148/QĐ-TTg: 36 months, notice 30 days
    before), so its deadline is ``valid_until``, met once a later decision exists; a decision not in
    force (not recognised, revoked, cancelled) has none."""
    rows = list(recognitions)
    for r in rows:
        r.expired = r.is_expired_on(on)
        r.renewal_due = r.valid_until if r.status == Recognition.Status.RECOGNISED and not r.renewed else None
    return rows


# ------------------------------------------------------------------------------------------------
# A commune's results (what the commune officer passes on to its producers)
# ------------------------------------------------------------------------------------------------


def commune_result_years(commune) -> list[int]:
    """Years in which the commune sent registrations to the district, latest first."""
    from registrations.models import Registration

    return list(Registration.objects.filter(commune=commune).exclude(status=Registration.Status.DRAFT)
                .order_by("-year").values_list("year", flat=True).distinct())


def commune_results(commune, year: int) -> list[dict]:
    """One row per product the commune sent to the district in `year`: the round it was scored in,
    its scores, stars and the council's feedback (only once the round's results are published), the
    recognition decision and its validity. A fixed number of queries whatever the number of products
    (registrations, entries with their means, submitted sheets, sheet parts, recognitions); support
    status is added by the view through accounts.portal.object_extras."""
    from registrations.models import Registration

    registrations = list(
        Registration.objects.filter(commune=commune, year=year).exclude(status=Registration.Status.DRAFT)
        .select_related("product", "producer", "category").order_by("sequence", "pk")
    )
    ids = [r.pk for r in registrations]
    submitted = Q(scorecards__status=Scorecard.Status.SUBMITTED)
    entries = (
        RoundEntry.objects.filter(registration_id__in=ids).exclude(round__status=Round.Status.CANCELLED)
        .select_related("round", "sheet")
        .annotate(avg_a=Avg("scorecards__part_a", filter=submitted), avg_b=Avg("scorecards__part_b", filter=submitted),
                  avg_c=Avg("scorecards__part_c", filter=submitted))
        .prefetch_related(
            Prefetch("scorecards", queryset=Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED)
                     .exclude(comment="").order_by("member__order"), to_attr="comments"),
            Prefetch("sheet__parts", queryset=SheetPart.objects.order_by("order")),
        )
        .order_by("round__year", "round__number", "pk")
    )
    latest_entry = {}
    for entry in entries:  # the last round wins
        latest_entry[entry.registration_id] = entry
    latest_recognition = {}
    for recognition in (Recognition.objects.filter(registration_id__in=ids).select_related("registration__commune__parent")
                        .order_by("decision_date", "pk")):
        latest_recognition[recognition.registration_id] = recognition
    rows = []
    for registration in registrations:
        entry = latest_entry.get(registration.pk)
        published = entry is not None and entry.round.status == Round.Status.PUBLISHED
        rows.append({
            "registration": registration,
            "entry": entry,
            "published": published,
            "round_state": _round_state(entry),
            "parts": feedback_parts(entry) if published else [],
            "comments": [c.comment for c in entry.comments] if published else [],
            "recognition": latest_recognition.get(registration.pk),
        })
    return rows


def _round_state(entry) -> str:
    if entry is None:
        return _("Chưa xếp vào đợt đánh giá")
    if entry.round.status == Round.Status.PUBLISHED:
        return _("%(r)s: đã công bố kết quả") % {"r": entry.round}
    return _("%(r)s: %(s)s (kết quả chưa công bố)") % {"r": entry.round, "s": entry.round.get_status_display().lower()}
