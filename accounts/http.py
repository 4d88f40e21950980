"""The view glue every app shares: role gates, a service error as Vietnamese text, a service error
onto a form, and the POST of a form that calls one service. One copy, used by every app's views."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from .permissions import has_role, is_admin
from .workflow import DomainError

SERVICE_ERRORS = (DomainError, ValidationError)


def role_required(check):
    """Login, then 403 unless ``check(user)`` holds (a permission predicate)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def roles_required(*roles):
    """Login, then 403 unless the user holds one of ``roles`` (or is an administrator)."""
    return role_required(lambda user: is_admin(user) or has_role(user, *roles))


def error_text(exc) -> str:
    """A service error as one line of text for a message or a non-field form error."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Không thực hiện được thao tác.")


def form_errors(form, exc) -> None:
    """A service's error onto the form: per field when the ValidationError names the form's fields,
    otherwise as a non-field error."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_text(exc))


def save_form(request, form, action, success: str = "") -> tuple[bool, object]:
    """On a POST with a valid form, run ``action()`` (one service call): a service error lands on
    the form, success adds ``success`` (text, or a callable of the result) as a message.
    Returns (done, the service's result)."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        result = action()
    except SERVICE_ERRORS as exc:
        form_errors(form, exc)
        return False, None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return True, result


def run_action(request, action, success: str) -> bool:
    """Call a service with no form; a service error becomes an error message. True on success."""
    try:
        action()
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
        return False
    messages.success(request, success)
    return True
