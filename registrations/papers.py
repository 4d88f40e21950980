"""The registrations app's official papers on the one Decree 30 layout, issued through the register:
the commune's proposal letter with its list, the commune's assessment report (Decision 1489/QĐ-TTg:
content passed in by the procedure that records the assessment), the district's consolidated list as
the appendix of a numbered letter, and the forwarding letter to the province with its list."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from accounts.templatetags.ocop import vn_date
from documents import services
from documents.issuers import signature_for
from documents.layout import Appendix, Paper, Signature, h, item, p, table
from documents.models import IssuerBody, Kind
from documents.permissions import can_issue
from documents.registry import Purpose
from documents.selectors import document_about

from .exports import HEADERS, TITLE, group_rows
from .models import CommuneAssessment, CommuneList, CommuneProposal, Forwarding, RegistrationPeriod
from .permissions import can_forward, can_view_forwarding
from .selectors import (
    commune_lists_visible_to,
    district_list,
    forwardings_visible_to,
    period_for,
    registrations_visible_to,
)

UBND = "ubnd"
PROVINCE_OFFICE = "Sở Nông nghiệp và Phát triển nông thôn tỉnh {province}"


def draft(unit, day, kind, about=None, purpose="") -> Paper:
    return services.draft(UBND, unit, day, kind, about, purpose)


def _signature(unit, name: str = "") -> Signature:
    return signature_for(IssuerBody.objects.get(code=UBND), unit, name=name)


def list_table(groups) -> list:
    rows = []
    for g in groups:
        for index, (product, note) in enumerate(g.products):
            rows.append([g.number if index == 0 else "", g.name if index == 0 else "", g.address if index == 0 else "",
                         product, note])
    return [table(HEADERS, rows, numeric=(0,), widths=(6, 30, 28, 22, 14))]


def list_appendix(groups, *, year: int, paper: Paper, of: str) -> Appendix:
    reference = f"(Kèm theo {paper.reference if paper.symbol.strip(' /') else 'văn bản'} của {of})"
    return Appendix("Phụ lục", TITLE.format(year=year), reference, list_table(groups))


# ------------------------------------------------------------------------------------------------
# The district's consolidated list: the appendix of a numbered letter (never a stand-alone dated page)
# ------------------------------------------------------------------------------------------------


def district_list_day(district, year: int, period=None) -> datetime.date:
    """The letter's date when it is not issued yet: the period's deadline, never the day of the export."""
    period = period or period_for(district, year)
    if period is not None:
        return period.deadline
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def district_list_paper(district, year: int, paper: Paper, *, registrations=None) -> Paper:
    groups = group_rows(district_list(year=year, district=district, registrations=registrations))
    province = district.parent.name if district.parent_id else ""
    paper.title = f"danh sách sản phẩm đăng ký tham gia Chương trình OCOP năm {year}"
    paper.addressees = [PROVINCE_OFFICE.format(province=province)]
    paper.blocks = [
        p(f"Thực hiện Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm (OCOP) năm {year}, Ủy ban nhân dân "
          f"{district.in_sentence} tổng hợp danh sách {sum(len(g.products) for g in groups)} sản phẩm của "
          f"{len(groups)} chủ thể đăng ký tham gia Chương trình (chi tiết tại Phụ lục kèm theo)."),
        p(f"Ủy ban nhân dân {district.in_sentence} kính gửi Sở Nông nghiệp và Phát triển nông thôn tổng hợp, theo dõi./."),
    ]
    paper.signatures = [_signature(district)]
    paper.recipients = ["Như trên", "Phòng Nông nghiệp và PTNT", "UBND các xã, thị trấn", "Lưu: VT, NN"]
    paper.appendices = [list_appendix(groups, year=year, paper=paper, of=f"UBND {district.in_sentence}")]
    return paper


def district_list_issue(period, actor, base_url: str = ""):
    district = period.district
    return services.document_issue(
        unit=district, body_code=UBND, kind=Kind.LETTER, day=district_list_day(district, period.year, period),
        title=f"Danh sách sản phẩm đăng ký tham gia Chương trình OCOP năm {period.year}",
        build=lambda doc, paper: district_list_paper(district, period.year, paper), actor=actor, about=period,
        purpose="district_list",
    )


def district_list_pdf_paper(district, year: int, *, registrations=None, on=None, forwarding=None) -> Paper:
    """The paper of the district list export: the forwarding letter when the list goes with one, else the
    list letter of the year (its number once issued, else blank; dated by its record, not by the export)."""
    if forwarding is not None:
        return forwarding_letter_paper(forwarding, forwarding_draft(forwarding))
    period = period_for(district, year)
    day = on or district_list_day(district, year, period)
    return district_list_paper(district, year, draft(district, day, Kind.LETTER, period, "district_list"),
                               registrations=registrations)


# ------------------------------------------------------------------------------------------------
# The forwarding letter to the province (with the list of forwarded products)
# ------------------------------------------------------------------------------------------------


def forwarding_draft(forwarding: Forwarding) -> Paper:
    document = document_about(forwarding, "forwarding_letter")
    paper = draft(forwarding.district, forwarding.letter_date, Kind.LETTER, forwarding, "forwarding_letter")
    if document is None and forwarding.letter_number:
        paper.symbol = forwarding.letter_number  # the number typed when the letter was written outside
    return paper


def forwarding_letter_paper(forwarding: Forwarding, paper: Paper) -> Paper:
    return letter_to_province_paper(paper, district=forwarding.district, year=forwarding.year,
                                    registrations=list(forwarding.registrations.all()), signer=forwarding.signer,
                                    purpose=forwarding.purpose)


def letter_to_province_paper(paper: Paper, *, district, year: int, registrations, signer: str, purpose: str = "") -> Paper:
    """The district committee's letter asking the province to evaluate and recognise the products listed."""
    groups = group_rows(district_list(year=year, registrations=registrations))
    province = district.parent.name if district.parent_id else ""
    paper.title = f"đề nghị đánh giá, phân hạng và công nhận sản phẩm OCOP năm {year}"
    paper.addressees = [PROVINCE_OFFICE.format(province=province)]
    paper.blocks = [
        p(f"Căn cứ kết quả đánh giá, phân hạng sản phẩm của Hội đồng đánh giá, phân hạng sản phẩm OCOP {district.in_sentence}, "
          f"Ủy ban nhân dân {district.in_sentence} đề nghị Sở Nông nghiệp và Phát triển nông thôn trình Hội đồng cấp tỉnh "
          f"đánh giá, phân hạng và công nhận {len(registrations)} sản phẩm đạt từ 50 điểm trở lên (danh sách tại Phụ lục "
          "kèm theo; hồ sơ sản phẩm gửi kèm)."),
        *( [p(f"Nội dung: {purpose}.")] if purpose else [] ),
        p(f"Ủy ban nhân dân {district.in_sentence} kính đề nghị Sở Nông nghiệp và Phát triển nông thôn xem xét./."),
    ]
    paper.signatures = [Signature(title="Phó Chủ tịch", name=signer, authority="KT.", on_behalf="Chủ tịch",
                                  collective="Ủy ban nhân dân")]
    paper.recipients = ["Như trên", "Hội đồng OCOP huyện", "Lưu: VT, NN"]
    paper.appendices = [list_appendix(groups, year=year, paper=paper, of=f"UBND {district.in_sentence}")]
    return paper


