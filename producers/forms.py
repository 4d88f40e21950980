"""Input shapes of the producer's and the commune's pages (rules stay in the services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.forms import DocumentForm, ReasonForm, RegistrationForm  # noqa: F401 - re-used as they are


class ProducerRegistrationForm(RegistrationForm):
    """The commune's registration form without the commune's own confirmation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["commune_confirmed"]


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Họ tên người đại diện"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử (để gửi mã mời; có thể để trống và in mã)"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Mã mời"), max_length=20,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off",
                                                         "inputmode": "text", "spellcheck": "false"}))
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data


class PageForm(forms.Form):
    description = forms.CharField(label=_("Giới thiệu sản phẩm"), widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=5000)
    points_of_sale = forms.CharField(label=_("Điểm bán (mỗi dòng một điểm)"), required=False, max_length=2000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    shop_links = forms.CharField(label=_("Liên kết mua trực tuyến (mỗi dòng một địa chỉ https://)"), required=False,
                                 max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    buyer_contact = forms.CharField(label=_("Liên hệ cho người mua"), required=False, max_length=255)
    visiting_hours = forms.CharField(label=_("Giờ đón khách tham quan (sản phẩm du lịch nông thôn)"), required=False,
                                     max_length=255)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), required=False, max_length=500)
