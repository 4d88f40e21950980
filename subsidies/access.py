"""Sections of the subsidies pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "subsidies:list": Page(S.SUBSIDIES),
    "subsidies:propose_all": Page(S.SUBSIDY_PROPOSALS),
    "subsidies:detail": Page(S.SUBSIDIES, scoped=True),
    "subsidies:propose": Page(S.SUBSIDY_PROPOSALS, scoped=True),
    "subsidies:approve": Page(S.BUDGET, scoped=True),
    "subsidies:pay": Page(S.BUDGET, scoped=True),
    "subsidies:cancel": Page(S.BUDGET, scoped=True),
    "subsidies:reverse": Page(S.BUDGET, scoped=True),
    "subsidies:policies": Page(S.SUBSIDY_POLICIES),
    "subsidies:retroactive": Page(S.BUDGET),  # the finance office creates the entitlements a new policy covers
    "subsidies:budget": Page(S.BUDGET),
    "subsidies:budget_source_add": Page(S.BUDGET),
    "subsidies:budget_allocate": Page(S.BUDGET, scoped=True),
    "subsidies:budget_spend": Page(S.BUDGET, scoped=True),
    "subsidies:budget_export": Page(S.BUDGET),
    "subsidies:report": Page(S.BUDGET),
}
