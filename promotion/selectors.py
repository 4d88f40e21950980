"""Read queries of the promotion app: the public catalogue, events, news, courses.

Every list selector loads what its page shows with select_related/prefetch so a page runs a fixed
number of queries whatever the number of rows.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import AdministrativeUnit
from accounts.permissions import is_admin
from accounts.search import search as folded_search
from accounts.selectors import scope_to_user
from evaluations.models import Recognition
from evaluations.selectors import later_decisions, valid_recognitions
from registrations.models import DossierDocument, Product, ProductCategory, Registration

from .models import Article, Course, CourseParticipant, Event, Participation
from .permissions import promotion_districts


def catalogue_date() -> datetime.date:
    """The day the catalogue is "as of": today, unless the deployment sets OCOP_CATALOGUE_AS_OF
    (e.g. a demo of the 2021 data). Pages always show this date to the visitor."""
    as_of = getattr(settings, "OCOP_CATALOGUE_AS_OF", None)
    if as_of:
        if isinstance(as_of, str):
            as_of = datetime.date.fromisoformat(as_of)
        return as_of
    return timezone.localdate()


def _newer_in_force(on: datetime.date) -> QuerySet:
    """A newer decision of the same product in force on `on` (for Exists against a recognition)."""
    return later_decisions(valid_recognitions(on))


def _catalogue_base(on: datetime.date) -> QuerySet:
    # A product's newest decision (is_latest) has no newer one to look for: the search runs only for
    # older decisions, which are shown while a newer one is not in force yet (or no longer).
    return (
        valid_recognitions(on)
        .filter(Q(is_latest=True) | ~Exists(_newer_in_force(on)))
        .select_related(
            "product__producer__commune",
            "product__category__parent__parent",
        )
    )


# The catalogue's orders: by stars, then the newest decision first (the default: read from the
# recognitions' own index, without joining every product in force to sort by its name), or by name.
CATALOGUE_ORDERS = {
    "moi": ("-stars", "-decision_date", "-pk"),
    "ten": ("-stars", "product__name", "pk"),
}


def _catalogue_filter(qs: QuerySet, *, q: str = "", stars: int | None = None, sector=None, commune=None,
                      province=None) -> QuerySet:
    qs = folded_search(qs, q, "product__name_search", "product__producer__name_search")
    if stars:
        qs = qs.filter(stars=stars)
    if sector is not None:
        qs = qs.filter(
            Q(product__category=sector) | Q(product__category__parent=sector) | Q(product__category__parent__parent=sector)
        )
    if commune is not None:
        qs = qs.filter(product__producer__commune=commune)
    elif province is not None:
        qs = qs.filter(Q(product__producer__commune__parent=province) | Q(product__producer__commune__parent__parent=province))
    return qs


def catalogue_recognitions(*, on: datetime.date | None = None, order: str = "moi", **filters) -> QuerySet:
    """One row per product holding a valid recognition on `on` (its newest), with product, producer,
    commune and category loaded. Filters: folded text `q` (product or producer name), stars,
    sector (a ProductCategory of level sector), commune or else province (AdministrativeUnits);
    `order` is a key of CATALOGUE_ORDERS."""
    return _catalogue_filter(_catalogue_base(on or catalogue_date()), **filters).order_by(*CATALOGUE_ORDERS[order])


def catalogue_count(*, on: datetime.date | None = None, **filters) -> int:
    """How many rows catalogue_recognitions(**filters) has, in one statement that reads less: the newest
    decisions in force (an index-only count on the recognitions' latest-validity index) plus the older
    ones in force with no newer one in force (few). The OR of the list query made PostgreSQL visit
    every decision in force: 7–16 ms at the nation preset, against ~2 ms (bench/README.md)."""
    on = on or catalogue_date()
    latest = _catalogue_filter(valid_recognitions(on).filter(is_latest=True), **filters)
    older = _catalogue_filter(valid_recognitions(on).filter(is_latest=False).exclude(Exists(_newer_in_force(on))),
                              **filters)
    # COUNT over each part inside one statement (a UNION ALL passed all ~20,000 rows up to be counted)
    older_count = Subquery(older.order_by().values(n=Func(template="COUNT(*)", output_field=IntegerField())))
    return latest.order_by().aggregate(n=Count("*") + older_count)["n"]


# What a catalogue card shows (the product page and the API load the full rows).
CARD_FIELDS = (
    "product_id", "stars", "decision_date",
    "product__name", "product__slug", "product__producer__name",
    "product__producer__commune__kind", "product__producer__commune__name",
)


def catalogue_cards(**filters) -> QuerySet:
    """catalogue_recognitions() reduced to the columns a card shows (list and front pages)."""
    return catalogue_recognitions(**filters).select_related(None).select_related("product__producer__commune").only(
        *CARD_FIELDS
    )


def with_card_details(recognitions) -> list[Recognition]:
    """Attach to each catalogue row what its card shows besides the columns: `photo` (the first
    public dossier photo or None; one query for all rows), `commune_name`, and the card's links `url`
    and `photo_url` (reversed once per page, not twice per card), `stars_text`."""
    rows = list(recognitions)
    photos = public_photos([r.product for r in rows])
    # "/san-pham/<slug>/" and "/san-pham/<slug>/anh/<pk>/" around the slug (slugs need no quoting)
    page_before, page_after = reverse("promotion:product", args=["x"]).rsplit("x", 1)
    photo_before, photo_after = reverse("promotion:product_photo", args=["x", 1]).rsplit("x/anh/1", 1)
    star_word = gettext("sao")
    for r in rows:
        r.photo = next(iter(photos.get(r.product_id, [])), None)
        r.commune_name = r.product.producer.commune.full_name
        slug = r.product.slug
        r.url = f"{page_before}{slug}{page_after}"
        r.photo_url = f"{photo_before}{slug}/anh/{int(r.photo.pk)}{photo_after}" if r.photo else ""
        r.stars_text = f"{r.stars} {star_word}"  # "4 sao": the card's title and screen-reader text
    return rows


def public_photos(products) -> dict[int, list[DossierDocument]]:
    """Photos marked public in the products' dossiers, by product id (one query)."""
    ids = [p.pk for p in products]
    result: dict[int, list[DossierDocument]] = {pk: [] for pk in ids}
    if not ids:
        return result
    docs = (
        DossierDocument.objects.filter(
            registration__product_id__in=ids, is_public=True, doc_type=DossierDocument.DocType.PHOTO
        )
        .select_related("registration")
        .order_by("uploaded_at", "pk")
    )
    for doc in docs:
        result[doc.registration.product_id].append(doc)
    return result


def catalogue_sectors() -> QuerySet:
    """Sectors (any classification) that at least one product belongs to, for the filter. One EXISTS per
    depth (the product's category is the sector, its child or its grandchild): the former OR over three
    LEFT JOINs with DISTINCT made PostgreSQL join every product (392 ms at the nation preset, 1.3 ms now;
    bench/README.md)."""
    def has_products(path: str) -> Exists:
        return Exists(Product.objects.filter(**{path: OuterRef("pk")}))

    return (
        ProductCategory.objects.filter(level=ProductCategory.Level.SECTOR)
        .filter(has_products("category") | has_products("category__parent") | has_products("category__parent__parent"))
        .order_by("classification__valid_from", "sort_order", "name")
    )


def catalogue_provinces() -> QuerySet:
    return AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.PROVINCE_KINDS).order_by("sort_order", "name")


