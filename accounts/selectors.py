"""Read queries about users and units, and the queryset scoping every app uses."""

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import AdministrativeUnit
from .permissions import DISTRICT_STAFF, communes_of, districts_of, is_admin, provinces_of
from .roles import Role


def scope_to_user(qs: QuerySet, user, *, commune_path: str = "commune") -> QuerySet:
    """Restrict `qs` to the rows whose commune the user may see.

    `commune_path` is the lookup from the model to its commune (e.g. "producer__commune").
    Commune officers see their communes; district staff the communes of their district;
    the province role the communes of its province; admins everything; anyone else nothing.
    Scoping by lookup (not by Python filtering) makes an out-of-scope id a 404.
    """
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_admin(user):
        return qs
    # commune_path "" means the queryset is of communes itself.
    own = f"{commune_path}_id__in" if commune_path else "pk__in"
    up = f"{commune_path}__" if commune_path else ""
    condition = Q()
    communes = communes_of(user)
    if communes:
        condition |= Q(**{own: [u.pk for u in communes]})
    districts = districts_of(user, DISTRICT_STAFF)
    if districts:
        condition |= Q(**{f"{up}parent_id__in": [u.pk for u in districts]})
    provinces = provinces_of(user)
    if provinces:
        condition |= Q(**{f"{up}parent__parent_id__in": [u.pk for u in provinces]})
    if not condition:
        return qs.none()
    return qs.filter(condition)


def default_district() -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.select_related("parent")
        .filter(code=settings.OCOP_DEFAULT_DISTRICT_CODE)
        .first()
    )


def district_of_user(user) -> AdministrativeUnit | None:
    """The district a user works in: their district role, their commune's district, or the default."""
    for unit in districts_of(user):
        return unit
    for commune in communes_of(user):
        if commune.parent_id:
            return commune.parent
    return default_district()


def issuing_unit_for(user) -> AdministrativeUnit | None:
    """The unit that issues the user's documents (header "UBND HUYỆN ...").

    Under the two-level administration of the 2025 reform there is no district: the
    province issues instead. The model is a setting, not code.
    """
    district = district_of_user(user)
    if settings.OCOP_ADMINISTRATIVE_MODEL == "two_level" and district is not None:
        return district.parent
    return district


def communes_in(district: AdministrativeUnit, *, on=None) -> QuerySet:
    qs = AdministrativeUnit.objects.filter(parent=district, kind__in=AdministrativeUnit.COMMUNE_KINDS)
    if on is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return qs.order_by("sort_order", "name")


def users_with_role(role: Role, unit: AdministrativeUnit | None = None):
    from .models import User

    qs = User.objects.filter(role_assignments__role=role, is_active=True)
    if unit is not None:
        qs = qs.filter(role_assignments__unit=unit)
    return qs.distinct()
