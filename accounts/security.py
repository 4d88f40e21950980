"""Sign-in helpers: when a lockout ends, the enrolment QR code, the user's own sign-in log.

Counting failures and locking is django-axes' work; one-time passwords are django-otp's. This module
only reads their rows for the portal's pages.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone


def lockout_ends_at(request, credentials: dict) -> datetime:
    """When signing in works again: the last failure of the locked account or address + the window."""
    from axes.helpers import get_client_ip_address, get_client_username
    from axes.models import AccessAttempt

    username = get_client_username(request, credentials) or ""
    address = get_client_ip_address(request)
    last = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (last or timezone.now()) + settings.AXES_COOLOFF_TIME


def otpauth_qr_svg(config_url: str) -> str:
    """The authenticator app's enrolment link as an inline SVG QR code (no image request, no CDN)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@dataclass(frozen=True)
class SignIn:
    at: datetime
    address: str
    agent: str
    succeeded: bool
    locked_out: bool = False


def sign_in_log(user, *, limit: int = 50) -> list[SignIn]:
    """The user's latest sign-ins and failed attempts, newest first (two bounded queries)."""
    from axes.models import AccessFailureLog, AccessLog

    fields = ("attempt_time", "ip_address", "user_agent")
    successes = AccessLog.objects.filter(username=user.get_username()).order_by("-attempt_time")
    failures = AccessFailureLog.objects.filter(username=user.get_username()).order_by("-attempt_time")
    rows = [SignIn(r.attempt_time, r.ip_address or "", r.user_agent, True) for r in successes.only(*fields)[:limit]]
    rows += [
        SignIn(r.attempt_time, r.ip_address or "", r.user_agent, False, r.locked_out)
        for r in failures.only(*fields, "locked_out")[:limit]
    ]
    return sorted(rows, key=lambda r: r.at, reverse=True)[:limit]
