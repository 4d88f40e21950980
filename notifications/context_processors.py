from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def bell(request):
    """The header bell's unread count: one COUNT query, only when a page shows it, once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        if not hasattr(request, "_notifications_unread"):
            request._notifications_unread = unread_count(user)
        return request._notifications_unread

    return {"notifications_unread": SimpleLazyObject(count)}
