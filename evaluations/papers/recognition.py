"""The recognition decision with its annex list, the OCOP certificate, the revocation decision."""

import datetime
import io

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.templatetags.ocop import vn_date
from documents import layout, services
from documents.issuers import signature_for
from documents.layout import Appendix, Paper, center, p, table
from documents.models import IssuerBody, Kind

from ..models import Recognition
from .common import UBND, num


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
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.in_sentence.upper()}"),
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
        f"(Kèm theo Quyết định số {paper.symbol} ngày {vn_date(paper.day)} của {paper.issuer.full_name.title()})",
        [table(["TT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Điểm", "Hạng sao"],
               [[i, r.product.name, r.registration.producer.name,
                 f"{r.registration.commune.in_sentence}, {r.registration.commune.parent.in_sentence}",
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
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.in_sentence.upper()}"),
        center("CHỨNG NHẬN"),
        center(f"Sản phẩm: {recognition.product.name}"),
        center(f"Chủ thể: {reg.producer.name}", bold=False),
        center(f"Địa chỉ: {reg.commune.in_sentence}, {reg.commune.parent.in_sentence}, {reg.commune.parent.parent.in_sentence}", bold=False),
        center(f"Đạt sản phẩm OCOP hạng {recognition.stars} sao"),
        p(f"Theo Quyết định số {decision} ngày {vn_date(recognition.decision_date)} của Chủ tịch UBND {unit.in_sentence}. "
          f"Giấy chứng nhận có giá trị đến ngày {vn_date(recognition.valid_until)}."),
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
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.in_sentence.upper()}"),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
        p(f"Căn cứ Quyết định số {recognition.decision_number} ngày {vn_date(recognition.decision_date)} công nhận sản phẩm "
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
