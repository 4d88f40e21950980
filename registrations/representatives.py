"""Producers as users (issue 15): invitations, representatives, and the producer's own dossier before
the commune takes it into its list. Services in the style of ``services.py``: keyword-only, the
acting user, a permission predicate, atomic, a history row for every action.

The invitation code is short, in capitals without look-alike characters (no 0/O, 1/I/L, 2/Z, 5/S,
6/G, 8/B), typed on a phone; only its keyed hash is stored; it works once and until it expires.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from accounts.selectors import users_with_role
from accounts.services import role_assign
from accounts.text import nfc
from accounts.workflow import DomainError, ensure, record_event, transition
from notifications.kinds import register_kind
from notifications.mail import message, send_after_commit
from notifications.services import notify

from . import permissions as perms
from .models import InvitationAttempt, Producer, ProducerInvitation, ProducerRepresentative, Registration
from .workflows import REGISTRATION_WORKFLOW

CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10
PRODUCER_SENT_KIND = "producer_dossier_sent"
PRODUCER_ANSWER_KIND = "producer_dossier_answered"


def connect_kinds() -> None:
    register_kind(PRODUCER_SENT_KIND, gettext_lazy("Chủ thể gửi hồ sơ đến xã"))
    register_kind(PRODUCER_ANSWER_KIND, gettext_lazy("Xã tiếp nhận / trả lại hồ sơ của chủ thể"))


def normalise_code(code: str) -> str:
    """Upper case, spaces and dashes removed (the code is shown as ``ABCDE-FHJKM``)."""
    return "".join(ch for ch in nfc(code or "").upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _forget(user) -> None:
    if hasattr(user, "_ocop_represents"):
        del user._ocop_represents


@transaction.atomic
def invitation_create(*, actor, producer: Producer, full_name: str, email: str = "", phone: str = "",
                      valid_days: int | None = None) -> tuple[ProducerInvitation, str]:
    """A one-time code for the producer's representative: returned once (to print or read out), sent
    by e-mail when an address is given. Returns (invitation, code)."""
    producer = Producer.objects.select_related("commune").get(pk=producer.pk)
    ensure(perms.can_invite_representative(actor, producer), _("Bạn chỉ mời được người đại diện chủ thể của xã mình."))
    full_name = nfc(full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("Hãy nhập họ tên người được mời.")})
    days = valid_days or settings.OCOP_INVITATION_DAYS
    code = _new_code()
    invitation = ProducerInvitation(
        producer=producer, full_name=full_name, email=(email or "").strip(), phone=(phone or "").strip(),
        code_hash=hash_code(code), expires_at=timezone.now() + timedelta(days=days), created_by=actor)
    invitation.full_clean()
    invitation.save()
    record_event(producer, actor=actor, label="representative_invited", workflow="producer",
                 note=f"{full_name} ({invitation.email or invitation.phone or '-'})")
    if invitation.email:
        body = _(
            "Xin chào %(name)s,\n\n%(commune)s mời Anh/Chị làm người đại diện của “%(producer)s” trên Cổng OCOP.\n"
            "Mã mời (dùng một lần, hết hạn ngày %(expires)s): %(code)s\n"
            "Nhập mã trên Cổng OCOP, trang %(url)s\n") % {
            "name": full_name, "commune": producer.commune.full_name, "producer": producer.name,
            "expires": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"), "code": code,
            "url": f"{settings.OCOP_PUBLIC_URL}{reverse('producers:join')}"}
        send_after_commit([message(subject=_("[OCOP] Lời mời làm người đại diện chủ thể"), body=body,
                                   to=invitation.email)])
    return invitation, code


@transaction.atomic
def invitation_cancel(*, invitation: ProducerInvitation, actor) -> ProducerInvitation:
    invitation = ProducerInvitation.objects.select_for_update(of=("self",)).select_related("producer__commune").get(pk=invitation.pk)
    ensure(perms.can_invite_representative(actor, invitation.producer), _("Bạn không hủy được lời mời này."))
    if invitation.status != ProducerInvitation.Status.PENDING:
        raise DomainError(_("Lời mời này đã được sử dụng hoặc đã hủy."))
    invitation.status = ProducerInvitation.Status.CANCELLED
    invitation.save(update_fields=["status"])
    record_event(invitation.producer, actor=actor, label="invitation_cancelled", workflow="producer",
                 note=invitation.full_name)
    return invitation


def invitation_check(code: str) -> ProducerInvitation:
    """The pending, unexpired invitation of a code, or a Vietnamese field error (the same message for
    an unknown, used or expired code: a guess learns nothing)."""
    invitation = ProducerInvitation.objects.select_related("producer", "producer__commune").filter(
        code_hash=hash_code(code)).first()
    if invitation is None or invitation.status != ProducerInvitation.Status.PENDING or invitation.expired:
        raise ValidationError({"code": _("Mã mời không đúng, đã được sử dụng hoặc đã hết hạn.")})
    return invitation


@transaction.atomic
def invitation_redeem(*, code: str, username: str, password: str, full_name: str = "", email: str = "",
                      phone: str = ""):
    """Create the representative's account from a valid code (once). Returns the new user."""
    found = invitation_check(code)
    invitation = ProducerInvitation.objects.select_for_update(of=("self",)).select_related("producer", "producer__commune").get(
        pk=found.pk)
    if invitation.status != ProducerInvitation.Status.PENDING or invitation.expired:
        raise ValidationError({"code": _("Mã mời không đúng, đã được sử dụng hoặc đã hết hạn.")})
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Hãy chọn tên đăng nhập.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập này đã có người dùng; hãy chọn tên khác.")})
    user = User(username=username, full_name=nfc(full_name or invitation.full_name).strip(),
                email=(email or invitation.email).strip(), phone=(phone or invitation.phone).strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    role_assign(user=user, role=Role.PRODUCER, unit=invitation.producer.commune, actor=None)
    ProducerRepresentative.objects.create(user=user, producer=invitation.producer, invited_by=invitation.created_by)
    invitation.status, invitation.used_by, invitation.used_at = ProducerInvitation.Status.USED, user, timezone.now()
    invitation.save(update_fields=["status", "used_by", "used_at"])
    record_event(invitation.producer, actor=user, label="representative_joined", workflow="producer",
                 note=user.full_name or user.username)
    return user


# --- the attempt limit of the join page ----------------------------------------------------------

class InvitationAttemptsExceeded(DomainError):
    """Too many wrong codes within the window: the join page refuses every code until ``retry_at``."""

    def __init__(self, retry_at):
        self.retry_at = retry_at
        local = timezone.localtime(retry_at)
        super().__init__(_(
            "Đã có quá nhiều lần nhập sai mã mời. Để bảo vệ các mã đang chờ sử dụng, trang tạm không nhận mã; "
            "hãy thử lại sau %(time)s ngày %(date)s.") % {"time": local.strftime("%H:%M"),
                                                          "date": local.strftime("%d/%m/%Y")})


def _blocked_until(failures, limit: int, window: timedelta):
    """The end of a block: the limit-th newest failure within the window leaves it (one bounded query)."""
    times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    return times[-1] + window if limit > 0 and len(times) >= limit else None


def invitation_retry_at(address: str | None):
    """When the join page takes a code again from ``address``: None when it takes one now. Wrong codes
    are counted per client address and from all addresses, within OCOP_INVITATION_LOCKOUT_MINUTES."""
    window = timedelta(minutes=settings.OCOP_INVITATION_LOCKOUT_MINUTES)
    failures = InvitationAttempt.objects.filter(outcome=InvitationAttempt.Outcome.WRONG_CODE,
                                                at__gt=timezone.now() - window)
    from_address = failures.filter(ip_address=address) if address else failures.filter(ip_address__isnull=True)
    ends = [t for t in (_blocked_until(from_address, settings.OCOP_INVITATION_FAILURE_LIMIT, window),
                        _blocked_until(failures, settings.OCOP_INVITATION_GLOBAL_FAILURE_LIMIT, window)) if t]
    return max(ends) if ends else None


def _attempt(outcome: str, address: str | None, user_agent: str, invitation=None) -> InvitationAttempt:
    return InvitationAttempt.objects.create(outcome=outcome, ip_address=address or None,
                                            user_agent=(user_agent or "")[:255], invitation=invitation)


def _serialise_joins() -> None:
    """Take the join page's lock until the transaction ends: the limit is a count of earlier attempts,
    so simultaneous guesses would each count the others' rows as not there yet and pass it together.
    PostgreSQL: a transaction-level advisory lock (joins are rare; one lock for all of them also keeps
    the all-addresses limit exact). SQLite runs one writer at a time already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('ocop.invitation_join'))")


def invitation_join(*, code: str, username: str, password: str, full_name: str = "", address: str | None = None,
                    user_agent: str = ""):
    """The join page's sign-up: ``invitation_redeem`` behind the attempt limit. Every try is recorded
    (outside the redeem's savepoint, so a wrong code stays counted); while the address (or the page as
    a whole) is blocked, even the right code is refused with InvitationAttemptsExceeded. Check, redeem
    and record run under one lock, so the limit holds for simultaneous tries too."""
    refused = failed = None
    with transaction.atomic():
        _serialise_joins()
        retry_at = invitation_retry_at(address)
        if retry_at is not None:
            _attempt(InvitationAttempt.Outcome.REFUSED, address, user_agent)
            refused = InvitationAttemptsExceeded(retry_at)
        else:
            try:
                user = invitation_redeem(code=code, username=username, password=password, full_name=full_name)
            except ValidationError as exc:
                if "code" in getattr(exc, "error_dict", {}):
                    _attempt(InvitationAttempt.Outcome.WRONG_CODE, address, user_agent)
                failed = exc
            else:
                _attempt(InvitationAttempt.Outcome.JOINED, address, user_agent,
                         invitation=ProducerInvitation.objects.filter(used_by=user).first())
    # raised after the commit: the attempt rows must stay
    if refused is not None:
        raise refused
    if failed is not None:
        raise failed
    return user


@transaction.atomic
def representative_add(*, producer: Producer, user, actor=None) -> ProducerRepresentative:
    """Link an existing account to a producer (the demo seed; actor None is the system)."""
    if actor is not None:
        ensure(perms.can_invite_representative(actor, producer), _("Bạn chỉ quản lý người đại diện chủ thể của xã mình."))
    role_assign(user=user, role=Role.PRODUCER, unit=producer.commune, actor=None)
    rep, created = ProducerRepresentative.objects.get_or_create(user=user, producer=producer,
                                                                defaults={"invited_by": actor})
    if created:
        record_event(producer, actor=actor, label="representative_joined", workflow="producer", note=str(user))
    _forget(user)
    return rep


@transaction.atomic
def representative_revoke(*, representative: ProducerRepresentative, actor, reason: str = "") -> ProducerRepresentative:
    """The commune takes a representative off its producer (the account stays; it no longer acts for it)."""
    rep = ProducerRepresentative.objects.select_for_update(of=("self",)).select_related(
        "producer", "producer__commune", "user").get(pk=representative.pk)
    ensure(perms.can_invite_representative(actor, rep.producer), _("Bạn chỉ quản lý người đại diện chủ thể của xã mình."))
    if not rep.active:
        raise DomainError(_("Người đại diện này đã bị thu hồi."))
    rep.active, rep.revoked_by, rep.revoked_at = False, actor, timezone.now()
    rep.save(update_fields=["active", "revoked_by", "revoked_at"])
    record_event(rep.producer, actor=actor, label="representative_revoked", workflow="producer",
                 note=f"{rep.user}: {nfc(reason or '').strip()}".rstrip(": "))
    _forget(rep.user)
    return rep


# --- the producer's own dossier -----------------------------------------------------------------

def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update(of=("self",)).select_related(
        "commune", "commune__parent", "producer", "product").get(pk=registration.pk)


@transaction.atomic
def registration_send_to_commune(*, registration: Registration, actor) -> Registration:
    """The producer sends its dossier to the commune; from then on it cannot change it."""
    registration = _locked(registration)
    ensure(perms.can_send_to_commune(actor, registration), _("Bạn không gửi được hồ sơ này."))
    transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.PRODUCER_SENT, actor=actor,
               note=_("Chủ thể gửi hồ sơ đến xã"))
    title = _("%(producer)s gửi hồ sơ đăng ký “%(product)s” đến xã") % {
        "producer": registration.producer.name, "product": registration.product.name}
    notify(users_with_role(Role.COMMUNE_OFFICER, registration.commune), PRODUCER_SENT_KIND, title,
           reverse("producers:intake", args=[registration.pk]), obj=registration)
    return registration


def _tell_producer(registration: Registration, title: str, body: str = "") -> None:
    reps = ProducerRepresentative.objects.filter(producer_id=registration.producer_id, active=True).select_related("user")
    notify([r.user for r in reps], PRODUCER_ANSWER_KIND, title,
           reverse("producers:registration", args=[registration.pk]), obj=registration, body=body)


@transaction.atomic
def registration_take_into_list(*, registration: Registration, actor) -> Registration:
    """The commune checked the producer's dossier and takes it into its list (a commune draft, sent
    to the district with the list)."""
    registration = _locked(registration)
    ensure(perms.can_take_from_producer(actor, registration), _("Bạn không tiếp nhận được hồ sơ này."))
    transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.DRAFT, actor=actor,
               note=_("Xã tiếp nhận vào danh sách đăng ký của xã"))
    _tell_producer(registration, _("Xã đã tiếp nhận hồ sơ “%(product)s” vào danh sách đăng ký") % {
        "product": registration.product.name})
    return registration


@transaction.atomic
def registration_return_to_producer(*, registration: Registration, actor, reason: str) -> Registration:
    registration = _locked(registration)
    ensure(perms.can_take_from_producer(actor, registration), _("Bạn không trả lại được hồ sơ này."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để chủ thể bổ sung.")})
    registration.review_reason = reason
    transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.PRODUCER_RETURNED, actor=actor,
               note=reason, extra_update_fields=["review_reason"])
    _tell_producer(registration, _("Xã trả lại hồ sơ “%(product)s” để bổ sung") % {
        "product": registration.product.name}, body=reason)
    return registration
