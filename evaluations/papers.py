"""The council's and the recognising unit's official papers, built from the records and issued
through the document register (documents app: number under lock, one Decree 30 layout, PDF + DOCX).

Each paper has a builder ``<paper>_paper(obj, paper) -> Paper`` (content only) and an issuer
``<paper>_issue(obj, actor, base_url="") -> Document`` (number + files in the register); the
download endpoints of this app render the same builder with the issued number, or with the number
left blank while the paper is not issued yet. ``PAPERS`` declares the issue buttons.
"""

import datetime
import io

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from accounts.permissions import has_role
from accounts.roles import Role
from documents import layout, services
from documents.issuers import issuer_for, signature_for
from documents.layout import Appendix, Paper, Signature, center, h, item, p, table
from documents.models import IssuerBody, Kind
from documents.registry import Purpose
from documents.selectors import document_about

from . import selectors
from .models import Council, CouncilMember, Recognition, Round, RoundEntry, Scorecard, ScoreItem
from .permissions import can_follow_round, can_manage_rounds, can_record_recognition, is_round_secretary

COUNCIL_BODY, UBND = "hoi_dong_ocop", "ubnd"


def num(value, places=2) -> str:
    """85,50 (Vietnamese decimal comma)."""
    if value is None:
        return "–"
    text = f"{float(value):g}" if places == 0 else f"{float(value):.{places}f}"
    return text.replace(".", ",")


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _unit_words(unit) -> str:
    return f"{unit.Kind(unit.kind).label.lower()} {unit.name}"


def _seat(council, position):
    return next((m for m in council.members.all() if m.position == position), None) if council else None


def _person(member) -> str:
    return (member.user.full_name or member.user.username) if member else ""


draft = services.draft


def _council_signature(council, unit) -> Signature:
    body = IssuerBody.objects.get(code=COUNCIL_BODY)
    return signature_for(body, unit, name=_person(_seat(council, CouncilMember.Position.CHAIR)))


# ------------------------------------------------------------------------------------------------
# Decision establishing the council and its secretariat (UBND huyện)
# ------------------------------------------------------------------------------------------------


def council_title(council) -> str:
    return f"Về việc thành lập {council.name} và Tổ thư ký giúp việc Hội đồng"


def council_decision_paper(council: Council, paper: Paper) -> Paper:
    members = list(council.members.select_related("user").order_by("order", "pk"))
    scoring = [m for m in members if m.scores]
    secretaries = [m for m in members if not m.scores]
    district = council.district
    paper.kind_label, paper.title = "Quyết định", council_title(council)
    paper.blocks = [
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_unit_words(district).upper()}"),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
        p("Căn cứ Quyết định số 1048/QĐ-TTg ngày 21/8/2019 của Thủ tướng Chính phủ ban hành Bộ tiêu chí đánh giá, "
          "phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm;"),
        p(f"Xét đề nghị của Trưởng phòng Nông nghiệp và Phát triển nông thôn {_unit_words(district)},"),
        center("QUYẾT ĐỊNH:"),
        p(f"Điều 1. Thành lập {council.name} (sau đây gọi là Hội đồng), gồm các ông (bà) có tên sau:"),
        table(["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Chức danh trong Hội đồng"],
              [[i, _person(m), m.title, m.get_position_display()] for i, m in enumerate(scoring, 1)], numeric=(0,)),
        p("Điều 2. Thành lập Tổ thư ký giúp việc Hội đồng, gồm các ông (bà) có tên sau:"),
        table(["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ"],
              [[i, _person(m), m.title, m.get_position_display()] for i, m in enumerate(secretaries, 1)], numeric=(0,)),
        p("Điều 3. Hội đồng có nhiệm vụ tổ chức đánh giá, phân hạng sản phẩm theo Bộ tiêu chí; đề xuất danh sách sản "
          "phẩm đạt từ 50 điểm trở lên gửi cấp tỉnh đánh giá, công nhận. Tổ thư ký giúp việc chuẩn bị hồ sơ, tổng hợp "
          "phiếu chấm, lập biên bản. Hội đồng và Tổ thư ký tự giải thể sau khi hoàn thành nhiệm vụ."),
        p("Điều 4. Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND, Trưởng phòng Nông nghiệp và PTNT, "
          "các cơ quan, đơn vị có liên quan và các ông (bà) có tên tại Điều 1, Điều 2 căn cứ Quyết định thi hành."),
    ]
    paper.signatures = [signature_for(IssuerBody.objects.get(code=UBND), district)]
    paper.recipients = ["Như Điều 4", "Chủ tịch, các PCT UBND huyện", "Lưu: VT, NN"]
    return paper


