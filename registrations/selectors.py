"""Read queries of the registrations app, scoped to the user and loaded in a fixed number of queries."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import AdministrativeUnit, StatusChange
from accounts.permissions import can_act_for_district, communes_of, is_admin, provinces_of
from accounts.roles import Sees
from accounts.selectors import district_of_user, scope_to_user

from .models import (
    NOT_SENT,
    CommuneList,
    DossierDocument,
    DossierRequirement,
    Forwarding,
    Producer,
    ProductCategory,
    ProductClassification,
    Registration,
    RegistrationPeriod,
)


def registration_visibility(path: str = "pk") -> dict:
    """What each visibility token of the role registry (accounts.roles.Sees) shows of registrations;
    `path` leads from the queried model to the registration's id. Round and recognition links are
    read through their reverse names (evaluations sits above this app; no import). Each link is an
    EXISTS over the linked rows (round entries, recognitions) that point at the row's registration,
    not `IN (all such registrations)`: under the OR of FORWARDED, PostgreSQL hashed the nation's 20,000
    recognised registrations on every province page (~20 ms of its 55 ms COUNT, issue 11); EXISTS probes
    the link's registration index for the scoped rows only."""
    def linked(relation, **lookups):
        """A row of the reverse relation `relation` of Registration points at the row's registration."""
        field = Registration._meta.get_field(relation)
        rows = field.related_model.objects.filter(**{field.field.name: OuterRef(path)}, **lookups)
        return Q(Exists(rows))

    prefix = "" if path == "pk" else path.removesuffix("_id").removesuffix("__pk") + "__"
    return {
        Sees.EVERYTHING: Q(),
        Sees.SENT: ~Q(**{f"{prefix}status__in": NOT_SENT}),
        Sees.OWN_ROUNDS: lambda user: linked("round_entries", round__council__members__user=user),
        Sees.COUNCILS_ROUNDS: linked("round_entries"),
        Sees.RECOGNISED: linked("recognitions"),
        Sees.FORWARDED: Q(**{f"{prefix}status": Registration.Status.FORWARDED}) | linked("recognitions"),
    }


def producers_visible_to(user) -> QuerySet:
    return scope_to_user(Producer.objects.select_related("commune", "commune__parent"), user)


def registrations_visible_to(user) -> QuerySet:
    """Registrations in the user's units, in the states each of the user's roles may see (drafts:
    only the commune; council: its rounds; finance: recognised; province: forwarded)."""
    return scope_to_user(
        Registration.objects.select_related(
            "product", "producer", "commune", "commune__parent", "sector", "category", "commune_list",
            "commune_list__period",
        ),
        user, visibility=registration_visibility(),
    )


def registration_list_rows(registrations: QuerySet) -> QuerySet:
    """The registrations list page's rows: only the joins its columns use (product, producer, commune,
    sector). With all of `registrations_visible_to`'s joins PostgreSQL spent ~10 ms planning the office's
    page query, more than running it (province preset, bench/README.md, issue 11)."""
    return registrations.select_related(None).select_related("product", "producer", "commune", "sector")


def inbox_rows(registrations: QuerySet) -> QuerySet:
    """The review inbox's rows: only what its columns and the review check read (product, producer, commune
    and the commune's district, for can_review). Same cause as registration_list_rows: the untrimmed base
    query made the inbox the slowest staff list at the nation preset (bench/README.md, issue 11)."""
    return registrations.select_related(None).select_related("product", "producer", "commune__parent")


def registration_detail(user, pk) -> Registration:
    """One registration with its documents; raises Registration.DoesNotExist outside the scope."""
    return (
        registrations_visible_to(user)
        .select_related("previous_registration", "created_by")
        .prefetch_related(Prefetch("documents", queryset=DossierDocument.objects.select_related("uploaded_by")))
        .get(pk=pk)
    )


def documents_visible_to(user) -> QuerySet:
    return scope_to_user(
        DossierDocument.objects.select_related("registration", "registration__commune", "registration__commune__parent"),
        user, commune_path="registration__commune", visibility=registration_visibility("registration_id"),
    )


