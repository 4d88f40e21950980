"""Permission predicates of the evaluations app."""

from accounts.permissions import can_see_commune, has_role, is_admin, provinces_of, units_for
from accounts.roles import Role


def can_record_recognition(user, registration) -> bool:
    """The province role over the registration's province, or the district's agriculture office
    (entering the province's decision)."""
    if is_admin(user):
        return True
    district = registration.commune.parent
    if any(u.pk == district.pk for u in units_for(user, Role.AGRICULTURE_OFFICE)):
        return True
    return any(u.pk == district.parent_id for u in provinces_of(user))


def can_view_recognition(user, recognition) -> bool:
    return has_role(user, Role.ADMIN) or can_see_commune(user, recognition.registration.commune)