@transaction.atomic
def council_decision_issue(council: Council, actor, base_url: str = ""):
    """Number the council's decision in the district's register and record that number on the council."""
    document = services.document_issue(
        unit=council.district, body_code=UBND, kind=Kind.DECISION, day=council.decision_date,
        title=council_title(council), build=lambda doc, paper: council_decision_paper(council, paper),
        actor=actor, about=council, purpose="council_decision",
    )
    Council.objects.filter(pk=council.pk).update(decision_number=document.symbol, decision_date=document.date)
    return document


# ------------------------------------------------------------------------------------------------
# The round's minutes, with the submitted score sheets as its annexes
# ------------------------------------------------------------------------------------------------


def minutes_day(round_: Round) -> datetime.date:
    if round_.meeting_date:
        return round_.meeting_date
    if round_.closed_at:
        return timezone.localtime(round_.closed_at).date()
    return min(timezone.localdate(), round_.deadline)


def _submitted_cards(round_: Round):
    return list(
        Scorecard.objects.filter(entry__round=round_, status=Scorecard.Status.SUBMITTED)
        .select_related("member__user", "entry__registration__product", "entry__registration__producer", "sheet")
        .prefetch_related(Prefetch("items", queryset=ScoreItem.objects.select_related("criterion__part", "level")
                                   .order_by("criterion__part__order", "criterion__order", "criterion__pk")))
        .order_by("entry__order", "member__order")
    )


def score_sheet_blocks(card: Scorecard) -> list:
    """One member's sheet: the level ticked and its points per criterion, the part totals, the comment."""
    rows = [[i.criterion.part.code, i.criterion.name, i.level.label, num(i.points, 2)] for i in card.items.all()]
    return [
        p(f"Sản phẩm: {card.entry.registration.product.name} — Chủ thể: {card.entry.registration.producer.name}"),
        p(f"Phiếu: {card.sheet.name}. Thành viên chấm: {_person(card.member)} ({card.member.get_position_display()})."),
        table(["Phần", "Tiêu chí", "Mức đánh giá", "Điểm"], rows, numeric=(3,), small=True),
        p(f"Phần A: {num(card.part_a)}; phần B: {num(card.part_b)}; phần C: {num(card.part_c)}; tổng: {num(card.total)} điểm."),
        *( [p(f"Góp ý: {card.comment}")] if card.comment else [] ),
    ]