@transaction.atomic
def forwarding_letter_issue(forwarding: Forwarding, actor, base_url: str = ""):
    """Number the forwarding letter in the district's register; the forwarding then carries that number."""
    document = services.document_issue(
        unit=forwarding.district, body_code=UBND, kind=Kind.LETTER, day=forwarding.letter_date,
        title=f"V/v đề nghị đánh giá, phân hạng và công nhận sản phẩm OCOP năm {forwarding.year}",
        build=lambda doc, paper: forwarding_letter_paper(forwarding, paper), actor=actor, about=forwarding,
        purpose="forwarding_letter", adopt_symbol=forwarding.letter_number,
    )
    Forwarding.objects.filter(pk=forwarding.pk).update(letter_number=document.symbol)
    return document


# ------------------------------------------------------------------------------------------------
# The commune's proposal letter with its list, and its assessment report (Decision 1489/QĐ-TTg)
# ------------------------------------------------------------------------------------------------


def commune_list_day(commune_list: CommuneList) -> datetime.date:
    if commune_list.submitted_at:
        return timezone.localtime(commune_list.submitted_at).date()
    return min(timezone.localdate(), commune_list.period.deadline)


def commune_list_paper(commune_list: CommuneList, paper: Paper) -> Paper:
    commune, district = commune_list.commune, commune_list.commune.parent
    year = commune_list.period.year
    registrations = list(commune_list.registrations.select_related("producer", "product").order_by("sequence", "pk"))
    groups = group_rows(registrations)
    paper.title = f"đăng ký sản phẩm tham gia Chương trình OCOP năm {year}"
    paper.addressees = [f"Ủy ban nhân dân {district.in_sentence} (qua Phòng Nông nghiệp và PTNT)"]
    paper.blocks = [
        p(f"Thực hiện {commune_list.period.name} năm {year} của Ủy ban nhân dân {district.in_sentence}, Ủy ban nhân dân "
          f"{commune.in_sentence} đề nghị đăng ký {len(registrations)} sản phẩm của {len(groups)} chủ thể tham gia Chương "
          "trình OCOP (danh sách tại Phụ lục kèm theo). Ủy ban nhân dân xã đã xác nhận nguồn gốc nguyên liệu và lao "
          "động tại địa phương của các sản phẩm."),
        p(f"Ủy ban nhân dân {commune.in_sentence} kính đề nghị Ủy ban nhân dân {district.in_sentence} xem xét./."),
    ]
    paper.signatures = [_signature(commune)]
    paper.recipients = ["Như trên", "Các chủ thể có tên tại Phụ lục", "Lưu: VT"]
    paper.appendices = [list_appendix(groups, year=year, paper=paper, of=f"UBND {commune.in_sentence}")]
    return paper


