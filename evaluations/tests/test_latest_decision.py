"""`Recognition.is_latest`: the product's newest recognised decision, kept by the services (the
catalogue reads it instead of searching every product for a newer decision)."""

import datetime

import pytest

from accounts.tests.concurrency import run_in_threads
from accounts.tests.factories import make_user
from evaluations import services
from evaluations.models import Recognition
from evaluations.tests.factories import make_recognition
from registrations.tests.factories import ProductFactory, RegistrationFactory

D = datetime.date


def latest_of(product) -> list[int]:
    return list(Recognition.objects.filter(product=product, is_latest=True).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_newer_decision_takes_the_flag_and_ending_it_gives_it_back():
    product = ProductFactory()
    first = make_recognition(RegistrationFactory(product=product, year=2021), decision_date=D(2021, 8, 26))
    assert first.is_latest and latest_of(product) == [first.pk]
    second = make_recognition(RegistrationFactory(product=product, year=2024), stars=4, decision_date=D(2024, 9, 1))
    assert second.is_latest and latest_of(product) == [second.pk]
    services.recognition_end(recognition=second, actor=make_user("province"), to="revoked", reason="Vi phạm",
                             decision_number="9/QĐ-UBND", decision_date=D(2025, 1, 5))
    assert latest_of(product) == [first.pk]  # the older decision is the product's newest recognised one again
    services.recognition_end(recognition=first, actor=make_user("province"), to="cancelled", reason="Hủy")
    assert latest_of(product) == []


@pytest.mark.django_db
def test_an_older_decision_recorded_late_does_not_take_the_flag():
    product = ProductFactory()
    newer = make_recognition(RegistrationFactory(product=product, year=2024), decision_date=D(2024, 9, 1))
    older = make_recognition(RegistrationFactory(product=product, year=2021), decision_date=D(2021, 8, 26))
    assert not older.is_latest and latest_of(product) == [newer.pk]


@pytest.mark.django_db
def test_mark_latest_sets_the_flag_of_bulk_rows_once_per_product():
    product, other = ProductFactory(), ProductFactory()
    rows = [make_recognition(RegistrationFactory(product=product, year=y), decision_date=D(y, 9, 1)) for y in (2021, 2024)]
    alone = make_recognition(RegistrationFactory(product=other), decision_date=D(2022, 1, 1))
    refused = RegistrationFactory(product=other, year=2023)
    services.recognition_record_refusal(registration=refused, actor=make_user("province"), decision_number="5/QĐ",
                                        decision_date=D(2023, 9, 1), issuer="UBND tỉnh", reason="Chưa đạt")
    Recognition.objects.update(is_latest=False)
    assert services.mark_latest(Recognition.objects.all()) == 2
    assert latest_of(product) == [rows[1].pk] and latest_of(other) == [alone.pk]
    assert services.mark_latest(Recognition.objects.all()) == 0  # idempotent


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_recorded_at_once_for_one_product_leave_one_latest(reference_data):
    """Each transaction sees only its own new row (READ COMMITTED): without the product's row lock both
    decisions would end up marked and the catalogue would list the product twice."""
    product = ProductFactory()
    registrations = [RegistrationFactory(product=product, year=y) for y in (2022, 2023)]
    actor = make_user("province")
    outcomes = run_in_threads(2, lambda i: make_recognition(registrations[i], actor=actor, decision_date=D(2024, 9, 1)))
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    newest = Recognition.objects.filter(product=product).order_by("-decision_date", "-pk").first()
    assert latest_of(product) == [newest.pk]
