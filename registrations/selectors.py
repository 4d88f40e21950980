"""Read queries of the registrations app, scoped to the user and loaded in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import AdministrativeUnit
from accounts.permissions import can_act_for_district, communes_of, is_admin, provinces_of
from accounts.selectors import district_of_user, scope_to_user

from .models import (
    CommuneList,
    DossierDocument,
    DossierRequirement,
    Forwarding,
    Producer,
    Registration,
    RegistrationPeriod,
)
from .permissions import is_province_only


def producers_visible_to(user) -> QuerySet:
    return scope_to_user(Producer.objects.select_related("commune", "commune__parent"), user)


def registrations_visible_to(user) -> QuerySet:
    qs = scope_to_user(
        Registration.objects.select_related(
            "product", "producer", "commune", "commune__parent", "sector", "category", "commune_list",
            "commune_list__period",
        ),
        user,
    )
    if is_province_only(user):
        qs = qs.filter(status=Registration.Status.FORWARDED)
    return qs


def registration_detail(user, pk) -> Registration:
    """One registration with its documents; raises Registration.DoesNotExist outside the scope."""
    return (
        registrations_visible_to(user)
        .select_related("previous_registration", "created_by")
        .prefetch_related(Prefetch("documents", queryset=DossierDocument.objects.select_related("uploaded_by")))
        .get(pk=pk)
    )


def documents_visible_to(user) -> QuerySet:
    qs = scope_to_user(
        DossierDocument.objects.select_related("registration", "registration__commune", "registration__commune__parent"),
        user, commune_path="registration__commune",
    )
    if is_province_only(user):
        qs = qs.filter(registration__status=Registration.Status.FORWARDED)
    return qs


def checklist(registration: Registration, requirements=None) -> list[dict]:
    """The completeness checklist: every document the kind asks for, present or missing."""
    if requirements is None:
        requirements = DossierRequirement.objects.filter(kind=registration.kind)
    present = {d.doc_type for d in registration.documents.all()}
    return [
        {"doc_type": r.doc_type, "label": r.get_doc_type_display(), "required": r.required, "present": r.doc_type in present}
        for r in requirements if r.kind == registration.kind
    ]


def with_missing_documents(registrations) -> list[tuple[Registration, list[dict]]]:
    """(registration, missing required documents) pairs; prefetch the registrations' documents."""
    requirements = list(DossierRequirement.objects.all())
    return [
        (r, [item for item in checklist(r, requirements) if item["required"] and not item["present"]])
        for r in registrations
    ]


def missing_required(registration: Registration) -> list[str]:
    return [item["label"] for item in checklist(registration) if item["required"] and not item["present"]]


def period_for(district: AdministrativeUnit, year: int) -> RegistrationPeriod | None:
    """The open registration period of a year (the latest one)."""
    return RegistrationPeriod.objects.filter(district=district, year=year).order_by("-number").first()


def current_period(district: AdministrativeUnit | None) -> RegistrationPeriod | None:
    if district is None:
        return None
    return RegistrationPeriod.objects.filter(district=district).order_by("-year", "-number").first()


def period_years(district: AdministrativeUnit) -> list[int]:
    """The years in which the district opened a registration period, latest first."""
    return list(RegistrationPeriod.objects.filter(district=district).order_by("-year").values_list("year", flat=True)
                .distinct())


def latest_list_year(district: AdministrativeUnit | None,
                     statuses=(Registration.Status.ACCEPTED, Registration.Status.FORWARDED)) -> int | None:
    """The latest year with accepted or forwarded registrations in the district (the district list's default)."""
    qs = Registration.objects.filter(status__in=statuses)
    if district is not None:
        qs = qs.filter(commune__parent=district)
    return qs.order_by("-year").values_list("year", flat=True).first()


def latest_accepted_year(district: AdministrativeUnit | None) -> int | None:
    """The latest year with registrations still to forward (the forwarding form's default)."""
    return latest_list_year(district, statuses=(Registration.Status.ACCEPTED,))