def commune_list_issue(commune_list: CommuneList, actor, base_url: str = ""):
    return services.document_issue(
        unit=commune_list.commune, body_code=UBND, kind=Kind.LETTER, day=commune_list_day(commune_list),
        title=f"V/v đăng ký sản phẩm tham gia Chương trình OCOP năm {commune_list.period.year}",
        build=lambda doc, paper: commune_list_paper(commune_list, paper), actor=actor, about=commune_list,
        purpose="commune_list",
    )


@dataclass
class AssessmentFinding:
    content: str  # one of the four contents the commune assesses (origin, local labour, idea, identity)
    result: str  # "Đạt" / "Không đạt"
    evidence: str = ""


@dataclass
class AssessmentContent:
    """What the commune's pre-assessment records (built by the procedures app) pass to the report."""

    product: str
    producer: str
    meeting_date: datetime.date
    chair: str
    findings: list[AssessmentFinding] = field(default_factory=list)
    conclusion: str = ""
    members: list[str] = field(default_factory=list)


def assessment_report_paper(commune, content: AssessmentContent, paper: Paper) -> Paper:
    paper.kind_label = "Báo cáo"
    paper.title = f"Kết quả đánh giá nội dung hồ sơ sản phẩm {content.product} tham gia Chương trình OCOP"
    paper.blocks = [
        p(f"Ngày {vn_date(content.meeting_date)}, Ủy ban nhân dân {commune.in_sentence} họp đánh giá các nội dung của hồ sơ "
          f"sản phẩm {content.product} (chủ thể {content.producer}), do ông (bà) {content.chair}, Chủ tịch UBND xã chủ trì."),
        *( [h("Thành phần:"), *[item(f"- {m}") for m in content.members]] if content.members else [] ),
        h("Kết quả đánh giá:"),
        table(["TT", "Nội dung đánh giá", "Kết quả", "Căn cứ, minh chứng"],
              [[i, f.content, f.result, f.evidence] for i, f in enumerate(content.findings, 1)], numeric=(0,)),
        p(f"Kết luận: {content.conclusion}" if content.conclusion else "Kết luận: …"),
    ]
    paper.signatures = [_signature(commune, name=content.chair)]
    paper.recipients = ["Sở Nông nghiệp và Môi trường", "Chủ thể", "Lưu: VT"]
    return paper


