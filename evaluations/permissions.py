"""Permission predicates of the evaluations app (pure: they read the user's role assignments and
the objects passed in; council seats are read from `member_of`, which callers may prefetch)."""

from accounts.permissions import (
    can_act_for_commune,
    can_open,
    districts_of,
    has_role,
    is_admin,
    is_national_admin,
    provinces_of,
    units_for,
)
from accounts.roles import ROLE_SPECS, Level, Role, Section
from procedures.models import Level as ProcedureLevel


def can_record_recognition(user, registration) -> bool:
    """The province role over the registration's province, or the district's agriculture office
    (entering the province's decision)."""
    if is_admin(user):
        return True
    district = registration.commune.parent
    if any(u.pk == district.pk for u in units_for(user, Role.AGRICULTURE_OFFICE)):
        return True
    # before 2025 the commune's parent is a district of the province; after it, the province itself
    return any(u.pk in (district.pk, district.parent_id) for u in provinces_of(user))


def can_record_centre_recognition(user, registration) -> bool:
    """The centre's stage of the procedure (the 5★ national recognition): the roles whose spec opens
    the centre's section (the ministry, national: every unit's product; and the system administrator).
    Which stars, and only for a product forwarded to the centre, the service checks from the procedure."""
    return can_open(user, Section.CENTRE_RECOGNITION)


def can_record_recognition_at(user, registration, level: str) -> bool:
    """May `user` record a recognition decided at `level` (procedures.models.Level) for the registration?
    The centre's decisions: the centre's stage (the ministry) only; a district's or province's: the
    province role or the district's agriculture office (can_record_recognition)."""
    if level == ProcedureLevel.CENTRE:
        return can_record_centre_recognition(user, registration)
    return can_record_recognition(user, registration)


def can_record_recognition_of(user, recognition) -> bool:
    """Whoever may record the recognition's decision at its level (its entitlements follow it)."""
    from .paths import TO_PROCEDURE_LEVEL

    level = TO_PROCEDURE_LEVEL.get(recognition.issuer_level, ProcedureLevel.PROVINCE)
    return can_record_recognition_at(user, recognition.registration, level)


def _district_role(user, district_id, role) -> bool:
    return is_admin(user) or any(u.pk == district_id for u in units_for(user, role))


def can_manage_rounds(user, district) -> bool:
    """Set up rounds and councils, assign registrations: the district's agriculture office, or for a
    province's council (1048/148 province rounds, every 1489 round) the province role of that province."""
    return _district_role(user, district.pk, Role.AGRICULTURE_OFFICE) or any(u.pk == district.pk for u in provinces_of(user))


def can_edit_round(user, round_) -> bool:
    """A round still in planning is edited or cancelled by the district's agriculture office."""
    return round_.status == "planned" and can_manage_rounds(user, round_.district)


def is_round_secretary(user, round_) -> bool:
    """The council secretary of the round's district (role), or the council's seated secretary."""
    if _district_role(user, round_.district_id, Role.COUNCIL_SECRETARY):
        return True
    seat = member_of(user, round_)
    return seat is not None and seat.position == "secretary"


def can_close_round(user, round_) -> bool:
    return is_round_secretary(user, round_)


def can_publish_round(user, round_) -> bool:
    return is_round_secretary(user, round_)


def can_open_round(user, round_) -> bool:
    return is_round_secretary(user, round_) or can_manage_rounds(user, round_.district)


def can_follow_round(user, round_) -> bool:
    """Read the round's matrix and results: its secretary, the agriculture office, admins."""
    return is_round_secretary(user, round_) or can_manage_rounds(user, round_.district)


def member_of(user, round_):
    """The user's seat on the round's council, or None. Uses round_.council.members if prefetched."""
    if round_.council_id is None or not getattr(user, "is_authenticated", False):
        return None
    for seat in round_.council.members.all():
        if seat.user_id == user.pk:
            return seat
    return None


