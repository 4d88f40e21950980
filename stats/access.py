"""Sections of the statistics pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "stats:staff": Page(S.STATS),
    "stats:staff_download": Page(S.STATS),
    "stats:targets": Page(S.STATS),
    "stats:report": Page(S.STATS),
    "stats:public": Page(S.PUBLIC),
    "stats:public_download": Page(S.PUBLIC),
}
