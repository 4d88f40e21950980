"""Sections of the cross-app pages (see accounts.access)."""

from accounts.access import HOME, Page
from accounts.roles import ROLE_HOME, Section

PAGES = {
    "front": Page(Section.PUBLIC),
    "healthz": Page(Section.PUBLIC),
    "home": Page(Section.ACCOUNT),
    **{name: HOME for name in ROLE_HOME.values()},
}
