"""Permission predicates of the promotion app (pure functions)."""

from accounts.permissions import has_role, is_admin, units_for
from accounts.roles import Role

PROMOTION_ROLES = (Role.AGRICULTURE_OFFICE, Role.ECONOMY_OFFICE)


def promotion_districts(user) -> list:
    """Districts whose promotion work the user manages (agriculture or economy office)."""
    units = []
    for role in PROMOTION_ROLES:
        units.extend(units_for(user, role))
    return units


def can_manage_promotion(user) -> bool:
    """May open the promotion back office (events, news, courses)."""
    return is_admin(user) or has_role(user, *PROMOTION_ROLES)


def can_manage_district(user, district) -> bool:
    if is_admin(user):
        return True
    return any(u.pk == district.pk for u in promotion_districts(user))


def can_manage_event(user, event) -> bool:
    return can_manage_district(user, event.district)


def can_manage_article(user, article) -> bool:
    return can_manage_district(user, article.district)


def can_manage_course(user, course) -> bool:
    return can_manage_district(user, course.district)


def can_read_province_api(user) -> bool:
    """The open-data API's protected part: the province role (or an admin)."""
    return getattr(user, "is_authenticated", False) and (is_admin(user) or has_role(user, Role.PROVINCE))
