"""Receivers of domain events, connected in SubsidiesConfig.ready(). They run inside the sender's
transaction, so what they do commits or rolls back with it.

- evaluations' recognition events create or cancel entitlements;
- this app's entitlement events tell the people concerned (notification centre)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from accounts.selectors import users_with_role
from accounts.templatetags.ocop import format_vnd
from evaluations import events as evaluation_events
from notifications.kinds import register_kind
from notifications.services import notify

from . import events, services

ENTITLEMENT_PROPOSED = "entitlement_proposed"
ENTITLEMENT_APPROVED = "entitlement_approved"
ENTITLEMENT_PAID = "entitlement_paid"


def on_recognition_recorded(sender, *, recognition, actor, **kwargs):
    services.entitlements_ensure(recognition=recognition, actor=actor)


def on_recognition_ended(sender, *, recognition, actor, reason="", **kwargs):
    services.entitlements_cancel_for_recognition(recognition=recognition, actor=actor, reason=reason)


def _notify(entitlement, kind, title, roles):
    recipients = []
    for role in roles:
        unit = entitlement.commune if role == Role.COMMUNE_OFFICER else entitlement.commune.parent
        recipients += list(users_with_role(role, unit))
    notify(recipients, kind, title, reverse("subsidies:detail", args=[entitlement.pk]), obj=entitlement)


def _what(entitlement) -> dict:
    return {"p": entitlement.product.name, "a": format_vnd(entitlement.amount)}


def on_entitlement_proposed(sender, *, entitlement, **kwargs):
    _notify(entitlement, ENTITLEMENT_PROPOSED,
            _("Đề xuất hỗ trợ “%(p)s” (%(a)s) chờ phê duyệt") % _what(entitlement), [Role.FINANCE_OFFICE])


def on_entitlement_approved(sender, *, entitlement, **kwargs):
    _notify(entitlement, ENTITLEMENT_APPROVED, _("Khoản hỗ trợ “%(p)s” (%(a)s) đã được phê duyệt") % _what(entitlement),
            [Role.AGRICULTURE_OFFICE, Role.COMMUNE_OFFICER])


def on_entitlement_paid(sender, *, entitlement, **kwargs):
    _notify(entitlement, ENTITLEMENT_PAID, _("Khoản hỗ trợ “%(p)s” (%(a)s) đã được chi trả") % _what(entitlement),
            [Role.AGRICULTURE_OFFICE, Role.COMMUNE_OFFICER])


def connect() -> None:
    register_kind(ENTITLEMENT_PROPOSED, gettext_lazy("Đề xuất hỗ trợ chờ phê duyệt"))
    register_kind(ENTITLEMENT_APPROVED, gettext_lazy("Khoản hỗ trợ được phê duyệt"))
    register_kind(ENTITLEMENT_PAID, gettext_lazy("Khoản hỗ trợ được chi trả"))
    evaluation_events.recognition_recorded.connect(on_recognition_recorded, dispatch_uid="subsidies.recognition_recorded")
    evaluation_events.recognition_ended.connect(on_recognition_ended, dispatch_uid="subsidies.recognition_ended")
    events.entitlement_proposed.connect(on_entitlement_proposed, dispatch_uid="subsidies.notify_proposed")
    events.entitlement_approved.connect(on_entitlement_approved, dispatch_uid="subsidies.notify_approved")
    events.entitlement_paid.connect(on_entitlement_paid, dispatch_uid="subsidies.notify_paid")
