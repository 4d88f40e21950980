"""Pure permission predicates of the registrations app: ``can_<verb>(user, obj) -> bool``.

Services enforce them; views and templates call the same functions to show or hide actions.
Which rows a user can load at all is decided by ``selectors`` (an out-of-scope id is a 404).
"""

from accounts.permissions import (
    can_act_for_commune,
    can_act_for_district,
    can_open,
    communes_of,
    has_role,
    is_admin,
    sees_for,
    units_for,
)
from accounts.roles import Role, Section, Sees

from .models import NOT_SENT, PRODUCER_STAGES, CommuneList, DossierDocument, Forwarding, Producer, Registration

EDITABLE_STATUSES = (Registration.Status.DRAFT, Registration.Status.RETURNED)
EDITABLE_LIST_STATUSES = (CommuneList.Status.DRAFT, CommuneList.Status.RETURNED)
PRODUCER_EDITABLE = (Registration.Status.PRODUCER_DRAFT, Registration.Status.PRODUCER_RETURNED)


def represents(user, producer_id) -> bool:
    """The user is an active representative of the producer (ProducerRepresentative), as a producer."""
    if not getattr(user, "is_authenticated", False) or not has_role(user, Role.PRODUCER):
        return False
    cached = getattr(user, "_ocop_represents", None)
    if cached is None:
        from .models import ProducerRepresentative

        cached = set(ProducerRepresentative.objects.filter(user=user, active=True).values_list("producer_id", flat=True))
        user._ocop_represents = cached
    return producer_id in cached


def can_create_producer_registration(user, producer: Producer) -> bool:
    return represents(user, producer.pk)


def can_send_to_commune(user, registration: Registration) -> bool:
    return registration.status in PRODUCER_EDITABLE and represents(user, registration.producer_id)


def can_take_from_producer(user, registration: Registration) -> bool:
    """The producer's commune accepts a dossier the producer sent into its list, or returns it."""
    return registration.status == Registration.Status.PRODUCER_SENT and can_act_for_commune(user, registration.commune)


def can_invite_representative(user, producer: Producer) -> bool:
    return can_act_for_commune(user, producer.commune)


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


def can_delete_producer(user, producer: Producer) -> bool:
    """Its commune may delete a producer entered by mistake (the service refuses one with dependants)."""
    return can_act_for_commune(user, producer.commune)


def can_view_registration(user, registration: Registration) -> bool:
    """What the role registry declares (accounts.roles.ROLE_SPECS[role].sees) for the registration's
    commune; the same rules as selectors.registrations_visible_to (tokens that depend on rounds or
    recognitions are checked with one query)."""
    granted = sees_for(user, registration.commune)
    if Sees.EVERYTHING in granted:
        return True
    if Sees.SENT in granted and registration.status not in NOT_SENT:
        return True
    if represents(user, registration.producer_id):
        return True
    if Sees.FORWARDED in granted and registration.status == Registration.Status.FORWARDED:
        return True
    from .selectors import registration_visibility  # selectors import this module

    rules = registration_visibility()
    related = [rules[t](user) if callable(rules[t]) else rules[t]
               for t in (Sees.OWN_ROUNDS, Sees.COUNCILS_ROUNDS, Sees.RECOGNISED, Sees.FORWARDED) if t in granted]
    if not related:
        return False
    condition = related[0]
    for q in related[1:]:
        condition |= q
    return Registration.objects.filter(condition, pk=registration.pk).exists()


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
    """The commune edits a draft or returned registration while its list is not with the district;
    a draft the officer did not send with the list stays the commune's to edit (and send later).
    A producer's own dossier is its representatives' to edit until they send it to the commune."""
    if registration.status in PRODUCER_STAGES:
        return registration.status in PRODUCER_EDITABLE and represents(user, registration.producer_id)
    if not can_act_for_commune(user, registration.commune):
        return False
    if registration.status == Registration.Status.DRAFT:
        return True
    return registration.status in EDITABLE_STATUSES and list_is_editable(registration.commune_list)


def can_act_for_registration_commune(user, registration: Registration) -> bool:
    return can_act_for_commune(user, registration.commune)


def can_delete_registration(user, registration: Registration) -> bool:
    """A draft (never sent) is deleted by its commune."""
    return registration.status == Registration.Status.DRAFT and can_act_for_commune(user, registration.commune)


def can_correct_category(user, registration: Registration) -> bool:
    """The district's agriculture office corrects the sub-group of a registration with the district
    (submitted, returned or accepted; not once forwarded or refused)."""
    return registration.status in (
        Registration.Status.SUBMITTED, Registration.Status.RETURNED, Registration.Status.ACCEPTED,
    ) and _office_of(user, registration)


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
    """Dossier documents belong to the dossier pages (section DOSSIERS): a role that sees recognised
    products for its plans (health, culture, environment offices) does not open their files."""
    return can_open(user, Section.DOSSIERS) and can_view_registration(user, document.registration)


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
    from accounts.jobs import job_is_stuck

    job = forwarding.package_job
    return job is None or job.status == "failed" or job_is_stuck(job)


def can_rebuild_package(user, forwarding: Forwarding) -> bool:
    return package_needs_rebuild(forwarding) and can_act_for_district(user, forwarding.district)


def can_export_district_list(user) -> bool:
    return is_admin(user) or has_role(user, Role.AGRICULTURE_OFFICE, Role.PROVINCE, Role.COUNCIL_SECRETARY)


def can_import(user) -> bool:
    return is_office(user) or is_commune_officer(user)
