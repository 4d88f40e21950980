from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import LoginForm
from .models import Job
from .selectors import SESSION_KEY, set_current_unit


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


@require_POST
@login_required
def switch_unit(request):
    """The header's unit switcher: remember the chosen unit (empty: all of the user's units)."""
    unit = set_current_unit(request.user, request.POST.get("unit") or None)
    if unit is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = unit.pk
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "home"
    return redirect(target)
