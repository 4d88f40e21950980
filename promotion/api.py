"""Open-data API /api/v1/ (read-only): public products and events; for the province role with a
token, the district's forwarded registrations and recognitions.

Stable English field names, ISO 8601 dates, amounts as integers in đồng. Every write method is
refused (read-only viewsets answer 405).
"""

import django_filters
from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.pagination import PageNumberPagination

from accounts.search import search as folded_search
from evaluations.models import Recognition, RoundEntry
from registrations.models import Registration

from . import selectors
from .models import Event, Participation
from .permissions import can_read_province_api


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# Serializers -----------------------------------------------------------------------------------


class CatalogueProductSerializer(serializers.Serializer):
    slug = serializers.CharField(source="product.slug")
    name = serializers.CharField(source="product.name")
    url = serializers.SerializerMethodField()
    stars = serializers.IntegerField()
    sector = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    producer_name = serializers.CharField(source="product.producer.name")
    producer_kind = serializers.CharField(source="product.producer.kind")
    producer_phone = serializers.CharField(source="product.producer.phone")
    producer_email = serializers.CharField(source="product.producer.email")
    commune_code = serializers.CharField(source="product.producer.commune.code")
    commune_name = serializers.CharField(source="product.producer.commune.name")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    issuer = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)

    def get_url(self, obj) -> str:
        from django.urls import reverse

        path = reverse("promotion:product", args=[obj.product.slug])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_sector(self, obj) -> str | None:
        node = obj.product.category
        while node is not None and node.parent_id is not None:
            node = node.parent
        return node.name if node else None

    def get_category(self, obj) -> str | None:
        return obj.product.category.name if obj.product.category_id else None


class ParticipationSerializer(serializers.ModelSerializer):
    product_slug = serializers.CharField(source="product.slug")
    product_name = serializers.CharField(source="product.name")
    producer_name = serializers.CharField(source="producer.name")
    stars = serializers.IntegerField(source="recognition.stars")
    support_amount = serializers.IntegerField(help_text="Support in đồng (integer).")
    sales_amount = serializers.IntegerField(allow_null=True, help_text="Sales in đồng (integer), after the event.")

    class Meta:
        model = Participation
        fields = [
            "product_slug", "product_name", "producer_name", "stars", "booth", "support_amount", "sales_amount",
            "contracts_signed", "visitors",
        ]


class EventSerializer(serializers.ModelSerializer):
    participant_count = serializers.IntegerField(source="participation_count", read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id", "kind", "name", "organiser", "place", "in_province", "start_date", "end_date",
            "registration_deadline", "support_offered", "status", "participant_count", "participations",
        ]


class RegistrationSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name")
    product_slug = serializers.CharField(source="product.slug")
    producer_name = serializers.CharField(source="producer.name")
    commune_code = serializers.CharField(source="commune.code")
    commune_name = serializers.CharField(source="commune.name")
    sector = serializers.CharField(source="sector.name", allow_null=True, default=None)
    category = serializers.CharField(source="category.name", allow_null=True, default=None)

    class Meta:
        model = Registration
        fields = [
            "id", "year", "kind", "status", "product_name", "product_slug", "producer_name", "commune_code",
            "commune_name", "sector", "category", "workers_total", "workers_local",
        ]


class RecognitionSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name")
    product_slug = serializers.CharField(source="product.slug")
    producer_name = serializers.CharField(source="registration.producer.name")
    commune_code = serializers.CharField(source="registration.commune.code")
    registration_id = serializers.IntegerField()
    score = serializers.FloatField(allow_null=True)

    class Meta:
        model = Recognition
        fields = [
            "id", "registration_id", "product_name", "product_slug", "producer_name", "commune_code", "status",
            "stars", "proposed_stars", "score", "decision_number", "decision_date", "issuer", "issuer_level",
            "certificate_number", "valid_from", "valid_until", "end_decision_number", "end_decision_date",
        ]


class RoundResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round_id = serializers.IntegerField()
    round_name = serializers.CharField(source="round.name")
    round_year = serializers.IntegerField(source="round.year")
    round_number = serializers.IntegerField(source="round.number")
    round_level = serializers.CharField(source="round.level")
    meeting_date = serializers.DateField(source="round.meeting_date", allow_null=True)
    registration_id = serializers.IntegerField()
    product_name = serializers.CharField(source="registration.product.name")
    product_slug = serializers.CharField(source="registration.product.slug")
    producer_name = serializers.CharField(source="registration.producer.name")
    commune_code = serializers.CharField(source="registration.commune.code")
    score = serializers.FloatField(allow_null=True)
    stars = serializers.IntegerField(allow_null=True)
    proposed = serializers.BooleanField()
    conclusion = serializers.CharField()


