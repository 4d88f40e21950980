from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from .forms import LoginForm
from .middleware import StaffSessionMiddleware
from .models import Job


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def job_status(request, pk):
    """Progress of one of the user's background jobs; htmx polls the partial."""
    job = get_object_or_404(Job, pk=pk, owner=request.user)
    template = "accounts/_job_status.html" if request.htmx else "accounts/job_status.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk):
    job = get_object_or_404(Job, pk=pk, owner=request.user, status=Job.Status.DONE)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)


# Sign-in security: lockout (django-axes), two-factor (django-otp), sign-in log, password reset.


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login sees (settings.AXES_LOCKOUT_CALLABLE): the login form, a Vietnamese
    message with the time when signing in works again, and HTTP 429."""
    from .security import lockout_ends_at

    retry_at = lockout_ends_at(request, credentials or {})
    form = LoginForm(request, data=None)
    context = {
        "form": form,
        "locked_until": retry_at,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "next": request.POST.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=429)


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: a QR code and the key, confirmed by one code from the app."""
    from .forms import TwoFactorCodeForm
    from .security import otpauth_qr_svg
    from .services import two_factor_confirm, two_factor_start

    device = two_factor_start(user=request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor_confirm(user=request.user, token=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[StaffSessionMiddleware.ENROLLED_KEY] = True
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": _safe_next(request)})
    context = {
        "form": form,
        "qr_svg": otpauth_qr_svg(device.config_url),
        "secret": _grouped(device.bin_key),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the app, or one of the backup codes."""
    from django_otp import match_token, user_has_device

    from .forms import TwoFactorCodeForm

    if not user_has_device(request.user, confirmed=True):
        request.session[StaffSessionMiddleware.ENROLLED_KEY] = False
        return redirect(f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': _safe_next(request)})}")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is None:
            form.add_error("code", _("Mã xác thực không đúng hoặc đã được dùng."))
        else:
            otp_login(request, device)
            return redirect(_safe_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_POST
def two_factor_backup_codes(request):
    from .services import two_factor_backup_codes_renew

    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    codes = two_factor_backup_codes_renew(user=request.user)
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("accounts:security")})


@login_required
def security(request):
    """The user's own sign-in page: second factor state and the latest sign-ins (success and failure)."""
    from django_otp import user_has_device

    from .security import sign_in_log

    context = {
        "enrolled": user_has_device(request.user, confirmed=True),
        "entries": sign_in_log(request.user, limit=50),
    }
    return render(request, "accounts/security.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not an account has that e-mail (Django's view never says)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _grouped(key: bytes) -> str:
    """The base32 key in groups of four, for typing it into a phone."""
    from base64 import b32encode

    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
