"""Sections of the procedures pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "procedures:procedure": Page(S.PUBLIC),
}
