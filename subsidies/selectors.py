"""Read queries of the subsidies app: scoped entitlement lists, report totals, budget balances.

Every list runs a fixed number of queries (select_related, SQL aggregates)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.roles import Section
from accounts.search import search as folded_search
from accounts.selectors import scope_to_units, scope_to_user
from evaluations.models import Recognition

from .models import (
    BudgetAllocation,
    BudgetExpense,
    BudgetSource,
    Entitlement,
    ExpenseCategory,
    FundingKind,
    SubsidyPayment,
)
from .permissions import can_view_subsidies

S = Entitlement.Status


def entitlements_visible_to(user) -> QuerySet:
    """Entitlements the user may see (commune officers: their communes only), with what lists show."""
    qs = Entitlement.objects.select_related(
        "policy", "product", "producer", "commune", "recognition", "budget_source"
    )
    if not can_view_subsidies(user):
        return qs.none()
    return scope_to_user(qs, user, commune_path="commune")


def with_payment_due(entitlements) -> list[Entitlement]:
    """Rows of entitlement_list_rows() (policy joined) with ``payment_due``: the recognition decision
    date + the policy's payment term (SupportPolicy.payment_due_days) while the entitlement is still
    open (to propose, approve or pay); None when the policy sets no term (neither Resolution
    87/NQ-HĐND nor 67/2023/NQ-HĐND does) or once it is paid, cancelled, reversed or owes nothing.
    The decision dates come in one query for the page, and only when a row's policy sets a term: the
    list's own query stays without the recognition join (see entitlement_list_rows)."""
    rows = list(entitlements)
    termed = [e for e in rows if e.policy.payment_due_days is not None and e.status in Entitlement.OPEN_STATUSES]
    decided = dict(Recognition.objects.filter(pk__in={e.recognition_id for e in termed})
                   .values_list("pk", "decision_date")) if termed else {}
    for e in rows:
        day = decided.get(e.recognition_id)
        e.payment_due = day + datetime.timedelta(days=e.policy.payment_due_days) if e in termed and day else None
    return rows


def entitlement_list_rows(qs: QuerySet) -> QuerySet:
    """The list page's rows: only the joins its columns use (policy, product, producer, commune). With the
    recognition and budget source joined as well, PostgreSQL spent 15–25 ms planning the page's query for
    ~10 ms executing it (9 relations with the scope's parent join; bench/README.md, issue 11)."""
    return qs.select_related(None).select_related("policy", "product", "producer", "commune")


def filter_entitlements(qs: QuerySet, *, year=None, date_from=None, date_to=None, status=None, commune=None,
                        stars=None, policy=None, q: str = "") -> QuerySet:
    """Report and list filters; `q` searches producer and product names without accents."""
    if year:
        qs = qs.filter(year=year)
    if date_from:
        qs = qs.filter(recognition__decision_date__gte=date_from)
    if date_to:
        qs = qs.filter(recognition__decision_date__lte=date_to)
    if status:
        qs = qs.filter(status=status)
    if commune:
        qs = qs.filter(commune=commune)
    if stars:
        qs = qs.filter(stars=stars)
    if policy:
        qs = qs.filter(policy=policy)
    if q:
        qs = folded_search(qs, q, "producer__name_search", "product__name_search")
    return qs


def report_queryset(qs: QuerySet) -> QuerySet:
    """Rows of the subsidy report, ordered by commune then producer, with the payment (one LEFT
    JOIN: an entitlement has at most one payment row, a database constraint)."""
    return (
        qs.select_related("policy", "product", "producer", "commune", "recognition")
        .annotate(payment=FilteredRelation("payments", condition=Q(payments__kind=SubsidyPayment.Kind.PAYMENT)))
        .annotate(
            voucher_number=F("payment__voucher_number"),
            paid_on=F("payment__paid_on"),
            payment_method=F("payment__method"),
            bank_reference=F("payment__bank_reference"),
        )
        .order_by("commune__sort_order", "commune__name", "producer__name", "product__name", "policy__code", "pk")
    )


