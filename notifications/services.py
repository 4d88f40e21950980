"""notify() and the notification centre's state changes. Domain apps call notify() from their
handlers.py (receivers of their own domain events) and reminders; this app imports no domain app."""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .kinds import kind_label
from .mail import message, one_line, send_after_commit
from .models import Delivery, Notification, Preference, ReminderLog


def _object_key(obj) -> str:
    if obj is None:
        return ""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _email_body(title: str, body: str, url: str) -> str:
    parts = [title]
    if body:
        parts += ["", body]
    if url:
        parts += ["", _("Xem trên Cổng OCOP: %(url)s") % {"url": f"{settings.OCOP_PUBLIC_URL}{url}"}]
    parts += ["", _("Đổi cách nhận e-mail thông báo ở mục Thông báo › Tùy chọn trên Cổng OCOP.")]
    return "\n".join(parts)


@transaction.atomic
def notify(recipients: Iterable, kind: str, title: str, url: str = "", *, obj=None, body: str = "") -> list[Notification]:
    """One notification per distinct active recipient; e-mail now (after the commit, through the
    outbox), in the daily digest, or not at all, by each user's preference for `kind` (default: now)."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return []
    title = one_line(title)[:255]
    prefs = dict(Preference.objects.filter(user_id__in=users, kind=kind).values_list("user_id", "delivery"))
    rows, messages = [], []
    for user in sorted(users.values(), key=lambda u: u.pk):
        delivery = prefs.get(user.pk, Delivery.IMMEDIATE)
        email = Notification.Email.NONE
        if user.email and delivery == Delivery.IMMEDIATE:
            email = Notification.Email.QUEUED
            messages.append(message(subject=f"[OCOP] {title}", body=_email_body(title, body, url), to=user.email))
        elif user.email and delivery == Delivery.DIGEST:
            email = Notification.Email.DIGEST
        rows.append(Notification(user=user, kind=kind, title=title, body=body, url=url, object_key=_object_key(obj), email=email))
    Notification.objects.bulk_create(rows)
    send_after_commit(messages)
    return rows


@transaction.atomic
def remind(*, users: Iterable, occasion: str, kind: str, title: str, url: str = "", body: str = "") -> int:
    """notify() each user at most once per `occasion` (a unique sent-log row); a second beat run, or a
    concurrent one, sends nothing more. Returns the users reminded now."""
    fresh = []
    for user in users:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=user, occasion=occasion[:120])
        except IntegrityError:
            continue
        fresh.append(user)
    notify(fresh, kind, title, url, body=body)
    return len(fresh)


@transaction.atomic
def notification_open(*, notification_id: int, actor) -> Notification:
    """Mark the actor's notification read (another user's is a 404) and return it."""
    notification = Notification.objects.select_for_update().filter(user=actor, pk=notification_id).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, actor, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if delivery not in Delivery.values:
            raise ValueError(delivery)
        Preference.objects.update_or_create(user=actor, kind=kind, defaults={"delivery": delivery})


@transaction.atomic
def digest_send() -> int:
    """One e-mail per user with the notifications waiting for their daily digest. Returns e-mails."""
    waiting = list(
        Notification.objects.select_for_update(of=("self",)).filter(email=Notification.Email.DIGEST)
        .select_related("user").order_by("user_id", "created_at", "pk")
    )
    by_user: dict = {}
    for n in waiting:
        by_user.setdefault(n.user, []).append(n)
    messages = []
    for user, rows in by_user.items():
        lines = [_("Các thông báo mới trên Cổng OCOP:"), ""]
        for n in rows:
            lines.append(f"- {timezone.localtime(n.created_at):%d/%m/%Y %H:%M} · {kind_label(n.kind)}: {n.title}")
            if n.url:
                lines.append(f"  {settings.OCOP_PUBLIC_URL}{n.url}")
        messages.append(message(subject=_("[OCOP] Tổng hợp %(n)s thông báo") % {"n": len(rows)},
                                body="\n".join(lines), to=user.email))
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(email=Notification.Email.DIGESTED)
    send_after_commit(messages)
    return len(messages)