def checklist(registration: Registration, requirements=None) -> list[dict]:
    """The completeness checklist: every document the kind asks for, present or missing."""
    if requirements is None:
        requirements = DossierRequirement.objects.filter(kind=registration.kind)
    present = {d.doc_type for d in registration.documents.all()}
    # DocType(...).label, not get_doc_type_display(): that rebuilds the choices dict on every call, and the
    # review inbox calls this for every row (issue 11: ~55 % of the inbox's CPU at province scale)
    label = DossierDocument.DocType
    return [
        {"doc_type": r.doc_type, "label": str(label(r.doc_type).label), "required": r.required, "present": r.doc_type in present}
        for r in requirements if r.kind == registration.kind
    ]


def with_missing_documents(registrations) -> list[tuple[Registration, list[dict]]]:
    """(registration, missing required documents) pairs; prefetch the registrations' documents.

    The rule of `checklist` (the required documents of the registration's kind that it lacks), in one
    pass: each kind's required documents are read and labelled once, not every requirement of every kind
    again for each row (the review inbox's 50 rows, issue 11)."""
    label = DossierDocument.DocType
    required: dict[str, list[tuple[str, str]]] = {}
    for r in DossierRequirement.objects.all():
        if r.required:
            required.setdefault(r.kind, []).append((r.doc_type, str(label(r.doc_type).label)))
    rows = []
    for registration in registrations:
        of_kind = required.get(registration.kind, ())
        present = {d.doc_type for d in registration.documents.all()} if of_kind else set()
        rows.append((registration, [
            {"doc_type": doc_type, "label": text, "required": True, "present": False}
            for doc_type, text in of_kind if doc_type not in present
        ]))
    return rows


def with_review_due(registrations: QuerySet) -> QuerySet:
    """The inbox's deadline inputs as annotations (no query per row): ``period_deadline``, the
    deadline of the registration's period (its commune list's, else the district's latest period of
    the year, as period_for), and ``returned_at``, its latest return for supplement. review_due()
    turns them into the row's deadline."""
    # Both deadlines as subqueries, not F("commune_list__period__deadline"): the two joins it added made the
    # inbox's page query 8 relations with the scope's semi-join, and PostgreSQL spent 20-30 ms planning it
    # (2 ms now) for a 6 ms run (issue 11, nation preset); each subquery is one index probe per page row.
    list_period = CommuneList.objects.filter(pk=OuterRef("commune_list_id")).values("period__deadline")[:1]
    latest_period = (
        RegistrationPeriod.objects.filter(district=OuterRef("commune__parent"), year=OuterRef("year"))
        .order_by("-number").values("deadline")[:1]
    )
    last_return = (
        StatusChange.objects.filter(
            content_type__app_label=Registration._meta.app_label, content_type__model=Registration._meta.model_name,
            object_id=OuterRef("pk"), to_state=Registration.Status.RETURNED,
        ).order_by("-at", "-pk").values("at")[:1]
    )
    return registrations.annotate(
        period_deadline=Coalesce(Subquery(list_period), Subquery(latest_period)),
        returned_at=Subquery(last_return),
    )


def review_due(registration: Registration) -> datetime.date | None:
    """The day by which a dossier's next step is due (the overdue badge of the inbox), read from a
    row of with_review_due(): sent to the district and not reviewed yet → the period's deadline (the
    office consolidates the district list by then); returned for supplement → the return day +
    OCOP_RETURNED_REMINDER_DAYS (the commune resubmits; the reminder goes out then); any other state
    has nothing pending at the district."""
    if registration.status == Registration.Status.SUBMITTED:
        return registration.period_deadline
    if registration.status == Registration.Status.RETURNED and registration.returned_at is not None:
        return timezone.localdate(registration.returned_at) + datetime.timedelta(days=settings.OCOP_RETURNED_REMINDER_DAYS)
    return None


def count_with_incomplete(registrations: QuerySet) -> tuple[int, int]:
    """(how many registrations, how many of them lack a required document of their kind), in one query (the
    same rule as `checklist`): a paged list's paginator count and its warning over all its pages."""
    absent = DossierRequirement.objects.filter(kind=OuterRef("kind"), required=True).exclude(
        Exists(DossierDocument.objects.filter(registration=OuterRef(OuterRef("pk")), doc_type=OuterRef("doc_type"))))
    counts = registrations.order_by().aggregate(total=Count("pk"), incomplete=Count("pk", filter=Q(Exists(absent))))
    return counts["total"], counts["incomplete"]


def missing_required(registration: Registration) -> list[str]:
    return [item["label"] for item in checklist(registration) if item["required"] and not item["present"]]