def communes_without_list(district: AdministrativeUnit, period: RegistrationPeriod) -> list[AdministrativeUnit]:
    """The district's communes that have not started a list for the period (one query)."""
    from accounts.selectors import communes_in

    return list(communes_in(district, on=period.deadline).exclude(registration_lists__period=period).order_by("sort_order", "name"))


def commune_lists_visible_to(user) -> QuerySet:
    return scope_to_user(
        CommuneList.objects.select_related("commune", "period", "submitted_by").annotate(
            registration_count=Count("registrations")
        ),
        user,
    )


def inbox_counts(user, year: int | None = None) -> list[dict]:
    """Registration counts per commune and status (the office's inbox summary), one query."""
    qs = registrations_visible_to(user)
    if year:
        qs = qs.filter(year=year)
    rows = qs.values("commune_id", "commune__name", "status").annotate(n=Count("pk")).order_by("commune__sort_order", "status")
    table: dict[str, dict] = {}
    for row in rows:
        table.setdefault(row["commune__name"], {"commune": row["commune__name"], "commune_id": row["commune_id"],
                                                "counts": {}, "total": 0})
        table[row["commune__name"]]["counts"][row["status"]] = row["n"]
        table[row["commune__name"]]["total"] += row["n"]
    return list(table.values())


def _district_list_rows(*, year, district, statuses, registrations) -> QuerySet:
    """The registrations of the district list: accepted or forwarded ones of the year (of the district),
    or exactly the given ones (a forwarding's)."""
    if registrations is not None:
        return Registration.objects.filter(pk__in=[r.pk for r in registrations])
    qs = Registration.objects.filter(
        year=year, status__in=statuses or (Registration.Status.ACCEPTED, Registration.Status.FORWARDED))
    return qs.filter(commune__parent=district) if district is not None else qs


def district_list(*, year: int, district: AdministrativeUnit | None = None, statuses=None, registrations=None):
    """The consolidated list of a year: accepted (and forwarded) registrations in a stable order.

    Order: producers by their first registration's sequence, then each producer's products by
    sequence (the order of registration within the period, grouped by producer).
    """
    qs = _district_list_rows(year=year, district=district, statuses=statuses, registrations=registrations)
    rows = list(
        qs.select_related("product", "producer", "producer__commune", "commune").order_by("sequence", "pk")
    )
    first_seen: dict[int, int] = {}
    for registration in rows:
        first_seen.setdefault(registration.producer_id, len(first_seen))
    rows.sort(key=lambda r: (first_seen[r.producer_id], r.sequence, r.pk))  # stable: keeps sequence order
    return rows


def district_list_stream(*, year: int, district: AdministrativeUnit | None = None, statuses=None, registrations=None):
    """(rows iterator, row count): the district list's rows in its order, streamed from the database
    (chunks of 2,000, server-side cursor on PostgreSQL) for exports of 100,000+ rows. The order of
    ``district_list`` is computed in SQL: each row carries its producer's first sequence (a window)."""
    from django.db.models import Min, Window

    qs = _district_list_rows(year=year, district=district, statuses=statuses, registrations=registrations)
    total = qs.count()
    rows = (
        qs.select_related("product", "producer", "producer__commune")
        .only("producer_id", "kind", "note", "sequence", "product__name", "producer__name", "producer__address",
              "producer__commune__name", "producer__commune__kind")
        .annotate(first_sequence=Window(Min("sequence"), partition_by=["producer_id"]))
        .order_by("first_sequence", "producer_id", "sequence", "pk")
    )
    return rows.iterator(chunk_size=2000), total


def forwardings_visible_to(user) -> QuerySet:
    district = district_of_user(user)
    qs = Forwarding.objects.select_related("district", "district__parent", "package_job", "created_by").annotate(
        registration_count=Count("registrations")
    )
    if is_admin(user):
        return qs
    condition = Q(pk__in=[])
    if district is not None and can_act_for_district(user, district):
        condition |= Q(district=district)
    provinces = provinces_of(user)
    if provinces:
        condition |= Q(district__parent__in=provinces)
    return qs.filter(condition)


def own_commune(user):
    communes = communes_of(user)
    return communes[0] if communes else None
