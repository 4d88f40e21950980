"""Which section of the portal each URL pattern belongs to.

Each app declares its pages in ``<app>/access.py`` as ``PAGES = {"namespace:url_name": Page(...)}``;
the role registry (``accounts.roles.ROLE_SPECS``) says which sections each role opens. The generated
access test (``accounts/tests/test_access_matrix.py``) walks the URL resolver and fails for a URL
pattern without a declaration, and for any role × URL whose answer differs from the declaration.
"""

from dataclasses import dataclass
from functools import cache

from .roles import Level, Section


@dataclass(frozen=True)
class Page:
    section: Section
    # True: the page shows one object of a unit (another unit's user gets a 404);
    # False: a list, a form, or national data (criteria sets, the public catalogue).
    scoped: bool = False
    # The page is a role's home page (open to that role only; see RoleSpec.home).
    home: bool = False
    # The level of the unit owning a scoped page's object: a district's object (its plan) is seen by
    # the district's communes too; another district's (or province's) users get a 404.
    owner: Level = Level.COMMUNE


HOME = Page(Section.ACCOUNT, home=True)


@cache
def declared_pages() -> dict[str, Page]:
    """Every app's ``<app>/access.py: PAGES``, found like the nav and panel plug-ins."""
    from .portal import _hooks

    pages: dict[str, Page] = {}
    for declared in _hooks("access", "PAGES"):
        pages.update(declared)
    return pages


S = Section
PAGES = {
    "accounts:login": Page(S.PUBLIC),
    "accounts:logout": Page(S.PUBLIC),
    "accounts:password_change": Page(S.ACCOUNT),
    "accounts:password_change_done": Page(S.ACCOUNT),
    "accounts:switch_unit": Page(S.ACCOUNT),
    "accounts:job_status": Page(S.ACCOUNT, scoped=True),
    "accounts:job_download": Page(S.ACCOUNT, scoped=True),
    "accounts:password_reset": Page(S.PUBLIC),
    "accounts:password_reset_done": Page(S.PUBLIC),
    "accounts:password_reset_confirm": Page(S.PUBLIC),
    "accounts:password_reset_complete": Page(S.PUBLIC),
    "accounts:two_factor_setup": Page(S.ACCOUNT),
    "accounts:two_factor_verify": Page(S.ACCOUNT),
    "accounts:two_factor_backup_codes": Page(S.ACCOUNT),
    "accounts:security": Page(S.ACCOUNT),
}