def catalogue_communes(province: AdministrativeUnit | None = None) -> QuerySet:
    """Communes for the catalogue's filter: those of `province` (directly under it since the 2025 reform, or
    under one of its former districts); without a province, every commune."""
    communes = AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.COMMUNE_KINDS)
    if province is not None:
        communes = communes.filter(Q(parent=province) | Q(parent__parent=province))
    return communes.order_by("sort_order", "name")


def province_of(unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    """The province above a commune (one or two levels up), or None."""
    while unit is not None and unit.kind not in AdministrativeUnit.PROVINCE_KINDS:
        unit = unit.parent
    return unit


def product_for_page(slug: str) -> Product | None:
    """The product with its producer, commune and category (one query)."""
    return (
        Product.objects.select_related("producer__commune__parent", "category__parent__parent")
        .filter(slug=slug)
        .first()
    )


def product_recognitions(product) -> list[Recognition]:
    """The product's recognition decisions (not the refusals), newest first."""
    return list(
        Recognition.objects.filter(product=product)
        .exclude(status=Recognition.Status.NOT_RECOGNISED)
        .order_by("-decision_date", "-pk")
    )


def product_events(product) -> QuerySet:
    return (
        Participation.objects.filter(product=product)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
        .order_by("-event__start_date")
    )


def newest_products(limit: int = 6) -> list[Recognition]:
    return with_card_details(catalogue_cards().order_by("-decision_date", "-pk")[:limit])


# Events -------------------------------------------------------------------------------------


def events_for_office(user, *, year: int | None = None) -> QuerySet:
    qs = Event.objects.select_related("district").annotate(
        participation_count=Count("participations")
    )
    if not is_admin(user):
        qs = qs.filter(district__in=[u.pk for u in promotion_districts(user)])
    if year:
        qs = qs.filter(start_date__year=year)
    return qs.order_by("-start_date", "-pk")


def public_events(*, upcoming_from: datetime.date | None = None) -> QuerySet:
    qs = Event.objects.exclude(status=Event.Status.CANCELLED).annotate(participation_count=Count("participations"))
    if upcoming_from is not None:
        qs = qs.filter(end_date__gte=upcoming_from)
    return qs.order_by("-start_date", "-pk")


def event_participations(event) -> QuerySet:
    return event.participations.select_related(
        "product__category__parent__parent", "producer__commune", "recognition"
    ).order_by("producer__name", "product__name")


def eligible_recognitions_for(event) -> QuerySet:
    """Recognitions that qualify a product of the event's district on the event's first day and
    whose product is not invited yet (the invitation form's helper list; the service decides)."""
    from .services import min_event_stars

    return (
        _catalogue_base(event.start_date)
        .filter(stars__gte=min_event_stars(event.start_date), product__producer__commune__parent=event.district)
        .exclude(product__participations__event=event)
        .order_by("product__name")
    )


def upcoming_events(user, *, today: datetime.date | None = None, limit: int = 5) -> list[Event]:
    today = today or timezone.localdate()
    return list(events_for_office(user).filter(end_date__gte=today, status=Event.Status.PLANNED).order_by("start_date")[:limit])


def events_of_year(district, year: int) -> QuerySet:
    return (
        Event.objects.filter(district=district, start_date__year=year)
        .exclude(status=Event.Status.CANCELLED)
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("product", "producer__commune", "recognition").order_by(
                    "producer__name", "product__name"
                ),
            )
        )
        .order_by("start_date", "pk")
    )


