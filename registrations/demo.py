"""Demo data: the plan's round-1 registrations of 2021 (appendix: 6 producers, 8 products), in the
appendix's order, as accepted registrations. The plan's "xã Huyện Sơn" is Huyền Sơn. Idempotent."""

import datetime

from django.utils import timezone

from accounts.models import AdministrativeUnit, User
from accounts.text import slug_vi

from .models import CommuneList, Producer, Product, ProductCategory, Registration, RegistrationPeriod

PERIOD_2021 = {"year": 2021, "number": 1, "name": "Đợt đăng ký năm 2021", "deadline": datetime.date(2021, 3, 31),
               "legal_basis": "Kế hoạch triển khai Chương trình OCOP năm 2021 của UBND huyện Lục Nam, mục II.6.1",
               "plan_reference": "(Kèm theo Kế hoạch số: /KH-UBND ngày /3/2021 của UBND huyện Lục Nam)"}

# (producer name, kind, commune code, address as in the appendix, [(product, sub-group code)])
APPENDIX_2021 = [
    ("Hợp tác xã sản xuất nông sản an toàn Lục Nam", Producer.Kind.COOPERATIVE, "218-00",
     "Tổ dân phố Thanh Tân, Thị trấn Đồi Ngô", [("Dưa lưới", "1")]),
    ("Hợp tác xã Na dai Lục Nam", Producer.Kind.COOPERATIVE, "218-11",
     "Thôn Liên Khuyên, xã Huyền Sơn", [("Na dai Lục Nam", "1")]),
    ("Hợp tác xã sản xuất dứa Lục Nam", Producer.Kind.COOPERATIVE, "218-03",
     "Thôn Đồng Công, xã Bảo Sơn", [("Dứa Bảo Sơn", "1")]),
    ("Hợp tác xã dịch vụ nông nghiệp Mai Sưu", Producer.Kind.COOPERATIVE, "218-21",
     "Thôn Tân Thành, xã Trường Sơn", [("Hạt dẻ Mai Sưu", "1"), ("Bưởi Mai Sưu", "1")]),
    ("HTX sản xuất cây dược liệu Lục Nam xã Chanh xã Trường Sơn", Producer.Kind.COOPERATIVE, "218-21",
     "Thôn Nhân Lý, xã Trường Sơn", [("Mật ong", "4"), ("Nấm Linh chi", "22")]),
    ("Công ty TNHH Trường Thọ", Producer.Kind.ENTERPRISE, "218-09", "Đông Hưng", [("Đông trùng hạ thảo", "22")]),
]


def seed() -> dict:
    district = AdministrativeUnit.objects.get(code="218")
    office = User.objects.filter(username="phongnn").first()
    period, _ = RegistrationPeriod.objects.get_or_create(
        district=district, year=PERIOD_2021["year"], number=PERIOD_2021["number"], defaults=PERIOD_2021
    )
    if not period.plan_reference:
        period.plan_reference = PERIOD_2021["plan_reference"]
        period.save(update_fields=["plan_reference"])
    submitted_at = timezone.make_aware(datetime.datetime(2021, 3, 30, 9, 0))
    created = 0
    sequence = 0
    for name, kind, commune_code, address, products in APPENDIX_2021:
        commune = AdministrativeUnit.objects.get(code=commune_code)
        producer, _ = Producer.objects.get_or_create(
            name=name, commune=commune, defaults={"kind": kind, "address": address}
        )
        commune_list, _ = CommuneList.objects.get_or_create(
            commune=commune, period=period,
            defaults={"status": CommuneList.Status.RECEIVED, "submitted_at": submitted_at},
        )
        for product_name, subgroup_code in products:
            sequence += 1
            category = ProductCategory.objects.get(
                classification__code="QD1048", level=ProductCategory.Level.SUBGROUP, code=subgroup_code
            )
            product, _ = Product.objects.get_or_create(
                producer=producer, name=product_name,
                defaults={"slug": slug_vi(product_name), "category": category},
            )
            _, was_created = Registration.objects.get_or_create(
                product=product, year=2021,
                defaults={
                    "producer": producer, "commune": commune, "commune_list": commune_list,
                    "kind": Registration.Kind.NEW, "status": Registration.Status.ACCEPTED,
                    "sector": category.sector, "category": category, "sequence": sequence,
                    "created_by": office,
                },
            )
            created += was_created
    return {"registrations_created": created}
