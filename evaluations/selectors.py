"""Read queries of the evaluations app."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Recognition


def today() -> datetime.date:
    return timezone.localdate()


def valid_recognitions(on: datetime.date | None = None) -> QuerySet:
    """Recognitions in force on a day: recognised, not revoked, within validity."""
    on = on or today()
    return Recognition.objects.filter(status=Recognition.Status.RECOGNISED).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def current_recognition(product, on: datetime.date | None = None) -> Recognition | None:
    """The product's recognition in force (the newest if several)."""
    return valid_recognitions(on).filter(product=product).order_by("-decision_date", "-pk").first()


def earlier_recognitions(product, *, before: Recognition | None = None) -> QuerySet:
    """The product's recognitions (recognised, revoked or expired) before `before`."""
    qs = Recognition.objects.filter(product=product).exclude(status=Recognition.Status.NOT_RECOGNISED)
    if before is not None and before.pk:
        qs = qs.exclude(pk=before.pk).filter(decision_date__lte=before.decision_date)
    return qs.order_by("decision_date", "pk")
