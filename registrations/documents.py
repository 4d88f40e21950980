"""The commune's documents under a procedure whose commune pre-assesses (1489/QĐ-TTg): its
assessment report of a dossier and its proposal letter to the province, in the Decree 30 layout
(accounts/documents.py). One entry point, `commune_document`, so a document register can take
them in later."""

from django.utils import timezone

from accounts.text import slug_vi
from documents.render import render_html_pdf as render_pdf

KINDS = ("assessment_report", "proposal_letter")


def commune_document(kind: str, *, assessment=None, commune_list=None) -> tuple[str, bytes]:
    """(filename, PDF bytes) of a commune document: "assessment_report" (pass `assessment`) or
    "proposal_letter" (pass `commune_list`, with its proposal and its assessed registrations)."""
    if kind == "assessment_report":
        registration = assessment.registration
        commune = registration.commune
        context = {
            "issuing_unit": commune, "place": commune.name, "on": assessment.meeting_date,
            "assessment": assessment, "registration": registration, "rows": assessment.rows(),
        }
        name = f"bao-cao-danh-gia-xa-{slug_vi(registration.product.name)}-{registration.year}.pdf"
        return name, render_pdf("registrations/pdf/commune_assessment.html", context)
    if kind == "proposal_letter":
        proposal = commune_list.proposal
        commune = commune_list.commune
        province = commune.parent
        registrations = list(commune_list.registrations.select_related("product", "producer", "commune_assessment")
                             .order_by("sequence", "pk"))
        context = {
            "issuing_unit": commune, "place": commune.name, "on": proposal.letter_date, "proposal": proposal,
            "province": province, "registrations": registrations, "period": commune_list.period,
            "today": timezone.localdate(),
        }
        return f"van-ban-de-nghi-{slug_vi(proposal.letter_number) or proposal.pk}.pdf", render_pdf(
            "registrations/pdf/commune_proposal.html", context)
    raise ValueError(kind)
