"""Pages of the commune's stage under a procedure whose commune pre-assesses (1489/QĐ-TTg): the
assessment of a dossier after the commune's meeting, its report, and the proposal letter to the
province sent with the commune's list. Both are papers of the commune's register (registrations/papers.py,
issued with `{% paper_actions %}`); the links here give the issued PDF, or the draft before it is issued."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.text import slug_vi
from accounts.workflow import DomainError
from documents import render as paper_render
from documents.selectors import document_about
from documents.services import _files_name

from . import permissions as perms
from . import selectors, services
from .models import CommuneAssessment
from .papers import commune_assessment_draft, commune_proposal_draft
from .views import _error_text, _get_registration, commune_required, staff_required

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class CommuneAssessmentForm(forms.Form):
    meeting_date = forms.DateField(label=_lazy("Ngày họp"), widget=DATE, input_formats=DATE_FORMATS)
    chair = forms.CharField(label=_lazy("Chủ trì (Chủ tịch UBND xã)"), max_length=150)
    participants = forms.CharField(label=_lazy("Thành phần tham dự"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CommuneAssessment.CRITERIA:
            self.fields[code] = forms.ChoiceField(label=label, choices=CommuneAssessment.Result.choices,
                                                  widget=forms.RadioSelect)
            self.fields[f"{code}_note"] = forms.CharField(label=_lazy("Nhận xét"), required=False, max_length=1000)
        self.fields["conclusion"] = forms.CharField(label=_lazy("Kết luận"), required=False,
                                                    widget=forms.Textarea(attrs={"rows": 2}))

    def service_args(self) -> dict:
        data = self.cleaned_data
        return {
            "meeting_date": data["meeting_date"], "chair": data["chair"], "participants": data["participants"],
            "results": {code: data[code] for code, _label in CommuneAssessment.CRITERIA},
            "notes": {code: data[f"{code}_note"] for code, _label in CommuneAssessment.CRITERIA},
            "conclusion": data["conclusion"],
        }


class CommuneProposalForm(forms.Form):
    letter_number = forms.CharField(label=_lazy("Số văn bản"), max_length=50)
    letter_date = forms.DateField(label=_lazy("Ngày văn bản"), widget=DATE, input_formats=DATE_FORMATS)
    signer = forms.CharField(label=_lazy("Người ký (Chủ tịch UBND xã)"), max_length=150)


def _add_errors(form, exc) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, [e.message % (e.params or {}) for e in errors])
    else:
        form.add_error(None, _error_text(exc))


@commune_required
def assessment_edit(request, pk):
    registration = _get_registration(request, pk)
    if not perms.can_act_for_commune(request.user, registration.commune):
        raise PermissionDenied
    existing = CommuneAssessment.objects.filter(registration=registration).first()
    initial = {}
    if existing:
        initial = {f: getattr(existing, f) for f in ("meeting_date", "chair", "participants", "conclusion")}
        for code, _label in CommuneAssessment.CRITERIA:
            initial[code], initial[f"{code}_note"] = getattr(existing, code), getattr(existing, f"{code}_note")
    form = CommuneAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commune_assessment_record(registration=registration, actor=request.user, **form.service_args())
        except (ValidationError, DomainError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi đánh giá của UBND xã."))
            return redirect("registrations:registration_detail", pk=registration.pk)
    return render(request, "registrations/commune_assessment_form.html", {"form": form, "registration": registration})


@staff_required
def assessment_report(request, pk):
    registration = _get_registration(request, pk)
    assessment = get_object_or_404(CommuneAssessment, registration=registration)
    return _paper_pdf(assessment, "assessment_report", commune_assessment_draft,
                      f"bao-cao-danh-gia-xa-{slug_vi(registration.product.name)}-{registration.year}")


@commune_required
def proposal_send(request, pk):
    commune_list = get_object_or_404(selectors.commune_lists_visible_to(request.user), pk=pk)
    if not perms.can_submit_list(request.user, commune_list):
        raise PermissionDenied
    form = CommuneProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commune_proposal_send(commune_list=commune_list, actor=request.user, **form.cleaned_data)
        except (ValidationError, DomainError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi văn bản đề nghị và danh sách của xã lên tỉnh."))
            return redirect("registrations:commune_lists")
    return render(request, "registrations/commune_proposal_form.html", {"form": form, "commune_list": commune_list})


@staff_required
def proposal_letter(request, pk):
    commune_list = get_object_or_404(selectors.commune_lists_visible_to(request.user).filter(proposal__isnull=False), pk=pk)
    proposal = commune_list.proposal
    return _paper_pdf(proposal, "commune_proposal", commune_proposal_draft,
                      f"van-ban-de-nghi-{slug_vi(proposal.letter_number) or proposal.pk}")


def _paper_pdf(obj, purpose: str, draft, name: str):
    """The issued paper's stored PDF (what the register holds), else the draft rendered now."""
    document = document_about(obj, purpose)
    if document is not None and document.pdf:
        return FileResponse(document.pdf.open("rb"), as_attachment=True, content_type="application/pdf",
                            filename=f"{_files_name(document)}.pdf")
    response = HttpResponse(paper_render.pdf(draft(obj)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
