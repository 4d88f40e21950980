"""Sections of the registrations pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "registrations:producer_list": Page(S.DOSSIERS),
    "registrations:producer_create": Page(S.COMMUNE_DESK),
    "registrations:producer_detail": Page(S.DOSSIERS, scoped=True),
    "registrations:producer_delete": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:registration_list": Page(S.DOSSIERS),
    "registrations:registration_create": Page(S.COMMUNE_DESK),
    "registrations:registration_detail": Page(S.DOSSIERS, scoped=True),
    "registrations:registration_history": Page(S.DOSSIERS, scoped=True),
    "registrations:registration_edit": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:registration_delete": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:registration_category": Page(S.OFFICE_DESK, scoped=True),
    "registrations:commune_assessment": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:commune_assessment_report": Page(S.DOSSIERS, scoped=True),
    "registrations:document_upload": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:registration_review": Page(S.OFFICE_DESK, scoped=True),
    "registrations:document_download": Page(S.DOSSIERS, scoped=True),
    "registrations:document_delete": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:commune_lists": Page(S.COMMUNE_LISTS),
    "registrations:commune_list_submit": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:commune_proposal": Page(S.COMMUNE_DESK, scoped=True),
    "registrations:commune_proposal_letter": Page(S.COMMUNE_LISTS, scoped=True),  # with the commune list it went with
    "registrations:inbox": Page(S.OFFICE_DESK),
    "registrations:bulk_review": Page(S.OFFICE_DESK),
    "registrations:district_list": Page(S.DISTRICT_LIST),
    "registrations:district_list_export": Page(S.DISTRICT_LIST),
    "registrations:import": Page(S.IMPORT),
    "registrations:import_template": Page(S.IMPORT),
    "registrations:forwarding_list": Page(S.FORWARDINGS),
    "registrations:forwarding_create": Page(S.OFFICE_DESK),
    "registrations:forwarding_detail": Page(S.FORWARDINGS, scoped=True),
    "registrations:forwarding_package": Page(S.FORWARDINGS, scoped=True),
    "registrations:forwarding_rebuild": Page(S.OFFICE_DESK, scoped=True),
    "registrations:forwarding_download": Page(S.FORWARDINGS, scoped=True),
}