def minutes_paper(round_: Round, paper: Paper) -> Paper:
    round_ = selectors.round_with_council(round_.pk)
    members = selectors.scoring_members(round_)
    entries = list(selectors.results_of(round_))
    council = round_.council
    chair, secretary = _seat(council, CouncilMember.Position.CHAIR), _seat(council, CouncilMember.Position.SECRETARY)
    present_ids = {c.member_id for e in entries for c in e.scorecards.all()}
    present = [m for m in council.members.all() if m.pk in present_ids or m.position == "secretary"] if council else []
    minimum = round_.criteria_set.proposal_min_points
    rows = []
    for i, e in enumerate(entries, 1):
        by_member = {c.member_id: c.total for c in e.scorecards.all()}
        rows.append([i, f"{e.registration.product.name} ({e.registration.producer.name})",
                     *[num(by_member.get(m.pk)) for m in members], num(e.score), f"{e.stars} sao" if e.stars else "",
                     e.conclusion])
    proposed = [e for e in entries if e.proposed]
    below = [e for e in entries if not e.proposed and e.score is not None]
    unrated = [e for e in entries if e.score is None]
    paper.kind_label = "Biên bản"
    paper.title = f"Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP {round_.name.lower()} năm {round_.year}"
    paper.blocks = [
        p(f"Căn cứ Quyết định số {council.decision_number} ngày {_d(council.decision_date)} về việc thành lập "
          f"{council.name}; căn cứ {round_.criteria_set.name}." if council else f"Căn cứ {round_.criteria_set.name}."),
        p(f"Thời gian: ngày {_d(paper.day)}" + (f"; địa điểm: {round_.meeting_place}." if round_.meeting_place else ".")),
        h("Thành phần tham dự:"),
        *[item(f"{i}. {_person(m)} — {m.get_position_display()}" + (f", {m.title}" if m.title else ""))
          for i, m in enumerate(present, 1)],
        h("Kết quả chấm điểm (điểm của sản phẩm là "
          + ("trung vị" if round_.aggregation == "median" else "trung bình cộng")
          + " tổng điểm các phiếu đã nộp):"),
        table(["TT", "Sản phẩm (chủ thể)", *[_person(m) for m in members], "Điểm", "Hạng sao", "Kết luận"], rows,
              numeric=tuple(range(2, 3 + len(members))), small=True),
        p("Kết luận của Hội đồng: " + (
            f"đề nghị cấp tỉnh đánh giá, công nhận {len(proposed)} sản phẩm đạt từ {num(minimum, 0)} điểm trở lên: "
            + "; ".join(f"{e.registration.product.name} ({num(e.score)} điểm)" for e in proposed) + "."
            if proposed else f"không có sản phẩm đạt từ {num(minimum, 0)} điểm.")
          + (f" Trả kết quả và góp ý cho {len(below)} sản phẩm dưới {num(minimum, 0)} điểm để hoàn thiện." if below else "")),
        *([p(f"Chưa đủ số phiếu chấm theo quy định (tối thiểu {round_.quorum_percent}% thành viên, có Chủ tịch), chưa "
             "xếp hạng, xem xét ở đợt sau: "
             + "; ".join(f"{e.registration.product.name} ({e.submitted_count} phiếu)" for e in unrated) + ".")]
          if unrated else []),
        p("Các phiếu chấm của thành viên Hội đồng kèm theo Biên bản này."),
        p("Biên bản lập xong cùng ngày, đã thông qua các thành viên dự họp."),
    ]
    body = IssuerBody.objects.get(code=COUNCIL_BODY)
    paper.signatures = [
        Signature(title="Thư ký", name=_person(secretary)),
        signature_for(body, round_.district, name=_person(chair), authority="", title="Chủ tịch Hội đồng"),
    ]
    reference = f"(Kèm theo Biên bản số {paper.symbol} ngày {_d(paper.day)} của Hội đồng)"
    paper.appendices = [
        Appendix(f"Phụ lục {i:02d}", "Phiếu đánh giá, phân hạng sản phẩm", reference, score_sheet_blocks(card))
        for i, card in enumerate(_submitted_cards(round_), 1)
    ]
    return paper


def minutes_issue(round_: Round, actor, base_url: str = ""):
    return services.document_issue(
        unit=round_.district, body_code=COUNCIL_BODY, kind=Kind.MINUTES, day=minutes_day(round_),
        title=f"Biên bản họp Hội đồng đánh giá, phân hạng sản phẩm OCOP {round_.name.lower()} năm {round_.year}",
        build=lambda doc, paper: minutes_paper(round_, paper), actor=actor, about=round_, purpose="minutes",
    )


