"""The invitation-code page's attempt limit: wrong codes are counted per client address (and from all
addresses together) within a window; past the limit even the right code is refused, with a Vietnamese
message saying when to retry (HTTP 429), until the window passes. Every try is recorded."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from registrations import representatives as reps
from registrations.models import InvitationAttempt, ProducerInvitation

pytestmark = pytest.mark.django_db

START = datetime.datetime(2031, 3, 2, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Việt Nam
PASSWORD = "Ocop-mat-khau-2031"
A, B = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def limits(settings):
    settings.OCOP_INVITATION_FAILURE_LIMIT = 5
    settings.OCOP_INVITATION_GLOBAL_FAILURE_LIMIT = 100
    settings.OCOP_INVITATION_LOCKOUT_MINUTES = 15
    return settings


def _join(client, code, username, address, password2=PASSWORD):
    return client.post("/chu-the/tham-gia/", {"code": code, "username": username, "password": PASSWORD,
                                              "password2": password2}, REMOTE_ADDR=address)


def _wrong(client, address, n, start=0):
    for i in range(n):
        response = _join(client, f"ZZZZZ-ZZZ{(start + i) % 10}", f"guess{start + i}", address)
        assert response.status_code == 200 and "Mã mời không đúng" in response.content.decode()


def _invite(world, name):
    return reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name=name)[1]


def test_after_the_limit_the_right_code_is_refused_until_the_window_passes(world, client, limits):
    with time_machine.travel(START, tick=False) as clock:
        code = _invite(world, "Lê Thị C")
        _wrong(client, A, 5)
        clock.shift(datetime.timedelta(minutes=5))
        refused = _join(client, code, "le.c", A)
        assert refused.status_code == 429
        body = refused.content.decode()
        # the first wrong code was at 08:00 (Việt Nam): the page takes codes again at 08:15
        assert "Đã có quá nhiều lần nhập sai mã mời" in body and "thử lại sau 08:15 ngày 02/03/2031" in body
        assert not get_user_model().objects.filter(username="le.c").exists()
        assert ProducerInvitation.objects.get(used_by=None, full_name="Lê Thị C").status == "pending"
        clock.shift(datetime.timedelta(minutes=9, seconds=59))  # 08:14:59: still within the window
        assert _join(client, code, "le.c", A).status_code == 429
        clock.shift(datetime.timedelta(seconds=1))  # 08:15: the first wrong code left the window
        joined = _join(client, code, "le.c", A)
        assert joined.status_code == 302 and joined["Location"] == "/chu-the/"
    attempts = InvitationAttempt.objects.order_by("at", "pk")
    assert [a.outcome for a in attempts] == ["wrong_code"] * 5 + ["refused", "refused", "joined"]
    assert {a.ip_address for a in attempts} == {A}
    assert attempts.last().invitation.used_by.username == "le.c"


def test_another_address_is_not_blocked_and_a_success_unblocks_no_one(world, client, limits):
    with time_machine.travel(START, tick=False) as clock:
        mine, theirs, later = _invite(world, "Lê Thị C"), _invite(world, "Vũ Văn D"), _invite(world, "Hà E")
        _wrong(client, A, 5)
        assert _join(client, theirs, "vu.d", B).status_code == 302  # B is not blocked by A's guesses
        client.logout()
        clock.shift(datetime.timedelta(minutes=1))
        assert _join(client, mine, "le.c", A).status_code == 429  # B's success did not unblock A
        # a success does not forgive an address's earlier wrong codes either
        clock.shift(datetime.timedelta(minutes=15))
        _wrong(client, B, 4)
        assert _join(client, later, "ha.e", B).status_code == 302
        client.logout()
        _wrong(client, B, 1, start=4)
        assert _join(client, mine, "le.c", B).status_code == 429
        assert _join(client, mine, "le.c", A).status_code == 302  # A's window has passed meanwhile


def test_wrong_codes_from_many_addresses_close_the_page_for_all(world, client, limits):
    limits.OCOP_INVITATION_GLOBAL_FAILURE_LIMIT = 3
    with time_machine.travel(START, tick=False):
        code = _invite(world, "Lê Thị C")
        for i, address in enumerate(("192.0.2.1", "192.0.2.2", "192.0.2.3")):
            _wrong(client, address, 1, start=i)
        refused = _join(client, code, "le.c", "192.0.2.4")
        assert refused.status_code == 429 and "08:15 ngày 02/03/2031" in refused.content.decode()
    assert reps.invitation_retry_at("192.0.2.99") == START + datetime.timedelta(minutes=15)


def test_only_wrong_codes_count_not_a_right_code_with_a_form_mistake(world, client, limits):
    with time_machine.travel(START, tick=False):
        code = _invite(world, "Lê Thị C")
        for _ in range(6):  # the right code, the password typed twice differently: a form error, no guess
            assert _join(client, code, "le.c", A, password2="khac").status_code == 200
        for _ in range(6):  # the right code, a weak password: the service refuses, no guess either
            response = client.post("/chu-the/tham-gia/", {"code": code, "username": "le.c", "password": "123",
                                                          "password2": "123"}, REMOTE_ADDR=A)
            assert response.status_code == 200 and "Mã mời không đúng" not in response.content.decode()
        assert not InvitationAttempt.objects.filter(outcome="wrong_code").exists()
        assert _join(client, code, "le.c", A).status_code == 302


def test_retry_time_is_in_vietnam_time(world, limits):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            with pytest.raises(ValidationError):
                reps.invitation_join(code="ZZZZZ-ZZZZZ", username="x", password=PASSWORD, address=A)
        with pytest.raises(reps.InvitationAttemptsExceeded) as refused:
            reps.invitation_join(code="ZZZZZ-ZZZZZ", username="x", password=PASSWORD, address=A)
    assert refused.value.retry_at == START + datetime.timedelta(minutes=15)
    assert timezone.localtime(refused.value.retry_at).strftime("%H:%M") == "08:15"
    assert str(refused.value) == (
        "Đã có quá nhiều lần nhập sai mã mời. Để bảo vệ các mã đang chờ sử dụng, trang tạm không nhận mã; "
        "hãy thử lại sau 08:15 ngày 02/03/2031.")


def test_the_admin_reads_the_attempts_and_unblocks_an_address_by_deleting_its_rows(world, client, limits):
    from django.urls import reverse

    from accounts.models import User

    with time_machine.travel(START, tick=False):
        code = _invite(world, "Lê Thị C")
        _wrong(client, A, 5)
        assert _join(client, code, "le.c", A).status_code == 429
        admin = User.objects.create_superuser("quantri.thu", "qt@ocop.invalid", PASSWORD)
        client.force_login(admin)
        listing = client.get(reverse("admin:registrations_invitationattempt_changelist"))
        assert listing.status_code == 200 and A in listing.content.decode()
        attempt = InvitationAttempt.objects.filter(ip_address=A).first()
        assert client.get(reverse("admin:registrations_invitationattempt_add")).status_code == 403
        change = client.post(reverse("admin:registrations_invitationattempt_change", args=[attempt.pk]),
                             {"outcome": "joined"})
        assert change.status_code == 403  # the record is read only
        ids = list(InvitationAttempt.objects.filter(ip_address=A).values_list("pk", flat=True))
        client.post(reverse("admin:registrations_invitationattempt_changelist"),
                    {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
        assert not InvitationAttempt.objects.filter(ip_address=A).exists()
        client.logout()
        assert _join(client, code, "le.c", A).status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_codes_from_one_address_pass_the_limit_not_once(reference_data, limits):
    """Ten wrong codes sent at once from one address: the limit (5) counts earlier attempts, so without
    the join lock several tries would read the count before the others wrote theirs."""
    from accounts.tests.concurrency import run_in_threads

    def guess(i):
        return reps.invitation_join(code=f"ZZZZZ-ZZZZ{i}", username=f"guess{i}", password=PASSWORD, address=A)

    outcomes = run_in_threads(10, guess)
    kinds = sorted(type(result).__name__ for _, result in outcomes)
    assert kinds == ["InvitationAttemptsExceeded"] * 5 + ["ValidationError"] * 5
    assert InvitationAttempt.objects.filter(outcome="wrong_code").count() == 5
    assert InvitationAttempt.objects.filter(outcome="refused").count() == 5
