"""Demo data of the evaluations app (idempotent):
- the 2021 council of Lục Nam (hoidong.chutich chairs, hoidong.tv1 and hoidong.tv2 members, thuky secretary);
- round 1 (deadline 10/07/2021, open, the plan's 8 products, partly scored so every council user
  has something to do) and round 2 (deadline 10/10/2021, planned);
- the reported outcome: Dứa Bảo Sơn, 3 stars, Decision 191/QĐ-UBND of 26/08/2021 of UBND tỉnh Bắc Giang.
"""

import datetime

from django.core.files.base import ContentFile

from accounts import clock
from accounts.models import AdministrativeUnit, User
from registrations.models import Registration

from . import services
from .models import Council, CouncilMember, CriteriaSet, Recognition, Round, Scorecard
from .selectors import sheet_with_structure

DEMO_191_REASON = (
    "Quyết định 191/QĐ-UBND ngày 26/08/2021 của UBND tỉnh Bắc Giang (kết quả được báo cáo): tỉnh chấm điểm và "
    "công nhận ngoài Cổng; bản chụp là bản minh họa (demo)."
)


def demo_scan_pdf(number: str, day: str) -> bytes:
    """A one-page PDF standing in for a decision's scan (demo only; ASCII text)."""
    text = f"BAN CHUP MINH HOA (DEMO) - Quyet dinh so {number} ngay {day}".replace("/", "-")
    stream = f"BT /F1 14 Tf 60 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number_, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number_} 0 obj".encode() + body + b"endobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


COUNCIL_2021 = [
    ("hoidong.chutich", CouncilMember.Position.CHAIR, "Phó Chủ tịch UBND huyện"),
    ("hoidong.tv1", CouncilMember.Position.MEMBER, "Phòng Nông nghiệp và PTNT"),
    ("hoidong.tv2", CouncilMember.Position.MEMBER, "Phòng Kinh tế - Hạ tầng"),
    ("thuky", CouncilMember.Position.SECRETARY, "Phòng Nông nghiệp và PTNT"),
]

# Which of round 1's products each member has scored: (submitted products, draft products) by
# position in the appendix order; the chair is ahead, tv2 has just started.
SCORING_2021 = {
    "hoidong.chutich": (range(0, 5), range(5, 6)),
    "hoidong.tv1": (range(0, 3), range(3, 4)),
    "hoidong.tv2": (range(0, 2), range(0, 0)),
}


# When each 2021 step happened, so its history rows, the sheets' submission and the papers carry
# the 2021 dates the period reports cut by. From the data: the council's decision (01/06), round 1's
# deadline (10/07, plan II.6.2), Decision 191/QĐ-UBND (26/08). Illustrative (the records give only the
# bounds): the rounds set up the next day, round 1 opened on 25/06, each member's sheets in early July
# (before the deadline), the letter to the province on 20/07 (its own date).
DAY = datetime.date
TIMELINE_2021 = {
    "council": DAY(2021, 6, 1),
    "rounds": DAY(2021, 6, 2),
    "round1_open": DAY(2021, 6, 25),
    "scoring": {"hoidong.chutich": DAY(2021, 7, 5), "hoidong.tv1": DAY(2021, 7, 6), "hoidong.tv2": DAY(2021, 7, 7)},
    "minutes": DAY(2021, 7, 10),
    "forwarding_letter": DAY(2021, 7, 20),
    "recognition": DAY(2021, 8, 26),
}

# How strong each of the 8 dossiers is (share of each criterion's scale reached), for varied demo totals.
STRENGTH_2021 = [0.75, 0.7, 0.62, 0.55, 0.5, 0.4, 0.45, 0.35]


def _ticks(sheet, member_index: int, product_index: int) -> dict:
    """A deterministic, varied choice of one level per criterion (first case of alternatives)."""
    ticks, groups = {}, set()
    strength = STRENGTH_2021[product_index % len(STRENGTH_2021)] + 0.04 * (member_index - 1)
    for part in sheet.parts.all():
        for n, crit in enumerate(part.criteria.all()):
            if crit.alternative_group:
                if crit.alternative_group in groups:
                    continue
                groups.add(crit.alternative_group)
            levels = sorted((lv for lv in crit.levels.all() if lv.points is not None), key=lambda lv: lv.points)
            wobble = ((n + member_index) % 3 - 1) * 0.6
            index = min(len(levels) - 1, max(0, round(strength * (len(levels) - 1) + wobble)))
            ticks[crit.pk] = levels[index].pk
    return ticks


