from accounts.selectors import users_administered_by

from .models import Notification


def notifications_for(user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_administered_by(user):
    """The notifications of the users `user` administers (accounts.selectors.users_administered_by)."""
    return Notification.objects.filter(user__in=users_administered_by(user)).select_related("user")
