"""Factories for producers, products and registrations (used by the higher apps' tests too)."""

import factory

from accounts.models import AdministrativeUnit
from accounts.text import slug_vi
from registrations.models import Producer, Product, ProductCategory, Registration


def subgroup(code: str = "1") -> ProductCategory:
    """A 1048 sub-group by its code ("1" = Rau, củ, quả, hạt tươi)."""
    return ProductCategory.objects.get(classification__code="QD1048", level="subgroup", code=code)


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    commune = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(code="218-11"))
    kind = Producer.Kind.COOPERATIVE
    name = factory.Sequence(lambda n: f"Hợp tác xã thử nghiệm {n}")
    address = "Thôn Liên Khuyên"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name = factory.Sequence(lambda n: f"Sản phẩm thử {n}")
    slug = factory.LazyAttribute(lambda p: slug_vi(p.name))
    category = factory.LazyFunction(subgroup)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    product = factory.SubFactory(ProductFactory)
    producer = factory.LazyAttribute(lambda r: r.product.producer)
    commune = factory.LazyAttribute(lambda r: r.product.producer.commune)
    year = 2021
    kind = Registration.Kind.NEW
    status = Registration.Status.ACCEPTED
    category = factory.LazyAttribute(lambda r: r.product.category)
    sector = factory.LazyAttribute(lambda r: r.product.category.sector if r.product.category else None)
    sequence = factory.Sequence(lambda n: n + 1)


def score_in_closed_round(registrations, *, score=70, stars=4):
    """Give `registrations` a district council `score` in a CLOSED round of 2021 (what the evaluation
    procedure requires before a product may be forwarded: `services.split_forwardable`)."""
    from decimal import Decimal

    from evaluations.models import Round
    from evaluations.tests.factories import make_round

    round_ = make_round(status=Round.Status.CLOSED, number=9, registrations=list(registrations))
    round_.entries.update(score=Decimal(score), stars=stars, proposed=True)
    return round_