@dataclass
class ReportTotals:
    by_commune: list = field(default_factory=list)  # (commune name, count, amount)
    by_stars: list = field(default_factory=list)  # (stars, count, amount)
    by_policy: list = field(default_factory=list)  # (policy name, count, amount)
    by_status: list = field(default_factory=list)  # (status label, count, amount)
    count: int = 0
    amount: int = 0


def report_totals(qs: QuerySet) -> ReportTotals:
    """Totals per commune, star band, policy and status, and the grand total: one GROUP BY over the four
    keys in SQL, rolled up here. A scope holds at most a few thousand such groups; five GROUP BYs read
    the entitlements five times (the entitlements list's largest cost after its rows, bench/README.md)."""
    rows = qs.order_by().values(
        "commune__sort_order", "commune__name", "commune__kind", "stars", "policy__code", "policy__name", "status",
    ).annotate(n=Count("pk"), s=Sum("amount"))
    by_commune, by_stars, by_policy, by_status = {}, {}, {}, {}
    totals = ReportTotals()
    for row in rows:
        n, amount = row["n"], row["s"] or 0
        for table, key in ((by_commune, (row["commune__sort_order"], row["commune__name"], row["commune__kind"])),
                           (by_stars, row["stars"]), (by_policy, (row["policy__code"], row["policy__name"])),
                           (by_status, row["status"])):
            sums = table.setdefault(key, [0, 0])
            sums[0] += n
            sums[1] += amount
        totals.count += n
        totals.amount += amount
    # every key is a non-null column (commune order and name, stars, policy code, status): plain tuple order
    kinds, labels = dict(_commune_kinds()), dict(S.choices)
    totals.by_commune = [(f"{kinds.get(kind, '')} {name}".strip(), n, s)
                         for (_order, name, kind), (n, s) in sorted(by_commune.items())]
    totals.by_stars = [(stars, n, s) for stars, (n, s) in sorted(by_stars.items())]
    totals.by_policy = [(name, n, s) for (_code, name), (n, s) in sorted(by_policy.items())]
    totals.by_status = [(labels.get(status, status), n, s) for status, (n, s) in sorted(by_status.items())]
    return totals


def _commune_kinds():
    from accounts.models import AdministrativeUnit

    return AdministrativeUnit.Kind.choices


# --- budget -----------------------------------------------------------------------------------


def budget_sources(year: int | None = None) -> QuerySet:
    """Sources with allocated, spent (expenses), paid (net payments), committed (approved, unpaid),
    remaining (allocated − spent − paid) and available (remaining − committed), in one query."""
    allocated = BudgetAllocation.objects.filter(source=OuterRef("pk")).order_by().values("source").annotate(t=Sum("amount")).values("t")[:1]
    spent = BudgetExpense.objects.filter(source=OuterRef("pk")).order_by().values("source").annotate(t=Sum("amount")).values("t")[:1]
    paid = SubsidyPayment.objects.filter(budget_source=OuterRef("pk")).order_by().values("budget_source").annotate(t=Sum("amount")).values("t")[:1]
    committed = (
        Entitlement.objects.filter(budget_source=OuterRef("pk"), status=S.APPROVED)
        .order_by().values("budget_source").annotate(t=Sum("amount")).values("t")[:1]
    )
    zero = Value(0)
    qs = BudgetSource.objects.annotate(
        allocated=Coalesce(Subquery(allocated, output_field=IntegerField()), zero),
        spent=Coalesce(Subquery(spent, output_field=IntegerField()), zero),
        paid=Coalesce(Subquery(paid, output_field=IntegerField()), zero),
        committed=Coalesce(Subquery(committed, output_field=IntegerField()), zero),
    ).annotate(
        remaining=F("allocated") - F("spent") - F("paid"),
        available=F("allocated") - F("spent") - F("paid") - F("committed"),
    )
    if year:
        qs = qs.filter(year=year)
    # In the order of the plan: district budget, province budget, NTM programme, mobilised funds.
    kind_order = Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(FundingKind.values)], default=Value(99))
    return qs.annotate(kind_order=kind_order).order_by("-year", "kind_order", "name")


