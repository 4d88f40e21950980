from .permissions import roles_of
from .portal import nav_groups
from .roles import Role
from .selectors import current_unit, issuing_unit_for, switchable_units


def portal(request):
    user = request.user
    unit = issuing_unit_for(user)
    roles = roles_of(user) if user.is_authenticated else set()
    return {
        "portal_unit": unit,
        "portal_province": unit.parent if unit is not None and unit.parent_id else None,
        "user_roles": roles,
        "user_role_labels": [Role(r).label for r in Role.values if r in roles],
        "nav_groups": nav_groups(user) if user.is_authenticated else [],
        "unit_choices": switchable_units(user) if user.is_authenticated else [],
        "current_unit": current_unit(user),
    }
