"""Pure permission predicates of the registrations app: ``can_<verb>(user, obj) -> bool``.

Services enforce them; views and templates call the same functions to show or hide actions.
Which rows a user can load at all is decided by ``selectors`` (an out-of-scope id is a 404).
"""

from accounts.permissions import (
    can_act_for_commune,
    can_act_for_district,
    can_see_commune,
    communes_of,
    has_role,
    is_admin,
    units_for,
)
from accounts.roles import Role

from .models import CommuneList, DossierDocument, Forwarding, Producer, Registration

EDITABLE_STATUSES = (Registration.Status.DRAFT, Registration.Status.RETURNED)
EDITABLE_LIST_STATUSES = (CommuneList.Status.DRAFT, CommuneList.Status.RETURNED)


def is_commune_officer(user) -> bool:
    return bool(communes_of(user))


def is_office(user) -> bool:
    return is_admin(user) or has_role(user, Role.AGRICULTURE_OFFICE)


def is_province_only(user) -> bool:
    """The province role sees forwarded registrations only, read-only."""
    return has_role(user, Role.PROVINCE) and not is_admin(user) and not has_role(
        user, Role.AGRICULTURE_OFFICE, Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY,
        Role.FINANCE_OFFICE, Role.ECONOMY_OFFICE,
    )


def can_create_producer(user, commune) -> bool:
    return commune is not None and can_act_for_commune(user, commune)


def can_edit_producer(user, producer: Producer) -> bool:
    return can_act_for_commune(user, producer.commune)


def can_view_registration(user, registration: Registration) -> bool:
    if not can_see_commune(user, registration.commune):
        return False
    if is_province_only(user):
        return registration.status == Registration.Status.FORWARDED
    return True


def list_is_editable(commune_list: CommuneList | None) -> bool:
    return commune_list is None or commune_list.status in EDITABLE_LIST_STATUSES


def can_record_received(user, commune) -> bool:
    """The agriculture office of the commune's district records producers and registrations it
    received outside the portal (a paper list imported from Excel)."""
    return commune is not None and is_office(user) and commune.parent_id is not None and can_act_for_district(
        user, commune.parent)


def can_create_registration(user, commune) -> bool:
    return commune is not None and can_act_for_commune(user, commune)


def can_edit_registration(user, registration: Registration) -> bool:
    """The commune edits a draft or returned registration while its list is not with the district."""
    return (
        can_act_for_commune(user, registration.commune)
        and registration.status in EDITABLE_STATUSES
        and list_is_editable(registration.commune_list)
    )


def _office_of(user, registration: Registration) -> bool:
    district = registration.commune.parent
    return district is not None and can_act_for_district(user, district)


def can_upload_document(user, registration: Registration) -> bool:
    """The commune while it may edit; the office may add evidence until the registration is forwarded."""
    if can_edit_registration(user, registration):
        return True
    return _office_of(user, registration) and registration.status in (
        Registration.Status.SUBMITTED, Registration.Status.ACCEPTED,
    )


def can_delete_document(user, document: DossierDocument) -> bool:
    return can_edit_registration(user, document.registration)


def can_download_document(user, document: DossierDocument) -> bool:
    return can_view_registration(user, document.registration)


def can_review(user, registration: Registration) -> bool:
    return registration.status == Registration.Status.SUBMITTED and _office_of(user, registration)


def can_submit_list(user, commune_list: CommuneList) -> bool:
    return can_act_for_commune(user, commune_list.commune)


def can_forward(user, district) -> bool:
    return district is not None and can_act_for_district(user, district)


def can_view_forwarding(user, forwarding: Forwarding) -> bool:
    if can_act_for_district(user, forwarding.district):
        return True
    province_id = forwarding.district.parent_id
    return any(u.pk == province_id for u in units_for(user, Role.PROVINCE))


def package_needs_rebuild(forwarding: Forwarding) -> bool:
    job = forwarding.package_job
    return job is None or job.status == "failed"


def can_rebuild_package(user, forwarding: Forwarding) -> bool:
    return package_needs_rebuild(forwarding) and can_act_for_district(user, forwarding.district)


def can_export_district_list(user) -> bool:
    return is_admin(user) or has_role(user, Role.AGRICULTURE_OFFICE, Role.PROVINCE, Role.COUNCIL_SECRETARY)


def can_import(user) -> bool:
    return is_office(user) or is_commune_officer(user)
