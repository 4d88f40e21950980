"""Add N synthetic recognised products (through the real services) to the benchmark's throw-away
database: `python bench/promotion_seed.py 300`. Never run against a real database."""

import datetime
import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.promotion_settings")
django.setup()

from accounts.models import AdministrativeUnit, User  # noqa: E402
from accounts.services import role_assign  # noqa: E402
from accounts.text import slug_vi  # noqa: E402
from evaluations.services import recognition_record  # noqa: E402
from evaluations.tests.factories import outside_portal  # noqa: E402
from registrations.models import Producer, Product, ProductCategory, Registration  # noqa: E402


def main(count: int) -> None:
    province = User.objects.get(username="tinh")
    ministry = User.objects.filter(role_assignments__role="ministry").first()  # records the centre's 5★
    if ministry is None:
        ministry = User.objects.create_user(username="bo.hieunang", password=None, full_name="Bộ (đo hiệu năng)")
        role_assign(user=ministry, role="ministry", unit=None, actor=None)
    communes = list(AdministrativeUnit.objects.filter(parent__code="218").order_by("code"))
    subgroups = list(ProductCategory.objects.filter(classification__code="QD1048", level="subgroup").order_by("pk"))
    for i in range(count):
        name = f"Sản phẩm thử nghiệm hiệu năng {i:04d}"
        if Product.objects.filter(name=name).exists():
            continue
        commune = communes[i % len(communes)]
        category = subgroups[i % len(subgroups)]
        producer = Producer.objects.create(commune=commune, kind=Producer.Kind.COOPERATIVE, name=f"HTX hiệu năng {i:04d}")
        product = Product.objects.create(producer=producer, name=name, slug=slug_vi(name), category=category)
        registration = Registration.objects.create(
            product=product, producer=producer, commune=commune, year=2021, status=Registration.Status.ACCEPTED,
            category=category, sector=category.sector,
        )
        recognition_record(
            registration=registration, actor=ministry if i % 3 == 2 else province, stars=3 + i % 3, decision_number=f"{1000 + i}/QĐ-UBND",
            decision_date=datetime.date(2021, 9, 1), issuer="UBND tỉnh Bắc Giang",
            issuer_level="national" if i % 3 == 2 else "province", **outside_portal("Dữ liệu đo hiệu năng"),
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
