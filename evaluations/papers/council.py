"""The decision of the district People's Committee establishing the council and its secretariat."""

from django.db import transaction

from documents import services
from documents.issuers import signature_for
from documents.layout import Paper, center, p, table
from documents.models import IssuerBody, Kind

from ..models import Council
from .common import UBND, person


def council_title(council) -> str:
    return f"Về việc thành lập {council.name} và Tổ thư ký giúp việc Hội đồng"


def council_decision_paper(council: Council, paper: Paper) -> Paper:
    members = list(council.members.select_related("user").order_by("order", "pk"))
    scoring = [m for m in members if m.scores]
    secretaries = [m for m in members if not m.scores]
    district = council.district
    paper.kind_label, paper.title = "Quyết định", council_title(council)
    paper.blocks = [
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {district.in_sentence.upper()}"),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
        p("Căn cứ Quyết định số 1048/QĐ-TTg ngày 21/8/2019 của Thủ tướng Chính phủ ban hành Bộ tiêu chí đánh giá, "
          "phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm;"),
        p(f"Xét đề nghị của Trưởng phòng Nông nghiệp và Phát triển nông thôn {district.in_sentence},"),
        center("QUYẾT ĐỊNH:"),
        p(f"Điều 1. Thành lập {council.name} (sau đây gọi là Hội đồng), gồm các ông (bà) có tên sau:"),
        table(["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Chức danh trong Hội đồng"],
              [[i, person(m), m.title, m.get_position_display()] for i, m in enumerate(scoring, 1)], numeric=(0,)),
        p("Điều 2. Thành lập Tổ thư ký giúp việc Hội đồng, gồm các ông (bà) có tên sau:"),
        table(["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ"],
              [[i, person(m), m.title, m.get_position_display()] for i, m in enumerate(secretaries, 1)], numeric=(0,)),
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
