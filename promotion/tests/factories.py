"""Test helpers of the promotion app: events, articles, courses, another district."""

import datetime

from accounts.models import AdministrativeUnit
from evaluations.tests.factories import make_recognition
from promotion.models import Article, Course, Event
from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory


def luc_nam() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code="218")


def other_district() -> AdministrativeUnit:
    """Lục Ngạn (Bắc Giang) with one commune, for out-of-scope checks."""
    province = AdministrativeUnit.objects.get(code="24")
    district, _ = AdministrativeUnit.objects.get_or_create(
        code="219", defaults={"kind": AdministrativeUnit.Kind.DISTRICT, "name": "Lục Ngạn", "parent": province}
    )
    AdministrativeUnit.objects.get_or_create(
        code="219-01", defaults={"kind": AdministrativeUnit.Kind.COMMUNE, "name": "Biên Sơn", "parent": district}
    )
    return district


def make_event(district=None, *, start=datetime.date(2021, 12, 10), end=None, **kwargs) -> Event:
    fields = {
        "kind": Event.Kind.FAIR, "name": "Hội chợ thử", "organiser": "Sở Công Thương", "place": "TP Bắc Giang",
        "in_province": True, "start_date": start, "end_date": end or start + datetime.timedelta(days=2),
    }
    fields.update(kwargs)
    return Event.objects.create(district=district or luc_nam(), **fields)


def recognised_product(*, stars=3, decision_date=datetime.date(2021, 8, 26), commune_code="218-03", name=None, **kwargs):
    """A product of a commune with a recorded recognition (through the real service)."""
    producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code=commune_code))
    product = ProductFactory(producer=producer, **({"name": name} if name else {}))
    registration = RegistrationFactory(product=product)
    if stars < 3:
        # 1–2 stars are never recognised now (evaluations refuses them); a row recorded before that
        # rule still exists in old data, and the fair-eligibility rule must keep refusing it.
        recognition = make_recognition(registration, stars=3, decision_date=decision_date, **kwargs)
        type(recognition).objects.filter(pk=recognition.pk).update(stars=stars)
        recognition.refresh_from_db()
        return product, recognition
    recognition = make_recognition(registration, stars=stars, decision_date=decision_date, **kwargs)
    return product, recognition


def make_article(district=None, *, status=Article.Status.PUBLISHED, body="Nội dung", **kwargs) -> Article:
    import django.utils.timezone as tz

    n = Article.objects.count() + 1
    fields = {"title": f"Tin thử {n}", "slug": f"tin-thu-{n}", "summary": "Tóm tắt", "body": body, "status": status}
    if status == Article.Status.PUBLISHED:
        fields["published_at"] = tz.now() - datetime.timedelta(hours=1)
    fields.update(kwargs)
    return Article.objects.create(district=district or luc_nam(), **fields)


def make_course(district=None, *, kind=Course.Kind.TRAINING, start=datetime.date(2021, 4, 15), **kwargs) -> Course:
    fields = {
        "kind": kind, "title": "Lớp thử", "organiser": "Phòng NN", "organiser_level": Course.OrganiserLevel.DISTRICT,
        "start_date": start, "end_date": start,
    }
    if kind == Course.Kind.STUDY_TOUR:
        fields["destination_name"] = "Quảng Ninh"
    fields.update(kwargs)
    return Course.objects.create(district=district or luc_nam(), **fields)