def seed() -> dict:
    result = {"council": 0, "rounds": 0, "entries": 0, "scorecards": 0, "recognitions_created": 0}
    district = AdministrativeUnit.objects.get(code="218")
    users = {u.username: u for u in User.objects.filter(username__in=[u for u, *_ in COUNCIL_2021] + ["phongnn", "tinh"])}
    if len(users) < len(COUNCIL_2021) + 2:
        return result
    office, secretary = users["phongnn"], users["thuky"]
    council = Council.objects.filter(district=district, year=2021).first()
    if council is None:
        with clock.at(TIMELINE_2021["council"]):
            council = services.council_create(
                district=district, year=2021, name="Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Lục Nam năm 2021",
                decision_number="01/QĐ-UBND (dữ liệu mẫu)", decision_date=TIMELINE_2021["council"], actor=office,
            )
        result["council"] = 1
    for username, position, title in COUNCIL_2021:
        if not council.members.filter(user=users[username]).exists():
            with clock.at(TIMELINE_2021["council"]):
                services.council_member_add(council=council, user=users[username], position=position, title=title,
                                            actor=office)
    criteria_set = CriteriaSet.objects.get(code="QD1048")
    rounds = {}
    for number, deadline in ((1, datetime.date(2021, 7, 10)), (2, datetime.date(2021, 10, 10))):
        round_ = Round.objects.filter(district=district, year=2021, level=Round.Level.DISTRICT, number=number).first()
        if round_ is None:
            with clock.at(TIMELINE_2021["rounds"]):
                round_ = services.round_create(
                    district=district, year=2021, number=number, name=f"Đợt {number}", deadline=deadline,
                    criteria_set=criteria_set, council=council, actor=office,
                    meeting_place="Hội trường UBND huyện Lục Nam",
                )
            result["rounds"] += 1
        rounds[number] = round_
    round1 = rounds[1]
    registrations = list(Registration.objects.filter(year=2021, commune__parent=district, product__name__in=[
        "Dưa lưới", "Na dai Lục Nam", "Dứa Bảo Sơn", "Hạt dẻ Mai Sưu", "Bưởi Mai Sưu", "Mật ong", "Nấm Linh chi",
        "Đông trùng hạ thảo"]).order_by("sequence"))
    if round1.status == Round.Status.PLANNED:
        todo = [r for r in registrations if not round1.entries.filter(registration=r).exists()]
        if todo:
            with clock.at(TIMELINE_2021["rounds"]):
                result["entries"] = len(services.round_assign(round=round1, registrations=todo, actor=office))
        with clock.at(TIMELINE_2021["round1_open"]):
            services.round_open(round=round1, actor=secretary)
    round1.refresh_from_db()
    if round1.status == Round.Status.OPEN:
        entries = list(round1.entries.order_by("order"))
        for member_index, (username, (submitted, drafts)) in enumerate(SCORING_2021.items()):
            user = users[username]
            for product_index, entry in enumerate(entries):
                if product_index not in submitted and product_index not in drafts:
                    continue
                if Scorecard.objects.filter(entry=entry, member__user=user).exists():
                    continue
                sheet = sheet_with_structure(entry.sheet_id)
                with clock.at(TIMELINE_2021["scoring"][username]):
                    services.scorecard_save(
                        entry=entry, actor=user, levels=_ticks(sheet, member_index, product_index),
                        comment="Cần hoàn thiện bao bì và câu chuyện sản phẩm." if product_index % 2 else "",
                        submit=product_index in submitted,
                    )
                result["scorecards"] += 1
    registration = Registration.objects.filter(product__name="Dứa Bảo Sơn", year=2021).first()
    if registration is not None and not Recognition.objects.filter(
        registration=registration, status=Recognition.Status.RECOGNISED
    ).exists():
        with clock.at(TIMELINE_2021["recognition"]):
            services.recognition_record(
                registration=registration,
                actor=users["tinh"],
                stars=3,
                decision_number="191/QĐ-UBND",
                decision_date=TIMELINE_2021["recognition"],
                issuer="UBND tỉnh Bắc Giang",
                issuer_level=Recognition.IssuerLevel.PROVINCE,
                proposed_stars=3,
                # The reported decision of 2021: the province's scoring happened outside the portal.
                outside_portal=True,
                outside_reason=DEMO_191_REASON,
                decision_scan=ContentFile(demo_scan_pdf("191/QĐ-UBND", "26/08/2021"), name="qd-191-qd-ubnd-2021.pdf"),
            )
        result["recognitions_created"] = 1
    result["flow_2026"] = seed_flow_2026()
    from .papers import seed_documents

    recognition = Recognition.objects.filter(registration=registration, status=Recognition.Status.RECOGNISED).first()
    result.update(seed_documents(district=district, office=office, secretary=secretary, council=council, round_=round1,
                                 recognition=recognition, province=users["tinh"]))
    return result