def scorecard_paper(card: Scorecard) -> Paper:
    """A member's own sheet to print and sign (a form, not numbered: the minutes carry it as an annex)."""
    entry = card.entry
    day = timezone.localtime(card.submitted_at).date() if card.submitted_at else timezone.localdate()
    paper = Paper(issuer=issuer_for(IssuerBody.objects.get(code=COUNCIL_BODY), entry.round.district, day), day=day,
                  symbol=None, kind_label="Phiếu đánh giá, phân hạng sản phẩm",
                  title=f"{entry.round.name} năm {entry.round.year}")
    paper.blocks = score_sheet_blocks(card)
    paper.signatures = [Signature(title="Thành viên Hội đồng", name=_person(card.member))]
    return paper


# ------------------------------------------------------------------------------------------------
# The council's result notice (whole round) and its feedback to a producer (one product)
# ------------------------------------------------------------------------------------------------


def _published_day(round_: Round) -> datetime.date:
    return timezone.localtime(round_.published_at).date() if round_.published_at else minutes_day(round_)


def result_notice_paper(round_: Round, paper: Paper) -> Paper:
    round_ = selectors.round_with_council(round_.pk)
    entries = list(selectors.results_of(round_))
    paper.kind_label = "Thông báo"
    paper.title = f"Kết quả đánh giá, phân hạng sản phẩm OCOP {round_.name.lower()} năm {round_.year}"
    paper.blocks = [
        p(f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {_unit_words(round_.district)} thông báo kết quả đánh giá "
          f"{round_.name.lower()} năm {round_.year} như sau:"),
        table(["TT", "Sản phẩm", "Chủ thể", "Xã, thị trấn", "Điểm", "Hạng sao", "Kết luận"],
              [[i, e.registration.product.name, e.registration.producer.name, e.registration.commune.name,
                num(e.score), f"{e.stars} sao" if e.stars else "", e.conclusion] for i, e in enumerate(entries, 1)],
              numeric=(0, 4), small=True),
        p("Sản phẩm đạt từ 50 điểm trở lên được đề nghị cấp tỉnh đánh giá, công nhận; sản phẩm dưới 50 điểm nhận góp ý "
          "của Hội đồng để hoàn thiện, tham gia đánh giá ở đợt sau."),
    ]
    paper.signatures = [_council_signature(round_.council, round_.district)]
    paper.recipients = ["UBND huyện (b/c)", "Phòng Nông nghiệp và PTNT", "UBND các xã, thị trấn có sản phẩm",
                        "Các chủ thể có sản phẩm", "Lưu: HĐ"]
    return paper


def result_notice_issue(round_: Round, actor, base_url: str = ""):
    return services.document_issue(
        unit=round_.district, body_code=COUNCIL_BODY, kind=Kind.NOTICE, day=_published_day(round_),
        title=f"Thông báo kết quả đánh giá, phân hạng sản phẩm OCOP {round_.name.lower()} năm {round_.year}",
        build=lambda doc, paper: result_notice_paper(round_, paper), actor=actor, about=round_, purpose="result_notice",
    )


