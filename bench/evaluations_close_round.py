"""Benchmark: close an evaluation round of 500 products × 9 council members (target < 1 s).

Run from the project root:

    .venv/bin/python bench/evaluations_close_round.py [--products 500] [--members 9] [--repeat 5]
        [--database-url postgres://root@127.0.0.1:5432/ocop_evaluations_bench]

Without --database-url it builds a throw-away SQLite file in /tmp. It migrates, bulk-creates the
producers, products, accepted registrations, a council of N scoring members plus a secretary, the
round's entries and every member's submitted score card, then times
``evaluations.services.round_close`` (quorum check over all entries + the SQL UPDATEs computing
score, stars, spread, proposal and conclusion) for the mean and the median aggregation. Each run
reopens the round first (outside the timing). Results go to stdout; copy them to
bench/README.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str | None):
    if database_url is None:
        db = Path("/tmp/ocop-bench-evaluations.sqlite3")
        if db.exists():
            db.unlink()
        database_url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return database_url


def populate(products: int, members: int):
    import datetime
    from decimal import Decimal

    from accounts.models import AdministrativeUnit
    from accounts.tests.factories import make_user
    from accounts.text import fold
    from evaluations.models import Council, CouncilMember, CriteriaSet, Round, RoundEntry, Scorecard, ScoreSheet
    from registrations.models import Producer, Product, ProductCategory, Registration

    district = AdministrativeUnit.objects.get(code="218")
    commune = AdministrativeUnit.objects.get(code="218-11")
    category = ProductCategory.objects.get(classification__code="QD1048", level="subgroup", code="1")
    producers = Producer.objects.bulk_create([
        Producer(commune=commune, kind="htx", name=f"HTX bench {i}", name_search=fold(f"HTX bench {i}")) for i in range(products)
    ])
    items = Product.objects.bulk_create([
        Product(producer=p, name=f"Sản phẩm bench {i}", slug=f"bench-{i}", category=category, name_search=f"san pham bench {i}")
        for i, p in enumerate(producers)
    ])
    regs = Registration.objects.bulk_create([
        Registration(product=p, producer=p.producer, commune=commune, year=2021, status="accepted", category=category,
                     sector=category.sector, sequence=i + 1)
        for i, p in enumerate(items)
    ])
    council = Council.objects.create(district=district, year=2021, name="Hội đồng bench", decision_number="1/QĐ",
                                     decision_date=datetime.date(2021, 6, 1))
    seats = [CouncilMember.objects.create(council=council, user=make_user("council_member"),
                                          position="chair" if i == 0 else "member", order=i + 1) for i in range(members)]
    secretary = make_user("council_secretary")
    CouncilMember.objects.create(council=council, user=secretary, position="secretary", order=99)
    criteria_set = CriteriaSet.objects.get(code="QD1048")
    sheet = ScoreSheet.objects.get(criteria_set=criteria_set, subgroup=category, is_current=True)
    round_ = Round.objects.create(district=district, year=2021, number=9, name="Đợt bench", deadline=datetime.date(2021, 7, 10),
                                  criteria_set=criteria_set, council=council, status="open")
    entries = RoundEntry.objects.bulk_create([RoundEntry(round=round_, registration=r, sheet=sheet, order=i) for i, r in enumerate(regs)])
    Scorecard.objects.bulk_create([
        Scorecard(entry=e, member=s, sheet=sheet, status="submitted", total=Decimal((i * 7 + j * 13) % 90 + 10))
        for i, e in enumerate(entries) for j, s in enumerate(seats)
    ], batch_size=2000)
    return round_, secretary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--members", type=int, default=9)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = setup(args.database_url)
    from django.db import connection

    from evaluations import services
    from evaluations.models import Round, RoundEntry

    t0 = time.perf_counter()
    round_, secretary = populate(args.products, args.members)
    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    print(f"data: {args.products} products × {args.members} members = {args.products * args.members} submitted cards "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    for aggregation in ("mean", "median"):
        Round.objects.filter(pk=round_.pk).update(aggregation=aggregation)
        timings = []
        for _ in range(args.repeat):
            Round.objects.filter(pk=round_.pk).update(status="open")
            RoundEntry.objects.filter(round=round_).update(score=None, stars=None, conclusion="")
            start = time.perf_counter()
            services.round_close(round=Round.objects.get(pk=round_.pk), actor=secretary)
            timings.append(time.perf_counter() - start)
        done = RoundEntry.objects.filter(round=round_, score__isnull=False, stars__isnull=False).count()
        print(f"round_close ({aggregation}): median {statistics.median(timings) * 1000:.0f} ms, "
              f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms over {args.repeat} runs; "
              f"{done} entries scored")


if __name__ == "__main__":
    main()
