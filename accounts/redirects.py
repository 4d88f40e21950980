"""Following a user-supplied ``next`` only when it stays on this site (Django's own check)."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback, *args, **kwargs):
    """Redirect to ``next`` (POST, then GET) when it is a URL of this site over the request's scheme;
    otherwise to ``fallback`` (a URL name or path, with ``args``/``kwargs`` as for ``redirect``).
    ``/\\evil.example``, ``//evil.example`` and ``https://evil.example`` go to the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback, *args, **kwargs)
