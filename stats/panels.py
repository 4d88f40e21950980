"""Home-page panel of the stats app: the unit's targets of its latest programme year, met or not."""

from django.utils.translation import gettext as _

from accounts.permissions import units_for
from accounts.portal import Panel
from accounts.roles import Role

from .selectors import Filters, default_year, programme_stats


def panels(user, role) -> list[Panel]:
    if role not in (Role.AGRICULTURE_OFFICE, Role.PROVINCE):
        return []
    units = units_for(user, role)
    if not units:
        return []
    unit = units[0]
    f = Filters(unit=unit, year=default_year([unit]))
    targets = [t for t in programme_stats(f).targets if t.unit_name == unit.name]
    if not targets:
        return []
    behind = sum(1 for t in targets if t.status != "met")
    return [Panel(
        _("Chỉ tiêu năm %(y)s") % {"y": f.year}, "stats/panels/targets.html",
        {"targets": targets, "unit": unit, "year": f.year}, order=90, count=behind,
    )]