def is_conflicted(seat, entry) -> bool:
    producer_id = entry.registration.producer_id
    return any(c.producer_id == producer_id for c in seat.conflicts.all())


def can_score(user, entry, seat=None) -> bool:
    """A scoring member (chair, vice chair, member) of the round's council, not conflicted with the
    producer, with the commune-level access, while the round is open."""
    round_ = entry.round
    if round_.status != "open" or not has_role(user, Role.COUNCIL_MEMBER, Role.ADMIN):
        return False
    seat = seat or member_of(user, round_)
    return seat is not None and seat.scores and not is_conflicted(seat, entry)


def can_reopen_scorecard(user, scorecard) -> bool:
    return scorecard.entry.round.status == "open" and is_round_secretary(user, scorecard.entry.round)


def can_see_others_scores(user, entry, own_submitted: bool) -> bool:
    """Members see the others' scores only after submitting their own, and, if the round hides
    them, only once it is closed. The secretary and the office see them always."""
    round_ = entry.round
    if can_follow_round(user, round_):
        return True
    if member_of(user, round_) is None:
        return False
    if round_.hide_scores_until_close:
        return round_.status in ("closed", "published")
    return own_submitted


def can_manage_monitoring(user, recognition) -> bool:
    """Inspections and revocation proposals: the district's agriculture office."""
    return _district_role(user, recognition.registration.commune.parent_id, Role.AGRICULTURE_OFFICE)


# Issue 14 item 2: the district departments record inspections in their own field on the recognised
# products of their unit (plan III: food safety, environment, market inspection).
INSPECTION_KINDS_BY_ROLE = {
    Role.AGRICULTURE_OFFICE: ("general", "food_safety", "environment", "market"),
    Role.ECONOMY_OFFICE: ("market",),
    Role.HEALTH_OFFICE: ("food_safety",),
    Role.ENVIRONMENT_OFFICE: ("environment",),
}


def inspection_kinds_for(user, recognition) -> list[str]:
    """The inspection fields (Inspection.Kind values) ``user`` may record on ``recognition``: those of
    each role the user holds for the product's unit (the district, or a province after 2025); the
    departments only on a product still recognised."""
    unit_id = recognition.registration.commune.parent_id
    if is_admin(user):
        return list(INSPECTION_KINDS_BY_ROLE[Role.AGRICULTURE_OFFICE])
    kinds: list[str] = []
    for role, allowed in INSPECTION_KINDS_BY_ROLE.items():
        if role != Role.AGRICULTURE_OFFICE and recognition.status != "recognised":
            continue
        if any(u.pk == unit_id for u in units_for(user, role)):
            kinds += [k for k in allowed if k not in kinds]
    return kinds


def can_record_inspection(user, recognition, kind: str) -> bool:
    return kind in inspection_kinds_for(user, recognition)


def can_decide_revocation(user, recognition) -> bool:
    """The province decides the revocation (the agriculture office may enter the decision)."""
    return can_record_recognition(user, recognition.registration)


def can_edit_criteria(user) -> bool:
    """Criteria sets, score sheets and thresholds are national reference data: only the national
    administrator changes them (a district's or province's import would become current everywhere)."""
    return is_national_admin(user)


# District staff who read a commune's results page: the staff roles whose spec opens the section
# (council members see only their rounds' products, so theirs does not).
COMMUNE_RESULTS_DISTRICT_ROLES = tuple(
    role for role, s in ROLE_SPECS.items()
    if Section.COMMUNE_RESULTS in s.sections and not s.national and Level.DISTRICT in s.levels
)


def can_view_commune_results(user, commune) -> bool:
    """The commune's results page: its own officers, and (read-only) district staff of its district."""
    if can_act_for_commune(user, commune):
        return True
    return any(u.pk == commune.parent_id for u in districts_of(user, COMMUNE_RESULTS_DISTRICT_ROLES))