def procedure_of_period(period: RegistrationPeriod):
    """The procedure a period runs under: the one it carries (set by the admin with a reason), else
    the one in force on its deadline."""
    from procedures.selectors import procedure_by_pk, procedure_in_force

    return _procedure_chosen(period, None, in_force=procedure_in_force, by_pk=procedure_by_pk)


def _procedure_chosen(period, year, *, in_force, by_pk):
    """The one rule of procedure_of and procedures_of: the period's own procedure, else the one in force
    on its deadline; without a period, the one in force at the end of the registration's year."""
    if period is None:
        return in_force(datetime.date(year, 12, 31))
    if period.procedure_id is not None:
        return by_pk(period.procedure_id)
    return in_force(period.deadline)


def period_of(registration: Registration) -> RegistrationPeriod | None:
    if registration.commune_list_id is not None:
        return registration.commune_list.period
    return period_for(registration.commune.parent, registration.year) if registration.commune.parent_id else None


def procedure_of(registration: Registration):
    """The procedure a registration's work follows: its period's (see procedure_of_period); without a
    period, the one in force at the end of its year."""
    from procedures.selectors import procedure_by_pk, procedure_in_force

    return _procedure_chosen(period_of(registration), registration.year, in_force=procedure_in_force,
                             by_pk=procedure_by_pk)


def procedures_of(registrations) -> dict[int, object]:
    """procedure_of for many registrations in a fixed number of queries (their lists' periods loaded
    with `commune_list__period`, or not: one query for the periods, one for the procedures)."""
    from procedures.selectors import all_procedures

    registrations = list(registrations)
    procedures = list(all_procedures())
    by_pk = {p.pk: p for p in procedures}

    def in_force(day):
        valid = [p for p in procedures if p.is_valid_on(day)]
        return max(valid, key=lambda p: p.valid_from) if valid else None

    list_ids = {r.commune_list_id for r in registrations if r.commune_list_id}
    periods_of_lists = {
        cl.pk: cl.period for cl in CommuneList.objects.filter(pk__in=list_ids).select_related("period")
    } if list_ids else {}
    loose = [r for r in registrations if not r.commune_list_id]
    latest: dict[tuple, RegistrationPeriod] = {}
    if loose:
        for period in RegistrationPeriod.objects.filter(
            district_id__in={r.commune.parent_id for r in loose}, year__in={r.year for r in loose}
        ).order_by("number"):
            latest[(period.district_id, period.year)] = period
    found = {}
    for r in registrations:
        period = periods_of_lists.get(r.commune_list_id) if r.commune_list_id else latest.get((r.commune.parent_id, r.year))
        found[r.pk] = _procedure_chosen(period, r.year, in_force=in_force, by_pk=by_pk.get)
    return found


def commune_pre_assesses(registration: Registration) -> bool:
    """Does the commune assess this dossier (its procedure has a commune pre-assessment stage)?"""
    from procedures.models import Level
    from procedures.selectors import pre_assesses_at

    procedure = procedure_of(registration)
    return procedure is not None and pre_assesses_at(procedure, Level.COMMUNE)


def period_for(district: AdministrativeUnit, year: int) -> RegistrationPeriod | None:
    """The open registration period of a year (the latest one)."""
    return RegistrationPeriod.objects.filter(district=district, year=year).order_by("-number").first()


def period_reference_date(period: RegistrationPeriod):
    """The day whose rules apply to a period's work: its deadline (the list is sent by then)."""
    return period.deadline


def classification_in_force(on) -> ProductClassification | None:
    """The product classification (the criteria set's sub-groups) in force on a day, read from the
    validity dates of the data (Decision 1048 until 23/02/2023, 148 from 24/02/2023, ...)."""
    return (
        ProductClassification.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from").first()
    )


def classification_for(district: AdministrativeUnit | None, year: int) -> ProductClassification | None:
    """The classification in force for the district's registration period of `year` (or 1 July of
    the year when the district has no period yet)."""

    return classification_of_period(period_for(district, year) if district is not None else None, year)


def classification_of_period(period: RegistrationPeriod | None, year: int) -> ProductClassification | None:
    """`classification_for` when the period (or its absence) is already known."""
    import datetime

    return classification_in_force(period_reference_date(period) if period else datetime.date(year, 7, 1))