# Filters ---------------------------------------------------------------------------------------


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search (accent-insensitive)")
    stars = django_filters.NumberFilter(field_name="stars", min_value=1, max_value=5)
    commune = django_filters.CharFilter(field_name="product__producer__commune__code", label="Commune code")
    sector = django_filters.CharFilter(method="by_sector", label="Sector code")

    class Meta:
        model = Recognition
        fields = ["q", "stars", "commune", "sector"]

    def search(self, qs, name, value):
        return folded_search(qs, value, "product__name_search", "product__producer__name_search")

    def by_sector(self, qs, name, value):
        return qs.filter(
            Q(product__category__level="sector", product__category__code=value)
            | Q(product__category__parent__level="sector", product__category__parent__code=value)
            | Q(product__category__parent__parent__level="sector", product__category__parent__parent__code=value)
        )


class EventFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="start_date", lookup_expr="year", min_value=1900, max_value=2100)
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    in_province = django_filters.BooleanFilter()

    class Meta:
        model = Event
        fields = ["year", "kind", "in_province"]


class RegistrationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2100)
    commune = django_filters.CharFilter(field_name="commune__code")

    class Meta:
        model = Registration
        fields = ["year", "commune"]


class RecognitionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="decision_date", lookup_expr="year", min_value=1900, max_value=2100)
    status = django_filters.ChoiceFilter(choices=Recognition.Status.choices)
    stars = django_filters.NumberFilter(min_value=1, max_value=5)

    class Meta:
        model = Recognition
        fields = ["year", "status", "stars"]


class RoundResultFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="round__year", min_value=1900, max_value=2100)
    stars = django_filters.NumberFilter(min_value=1, max_value=5)
    proposed = django_filters.BooleanFilter()

    class Meta:
        model = RoundEntry
        fields = ["year", "stars", "proposed"]


# Permissions and viewsets ----------------------------------------------------------------------


class IsProvince(permissions.BasePermission):
    message = "A token of a user with the province role is required."

    def has_permission(self, request, view):
        return can_read_province_api(request.user)


class PublicReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    pagination_class = Pagination


@extend_schema_view(
    list=extend_schema(summary="OCOP products with a recognition in force (the public catalogue)"),
    retrieve=extend_schema(summary="One catalogue product by slug"),
)
class ProductViewSet(PublicReadOnly):
    serializer_class = CatalogueProductSerializer
    filterset_class = CatalogueFilter
    lookup_field = "product__slug"
    lookup_url_kwarg = "slug"
    lookup_value_regex = "[a-z0-9-]+"
    queryset = Recognition.objects.none()

    def get_queryset(self):
        return selectors.catalogue_recognitions(on=selectors.catalogue_date())


@extend_schema_view(list=extend_schema(summary="Trade fairs, exhibitions and OCOP days"), retrieve=extend_schema(summary="One event"))
class EventViewSet(PublicReadOnly):
    serializer_class = EventSerializer
    filterset_class = EventFilter
    queryset = Event.objects.none()

    def get_queryset(self):
        return selectors.public_events().prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("product", "producer", "recognition").order_by("pk"),
            )
        )


class ProvinceReadOnly(viewsets.ReadOnlyModelViewSet):
    """Province data behind a token; `rows_for(user)` is the selector that scopes the rows."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsProvince]
    pagination_class = Pagination
    rows_for = None

    def get_queryset(self):
        return type(self).rows_for(self.request.user)


@extend_schema_view(list=extend_schema(summary="Registrations forwarded to the province (province token)"),
                    retrieve=extend_schema(summary="One forwarded registration"))
class ForwardedRegistrationViewSet(ProvinceReadOnly):
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    queryset = Registration.objects.none()
    rows_for = staticmethod(selectors.forwarded_registrations_for)


@extend_schema_view(list=extend_schema(summary="Recognition decisions of the province's districts (province token)"),
                    retrieve=extend_schema(summary="One recognition decision"))
class RecognitionViewSet(ProvinceReadOnly):
    serializer_class = RecognitionSerializer
    filterset_class = RecognitionFilter
    queryset = Recognition.objects.none()
    rows_for = staticmethod(selectors.recognitions_for)


@extend_schema_view(list=extend_schema(summary="Council results of published evaluation rounds (province token)"),
                    retrieve=extend_schema(summary="One round result"))
class RoundResultViewSet(ProvinceReadOnly):
    serializer_class = RoundResultSerializer
    filterset_class = RoundResultFilter
    queryset = RoundEntry.objects.none()
    rows_for = staticmethod(selectors.round_results_for)