def feedback_paper(entry: RoundEntry, paper: Paper) -> Paper:
    """The notice of results to a producer below the proposal minimum (or left unrated): part means, the
    sheets' totals and the members' comments. `entry` comes from selectors.feedback_for."""
    round_, reg = entry.round, entry.registration
    parts = selectors.feedback_parts(entry)
    minimum = round_.criteria_set.proposal_min_points
    paper.kind_label = "Thông báo"
    paper.title = f"Kết quả đánh giá, phân hạng sản phẩm {reg.product.name} ({round_.name.lower()} năm {round_.year})"
    paper.addressees = [reg.producer.name, f"UBND {_unit_words(reg.commune)}"]
    blocks = [p(f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {_unit_words(round_.district)} thông báo kết quả đánh giá "
                f"sản phẩm {reg.product.name} (phiếu chấm “{entry.sheet.name}”):")]
    if entry.score is not None:
        blocks += [
            table(["Phần", "Điểm tối đa", "Điểm trung bình của Hội đồng"],
                  [[f"Phần {x['code']}. {x['name']}", num(x["max"], 0), num(x["mean"])] for x in parts]
                  + [["Điểm của sản phẩm", "100", num(entry.score)]], numeric=(1, 2)),
            p(f"Sản phẩm đạt {num(entry.score)} điểm, dưới {num(minimum, 0)} điểm nên chưa đủ điều kiện đề nghị cấp tỉnh công nhận."),
            h("Góp ý của các thành viên Hội đồng:"),
            table(["Phiếu", "Phần A", "Phần B", "Phần C", "Tổng", "Góp ý"],
                  [[i, num(c.part_a), num(c.part_b), num(c.part_c), num(c.total), c.comment or "–"]
                   for i, c in enumerate(entry.scorecards.all(), 1)], numeric=(1, 2, 3, 4), small=True),
        ]
    else:
        blocks.append(p("Sản phẩm chưa đủ số phiếu chấm theo quy định nên chưa được xếp hạng trong đợt này."))
    blocks += [p(f"Kết luận của Hội đồng: {entry.conclusion or '–'}"),
               p("Đề nghị chủ thể tiếp thu góp ý, hoàn thiện sản phẩm và hồ sơ để tham gia đánh giá ở đợt sau.")]
    paper.blocks = blocks
    paper.signatures = [_council_signature(round_.council, round_.district)]
    paper.recipients = ["Như trên", "Phòng Nông nghiệp và PTNT", "Lưu: HĐ"]
    return paper


def feedback_issue(entry: RoundEntry, actor, base_url: str = ""):
    return services.document_issue(
        unit=entry.round.district, body_code=COUNCIL_BODY, kind=Kind.NOTICE, day=_published_day(entry.round),
        title=f"Thông báo kết quả đánh giá sản phẩm {entry.registration.product.name}",
        build=lambda doc, paper: feedback_paper(entry, paper), actor=actor, about=entry, purpose="feedback",
    )


# ------------------------------------------------------------------------------------------------
# Recognition decision with its annex list, the OCOP certificate, the revocation decision
# ------------------------------------------------------------------------------------------------


def recognising_unit(recognition: Recognition):
    district = recognition.registration.commune.parent
    return district if recognition.issuer_level == Recognition.IssuerLevel.DISTRICT else district.parent


def _decision_day(recognition: Recognition) -> datetime.date:
    return recognition.decision_date or timezone.localdate()


def _same_decision(recognition: Recognition):
    """The recognitions recorded under the same decision (its annex list), or this one alone."""
    qs = Recognition.objects.filter(pk=recognition.pk)
    if recognition.decision_number and recognition.decision_date:
        qs = Recognition.objects.filter(decision_number=recognition.decision_number,
                                        decision_date=recognition.decision_date, status=Recognition.Status.RECOGNISED)
    return list(qs.select_related("product", "registration__producer", "registration__commune__parent").order_by("pk"))


def recognition_decision_paper(recognition: Recognition, paper: Paper) -> Paper:
    unit = recognising_unit(recognition)
    group = _same_decision(recognition) or [recognition]
    paper.kind_label = "Quyết định"
    paper.title = "Về việc công nhận sản phẩm đạt tiêu chuẩn OCOP"
    paper.blocks = [
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_unit_words(unit).upper()}"),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
        p("Căn cứ Bộ tiêu chí đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm đang có hiệu lực;"),
        p("Xét đề nghị của Hội đồng đánh giá, phân hạng sản phẩm OCOP,"),
        center("QUYẾT ĐỊNH:"),
        p(f"Điều 1. Công nhận {len(group)} sản phẩm đạt tiêu chuẩn sản phẩm OCOP (chi tiết tại Phụ lục kèm theo)."),
        p("Điều 2. Giấy chứng nhận sản phẩm OCOP có giá trị 36 tháng kể từ ngày ký Quyết định. Chủ thể có sản phẩm được "
          "công nhận có trách nhiệm duy trì chất lượng sản phẩm và sử dụng biểu trưng OCOP theo quy định."),
        p("Điều 3. Quyết định có hiệu lực kể từ ngày ký. Các cơ quan, đơn vị và chủ thể có tên tại Phụ lục căn cứ Quyết định thi hành."),
    ]
    paper.signatures = [signature_for(IssuerBody.objects.get(code=UBND), unit)]
    paper.recipients = ["Như Điều 3", "Sở Nông nghiệp và PTNT", "UBND các huyện có sản phẩm", "Lưu: VT"]
    paper.appendices = [Appendix(
        "Phụ lục", "Danh sách sản phẩm được công nhận đạt tiêu chuẩn OCOP",
        f"(Kèm theo Quyết định số {paper.symbol} ngày {_d(paper.day)} của {paper.issuer.full_name.title()})",
        [table(["TT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Điểm", "Hạng sao"],
               [[i, r.product.name, r.registration.producer.name,
                 f"{_unit_words(r.registration.commune)}, {_unit_words(r.registration.commune.parent)}",
                 num(r.score) if r.score is not None else "", f"{r.stars} sao" if r.stars else ""]
                for i, r in enumerate(group, 1)], numeric=(0, 4), widths=(6, 28, 24, 22, 10, 10))],
    )]
    return paper


