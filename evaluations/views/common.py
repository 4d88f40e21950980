"""Shared helpers of the evaluations pages: role gate, service-error handling, downloads."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from accounts.permissions import has_role, is_admin
from accounts.roles import Role
from accounts.workflow import DomainError

from .. import selectors
from ..models import Round


def roles_required(*roles):
    """Login, then 403 unless the user holds one of `roles` (or is an admin)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not (is_admin(request.user) or has_role(request.user, *roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


ROUND_ROLES = (Role.AGRICULTURE_OFFICE, Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER)


OFFICE_ROLES = (Role.AGRICULTURE_OFFICE, Role.COUNCIL_SECRETARY)


RECOGNITION_ROLES = (Role.PROVINCE, Role.AGRICULTURE_OFFICE)


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _run(request, action, success: str):
    """Call a service; turn domain errors into a message. Returns True on success."""
    try:
        action()
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        return False
    messages.success(request, success)
    return True


def _round_for(request, pk) -> Round:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    return selectors.round_with_council(round_.pk)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _form_errors(form, exc) -> None:
    """A service's ValidationError onto the form's fields (or the form, when not a field's)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, _error_text(exc))


def save_form(request, form, action, success: str = "") -> tuple[bool, object]:
    """On a POST with a valid form, run `action()` (one service call): a service error lands on
    the form, success adds `success` as a message. Returns (done, the service's result)."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        result = action()
    except (DomainError, ValidationError) as exc:
        _form_errors(form, exc)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


FEEDBACK_ROLES = (Role.COMMUNE_OFFICER, Role.AGRICULTURE_OFFICE)
