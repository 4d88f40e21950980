"""Sections of the notification pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "notifications:list": Page(S.ACCOUNT),
    "notifications:open": Page(S.ACCOUNT, scoped=True),  # the addressee's own notification only
    "notifications:read_all": Page(S.ACCOUNT),
    "notifications:preferences": Page(S.ACCOUNT),
}