@transaction.atomic
def recognition_decision_issue(recognition: Recognition, actor, base_url: str = ""):
    document = services.document_issue(
        unit=recognising_unit(recognition), body_code=UBND, kind=Kind.DECISION, day=_decision_day(recognition),
        title="Về việc công nhận sản phẩm đạt tiêu chuẩn OCOP",
        build=lambda doc, paper: recognition_decision_paper(recognition, paper), actor=actor, about=recognition,
        purpose="recognition_decision", public=True,
    )
    if not recognition.decision_number:
        Recognition.objects.filter(pk=recognition.pk).update(decision_number=document.symbol, decision_date=document.date)
    return document


def recognition_decision_record(recognition: Recognition, actor):
    """Enter a decision issued outside the portal (the province's 191/QĐ-UBND) in the district's register."""
    district = recognition.registration.commune.parent
    return services.document_record(
        register=district, issuer=recognising_unit(recognition), body_code=UBND, kind=Kind.DECISION,
        symbol=recognition.decision_number, day=recognition.decision_date,
        title=f"Về việc công nhận sản phẩm đạt tiêu chuẩn OCOP ({recognition.product.name}, {recognition.stars} sao)",
        actor=actor, about=recognition, purpose="recognition_decision", public=True,
        build=lambda doc, paper: recognition_decision_paper(recognition, paper),
    )


def _qr_png(url: str) -> bytes:
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    return out.getvalue()


def public_url(recognition: Recognition, base_url: str = "") -> str:
    try:
        path = reverse("promotion:product", args=[recognition.product.slug])
    except NoReverseMatch:
        path = f"/san-pham/{recognition.product.slug}/"
    return base_url.rstrip("/") + path


def certificate_paper(recognition: Recognition, paper: Paper, base_url: str = "") -> Paper:
    reg = recognition.registration
    unit = recognising_unit(recognition)
    decision = recognition.decision_number or "…"
    paper.kind_label = "Giấy chứng nhận"
    paper.title = "Sản phẩm đạt tiêu chuẩn OCOP"
    paper.blocks = [
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_unit_words(unit).upper()}"),
        center("CHỨNG NHẬN"),
        center(f"Sản phẩm: {recognition.product.name}"),
        center(f"Chủ thể: {reg.producer.name}", bold=False),
        center(f"Địa chỉ: {_unit_words(reg.commune)}, {_unit_words(reg.commune.parent)}, {_unit_words(reg.commune.parent.parent)}", bold=False),
        center(f"Đạt sản phẩm OCOP hạng {recognition.stars} sao"),
        p(f"Theo Quyết định số {decision} ngày {_d(recognition.decision_date)} của Chủ tịch UBND {_unit_words(unit)}. "
          f"Giấy chứng nhận có giá trị đến ngày {_d(recognition.valid_until)}."),
        layout.Block("image", image=_qr_png(public_url(recognition, base_url)), width_mm=28),
        center("Quét mã để xem sản phẩm trên cổng OCOP", bold=False),
    ]
    paper.signatures = [signature_for(IssuerBody.objects.get(code=UBND), unit)]
    return paper


