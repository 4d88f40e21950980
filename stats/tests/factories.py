"""A small hand-countable dataset for the statistics tests."""

import datetime

from accounts.models import AdministrativeUnit
from evaluations.models import RoundEntry
from evaluations.tests.factories import make_card, make_recognition, make_round
from registrations.models import CommuneList, Registration, RegistrationPeriod
from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory
from stats.models import Programme, Target


def other_district() -> AdministrativeUnit:
    province = AdministrativeUnit.objects.get(code="24")
    district, _ = AdministrativeUnit.objects.get_or_create(
        code="219", defaults={"kind": AdministrativeUnit.Kind.DISTRICT, "name": "Lục Ngạn", "parent": province, "sort_order": 900}
    )
    AdministrativeUnit.objects.get_or_create(
        code="219-01", defaults={"kind": AdministrativeUnit.Kind.COMMUNE, "name": "Biên Sơn", "parent": district}
    )
    return district


def registration(commune_code="218-11", *, year=2021, status=Registration.Status.ACCEPTED):
    producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code=commune_code))
    return RegistrationFactory(product=ProductFactory(producer=producer), year=year, status=status)


def small_dataset():
    """Lục Nam 2021: A (Huyền Sơn, 3★, valid), B (Bảo Sơn, 4★, expiring 20/01/2022), C submitted,
    D draft, E rejected; G (2020, 3★, expired 15/12/2021). Lục Ngạn 2021: F (5★)."""
    other_district()
    a = registration("218-11")
    make_recognition(a, stars=3, decision_date=datetime.date(2021, 8, 26))
    b = registration("218-03")
    make_recognition(b, stars=4, decision_date=datetime.date(2021, 9, 10), valid_until=datetime.date(2022, 1, 20))
    registration("218-11", status=Registration.Status.SUBMITTED)
    registration("218-11", status=Registration.Status.DRAFT)
    registration("218-03", status=Registration.Status.REJECTED)
    g = registration("218-11", year=2020)
    make_recognition(g, stars=3, decision_date=datetime.date(2020, 10, 1), valid_until=datetime.date(2021, 12, 15))
    f = registration("219-01")
    make_recognition(f, stars=5, decision_date=datetime.date(2021, 11, 5))
    # Round 1 (deadline 10/07/2021, still open): A has a submitted score card, B a draft one but
    # B is proposed; one commune list overdue (draft), one sent late.
    round_ = make_round(registrations=[a, b])
    member = round_.council.members.filter(position="chair").get()
    entry_a, entry_b = round_.entries.order_by("order")
    make_card(entry_a, member, 70)
    make_card(entry_b, member, 60, status="draft")
    RoundEntry.objects.filter(pk=entry_b.pk).update(proposed=True)
    period = RegistrationPeriod.objects.create(
        district=AdministrativeUnit.objects.get(code="218"), year=2021, name="Đợt 1", deadline=datetime.date(2021, 3, 31)
    )
    CommuneList.objects.create(commune=AdministrativeUnit.objects.get(code="218-11"), period=period)
    CommuneList.objects.create(commune=AdministrativeUnit.objects.get(code="218-03"), period=period,
                               status=CommuneList.Status.SUBMITTED, is_late=True)
    programme = Programme.objects.create(unit=AdministrativeUnit.objects.get(code="218"), year=2021)
    Target.objects.create(programme=programme, metric="recognised", min_stars=3, minimum=3, maximum=5)
    Target.objects.create(programme=programme, metric="registrations", minimum=4)
    return {"a": a, "b": b, "f": f, "g": g}


def more_rows(n: int):
    """n more recognised products in Lục Nam 2021 (for the query-count test)."""
    for i in range(n):
        reg = registration("218-11" if i % 2 else "218-03")
        make_recognition(reg, stars=3 + i % 3, decision_date=datetime.date(2021, 10, 1))
