"""The council's result notice (whole round) and its feedback to a producer (one product)."""

import datetime

from django.utils import timezone

from documents import services
from documents.layout import Paper, h, p, table
from documents.models import Kind

from .. import selectors
from ..models import Round, RoundEntry
from .common import COUNCIL_BODY, council_signature, num
from .minutes import minutes_day


def published_day(round_: Round) -> datetime.date:
    return timezone.localtime(round_.published_at).date() if round_.published_at else minutes_day(round_)


def result_notice_paper(round_: Round, paper: Paper) -> Paper:
    round_ = selectors.round_with_council(round_.pk)
    entries = list(selectors.results_of(round_))
    paper.kind_label = "Thông báo"
    paper.title = f"Kết quả đánh giá, phân hạng sản phẩm OCOP {round_.name.lower()} năm {round_.year}"
    paper.blocks = [
        p(f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {round_.district.in_sentence} thông báo kết quả đánh giá "
          f"{round_.name.lower()} năm {round_.year} như sau:"),
        table(["TT", "Sản phẩm", "Chủ thể", "Xã, thị trấn", "Điểm", "Hạng sao", "Kết luận"],
              [[i, e.registration.product.name, e.registration.producer.name, e.registration.commune.name,
                num(e.score), f"{e.stars} sao" if e.stars else "", e.conclusion] for i, e in enumerate(entries, 1)],
              numeric=(0, 4), small=True),
        p("Sản phẩm đạt từ 50 điểm trở lên được đề nghị cấp tỉnh đánh giá, công nhận; sản phẩm dưới 50 điểm nhận góp ý "
          "của Hội đồng để hoàn thiện, tham gia đánh giá ở đợt sau."),
    ]
    paper.signatures = [council_signature(round_.council, round_.district)]
    paper.recipients = ["UBND huyện (b/c)", "Phòng Nông nghiệp và PTNT", "UBND các xã, thị trấn có sản phẩm",
                        "Các chủ thể có sản phẩm", "Lưu: HĐ"]
    return paper


def result_notice_issue(round_: Round, actor, base_url: str = ""):
    return services.document_issue(
        unit=round_.district, body_code=COUNCIL_BODY, kind=Kind.NOTICE, day=published_day(round_),
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
    paper.addressees = [reg.producer.name, f"UBND {reg.commune.in_sentence}"]
    blocks = [p(f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {round_.district.in_sentence} thông báo kết quả đánh giá "
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
    paper.signatures = [council_signature(round_.council, round_.district)]
    paper.recipients = ["Như trên", "Phòng Nông nghiệp và PTNT", "Lưu: HĐ"]
    return paper


def feedback_issue(entry: RoundEntry, actor, base_url: str = ""):
    return services.document_issue(
        unit=entry.round.district, body_code=COUNCIL_BODY, kind=Kind.NOTICE, day=published_day(entry.round),
        title=f"Thông báo kết quả đánh giá sản phẩm {entry.registration.product.name}",
        build=lambda doc, paper: feedback_paper(entry, paper), actor=actor, about=entry, purpose="feedback",
    )
