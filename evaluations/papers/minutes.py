"""The council meeting's minutes, with the submitted score sheets as its annexes, and a member's own sheet."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from accounts.templatetags.ocop import vn_date
from documents import services
from documents.issuers import issuer_for, signature_for
from documents.layout import Appendix, Paper, Signature, h, item, p, table
from documents.models import IssuerBody, Kind

from .. import selectors
from ..models import CouncilMember, Round, Scorecard, ScoreItem
from .common import COUNCIL_BODY, num, person, seat


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
        p(f"Phiếu: {card.sheet.name}. Thành viên chấm: {person(card.member)} ({card.member.get_position_display()})."),
        table(["Phần", "Tiêu chí", "Mức đánh giá", "Điểm"], rows, numeric=(3,), small=True),
        p(f"Phần A: {num(card.part_a)}; phần B: {num(card.part_b)}; phần C: {num(card.part_c)}; tổng: {num(card.total)} điểm."),
        *( [p(f"Góp ý: {card.comment}")] if card.comment else [] ),
    ]


def minutes_paper(round_: Round, paper: Paper) -> Paper:
    round_ = selectors.round_with_council(round_.pk)
    members = selectors.scoring_members(round_)
    entries = list(selectors.results_of(round_))
    council = round_.council
    chair, secretary = seat(council, CouncilMember.Position.CHAIR), seat(council, CouncilMember.Position.SECRETARY)
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
        p(f"Căn cứ Quyết định số {council.decision_number} ngày {vn_date(council.decision_date)} về việc thành lập "
          f"{council.name}; căn cứ {round_.criteria_set.name}." if council else f"Căn cứ {round_.criteria_set.name}."),
        p(f"Thời gian: ngày {vn_date(paper.day)}" + (f"; địa điểm: {round_.meeting_place}." if round_.meeting_place else ".")),
        h("Thành phần tham dự:"),
        *[item(f"{i}. {person(m)} — {m.get_position_display()}" + (f", {m.title}" if m.title else ""))
          for i, m in enumerate(present, 1)],
        h("Kết quả chấm điểm (điểm của sản phẩm là "
          + ("trung vị" if round_.aggregation == "median" else "trung bình cộng")
          + " tổng điểm các phiếu đã nộp):"),
        table(["TT", "Sản phẩm (chủ thể)", *[person(m) for m in members], "Điểm", "Hạng sao", "Kết luận"], rows,
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
        Signature(title="Thư ký", name=person(secretary)),
        signature_for(body, round_.district, name=person(chair), authority="", title="Chủ tịch Hội đồng"),
    ]
    reference = f"(Kèm theo Biên bản số {paper.symbol} ngày {vn_date(paper.day)} của Hội đồng)"
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
    paper.signatures = [Signature(title="Thành viên Hội đồng", name=person(card.member))]
    return paper
