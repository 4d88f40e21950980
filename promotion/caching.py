"""Page cache for anonymous visitors of the public pages (catalogue, product pages, news, front).

Keys carry a *generation* number; bumping it (when a recognition is recorded or ended, or an
article or event changes) makes every cached public page stale at once without scanning keys.
The catalogue's reference date is part of the key too, so a recognition expiring at midnight
disappears the next day.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "promotion:public:generation"
TIMEOUT = 300
# Response headers a cached copy keeps (never Set-Cookie).
KEPT_HEADERS = ("Content-Disposition", "Content-Language", "X-Content-Type-Options")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return value


def invalidate_public_pages() -> None:
    """Make every cached public page stale (called by handlers.py and services)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _key(request, day) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{day.isoformat()}"
    return f"promotion:page:v2:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _personal(request) -> bool:
    """A visitor with a session or pending messages may see personal content: never cache it."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def cache_public_page(view):
    """Cache GET responses (200 and 410) of a public view for anonymous visitors."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        from .selectors import catalogue_date

        if request.method != "GET" or request.user.is_authenticated or _personal(request):
            return view(request, *args, **kwargs)
        key = _key(request, catalogue_date())
        hit = cache.get(key)
        if hit is not None:
            status, content_type, content, headers = hit
            response = HttpResponse(content, status=status, content_type=content_type)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code in (200, 410) and not response.streaming:
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            cache.set(key, (response.status_code, response["Content-Type"], response.content, headers), TIMEOUT)
        response["X-Cache"] = "miss"
        return response

    return wrapped
