"""Store all text input in Unicode NFC: text typed or pasted in decomposed form (NFD, common on
macOS and some Vietnamese keyboards) is normalised before any form or service sees it."""

import unicodedata

from django.http import QueryDict


def _normalise(query: QueryDict) -> QueryDict:
    if not any(v and not unicodedata.is_normalized("NFC", v) for _, values in query.lists() for v in values):
        return query
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(unicodedata.normalize("NFC", key), [unicodedata.normalize("NFC", v) for v in values])
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
