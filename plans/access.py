"""Sections of the plans pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Level
from accounts.roles import Section as S

DISTRICT = Level.DISTRICT  # a plan is its district's: the district's communes read it

PAGES = {
    "plans:plan_list": Page(S.PLANS),
    "plans:plan_detail": Page(S.PLANS, scoped=True, owner=DISTRICT),
    "plans:plan_copy": Page(S.PLAN_OFFICE, scoped=True, owner=DISTRICT),
    "plans:remark_create": Page(S.PLAN_REMARKS, scoped=True, owner=DISTRICT),
    "plans:remark_answer": Page(S.PLAN_OFFICE, scoped=True, owner=DISTRICT),
    "plans:task_detail": Page(S.PLANS, scoped=True, owner=DISTRICT),
    # The test's task is led by the agriculture office: its other bodies update their own by predicate.
    "plans:task_link": Page(S.PLAN_OFFICE, scoped=True, owner=DISTRICT),
    "plans:task_edit": Page(S.PLAN_OFFICE, scoped=True, owner=DISTRICT),
    "plans:case_list": Page(S.SUPPORT),
    "plans:case_create": Page(S.SUPPORT),
    "plans:case_detail": Page(S.SUPPORT, scoped=True),
}
