"""Who keeps a unit's register: its own staff (district staff of a district, officers of a commune,
the province role of a province) and admins."""

from accounts.permissions import DISTRICT_STAFF, communes_of, districts_of, is_admin, is_read_only, provinces_of


def is_unit_staff(user, unit) -> bool:
    if unit is None or not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    own = [*districts_of(user, DISTRICT_STAFF), *communes_of(user), *provinces_of(user)]
    return any(u.pk == unit.pk for u in own)


def can_view_register(user, unit) -> bool:
    return is_unit_staff(user, unit)


def can_issue(user, unit) -> bool:
    """The unit's staff issue and number papers; read-only roles (supervision, the ministry) never do."""
    return is_unit_staff(user, unit) and not is_read_only(user)


def can_upload_signed(user, document) -> bool:
    return is_unit_staff(user, document.register) and not is_read_only(user)


def register_units(user) -> list:
    """The units whose register the user keeps (admins: none listed here; they open any by code)."""
    if not getattr(user, "is_authenticated", False):
        return []
    seen, result = set(), []
    for unit in [*districts_of(user, DISTRICT_STAFF), *communes_of(user), *provinces_of(user)]:
        if unit.pk not in seen:
            seen.add(unit.pk)
            result.append(unit)
    return result