def subgroups_of(classification: ProductClassification | None) -> QuerySet:
    """The classification's sub-groups in the order of its tree (sector › group › sub-group)."""
    return ProductCategory.objects.filter(level=ProductCategory.Level.SUBGROUP, classification=classification).select_related(
        "parent", "parent__parent", "classification"
    ).order_by("parent__parent__sort_order", "parent__sort_order", "sort_order", "pk")


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

    # A period of a unit that has since ended (Lục Nam after 30/06/2025) lists the communes it had at its end.
    on = min(period.deadline, district.valid_to) if district.valid_to else period.deadline
    return list(communes_in(district, on=on).exclude(registration_lists__period=period).order_by("sort_order", "name"))


def commune_lists_visible_to(user) -> QuerySet:
    """Commune lists: the commune's own in every state; the office's once sent (a draft list is the
    commune's)."""
    return scope_to_user(
        CommuneList.objects.select_related("commune", "period", "submitted_by").annotate(
            registration_count=Count("registrations")
        ),
        user, visibility={Sees.EVERYTHING: Q(), Sees.SENT: ~Q(status=CommuneList.Status.DRAFT)},
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


def _district_list_rows(*, year, district, statuses, registrations, user=None) -> QuerySet:
    """The registrations of the district list: accepted or forwarded ones of the year (of the district),
    or exactly the given ones (a forwarding's)."""
    if registrations is not None:
        return Registration.objects.filter(pk__in=[r.pk for r in registrations])
    # A signed-in user's list never reaches past their units: the scope's condition goes into this query
    # itself, next to the year, so PostgreSQL reads the scope's communes through the (commune, year) index.
    # As `pk IN (visible)` it hashed every registration of every year first (35 ms at the nation preset).
    base = Registration.objects if user is None else registrations_visible_to(user).select_related(None)
    qs = base.filter(year=year, status__in=statuses or (Registration.Status.ACCEPTED, Registration.Status.FORWARDED))
    if district is not None:
        qs = qs.filter(commune__parent=district)
    return qs


def district_list(*, year: int, district: AdministrativeUnit | None = None, statuses=None, registrations=None,
                  user=None):
    """The consolidated list of a year: accepted (and forwarded) registrations in a stable order.

    Order: producers by their first registration's sequence, then each producer's products by
    sequence (the order of registration within the period, grouped by producer).
    """
    qs = _district_list_rows(year=year, district=district, statuses=statuses, registrations=registrations, user=user)
    rows = list(
        qs.select_related("product", "producer", "producer__commune", "commune").order_by("sequence", "pk")
    )
    first_seen: dict[int, int] = {}
    for registration in rows:
        first_seen.setdefault(registration.producer_id, len(first_seen))
    rows.sort(key=lambda r: (first_seen[r.producer_id], r.sequence, r.pk))  # stable: keeps sequence order
    return rows


def district_list_page(*, year: int, district: AdministrativeUnit | None = None, user=None, page=None, per_page: int = 50):
    """One page of the district list for the screen: (page of producers, their registration rows in list order).

    Paged by producer (one TT number each, ``page.start_index()`` numbers the first), so a 5,000-row list
    is never rendered whole; the rows of the page's producers come in one query."""
    from django.core.paginator import Paginator
    from django.db.models import Min

    qs = _district_list_rows(year=year, district=district, statuses=None, registrations=None, user=user)
    producers = qs.values("producer_id").annotate(first=Min("sequence")).order_by("first", "producer_id")
    producer_page = Paginator(producers, per_page).get_page(page)
    order = {row["producer_id"]: i for i, row in enumerate(producer_page.object_list)}
    rows = list(
        qs.filter(producer_id__in=list(order)).select_related("product", "producer", "producer__commune")
        .order_by("sequence", "pk")
    )
    rows.sort(key=lambda r: (order[r.producer_id], r.sequence, r.pk))
    return producer_page, rows


def district_list_stream(*, year: int, district: AdministrativeUnit | None = None, statuses=None, registrations=None,
                         user=None):
    """(rows iterator, row count): the district list's rows in its order, streamed from the database
    (chunks of 2,000, server-side cursor on PostgreSQL) for exports of 100,000+ rows. The order of
    ``district_list`` is computed in SQL: each row carries its producer's first sequence (a window)."""
    from django.db.models import Min, Window

    qs = _district_list_rows(year=year, district=district, statuses=statuses, registrations=registrations, user=user)
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
