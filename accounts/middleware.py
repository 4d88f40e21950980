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
