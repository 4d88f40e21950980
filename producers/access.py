"""Sections of the producers pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "producers:home": Page(S.PRODUCER_DESK),
    "producers:join": Page(S.PUBLIC),
    "producers:registration_create": Page(S.PRODUCER_DESK),
    "producers:registration": Page(S.PRODUCER_DESK, scoped=True),
    "producers:registration_edit": Page(S.PRODUCER_DESK, scoped=True),
    "producers:document_upload": Page(S.PRODUCER_DESK, scoped=True),
    "producers:registration_send": Page(S.PRODUCER_DESK, scoped=True),
    "producers:document_download": Page(S.PRODUCER_DESK, scoped=True),
    "producers:document_delete": Page(S.PRODUCER_DESK, scoped=True),
    "producers:certificate": Page(S.PRODUCER_DESK, scoped=True),
    "producers:recognition_paper": Page(S.PRODUCER_DESK, scoped=True),
    "producers:page_propose": Page(S.PRODUCER_DESK, scoped=True),
    "producers:page_photo": Page(S.PRODUCER_DESK, scoped=True),
    "producers:representatives": Page(S.REPRESENTATIVES),
    "producers:invite": Page(S.REPRESENTATIVES, scoped=True),
    "producers:invitation_cancel": Page(S.REPRESENTATIVES, scoped=True),
    "producers:representative_revoke": Page(S.REPRESENTATIVES, scoped=True),
    "producers:intake_list": Page(S.COMMUNE_DESK),
    "producers:intake": Page(S.COMMUNE_DESK, scoped=True),
    "producers:page_reviews": Page(S.PAGE_REVIEW),
    "producers:page_review": Page(S.PAGE_REVIEW, scoped=True),
    "producers:page_review_photo": Page(S.PAGE_REVIEW, scoped=True),
}
