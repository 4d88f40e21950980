"""Sections of the register pages (see accounts.access; read by the generated access test).

A unit's register is kept by its own staff (documents.permissions.is_unit_staff): another unit's
user gets a 404. Issuing a paper is checked by its purpose (documents.registry)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "documents:home": Page(S.REGISTER),
    "documents:register": Page(S.REGISTER, scoped=True),
    "documents:export": Page(S.REGISTER, scoped=True),
    "documents:reserve": Page(S.REGISTER_EDIT, scoped=True),
    "documents:download": Page(S.REGISTER, scoped=True),
    "documents:upload_signed": Page(S.REGISTER_EDIT, scoped=True),
    "documents:issue": Page(S.REGISTER_EDIT, scoped=True),
    "documents:public_signed": Page(S.PUBLIC),
}