def budget_available(source: BudgetSource) -> int:
    """What a source can still take: allocations − expenses − net payments − approved unpaid."""
    return budget_sources().get(pk=source.pk).available


def budget_by_category(source_ids) -> dict:
    """{source_id: {category: (allocated, spent)}}; payments of entitlements count as "Hỗ trợ chủ thể"."""
    result: dict = {}
    for row in BudgetAllocation.objects.filter(source_id__in=source_ids).order_by().values("source_id", "category").annotate(t=Sum("amount")):
        result.setdefault(row["source_id"], {}).setdefault(row["category"], [0, 0])[0] += row["t"]
    for row in BudgetExpense.objects.filter(source_id__in=source_ids).order_by().values("source_id", "category").annotate(t=Sum("amount")):
        result.setdefault(row["source_id"], {}).setdefault(row["category"], [0, 0])[1] += row["t"]
    for row in SubsidyPayment.objects.filter(budget_source_id__in=source_ids).order_by().values("budget_source_id").annotate(t=Sum("amount")):
        result.setdefault(row["budget_source_id"], {}).setdefault(ExpenseCategory.PRODUCER_SUPPORT, [0, 0])[1] += row["t"]
    return result


@dataclass
class Override:
    """An approval or an expense recorded over a source's budget, with its reason."""

    on: object
    what: str
    amount: int
    reason: str
    reference: str = ""
    entitlement_id: int | None = None


def budget_overrides(source_ids) -> dict:
    """{source_id: [Override, ...]} by date: expenses and approvals recorded over budget (2 queries)."""
    result: dict = {}
    expenses = BudgetExpense.objects.filter(source_id__in=source_ids).exclude(overspend_reason="").order_by("spent_on", "pk")
    for x in expenses:
        result.setdefault(x.source_id, []).append(
            Override(x.spent_on, f"{x.get_category_display()}: {x.description}", x.amount, x.overspend_reason, x.voucher_number)
        )
    approvals = (
        Entitlement.objects.filter(budget_source_id__in=source_ids).exclude(overspend_reason="")
        .select_related("product", "producer").order_by("approval_date", "pk")
    )
    for e in approvals:
        what = f"{e.product.name} · {e.producer.name}"
        if e.status == S.CANCELLED:
            what += f" ({e.get_status_display().lower()})"
        result.setdefault(e.budget_source_id, []).append(
            Override(e.approval_date, what, e.amount, e.overspend_reason, e.approval_number, e.pk)
        )
    for rows in result.values():
        rows.sort(key=lambda o: o.on)
    return result


def budget_sources_visible_to(user, year: int | None = None) -> QuerySet:
    """The budget sources of the user's units (budget_sources' figures), one query."""
    return scope_to_units(budget_sources(year), user, section=Section.BUDGET)


def sources_for_approval(entitlement: Entitlement) -> QuerySet:
    """Sources an entitlement may be charged to: those of the unit paying for its commune (its
    district, or its province) for its year and the next year (a recognition of December is often
    paid from the next year's budget)."""
    commune = entitlement.commune
    units = [u for u in (commune.parent_id, commune.parent.parent_id if commune.parent_id else None) if u]
    return budget_sources().filter(year__in=[entitlement.year, entitlement.year + 1], unit_id__in=units)


def counts_for_panels(user) -> dict:
    qs = entitlements_visible_to(user).order_by()
    rows = qs.values("status").annotate(n=Count("pk"), s=Sum("amount"))
    return {row["status"]: (row["n"], row["s"] or 0) for row in rows}


def payments_of(entitlement: Entitlement) -> QuerySet:
    return SubsidyPayment.objects.filter(entitlement=entitlement).select_related("created_by", "budget_source").order_by("pk")
