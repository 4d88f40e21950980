"""Which support policies cover which recognitions (read queries, a fixed number per page).

A recognition that no policy covers creates no entitlement: the pages say so ("Không có chính sách
hỗ trợ nào áp dụng") instead of staying silent, and when a policy covering past recognitions is
added later, the finance office previews and creates their entitlements
(services.entitlements_compute_retroactive).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.portal import Line as SupportLine
from accounts.selectors import scope_to_user
from accounts.templatetags.ocop import format_vnd
from evaluations.models import Recognition

from . import permissions as perms
from .models import Entitlement, Event, PolicyRule, SupportPolicy

NO_POLICY = gettext_lazy("Không có chính sách hỗ trợ nào áp dụng")


@dataclass
class Coverage:
    policies: list = field(default_factory=list)  # covering policies
    entitlements: list = field(default_factory=list)  # existing entitlements

    @property
    def missing(self) -> list:
        """Covering policies with no entitlement yet (added after the decision)."""
        done = {e.policy_id for e in self.entitlements}
        return [p for p in self.policies if p.pk not in done]


def recognised_visible_to(user) -> QuerySet:
    """Recognised decisions (with stars) of the communes the user may see, loaded for coverage."""
    qs = Recognition.objects.filter(status=Recognition.Status.RECOGNISED, stars__isnull=False).select_related(
        "product", "registration__producer", "registration__commune__parent")
    return scope_to_user(qs, user, commune_path="registration__commune").order_by("-decision_date", "-pk")


def coverage_of(recognitions) -> dict[int, Coverage]:
    """Coverage per recognition pk (recognitions with registration__commune__parent loaded): two queries."""
    from .services import policy_covers  # services imports this module's neighbours, not this one

    recognitions = list(recognitions)
    policies = list(SupportPolicy.objects.prefetch_related(
        Prefetch("rules", queryset=PolicyRule.objects.order_by("event", "stars"))).order_by("level", "code"))
    by_recognition: dict[int, list] = {}
    for entitlement in Entitlement.objects.filter(recognition__in=[r.pk for r in recognitions]).select_related("policy"):
        by_recognition.setdefault(entitlement.recognition_id, []).append(entitlement)
    return {
        r.pk: Coverage(policies=[p for p in policies if policy_covers(p, r)], entitlements=by_recognition.get(r.pk, []))
        for r in recognitions
    }


def support_lines(recognitions, user) -> dict[int, list[SupportLine]]:
    """The RECOGNITION_SUPPORT extra (accounts.portal.object_extras): per recognised decision, each
    entitlement (policy, amount, status), each covering policy not computed yet, or "no policy"."""
    recognised = [r for r in recognitions if r.status == Recognition.Status.RECOGNISED and r.stars]
    if not recognised:
        return {}
    can_open = perms.can_view_subsidies(user)
    lines: dict[int, list[SupportLine]] = {}
    for pk, cover in coverage_of(recognised).items():
        rows = []
        for e in cover.entitlements:
            tone = {"paid": "success", "cancelled": "secondary", "zero": "secondary"}.get(e.status, "info")
            rows.append(SupportLine(f"{e.policy.name}: {format_vnd(e.amount)} – {e.get_status_display()}", tone,
                                    reverse("subsidies:detail", args=[e.pk]) if can_open else ""))
        for policy in cover.missing:
            rows.append(SupportLine(_("%(p)s: áp dụng nhưng chưa tính hỗ trợ (Phòng Tài chính - Kế hoạch tính bổ sung)")
                                    % {"p": policy.name}, "warning"))
        if not cover.policies:
            rows.append(SupportLine(str(NO_POLICY), "warning"))
        lines[pk] = rows
    return lines


def coverage_summary(user) -> dict:
    """For home panels: the user's recognised decisions that no support policy covers (newest
    first), and how many have a covering policy whose entitlement is not computed yet."""
    recognitions = list(recognised_visible_to(user))
    cover = coverage_of(recognitions)
    return {
        "unsupported": [r for r in recognitions if not cover[r.pk].policies],
        "pending": sum(1 for r in recognitions if cover[r.pk].missing),
    }


def _classify_all(recognitions) -> dict[int, tuple]:
    """services.classify for many recognitions with one query (the products' decisions)."""
    history: dict[int, list] = {}
    products = {r.product_id for r in recognitions}
    earlier = (Recognition.objects.filter(product_id__in=products, stars__isnull=False)
               .exclude(status__in=[Recognition.Status.NOT_RECOGNISED, Recognition.Status.CANCELLED])
               .order_by("-decision_date", "-pk").only("pk", "product_id", "stars", "decision_date"))
    for row in earlier:
        history.setdefault(row.product_id, []).append(row)
    result = {}
    for r in recognitions:
        previous = next((h for h in history.get(r.product_id, [])
                         if h.pk != r.pk and h.decision_date and r.decision_date and h.decision_date <= r.decision_date), None)
        if previous is None:
            result[r.pk] = (Event.FIRST, None)
        elif r.stars == previous.stars:
            result[r.pk] = (Event.SAME_STAR, previous.stars)
        elif r.stars > previous.stars:
            result[r.pk] = (Event.UPGRADE, previous.stars)
        else:
            result[r.pk] = (Event.DOWNGRADE, previous.stars)
    return result


def retroactive_preview(user) -> list[dict]:
    """What computing the missing entitlements would create for the user's district: one row per
    (recognition, covering policy without entitlement) with the amount and its explanation. A fixed
    number of queries (recognitions, policies, entitlements, decisions, granted amounts)."""
    from .services import compute_entitlement

    recognitions = list(recognised_visible_to(user))
    cover = coverage_of(recognitions)
    pending = [r for r in recognitions if cover[r.pk].missing]
    if not pending:
        return []
    classified = _classify_all(pending)
    granted: dict[tuple, list] = {}
    for e in Entitlement.objects.filter(product_id__in={r.product_id for r in pending},
                                        status__in=Entitlement.GRANTED_STATUSES).only("policy_id", "product_id", "recognition_id", "amount"):
        granted.setdefault((e.policy_id, e.product_id), []).append((e.recognition_id, e.amount))
    rows = []
    for r in pending:
        for policy in cover[r.pk].missing:
            already = sum(a for rec, a in granted.get((policy.pk, r.product_id), []) if rec != r.pk)
            calc = compute_entitlement(policy, r, classified=classified[r.pk], granted=already)
            rows.append({"recognition": r, "policy": policy, **calc})
    return rows
