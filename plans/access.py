"""Sections of the plans pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "plans:plan_list": Page(S.PLANS),
    "plans:plan_detail": Page(S.PLANS, scoped=True),
    "plans:plan_copy": Page(S.PLAN_OFFICE, scoped=True),
    "plans:remark_create": Page(S.PLAN_REMARKS, scoped=True),
    "plans:remark_answer": Page(S.PLAN_OFFICE, scoped=True),
    "plans:task_detail": Page(S.PLANS, scoped=True),
    # The test's task is led by the agriculture office: its other bodies update their own by predicate.
    "plans:task_link": Page(S.PLAN_OFFICE, scoped=True),
    "plans:case_list": Page(S.SUPPORT),
    "plans:case_create": Page(S.SUPPORT),
    "plans:case_detail": Page(S.SUPPORT, scoped=True),
}