def assessment_report_issue(*, commune, content: AssessmentContent, actor, about=None, day=None):
    """Issue the commune's assessment report (Decision 1489/QĐ-TTg) from the content the procedure passes."""
    day = day or content.meeting_date
    return services.document_issue(
        unit=commune, body_code=UBND, kind=Kind.REPORT, day=day,
        title=f"Báo cáo kết quả đánh giá hồ sơ sản phẩm {content.product}",
        build=lambda doc, paper: assessment_report_paper(commune, content, paper), actor=actor, about=about,
        purpose="assessment_report" if about is not None else "",
    )


def assessment_content(assessment: CommuneAssessment) -> AssessmentContent:
    """The report's content from the commune's recorded assessment (CommuneAssessment)."""
    registration = assessment.registration
    verdict = ("Hồ sơ đạt các nội dung do Ủy ban nhân dân xã đánh giá; đề nghị tỉnh đánh giá, phân hạng."
               if assessment.passed else "Hồ sơ chưa đạt; chủ thể hoàn thiện trước khi đề nghị tỉnh.")
    members = [m.strip(" -;") for m in assessment.participants.replace(";", "\n").splitlines() if m.strip(" -;")]
    return AssessmentContent(
        product=registration.product.name, producer=registration.producer.name,
        meeting_date=assessment.meeting_date, chair=assessment.chair,
        findings=[AssessmentFinding(str(r["label"]), str(r["result"]), r["note"]) for r in assessment.rows()],
        conclusion=" ".join(filter(None, [verdict, assessment.conclusion])), members=members,
    )


def commune_assessment_issue(assessment: CommuneAssessment, actor, base_url: str = ""):
    """Number the commune's assessment report in the commune's register (kind BC) and store PDF and DOCX."""
    return assessment_report_issue(commune=assessment.registration.commune, content=assessment_content(assessment),
                                   actor=actor, about=assessment)


def commune_assessment_draft(assessment: CommuneAssessment) -> Paper:
    """The report as the register has it (its number once issued, else blank), for the download link."""
    commune = assessment.registration.commune
    paper = draft(commune, assessment.meeting_date, Kind.REPORT, assessment, "assessment_report")
    return assessment_report_paper(commune, assessment_content(assessment), paper)


def commune_proposal_paper(proposal: CommuneProposal, paper: Paper) -> Paper:
    """The commune's proposal letter to the province (1489/QĐ-TTg) with the list of its assessed products."""
    commune_list = proposal.commune_list
    commune, year = commune_list.commune, commune_list.period.year
    province = commune.parent if commune.parent_id else None
    registrations = list(commune_list.registrations.select_related("product", "producer", "commune_assessment")
                         .order_by("sequence", "pk"))
    rows = []
    for index, r in enumerate(registrations, 1):
        a = getattr(r, "commune_assessment", None)
        verdict = f"Họp ngày {vn_date(a.meeting_date)}: {'đạt' if a.passed else 'chưa đạt'}" if a else ""
        rows.append([index, r.product.name, r.producer.name, verdict])
    paper.title = f"đề nghị đánh giá, phân hạng sản phẩm OCOP năm {year}"
    paper.addressees = [f"Ủy ban nhân dân {province.in_sentence}" if province else "Ủy ban nhân dân tỉnh"]
    paper.blocks = [
        p(f"Thực hiện {commune_list.period.name}, căn cứ kết quả đánh giá hồ sơ của Ủy ban nhân dân {commune.in_sentence}, "
          f"Ủy ban nhân dân {commune.in_sentence} đề nghị đánh giá, phân hạng {len(registrations)} sản phẩm tham gia "
          "Chương trình OCOP (danh sách tại Phụ lục kèm theo; hồ sơ sản phẩm gửi kèm)."),
        p(f"Ủy ban nhân dân {commune.in_sentence} kính đề nghị Ủy ban nhân dân {province.in_sentence if province else 'tỉnh'} "
          "xem xét./."),
    ]
    paper.signatures = [_signature(commune, name=proposal.signer)]
    paper.recipients = ["Như trên", "Sở Nông nghiệp và Môi trường", "Các chủ thể có tên tại Phụ lục", "Lưu: VT"]
    reference = f"(Kèm theo {paper.reference if (paper.symbol or '').strip(' /') else 'văn bản'} của UBND {commune.in_sentence})"
    paper.appendices = [Appendix("Phụ lục", f"Danh sách sản phẩm đề nghị đánh giá, phân hạng năm {year}", reference, [
        table(["TT", "Sản phẩm", "Chủ thể", "Đánh giá của xã"], rows, numeric=(0,), widths=(6, 34, 34, 26))])]
    return paper