# --- the 2026 flow under 1489/QĐ-TTg: the province council scores what the commune proposed ------

COUNCIL_2026 = [
    ("tinh.hoidong.chutich", CouncilMember.Position.CHAIR, "Phó Chủ tịch UBND tỉnh (demo)"),
    ("tinh.hoidong.tv1", CouncilMember.Position.MEMBER, "Sở Nông nghiệp và Môi trường (demo)"),
    ("tinh.hoidong.tv2", CouncilMember.Position.MEMBER, "Sở Công Thương (demo)"),
    ("tinh.thuky", CouncilMember.Position.SECRETARY, "Sở Nông nghiệp và Môi trường (demo)"),
]
DECISION_2026 = ("45/QĐ-UBND (demo)", datetime.date(2026, 5, 15))


def _ticks_at(sheet, strength: float) -> dict:
    """One level per criterion at about `strength` of its scale (first case of alternatives)."""
    ticks, groups = {}, set()
    for part in sheet.parts.all():
        for crit in part.criteria.all():
            if crit.alternative_group:
                if crit.alternative_group in groups:
                    continue
                groups.add(crit.alternative_group)
            levels = sorted((lv for lv in crit.levels.all() if lv.points is not None), key=lambda lv: lv.points)
            ticks[crit.pk] = levels[min(len(levels) - 1, round(strength * (len(levels) - 1)))].pk
    return ticks


def seed_flow_2026() -> int:
    """The province of Bắc Ninh's council (2026) scores the product xã Bảo Đài proposed, in a
    province round; the secretary closes and publishes; UBND tỉnh recognises it at 3 stars.
    Returns 1 when the recognition was recorded now."""
    from registrations.demo import FLOW_2026_PRODUCT

    names = [u for u, *_ in COUNCIL_2026] + ["so.nnmt", "tinh.bacninh"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    province = AdministrativeUnit.objects.filter(code="BN-2025").first()
    registration = Registration.objects.filter(product__name=FLOW_2026_PRODUCT, year=2026).first()
    if len(users) < len(names) or province is None or registration is None:
        return 0
    office, secretary = users["so.nnmt"], users["tinh.thuky"]
    council = Council.objects.filter(district=province, year=2026).first() or services.council_create(
        district=province, year=2026, name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Ninh năm 2026 (demo)",
        decision_number="10/QĐ-UBND (demo)", decision_date=datetime.date(2026, 4, 1), actor=office,
    )
    for username, position, title in COUNCIL_2026:
        if not council.members.filter(user=users[username]).exists():
            services.council_member_add(council=council, user=users[username], position=position, title=title, actor=office)
    round_ = Round.objects.filter(district=province, year=2026, number=1).first() or services.round_create(
        district=province, year=2026, number=1, name="Đợt đánh giá cấp tỉnh 1 (demo)",
        deadline=datetime.date(2026, 4, 30), meeting_date=datetime.date(2026, 4, 20),
        criteria_set=CriteriaSet.objects.get(code="QD148"), council=council, actor=office,
    )
    if round_.status == Round.Status.PLANNED:
        services.round_assign(round=round_, registrations=[registration], actor=office)
        services.round_open(round=round_, actor=secretary)
    round_.refresh_from_db()
    if round_.status == Round.Status.OPEN:
        entry = round_.entries.get()
        for index, (username, position, _title) in enumerate(COUNCIL_2026):
            if position == CouncilMember.Position.SECRETARY or Scorecard.objects.filter(entry=entry, member__user=users[username]).exists():
                continue
            sheet = sheet_with_structure(entry.sheet_id)
            services.scorecard_save(entry=entry, actor=users[username], levels=_ticks_at(sheet, 0.55 + 0.03 * index),
                                    comment="Bao bì cần thêm thông tin truy xuất nguồn gốc (demo).", submit=True)
        services.round_close(round=round_, actor=secretary)
        services.round_publish(round=round_, actor=secretary)
    if Recognition.objects.filter(registration=registration, status=Recognition.Status.RECOGNISED).exists():
        return 0
    entry = round_.entries.get()
    services.recognition_record(
        registration=registration, actor=users["tinh.bacninh"], stars=entry.stars or 3,
        decision_number=DECISION_2026[0], decision_date=DECISION_2026[1], issuer="UBND tỉnh Bắc Ninh",
        issuer_level=Recognition.IssuerLevel.PROVINCE, issuer_unit=province, score=entry.score, proposed_stars=entry.stars,
    )
    return 1
