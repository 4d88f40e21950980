"""Demo data (idempotent):

- the plan's round-1 registrations of 2021 (appendix: 6 producers, 8 products), in the appendix's
  order, as accepted registrations. The plan's "xã Huyện Sơn" is Huyền Sơn;
- an open registration period of the current year, clearly labelled demo, so the commune flow can
  be tried from ``make run``: Huyền Sơn (xa.huyenson) has a draft list with one draft registration,
  Bảo Sơn (xa.baoson) has sent its list (Dứa Bảo Sơn, "Nâng hạng"), which waits in the agriculture
  office's inbox (phongnn).
"""

import datetime

from django.utils import timezone

from accounts.models import AdministrativeUnit, User
from accounts.text import slug_vi

from . import services
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
    return {"registrations_created": seed_appendix_2021(district),
            "demo_period_registrations": seed_open_period(district),
            "flow_2026": seed_flow_2026()}


def seed_appendix_2021(district) -> int:
    """The plan's appendix: 6 producers, 8 accepted registrations of 2021; returns how many were created."""
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
            defaults={"status": CommuneList.Status.RECEIVED, "submitted_at": submitted_at, "created_at": submitted_at},
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
                    "created_by": office, "created_at": submitted_at,
                },
            )
            created += was_created
    return created


DEMO_PERIOD_LABEL = "(dữ liệu demo)"
DEMO_PERIOD_DAYS = 60


def demo_period_year(today=None) -> int:
    return max(2022, (today or timezone.localdate()).year)


def _keep_148(period) -> None:
    """The Lục Nam demo period of the current year is an anachronism (the district ended on
    30/06/2025): it keeps the district flow of 148/QĐ-TTg, chosen with a reason as an admin would."""
    from procedures.models import Procedure

    procedure = Procedure.objects.filter(code="qd148-2023").first()
    if procedure is not None and period.procedure_id is None:
        services.period_set_procedure(
            period=period, procedure=procedure, actor=None,
            reason="Dữ liệu demo: đợt thử nghiệm của huyện Lục Nam giữ quy trình cấp huyện (148/QĐ-TTg).",
        )


def seed_open_period(district) -> int:
    """An open period of the current year with one draft and one submitted registration."""
    users = {u.username: u for u in User.objects.filter(username__in=["xa.huyenson", "xa.baoson"])}
    if len(users) < 2:
        return 0
    today = timezone.localdate()
    year = demo_period_year(today)
    period, _ = RegistrationPeriod.objects.get_or_create(
        district=district, year=year, number=1,
        defaults={
            "name": f"Đợt đăng ký năm {year} {DEMO_PERIOD_LABEL}",
            "deadline": today + datetime.timedelta(days=DEMO_PERIOD_DAYS),
            "legal_basis": "Dữ liệu demo để thử quy trình đăng ký; không phải văn bản thật",
            "plan_reference": f"(Dữ liệu demo – đợt đăng ký thử nghiệm năm {year} của UBND huyện Lục Nam)",
        },
    )
    _keep_148(period)
    created = 0
    # Huyền Sơn: a draft registration in a draft list (the commune officer adds documents and sends it).
    na_dai = Producer.objects.filter(commune__code="218-11", name="Hợp tác xã Na dai Lục Nam").first()
    if na_dai is not None and not Registration.objects.filter(producer=na_dai, year=year).exists():
        services.registration_create(
            actor=users["xa.huyenson"], producer=na_dai, product_name="Na dai sấy dẻo", year=year,
            category=_subgroup_in_force(district, year, "7"), kind=Registration.Kind.NEW,
            description=f"Na dai Lục Nam sấy dẻo, đóng túi 250 g {DEMO_PERIOD_LABEL}.",
            raw_material_origin="Na dai của các hộ thành viên ở thôn Liên Khuyên",
            workers_total=12, workers_local=10,
        )
        created += 1
    # Bảo Sơn: the 2021 three-star pineapple registered to move up a class; the list is sent.
    pineapple = Product.objects.filter(producer__commune__code="218-03", name="Dứa Bảo Sơn").first()
    if pineapple is not None and not Registration.objects.filter(product=pineapple, year=year).exists():
        registration = services.registration_create(
            actor=users["xa.baoson"], producer=pineapple.producer, product_name=pineapple.name, year=year,
            category=_subgroup_in_force(district, year, "1"), kind=Registration.Kind.UPGRADE,
            description=f"Đăng ký nâng hạng từ 3 sao {DEMO_PERIOD_LABEL}.",
            raw_material_origin="Vùng dứa thôn Đồng Công, xã Bảo Sơn", workers_total=25, workers_local=25,
        )
        services.commune_list_submit(commune_list=registration.commune_list, actor=users["xa.baoson"])
        created += 1
    return created


