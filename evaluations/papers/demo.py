"""Demo: the 2021 papers of Lục Nam in the district's register (idempotent)."""


from accounts import clock
from documents import services
from documents.models import Kind
from documents.selectors import document_about

from .common import UBND
from .council import council_decision_issue
from .minutes import minutes_issue
from .recognition import certificate_issue, recognition_decision_record


def seed_documents(*, district, office, secretary, council, round_, recognition, province=None) -> dict:
    """The council decision, round 1's minutes, the letter sending Dứa Bảo Sơn to the province and the
    province's 191/QĐ-UBND decision recorded from outside, each with its number in the district's register;
    and Dứa Bảo Sơn's OCOP certificate issued by the province's user (`province`) in the province's register
    (a demo stand-in: the real certificate's number is not in the reported data), so the demo producer
    account downloads both papers."""
    from registrations.papers import letter_to_province_paper

    from ..demo import TIMELINE_2021

    made = 0
    if document_about(council, "council_decision") is None:
        with clock.at(TIMELINE_2021["council"]):
            council_decision_issue(council, office)
        made += 1
    if document_about(round_, "minutes") is None:
        with clock.at(TIMELINE_2021["minutes"]):
            minutes_issue(round_, secretary)
        made += 1
    registration = recognition.registration if recognition else None
    if registration is not None and document_about(registration, "forwarding_letter") is None:
        # the letter that sent Dứa Bảo Sơn to the province (drafted from the records; the demo keeps the
        # registration's own state, so no forwarding package is built)
        with clock.at(TIMELINE_2021["forwarding_letter"]):
            services.document_issue(
                unit=district, body_code=UBND, kind=Kind.LETTER, day=TIMELINE_2021["forwarding_letter"],
                title="V/v đề nghị đánh giá, phân hạng và công nhận sản phẩm OCOP năm 2021",
                build=lambda doc, paper: letter_to_province_paper(
                    paper, district=district, year=2021, registrations=[registration], signer="Hoàng Văn Toán",
                    purpose="Đề nghị đánh giá, xếp hạng và công nhận sản phẩm OCOP (Đợt 1 năm 2021)"),
                actor=office, about=registration, purpose="forwarding_letter",
            )
        made += 1
    if recognition is not None and document_about(recognition, "recognition_decision") is None:
        with clock.at(recognition.decision_date):
            recognition_decision_record(recognition, office)
        made += 1
    if recognition is not None and province is not None and document_about(recognition, "certificate") is None:
        with clock.at(recognition.decision_date):
            certificate_issue(recognition, province)
        made += 1
    return {"documents": made}
