"""Store all text input in Unicode NFC: text typed or pasted in decomposed form (NFD, common on
macOS and some Vietnamese keyboards) is normalised before any form or service sees it, and the
invisible characters ``accounts.text.nfc`` drops (bidi overrides, zero-width) are removed."""

from django.http import QueryDict

from .text import nfc


def _normalise(query: QueryDict) -> QueryDict:
    if not any(v and nfc(v) != v for _, values in query.lists() for v in values):
        return query
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(nfc(key), [nfc(v) for v in values])
    copy._mutable = False
    return copy


class NFCInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _normalise(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _normalise(request.POST)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send settings.OCOP_CSP on every response outside the admin (which has inline scripts)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = getattr(settings, "OCOP_CSP", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and not request.path.startswith("/quan-tri/"):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class StaffSessionMiddleware:
    """Sign-in rules that hold on every page, after authentication and django-otp:

    - a staff session ends after settings.OCOP_STAFF_IDLE_MINUTES without a request;
    - a user who needs a second factor (permissions.needs_two_factor) and has not proved it this
      session is sent to enrol (no device yet) or to enter a code, before any other page.
    """

    # Pages a signed-in user may open before the second factor: its own pages, signing out, assets.
    OPEN_PREFIXES = ("/static/", "/healthz/", "/favicon.ico")
    OPEN_URL_NAMES = {
        "accounts:two_factor_setup", "accounts:two_factor_verify", "accounts:logout", "accounts:login",
    }
    LAST_SEEN_KEY = "ocop_last_seen"
    ENROLLED_KEY = "ocop_otp_enrolled"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._idle_logout(request, user) or self._second_factor(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _idle_logout(self, request, user):
        import time

        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.utils.translation import gettext as _

        from .permissions import roles_of

        minutes = settings.OCOP_STAFF_IDLE_MINUTES
        if not minutes or not (user.is_staff or roles_of(user)):
            return None
        now = int(time.time())
        last_seen = request.session.get(self.LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > minutes * 60:
            logout(request)
            messages.info(
                request,
                _("Phiên làm việc đã kết thúc sau %(n)d phút không thao tác. Vui lòng đăng nhập lại.") % {"n": minutes},
            )
            return redirect_to_login(request.get_full_path())
        # Written at most once a minute: a session save per request would be a write per page.
        if last_seen is None or now - last_seen >= 60:
            request.session[self.LAST_SEEN_KEY] = now
        return None

    def _second_factor(self, request, user):
        from django.shortcuts import redirect
        from django.urls import Resolver404, resolve, reverse
        from django.utils.http import urlencode
        from django_otp import user_has_device

        from .permissions import two_factor_required

        if user.is_verified() or request.path.startswith(self.OPEN_PREFIXES):
            return None
        try:
            if resolve(request.path_info).view_name in self.OPEN_URL_NAMES:
                return None
        except Resolver404:
            return None
        # Whether the user enrolled a device is read once per session (two queries otherwise on
        # every page); enrolment and reset pages update it.
        enrolled = request.session.get(self.ENROLLED_KEY)
        if enrolled is None:
            enrolled = request.session[self.ENROLLED_KEY] = user_has_device(user, confirmed=True)
        if not (enrolled or two_factor_required(user)):
            return None
        name = "accounts:two_factor_verify" if enrolled else "accounts:two_factor_setup"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def remember_sign_in(sender, request, user, **kwargs):
    import time

    from django_otp import user_has_device

    if request is None or not hasattr(request, "session"):
        return
    request.session[StaffSessionMiddleware.LAST_SEEN_KEY] = int(time.time())
    request.session[StaffSessionMiddleware.ENROLLED_KEY] = user_has_device(user, confirmed=True)


class CurrentUnitMiddleware:
    """Put the unit chosen in the header's unit switcher (stored in the session) on the user, so
    that accounts.selectors.scope_to_user() and district_of_user() narrow every page to it. A choice
    the user may no longer make (role removed) is dropped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .selectors import SESSION_KEY, set_current_unit

        session = getattr(request, "session", None)
        unit_id = session.get(SESSION_KEY) if session is not None else None
        if unit_id and request.user.is_authenticated and set_current_unit(request.user, unit_id) is None:
            session.pop(SESSION_KEY, None)
        return self.get_response(request)