def _subgroup_in_force(district, year: int, code: str):
    """A sub-group of the classification in force for the year's period (demo codes: 148's "1" =
    Rau, củ, quả, hạt tươi; "7" = Chế biến từ rau, củ, quả, hạt; 1048's "1" likewise)."""
    from .selectors import classification_for

    classification = classification_for(district, year)
    category = ProductCategory.objects.filter(classification=classification, level=ProductCategory.Level.SUBGROUP,
                                              code=code).first()
    return category or _subgroup(code)


def _subgroup(code: str):
    return ProductCategory.objects.get(classification__code="QD1048", level=ProductCategory.Level.SUBGROUP, code=code)


# --- the 2026 flow under 1489/QĐ-TTg (post-2025 units, no district) ------------------------------

FLOW_2026_LABEL = "(dữ liệu demo)"
FLOW_2026_PRODUCT = "Dứa sấy dẻo Bảo Đài"
FLOW_2026_PERIOD = {
    "year": 2026, "number": 1, "name": f"Đợt đăng ký OCOP tỉnh Bắc Ninh năm 2026 {FLOW_2026_LABEL}",
    "deadline": datetime.date(2026, 3, 31),
    "legal_basis": "Dữ liệu demo theo quy trình Quyết định 1489/QĐ-TTg; không phải văn bản thật",
    "plan_reference": "(Dữ liệu demo – kế hoạch OCOP năm 2026 của UBND tỉnh Bắc Ninh)",
}


def _subgroup_148(codes):
    for code in codes:
        category = ProductCategory.objects.filter(classification__code="QD148", level=ProductCategory.Level.SUBGROUP,
                                                  code=code).first()
        if category is not None:
            return category
    return None


def seed_flow_2026() -> int:
    """Xã Bảo Đài (post-2025, Bắc Ninh) registers a product in the province's 2026 period, assesses
    the dossier at its meeting (1489), sends its proposal letter; the province's Sở NN&MT accepts it.
    Returns 1 when the registration was created now."""
    users = {u.username: u for u in User.objects.filter(username__in=["xa.baodai", "so.nnmt"])}
    province = AdministrativeUnit.objects.filter(code="BN-2025").first()
    commune = AdministrativeUnit.objects.filter(code="BN25-03").first()
    if len(users) < 2 or province is None or commune is None:
        return 0
    period, _ = RegistrationPeriod.objects.get_or_create(
        district=province, year=2026, number=1, defaults=FLOW_2026_PERIOD)
    producer, _ = Producer.objects.get_or_create(
        commune=commune, name=f"Hợp tác xã Nông sản Bảo Đài {FLOW_2026_LABEL}",
        defaults={"kind": Producer.Kind.COOPERATIVE, "address": "Thôn Đồng Công"},
    )
    registration = Registration.objects.filter(producer=producer, year=2026).first()
    created = 0
    commune_officer, office = users["xa.baodai"], users["so.nnmt"]
    if registration is None:
        registration = services.registration_create(
            actor=commune_officer, producer=producer, product_name=FLOW_2026_PRODUCT, year=2026,
            category=_subgroup_148(("1",)), kind=Registration.Kind.NEW,
            description=f"Dứa Bảo Sơn sấy dẻo, túi 200 g {FLOW_2026_LABEL}.",
            raw_material_origin="Dứa của các hộ thành viên ở thôn Đồng Công (vùng dứa Bảo Sơn cũ)",
            workers_total=15, workers_local=13, commune_confirmed=True,
        )
        created = 1
    if registration.status == Registration.Status.DRAFT:
        services.commune_assessment_record(
            registration=registration, actor=commune_officer, meeting_date=datetime.date(2026, 3, 10),
            chair="Nguyễn Văn An, Chủ tịch UBND xã (demo)",
            participants="Đại diện UBND xã, cán bộ nông nghiệp xã, đại diện chủ thể (demo)",
            results={"origin": "met", "labour": "met", "idea": "met", "identity": "met"},
            notes={"identity": "Dứa vùng đồi Bảo Sơn, chế biến theo cách truyền thống"},
            conclusion="Đề nghị tỉnh đánh giá, phân hạng.",
        )
        services.commune_proposal_send(
            commune_list=registration.commune_list, actor=commune_officer, letter_number="12/UBND-NN (demo)",
            letter_date=datetime.date(2026, 3, 12), signer="Nguyễn Văn An",
            now=timezone.make_aware(datetime.datetime(2026, 3, 12, 9, 0)),
        )
        registration.refresh_from_db()
    if registration.status == Registration.Status.SUBMITTED:
        services.registration_accept(registration=registration, actor=office, confirm_missing=True,
                                     note="Tiếp nhận hồ sơ xã đề nghị (demo)")
    return created
