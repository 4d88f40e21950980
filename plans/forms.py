from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Task


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Nội dung đã thực hiện"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    evidence = forms.FileField(label=_("Tài liệu minh chứng (PDF, ảnh, Word, Excel)"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái sau cập nhật"),
        choices=[("", _("Giữ nguyên"))] + list(Task.Status.choices),
        required=False,
    )


class LinkForm(forms.Form):
    record = forms.ChoiceField(label=_("Kết quả chứng minh"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", _("— Chọn hoạt động, lớp tập huấn, đợt đánh giá, bài viết —"))] + list(choices)


class RemarkForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến giám sát"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
