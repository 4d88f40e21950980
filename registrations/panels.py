"""Home-page panels of the registrations app, per role."""

from django.utils.translation import gettext as _

from accounts.portal import Panel
from accounts.roles import Role
from accounts.selectors import district_of_user

from . import selectors
from .models import CommuneList, Registration


def panels(user, role) -> list[Panel]:
    if role == Role.COMMUNE_OFFICER:
        return _commune_panels(user)
    if role == Role.AGRICULTURE_OFFICE:
        return _office_panels(user)
    if role == Role.PROVINCE:
        return _province_panels(user)
    return []


def _commune_panels(user) -> list[Panel]:
    commune = selectors.own_commune(user)
    if commune is None:
        return []
    period = selectors.current_period(commune.parent)
    commune_list = CommuneList.objects.filter(commune=commune, period=period).first() if period else None
    registrations = selectors.registrations_visible_to(user).filter(commune=commune)
    from .reminders import with_resubmit_due

    returned = with_resubmit_due(registrations.filter(status=Registration.Status.RETURNED).order_by("sequence")[:10])
    in_list = registrations.filter(commune_list=commune_list).count() if commune_list else 0
    return [
        Panel(_("Danh sách đăng ký của xã"), "registrations/panels/commune_list.html",
              {"period": period, "commune_list": commune_list, "count": in_list, "commune": commune}, order=10,
              count=in_list),
        Panel(_("Hồ sơ bị trả lại cần bổ sung"), "registrations/panels/returned.html", {"registrations": returned},
              order=11, count=len(returned)),
    ]


def _office_panels(user) -> list[Panel]:
    period = selectors.current_period(district_of_user(user))
    year = period.year if period else None
    counts = selectors.inbox_counts(user, year)
    waiting = sum(row["counts"].get(Registration.Status.SUBMITTED, 0) for row in counts)
    return [
        Panel(_("Hồ sơ đăng ký theo xã và trạng thái"), "registrations/panels/inbox_counts.html",
              {"rows": counts, "year": year, "statuses": Registration.Status.choices}, order=10, count=waiting),
    ]


def _province_panels(user) -> list[Panel]:
    forwardings = list(selectors.forwardings_visible_to(user)[:5])
    count = selectors.registrations_visible_to(user).count()
    return [
        Panel(_("Hồ sơ các huyện đã gửi tỉnh"), "registrations/panels/forwarded.html",
              {"forwardings": forwardings, "count": count}, order=10, count=count),
    ]