def certificate_issue(recognition: Recognition, actor, base_url: str = ""):
    document = services.document_issue(
        unit=recognising_unit(recognition), body_code=UBND, kind=Kind.CERTIFICATE, day=_decision_day(recognition),
        title=f"Giấy chứng nhận sản phẩm OCOP: {recognition.product.name} ({recognition.stars} sao)",
        build=lambda doc, paper: certificate_paper(recognition, paper, base_url), actor=actor, about=recognition,
        purpose="certificate",
    )
    if not recognition.certificate_number:
        Recognition.objects.filter(pk=recognition.pk).update(certificate_number=document.symbol)
    return document


def revocation_paper(recognition: Recognition, paper: Paper) -> Paper:
    unit = recognising_unit(recognition)
    proposal = recognition.revocation_proposals.order_by("-pk").first()
    reason = recognition.end_reason or (proposal.reasons if proposal else "")
    paper.kind_label = "Quyết định"
    paper.title = "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP"
    paper.blocks = [
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_unit_words(unit).upper()}"),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
        p(f"Căn cứ Quyết định số {recognition.decision_number} ngày {_d(recognition.decision_date)} công nhận sản phẩm "
          f"{recognition.product.name} đạt {recognition.stars} sao;"),
        p("Xét đề nghị của Phòng Nông nghiệp và PTNT,"),
        center("QUYẾT ĐỊNH:"),
        p(f"Điều 1. Thu hồi Giấy chứng nhận sản phẩm OCOP {recognition.certificate_number or ''} của sản phẩm "
          f"{recognition.product.name}, chủ thể {recognition.registration.producer.name}. Lý do: {reason or '…'}."),
        p("Điều 2. Chủ thể dừng sử dụng biểu trưng OCOP trên sản phẩm kể từ ngày Quyết định có hiệu lực."),
        p("Điều 3. Quyết định có hiệu lực kể từ ngày ký. Các cơ quan, đơn vị và chủ thể có tên tại Điều 1 căn cứ Quyết định thi hành."),
    ]
    paper.signatures = [signature_for(IssuerBody.objects.get(code=UBND), unit)]
    paper.recipients = ["Như Điều 3", "Sở Nông nghiệp và PTNT", "Lưu: VT"]
    return paper


def revocation_issue(recognition: Recognition, actor, base_url: str = ""):
    return services.document_issue(
        unit=recognising_unit(recognition), body_code=UBND, kind=Kind.DECISION,
        day=recognition.end_decision_date or timezone.localdate(),
        title=f"Về việc thu hồi Giấy chứng nhận sản phẩm OCOP ({recognition.product.name})",
        build=lambda doc, paper: revocation_paper(recognition, paper), actor=actor, about=recognition,
        purpose="revocation",
    )


# ------------------------------------------------------------------------------------------------
# Issue buttons (documents.registry)
# ------------------------------------------------------------------------------------------------


def _council_for(user, pk):
    council = get_object_or_404(Council.objects.select_related("district"), pk=pk)
    if not can_manage_rounds(user, council.district):
        raise Http404
    return council


def _round_for(user, pk):
    round_ = get_object_or_404(selectors.rounds_visible_to(user), pk=pk)
    if not can_follow_round(user, round_):
        raise Http404
    return round_


def _entry_for(user, pk):
    return get_object_or_404(selectors.feedback_for(user), pk=pk)


def _recognition_for(user, pk):
    return get_object_or_404(selectors.recognitions_visible_to(user).select_related("registration__commune__parent"), pk=pk)


def _round_closed(round_) -> bool:
    return round_.status in (Round.Status.CLOSED, Round.Status.PUBLISHED)


def _can_issue_for(user, unit) -> bool:
    from documents.permissions import can_issue

    return can_issue(user, unit)