def commune_proposal_draft(proposal: CommuneProposal) -> Paper:
    """The letter as the register has it; before it is issued, with the number typed when it was sent."""
    commune = proposal.commune_list.commune
    document = document_about(proposal, "commune_proposal")
    paper = draft(commune, proposal.letter_date, Kind.LETTER, proposal, "commune_proposal")
    if document is None and proposal.letter_number:
        paper.symbol = proposal.letter_number
    return commune_proposal_paper(proposal, paper)


@transaction.atomic
def commune_proposal_issue(proposal: CommuneProposal, actor, base_url: str = ""):
    """Number the proposal letter in the commune's register (a number reserved there and typed in the form
    is adopted); the proposal then carries the register's number."""
    commune_list = proposal.commune_list
    document = services.document_issue(
        unit=commune_list.commune, body_code=UBND, kind=Kind.LETTER, day=proposal.letter_date,
        title=f"V/v đề nghị đánh giá, phân hạng sản phẩm OCOP năm {commune_list.period.year}",
        build=lambda doc, paper: commune_proposal_paper(proposal, paper), actor=actor, about=proposal,
        purpose="commune_proposal", adopt_symbol=proposal.letter_number,
    )
    CommuneProposal.objects.filter(pk=proposal.pk).update(letter_number=document.symbol)
    return document


# ------------------------------------------------------------------------------------------------
# Issue buttons
# ------------------------------------------------------------------------------------------------


def _commune_list_for(user, pk):
    return get_object_or_404(commune_lists_visible_to(user).select_related("commune__parent", "period"), pk=pk)


def _forwarding_for(user, pk):
    forwarding = get_object_or_404(forwardings_visible_to(user).select_related("district__parent"), pk=pk)
    if not can_view_forwarding(user, forwarding):
        raise Http404
    return forwarding


def _period_for(user, pk):
    period = get_object_or_404(RegistrationPeriod.objects.select_related("district__parent"), pk=pk)
    if not can_issue(user, period.district):
        raise Http404
    return period


def _assessment_for(user, pk):
    assessment = get_object_or_404(CommuneAssessment.objects.select_related(
        "registration__commune__parent", "registration__product", "registration__producer"), pk=pk)
    if not registrations_visible_to(user).filter(pk=assessment.registration_id).exists():
        raise Http404
    return assessment


def _proposal_for(user, pk):
    return get_object_or_404(CommuneProposal.objects.select_related("commune_list__commune__parent", "commune_list__period")
                             .filter(commune_list__in=commune_lists_visible_to(user)), pk=pk)


PAPERS = [
    Purpose("commune_list", _lazy("Công văn đăng ký của xã"), CommuneList, _commune_list_for, commune_list_issue,
            lambda user, cl: can_issue(user, cl.commune)),
    Purpose("district_list", _lazy("Công văn kèm danh sách của huyện"), RegistrationPeriod, _period_for, district_list_issue,
            lambda user, period: can_forward(user, period.district)),
    Purpose("forwarding_letter", _lazy("Công văn gửi tỉnh"), Forwarding, _forwarding_for, forwarding_letter_issue,
            lambda user, f: can_forward(user, f.district)),
    Purpose("assessment_report", _lazy("Báo cáo đánh giá của UBND xã"), CommuneAssessment, _assessment_for,
            commune_assessment_issue, lambda user, a: can_issue(user, a.registration.commune)),
    Purpose("commune_proposal", _lazy("Văn bản đề nghị gửi tỉnh"), CommuneProposal, _proposal_for, commune_proposal_issue,
            lambda user, proposal: can_issue(user, proposal.commune_list.commune)),
]