# News ---------------------------------------------------------------------------------------


def published_articles(now=None) -> QuerySet:
    now = now or timezone.now()
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now).order_by("-published_at", "-pk")


def articles_for_office(user) -> QuerySet:
    qs = Article.objects.select_related("created_by")
    if not is_admin(user):
        qs = qs.filter(district__in=[u.pk for u in promotion_districts(user)])
    return qs.order_by("-created_at", "-pk")


# Courses ------------------------------------------------------------------------------------


def courses_for_office(user, *, kind: str | None = None, year: int | None = None) -> QuerySet:
    qs = Course.objects.select_related("destination_province").annotate(
        participant_count=Count("participants"),
        attended_count=Count("participants", filter=Q(participants__attended=True)),
    )
    if not is_admin(user):
        qs = qs.filter(district__in=[u.pk for u in promotion_districts(user)])
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(start_date__year=year)
    return qs.order_by("-start_date", "-pk")


def course_participants(course) -> QuerySet:
    return CourseParticipant.objects.filter(course=course).select_related("user", "producer__commune").order_by(
        "producer__name", "user__username", "pk"
    )


def course_counts_per_year(district=None) -> list[dict]:
    """Per year and kind: number of courses/tours, participants, attendees, producers attending
    (computed in SQL, two queries; feeds the dashboard). Rows: {year, kind, courses, participants,
    attended, producers_attended}, sorted by year and kind."""
    courses = Course.objects.all()
    people = CourseParticipant.objects.all()
    if district is not None:
        courses = courses.filter(district=district)
        people = people.filter(course__district=district)
    rows: dict[tuple, dict] = {}
    for r in (
        courses.order_by().annotate(year=ExtractYear("start_date")).values("year", "kind").annotate(n=Count("pk"))
    ):
        rows[(r["year"], r["kind"])] = {
            "year": r["year"], "kind": r["kind"], "courses": r["n"], "participants": 0, "attended": 0,
            "producers_attended": 0,
        }
    for r in (
        people.order_by()
        .annotate(year=ExtractYear("course__start_date"), kind=F("course__kind"))
        .values("year", "kind")
        .annotate(
            n_participants=Count("pk"),
            n_attended=Count("pk", filter=Q(attended=True)),
            n_producers_attended=Count("pk", filter=Q(attended=True, producer__isnull=False)),
        )
    ):
        row = rows.get((r["year"], r["kind"]))
        if row is not None:
            row.update(
                participants=r["n_participants"], attended=r["n_attended"], producers_attended=r["n_producers_attended"]
            )
    return sorted(rows.values(), key=lambda r: (r["year"], r["kind"]))


# Province API ------------------------------------------------------------------------------


def forwarded_registrations_for(user) -> QuerySet:
    """Registrations forwarded to the province, scoped to the user's province (admins: all)."""
    qs = Registration.objects.filter(Q(status=Registration.Status.FORWARDED) | Q(forwardings__isnull=False)).distinct()
    return scope_to_user(qs, user).select_related("product", "producer", "commune", "sector", "category").order_by(
        "year", "sequence", "pk"
    )


def recognitions_for(user) -> QuerySet:
    return scope_to_user(Recognition.objects.all(), user, commune_path="registration__commune").select_related(
        "product", "registration__producer", "registration__commune"
    ).order_by("-decision_date", "-pk")


def round_results_for(user) -> QuerySet:
    """Council results of published rounds (score, stars, proposal), scoped to the user's units."""
    from evaluations.models import Round, RoundEntry

    qs = RoundEntry.objects.filter(round__status=Round.Status.PUBLISHED).select_related(
        "round", "registration__product", "registration__producer", "registration__commune"
    )
    return scope_to_user(qs, user, commune_path="registration__commune").order_by("-round__year", "round__number", "order", "pk")