PAPERS = [
    Purpose("council_decision", _lazy("Quyết định thành lập Hội đồng"), Council, _council_for, council_decision_issue,
            lambda user, c: can_manage_rounds(user, c.district)),
    Purpose("minutes", _lazy("Biên bản họp Hội đồng"), Round, _round_for, minutes_issue,
            lambda user, r: _round_closed(r) and is_round_secretary(user, r)),
    Purpose("result_notice", _lazy("Thông báo kết quả"), Round, _round_for, result_notice_issue,
            lambda user, r: r.status == Round.Status.PUBLISHED and is_round_secretary(user, r)),
    Purpose("feedback", _lazy("Thông báo góp ý cho chủ thể"), RoundEntry, _entry_for, feedback_issue,
            lambda user, e: has_role(user, Role.COUNCIL_SECRETARY) and _can_issue_for(user, e.round.district)),
    Purpose("recognition_decision", _lazy("Quyết định công nhận"), Recognition, _recognition_for, recognition_decision_issue,
            lambda user, r: r.status == Recognition.Status.RECOGNISED and can_record_recognition(user, r.registration)
            and _can_issue_for(user, recognising_unit(r))),
    Purpose("certificate", _lazy("Giấy chứng nhận OCOP"), Recognition, _recognition_for, certificate_issue,
            lambda user, r: r.status == Recognition.Status.RECOGNISED and _can_issue_for(user, recognising_unit(r))),
    Purpose("revocation", _lazy("Quyết định thu hồi"), Recognition, _recognition_for, revocation_issue,
            lambda user, r: _revocable(r) and _can_issue_for(user, recognising_unit(r))),
]


def _revocable(recognition: Recognition) -> bool:
    """A revocation decision is drafted once a revocation is proposed, or recorded for a revoked recognition."""
    if recognition.status == Recognition.Status.REVOKED:
        return True
    return recognition.status == Recognition.Status.RECOGNISED and recognition.revocation_proposals.exists()


# ------------------------------------------------------------------------------------------------
# Demo: the 2021 papers of Lục Nam in the district's register (idempotent)
# ------------------------------------------------------------------------------------------------


def seed_documents(*, district, office, secretary, council, round_, recognition, province=None) -> dict:
    """The council decision, round 1's minutes, the letter sending Dứa Bảo Sơn to the province and the
    province's 191/QĐ-UBND decision recorded from outside, each with its number in the district's register;
    and Dứa Bảo Sơn's OCOP certificate issued by the province's user (`province`) in the province's register
    (a demo stand-in: the real certificate's number is not in the reported data), so the demo producer
    account downloads both papers."""
    from registrations.papers import letter_to_province_paper

    made = 0
    if document_about(council, "council_decision") is None:
        council_decision_issue(council, office)
        made += 1
    if document_about(round_, "minutes") is None:
        minutes_issue(round_, secretary)
        made += 1
    registration = recognition.registration if recognition else None
    if registration is not None and document_about(registration, "forwarding_letter") is None:
        # the letter that sent Dứa Bảo Sơn to the province (drafted from the records; the demo keeps the
        # registration's own state, so no forwarding package is built)
        services.document_issue(
            unit=district, body_code=UBND, kind=Kind.LETTER, day=datetime.date(2021, 7, 20),
            title="V/v đề nghị đánh giá, phân hạng và công nhận sản phẩm OCOP năm 2021",
            build=lambda doc, paper: letter_to_province_paper(
                paper, district=district, year=2021, registrations=[registration], signer="Hoàng Văn Toán",
                purpose="Đề nghị đánh giá, xếp hạng và công nhận sản phẩm OCOP (Đợt 1 năm 2021)"),
            actor=office, about=registration, purpose="forwarding_letter",
        )
        made += 1
    if recognition is not None and document_about(recognition, "recognition_decision") is None:
        recognition_decision_record(recognition, office)
        made += 1
    if recognition is not None and province is not None and document_about(recognition, "certificate") is None:
        certificate_issue(recognition, province)
        made += 1
    return {"documents": made}
