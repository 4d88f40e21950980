"""Demo data of the subsidies app (idempotent).

- Entitlements for every recorded recognition that has none yet (also when the recognition was
  recorded before the subsidy tables existed), through the service.
- The 2021 budget sources of the plan (section II.7): the district budget for producer support,
  the 100,000,000 đ of the New Rural Development programme, other mobilised funds. The plan gives no
  split: the allocations below are illustrative demo figures, marked as such.
- Dứa Bảo Sơn's 10,000,000 đ entitlement under the district policy, proposed by the agriculture
  office and approved by the finance office (demo decision number), not yet paid: the finance
  office's home page has a task.
"""

import datetime
from contextlib import nullcontext

from accounts import clock
from accounts.models import AdministrativeUnit, User
from evaluations.models import Recognition

from . import services
from .models import BudgetAllocation, BudgetSource, Entitlement, ExpenseCategory, FundingKind

DISTRICT_POLICY = "luc-nam-nq87-2020"
DEMO_NOTE = "Số liệu phân bổ minh họa (demo), kế hoạch không chia chi tiết."

SOURCES_2021 = [
    (
        FundingKind.DISTRICT_BUDGET,
        "Ngân sách huyện hỗ trợ chủ thể tham gia Chương trình OCOP năm 2021",
        "Nghị quyết số 87/NQ-HĐND ngày 17/12/2020 của HĐND huyện Lục Nam",
        # Plan target: 3–5 products of 3 stars or more in 2021, 10,000,000 đ each.
        [(ExpenseCategory.PRODUCER_SUPPORT, 50_000_000, "Dự toán minh họa (demo): 5 sản phẩm × 10.000.000 đ")],
    ),
    (
        FundingKind.NTM_PROGRAMME,
        "Kinh phí Chương trình MTQG xây dựng nông thôn mới năm 2021",
        "Kế hoạch OCOP huyện Lục Nam năm 2021, mục II.7",
        [
            (ExpenseCategory.AWARENESS, 30_000_000, DEMO_NOTE),
            (ExpenseCategory.STUDY_TOUR, 40_000_000, DEMO_NOTE),
            (ExpenseCategory.COUNCIL, 30_000_000, DEMO_NOTE),
        ],
    ),
    (
        FundingKind.MOBILISED,
        "Nguồn huy động khác (xúc tiến thương mại, đối ứng của chủ thể) năm 2021",
        "Kế hoạch OCOP huyện Lục Nam năm 2021, mục II.7",
        [],
    ),
]


# Dứa Bảo Sơn's entitlement: proposed by the office after Decision 191 (26/08/2021; illustrative day),
# approved by the finance office's decision (its date), so the history rows carry 2021 dates.
PROPOSED_2021 = datetime.date(2021, 9, 10)
APPROVED_2021 = datetime.date(2021, 9, 20)

DEMO_POLICY_2026 = "bac-ninh-2026-demo"


def seed_policy_2026():
    """A demo-marked support policy of the new Bắc Ninh province in force in 2026 (not a real
    resolution), so the 2026 recognition has an entitlement."""
    from accounts.models import AdministrativeUnit

    from .models import PolicyRule, SupportPolicy

    province = AdministrativeUnit.objects.filter(code="BN-2025").first()
    if province is None:
        return None
    policy, created = SupportPolicy.objects.get_or_create(code=DEMO_POLICY_2026, defaults={
        "name": "Hỗ trợ sản phẩm OCOP tỉnh Bắc Ninh năm 2026 (chính sách minh họa, dữ liệu demo)",
        "legal_basis_number": "DEMO/NQ-HĐND", "legal_basis_date": datetime.date(2025, 12, 10),
        "issuing_body": "HĐND tỉnh Bắc Ninh (demo)", "level": SupportPolicy.Level.PROVINCE, "unit": province,
        "funding_kind": FundingKind.PROVINCE_BUDGET, "effective_from": datetime.date(2026, 1, 1),
        "effective_until": datetime.date(2026, 12, 31), "verified": False,
        "recognising_levels": "province,national",
        "note": "Chính sách minh họa cho dữ liệu demo năm 2026; không phải văn bản thật.",
        "source": "Dữ liệu demo",
    })
    if created:
        for stars, amount in ((3, 30_000_000), (4, 80_000_000), (5, 150_000_000)):
            PolicyRule.objects.create(policy=policy, event="first", stars=stars, amount=amount)
    return policy


def seed() -> dict:
    seed_policy_2026()
    created_entitlements = 0
    missing = Recognition.objects.filter(status=Recognition.Status.RECOGNISED, stars__isnull=False).exclude(
        entitlements__isnull=False
    )
    for recognition in missing.order_by("decision_date", "pk"):
        # a 2021 decision's entitlements were owed from its date; today's flow runs today
        with clock.at(recognition.decision_date) if recognition.decision_date.year == 2021 else nullcontext():
            created_entitlements += len(services.entitlements_ensure(recognition=recognition, actor=None))

    sources_created = 0
    for kind, name, basis, allocations in SOURCES_2021:
        source, created = BudgetSource.objects.get_or_create(
            unit=AdministrativeUnit.objects.get(code="218"), year=2021, kind=kind, name=name,
            defaults={"legal_basis": basis},
        )
        if created:
            sources_created += 1
            for category, amount, note in allocations:
                BudgetAllocation.objects.create(source=source, category=category, amount=amount, note=note)

    approved = 0
    entitlement = Entitlement.objects.filter(
        product__name="Dứa Bảo Sơn", policy__code=DISTRICT_POLICY, year=2021
    ).first()
    if entitlement is not None:
        agri = User.objects.get(username="phongnn")
        finance = User.objects.get(username="taichinh")
        if entitlement.status == Entitlement.Status.NEW:
            with clock.at(PROPOSED_2021):
                services.entitlement_propose(entitlement=entitlement, actor=agri, note="Đề xuất hỗ trợ theo NQ 87/NQ-HĐND")
            entitlement.refresh_from_db()
        if entitlement.status == Entitlement.Status.PROPOSED:
            with clock.at(APPROVED_2021):
                services.entitlement_approve(
                    entitlement=entitlement,
                    actor=finance,
                    decision_number="1520/QĐ-UBND",  # demo number
                    decision_date=APPROVED_2021,
                    budget_source=BudgetSource.objects.get(unit__code="218", year=2021, kind=FundingKind.DISTRICT_BUDGET),
                )
            approved = 1
    return {"entitlements_created": created_entitlements, "sources_created": sources_created, "approved": approved}
