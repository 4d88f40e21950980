"""Receivers of the registrations domain events (connected in RegistrationsConfig.ready()): they tell
the people concerned through the notification centre (notifications.notify: bell + e-mail by
preference). They run inside the sender's transaction, so notifications commit with the change."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from accounts.selectors import users_with_role
from notifications.kinds import register_kind
from notifications.services import notify

from . import events
from .models import CommuneList, Registration

DOSSIER_RETURNED = "dossier_returned"
LIST_SUBMITTED = "list_submitted"
LIST_DEADLINE = "list_deadline"
RETURNED_NOT_RESUBMITTED = "returned_not_resubmitted"


def returned_notice(rows: list[Registration]) -> tuple[str, str, str]:
    """(title, body, url) of the notice to a commune about its returned registrations."""
    commune = rows[0].commune
    lines = [
        _("Phòng Nông nghiệp và PTNT trả lại hồ sơ đăng ký OCOP năm %(year)s của %(commune)s để bổ sung:")
        % {"year": rows[0].year, "commune": commune.full_name},
        "",
        *[f"- {r.product.name} ({r.producer.name}): {r.review_reason}" for r in rows],
        "",
        _("Xã bổ sung hồ sơ trên Cổng OCOP (mục Hồ sơ › Danh sách của xã) rồi gửi lại danh sách lên huyện."),
    ]
    title = _("Hồ sơ đăng ký bị trả lại cần bổ sung: %(commune)s") % {"commune": commune.full_name}
    if len(rows) == 1:
        url = reverse("registrations:registration_detail", args=[rows[0].pk])
    else:
        url = reverse("registrations:commune_lists") + f"?year={rows[0].year}"
    return title, "\n".join(lines), url


def on_registrations_returned(sender, *, registration_ids, actor=None, **kwargs):
    rows = (
        Registration.objects.filter(pk__in=registration_ids).select_related("product", "producer", "commune")
        .order_by("commune__sort_order", "sequence", "pk")
    )
    by_commune: dict[int, list[Registration]] = {}
    for registration in rows:
        by_commune.setdefault(registration.commune_id, []).append(registration)
    for group in by_commune.values():
        title, body, url = returned_notice(group)
        notify(users_with_role(Role.COMMUNE_OFFICER, group[0].commune), DOSSIER_RETURNED, title, url,
               obj=group[0] if len(group) == 1 else None, body=body)


def on_commune_list_submitted(sender, *, commune_list: CommuneList, actor=None, **kwargs):
    commune = commune_list.commune
    title = _("%(commune)s đã gửi danh sách đăng ký OCOP năm %(year)s") % {
        "commune": commune.full_name, "year": commune_list.period.year}
    if commune_list.is_late:
        title += " " + _("(muộn)")
    url = reverse("registrations:inbox") + f"?commune={commune.pk}&year={commune_list.period.year}"
    notify(users_with_role(Role.AGRICULTURE_OFFICE, commune.parent), LIST_SUBMITTED, title, url, obj=commune_list)


def connect() -> None:
    from .representatives import connect_kinds

    connect_kinds()
    register_kind(DOSSIER_RETURNED, gettext_lazy("Hồ sơ bị trả lại"))
    register_kind(LIST_SUBMITTED, gettext_lazy("Xã gửi danh sách đăng ký"))
    register_kind(LIST_DEADLINE, gettext_lazy("Nhắc hạn gửi danh sách của xã"))
    register_kind(RETURNED_NOT_RESUBMITTED, gettext_lazy("Nhắc hồ sơ trả lại chưa gửi lại"))
    events.registrations_returned.connect(on_registrations_returned, dispatch_uid="registrations.notify_returned")
    events.commune_list_submitted.connect(on_commune_list_submitted, dispatch_uid="registrations.notify_list_submitted")
