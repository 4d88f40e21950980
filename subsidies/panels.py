"""Home-page panels of the subsidies app, per role."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.portal import Panel
from accounts.roles import Role

from . import permissions as perms
from .coverage import NO_POLICY, coverage_summary
from .models import Entitlement
from .selectors import budget_sources_visible_to, counts_for_panels, entitlements_visible_to

S = Entitlement.Status


def panels(user, role) -> list[Panel]:
    if not perms.can_view_subsidies(user):
        return []
    if role == Role.FINANCE_OFFICE:
        counts = counts_for_panels(user)
        to_approve, to_approve_sum = counts.get(S.PROPOSED, (0, 0))
        to_pay, to_pay_sum = counts.get(S.APPROVED, (0, 0))
        year = timezone.localdate().year
        sources = (list(budget_sources_visible_to(user, year)) or list(budget_sources_visible_to(user, year - 1))
                   or list(budget_sources_visible_to(user)[:5]))
        shown_year = sources[0].year if sources else year
        return [
            Panel(
                _("Hỗ trợ OCOP chờ phê duyệt / chờ chi trả"), "subsidies/panels/finance_tasks.html",
                {"to_approve": to_approve, "to_approve_sum": to_approve_sum, "to_pay": to_pay, "to_pay_sum": to_pay_sum,
                 "items": list(entitlements_visible_to(user).filter(status__in=[S.PROPOSED, S.APPROVED]).order_by("status", "pk")[:5])},
                order=30, count=to_approve + to_pay,
            ),
            Panel(_("Nguồn kinh phí OCOP"), "subsidies/panels/budget.html", {"sources": sources, "year": shown_year}, order=31),
            _coverage_panel(user, order=32, compute=perms.can_compute_retroactive_any(user)),
        ]
    if role == Role.AGRICULTURE_OFFICE:
        counts = counts_for_panels(user)
        to_propose, to_propose_sum = counts.get(S.NEW, (0, 0))
        items = list(entitlements_visible_to(user).filter(status=S.NEW).order_by("pk")[:5])
        return [
            Panel(_("Khoản hỗ trợ OCOP cần đề xuất"), "subsidies/panels/to_propose.html",
                  {"count": to_propose, "sum": to_propose_sum, "items": items}, order=40, count=to_propose),
        ]
    if role == Role.COMMUNE_OFFICER:
        items = list(entitlements_visible_to(user).order_by("-year", "pk")[:10])
        summary = coverage_summary(user)
        return [Panel(_("Hỗ trợ kinh phí cho chủ thể của xã"), "subsidies/panels/commune.html",
                      {"items": items, "unsupported": summary["unsupported"][:10], "no_policy": NO_POLICY},
                      order=40, count=len(items))]
    return []


def _coverage_panel(user, *, order: int, compute: bool) -> Panel:
    """Recognitions no support policy covers, and those a later policy covers but not computed yet."""
    summary = coverage_summary(user)
    return Panel(
        _("Quyết định công nhận và chính sách hỗ trợ"), "subsidies/panels/coverage.html",
        {"unsupported": summary["unsupported"][:5], "n_unsupported": len(summary["unsupported"]),
         "pending": summary["pending"], "no_policy": NO_POLICY, "can_compute": compute},
        order=order, count=summary["pending"] or None,
    )


def object_extras(slot, objects, user) -> dict:
    """On the recognition and commune-results pages (evaluations): each recognition's support."""
    from accounts.portal import RECOGNITION_SUPPORT

    from .coverage import support_lines

    return support_lines(objects, user) if slot == RECOGNITION_SUPPORT else {}
