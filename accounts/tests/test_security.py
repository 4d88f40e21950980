"""Sign-in security: lockout (django-axes), two-factor (django-otp), idle staff sessions, password
rules in Vietnamese, the user's sign-in log, password reset that reveals nothing."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import StatusChange
from accounts.services import two_factor_reset

PASSWORD = "ocop-demo-2021"
LOGIN = reverse("accounts:login")
T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _totp(device, at: dt.datetime) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at.timestamp()
    return f"{totp.token():0{device.digits}d}"


# --- lockout -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_for_the_right_password_until_the_window_passes(client, demo_users):
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            assert _login(client, "phongnn", "sai").status_code == 200
        response = _login(client, "phongnn", "sai")
        assert response.status_code == 429
        response = _login(client, "phongnn")
        assert response.status_code == 429
        text = response.content.decode()
        assert "tạm thời bị khóa" in text and "5 lần" in text
        # 08:00 UTC is 15:00 in Hà Nội; the window is 15 minutes.
        assert "15:15 ngày 01/12/2026" in text
        assert SESSION_KEY not in client.session
    with time_machine.travel(T0 + dt.timedelta(minutes=14), tick=False):
        assert _login(client, "taichinh", address="10.0.0.2").status_code == 302
    with time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False):
        assert _login(client, "phongnn").status_code == 302
        assert SESSION_KEY in client.session


@pytest.mark.django_db
def test_four_failures_do_not_lock_and_a_success_resets_the_count(client, demo_users):
    for _ in range(4):
        _login(client, "phongnn", "sai")
    assert _login(client, "phongnn").status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "phongnn", "sai")
    assert _login(client, "phongnn").status_code == 302


@pytest.mark.django_db
def test_failures_from_one_address_lock_that_address_for_every_account(client, demo_users):
    for name in ("khong-co-1", "khong-co-2", "khong-co-3", "khong-co-4", "khong-co-5"):
        _login(client, name, "sai", address="10.9.9.9")
    assert _login(client, "taichinh", address="10.9.9.9").status_code == 429
    # Another address is not locked, and the account itself had no failures.
    assert _login(client, "taichinh", address="10.1.1.1").status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_failure_limit_is_a_setting(client, demo_users):
    for _ in range(3):
        _login(client, "thuky", "sai")
    response = _login(client, "thuky")
    assert response.status_code == 429
    assert "3 lần" in response.content.decode()


@pytest.mark.django_db
def test_the_administrator_unlocks_from_the_admin(client, demo_users):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "phongnn", "sai")
    assert _login(client, "phongnn").status_code == 429
    admin_client = type(client)()
    admin_client.force_login(demo_users["admin"])
    attempts = list(AccessAttempt.objects.filter(username="phongnn").values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="phongnn").exists()
    assert _login(client, "phongnn").status_code == 302


# --- two-factor ----------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(OCOP_TWO_FACTOR_REQUIRED=True)
def test_finance_officer_without_a_device_is_sent_to_enrolment_before_any_finance_page(client, demo_users):
    _login(client, "taichinh")
    response = client.get("/ho-tro/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert "next=%2Fho-tro%2F" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()


@pytest.mark.django_db
@override_settings(OCOP_TWO_FACTOR_REQUIRED=True)
def test_enrolment_with_a_valid_code_opens_the_pages_and_gives_backup_codes(client, demo_users):
    user = demo_users["taichinh"]
    with time_machine.travel(T0, tick=False):
        _login(client, "taichinh")
        client.get(reverse("accounts:two_factor_setup"))
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000", "next": "/ho-tro/"})
        assert "Mã xác thực không đúng" in wrong.content.decode()
        assert client.get("/ho-tro/").status_code == 302
        response = client.post(reverse("accounts:two_factor_setup"), {"code": _totp(device, T0), "next": "/ho-tro/"})
        assert response.status_code == 200
        codes = response.context["codes"]
        assert len(codes) == 10
        assert client.get("/ho-tro/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert StatusChange.objects.filter(object_id=user.pk, to_state="two_factor:enrolled").exists()


@pytest.mark.django_db
@override_settings(OCOP_TWO_FACTOR_REQUIRED=True)
def test_an_enrolled_user_passes_with_a_valid_code_and_is_refused_with_a_wrong_one(client, demo_users):
    user = demo_users["taichinh"]
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    with time_machine.travel(T0, tick=False):
        _login(client, "taichinh")
        response = client.get("/ho-tro/")
        assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
        wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "123456", "next": "/ho-tro/"})
        assert wrong.status_code == 200
        assert "Mã xác thực không đúng" in wrong.content.decode()
        assert client.get("/ho-tro/").status_code == 302
        # A code of ten minutes ago is no longer valid.
        stale = client.post(
            reverse("accounts:two_factor_verify"),
            {"code": _totp(device, T0 - dt.timedelta(minutes=10)), "next": "/ho-tro/"},
        )
        assert stale.status_code == 200
    # django-otp slows guessing down: after two failures the device waits a few seconds.
    later = T0 + dt.timedelta(seconds=10)
    with time_machine.travel(later, tick=False):
        ok = client.post(reverse("accounts:two_factor_verify"), {"code": _totp(device, later), "next": "/ho-tro/"})
        assert ok.status_code == 302 and ok["Location"] == "/ho-tro/"
        assert client.get("/ho-tro/").status_code == 200


@pytest.mark.django_db
@override_settings(OCOP_TWO_FACTOR_REQUIRED=True)
def test_a_backup_code_works_once(client, demo_users):
    from accounts.services import two_factor_confirm, two_factor_start

    user = demo_users["phongnn"]
    with time_machine.travel(T0, tick=False):
        device = two_factor_start(user=user)
        codes = two_factor_confirm(user=user, token=_totp(device, T0))
    _login(client, "phongnn")
    ok = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0], "next": "/"})
    assert ok.status_code == 302
    client.logout()
    _login(client, "phongnn")
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0], "next": "/"})
    assert again.status_code == 200


@pytest.mark.django_db
@override_settings(OCOP_TWO_FACTOR_REQUIRED=True)
def test_a_commune_officer_is_not_asked_for_a_second_factor(client, demo_users):
    _login(client, "xa.baoson")
    assert client.get(reverse("home"), follow=True).status_code == 200
    assert client.get("/ho-so/").status_code == 200


@pytest.mark.django_db
def test_when_optional_only_enrolled_users_are_asked(client, demo_users):
    assert settings.OCOP_TWO_FACTOR_REQUIRED is False
    _login(client, "taichinh")
    assert client.get("/ho-tro/").status_code == 200
    client.logout()
    TOTPDevice.objects.create(user=demo_users["taichinh"], name="app", confirmed=True)
    _login(client, "taichinh")
    assert client.get("/ho-tro/")["Location"].startswith(reverse("accounts:two_factor_verify"))


@pytest.mark.django_db
def test_the_admin_resets_a_lost_device_with_history_and_nobody_else_may(demo_users):
    from django.core.exceptions import PermissionDenied

    user = demo_users["taichinh"]
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    StaticDevice.objects.create(user=user, name="backup")
    with pytest.raises(PermissionDenied):
        two_factor_reset(user=user, actor=demo_users["phongnn"])
    assert TOTPDevice.objects.filter(user=user).exists()
    two_factor_reset(user=user, actor=demo_users["admin"])
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert StatusChange.objects.filter(object_id=user.pk, to_state="two_factor:reset", actor=demo_users["admin"]).exists()


@pytest.mark.django_db
def test_the_admin_action_resets_two_factor(client, demo_users):
    user = demo_users["taichinh"]
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(demo_users["admin"])
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_two_factor", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_production_settings_require_two_factor():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings.production",
           "DJANGO_SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "ocop.example.vn"}
    env.pop("OCOP_TWO_FACTOR_REQUIRED", None)
    code = "import django; django.setup(); from django.conf import settings; print(settings.OCOP_TWO_FACTOR_REQUIRED)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


# --- idle staff sessions -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["phongnn", "xa.baoson"])
def test_a_staff_session_ends_after_the_idle_minutes(client, demo_users, username):
    with time_machine.travel(T0, tick=False):
        client.force_login(demo_users[username])
        assert client.get(reverse("home")).status_code in (200, 302)
    with time_machine.travel(T0 + dt.timedelta(minutes=settings.OCOP_STAFF_IDLE_MINUTES - 1), tick=False):
        assert client.get("/ho-so/").status_code == 200
    # Activity moved the clock on: 29 more minutes are still within the window.
    with time_machine.travel(T0 + dt.timedelta(minutes=2 * settings.OCOP_STAFF_IDLE_MINUTES - 2), tick=False):
        assert client.get("/ho-so/").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(minutes=3 * settings.OCOP_STAFF_IDLE_MINUTES), tick=False):
        response = client.get("/ho-so/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert SESSION_KEY not in client.session
        page = client.get(response["Location"])
        assert "không thao tác" in page.content.decode()


# --- passwords -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab1-xyz", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("1234567890123", "Mật khẩu không được chỉ gồm chữ số."),
        ("password1234", "Mật khẩu này quá phổ biến"),
        ("phongnn-2026", "Mật khẩu quá giống thông tin tài khoản"),
    ],
)
def test_password_rules_speak_vietnamese(client, demo_users, password, message):
    client.force_login(demo_users["phongnn"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "This password" not in response.content.decode()


# --- sign-in log ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_user_sees_their_own_sign_ins_and_failures_only(client, demo_users):
    _login(client, "phongnn", "sai", address="10.2.2.2")
    _login(client, "phongnn", address="10.3.3.3")
    _login(type(client)(), "taichinh", address="10.4.4.4")
    response = client.get(reverse("accounts:security"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "10.2.2.2" in text and "Sai mật khẩu" in text
    assert "10.3.3.3" in text and "Thành công" in text
    assert "10.4.4.4" not in text


def test_the_sign_in_log_needs_a_login(client):
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- password reset ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_answers_the_same_whether_or_not_the_account_exists(client, demo_users):
    known = client.post(reverse("accounts:password_reset"), {"email": "phongnn@ocop.invalid"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "khong-ai@ocop.invalid"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["phongnn@ocop.invalid"]
    assert mail.outbox[0].subject == "Đặt lại mật khẩu Cổng OCOP"
    assert "/tai-khoan/dat-lai-mat-khau/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_reset_link_sets_a_new_password_once(client, demo_users):
    import re

    client.post(reverse("accounts:password_reset"), {"email": "phongnn@ocop.invalid"})
    link = re.search(r"/tai-khoan/dat-lai-mat-khau/\S+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "Lua-moi-Luc-Nam-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _login(type(client)(), "phongnn", new).status_code == 302
    again = client.get(link, follow=True)
    assert "không hợp lệ" in again.content.decode()
