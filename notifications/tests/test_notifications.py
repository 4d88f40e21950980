"""The notification centre: notify() by preference, the bell, the list, mark read, preferences,
digest, reminders once per occasion, and the one e-mail path (outbox, after commit, safe subjects)."""

import smtplib

import pytest
from django.core import mail

from accounts.models import OutboxMessage
from accounts.tests.factories import make_user
from notifications import mail as notification_mail
from notifications import services
from notifications.kinds import register_kind
from notifications.models import Delivery, Notification, Preference, ReminderLog

pytestmark = pytest.mark.django_db

KIND = "test_kind"
register_kind(KIND, "Loại thử")


@pytest.fixture
def users(db):
    return make_user("commune_officer"), make_user("commune_officer"), make_user("commune_officer", email="")


def test_notify_creates_one_row_per_user_and_mails_after_commit(users, django_capture_on_commit_callbacks):
    a, b, no_mail = users
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = services.notify([a, b, a, no_mail], KIND, "Tiêu đề\r\nxuống dòng", "/ho-so/1/", body="Nội dung")
    assert len(rows) == 3 and mail.outbox == []  # nothing before the commit
    assert OutboxMessage.objects.filter(task="notifications.send_email").count() == 2
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    message = mail.outbox[0]
    assert message.subject == "[OCOP] Tiêu đề xuống dòng" and "Nội dung" in message.body and "/ho-so/1/" in message.body
    assert Notification.objects.get(user=no_mail).email == Notification.Email.NONE


def test_rollback_leaves_no_notification_and_no_mail(users, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.notify([users[0]], KIND, "x")
        raise RuntimeError
    assert not Notification.objects.exists() and mail.outbox == [] and not OutboxMessage.objects.exists()


def test_a_failing_mail_server_keeps_the_mail_pending(users, monkeypatch, settings, django_capture_on_commit_callbacks):
    def down(**kwargs):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr(notification_mail, "deliver", down)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([users[0]], KIND, "x")
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.PENDING and "SMTPConnectError" in row.last_error
    monkeypatch.undo()
    from accounts.outbox import outbox_redispatch

    assert outbox_redispatch() == 0  # retried after OCOP_OUTBOX_REDISPATCH_AFTER, not at once
    settings.OCOP_OUTBOX_REDISPATCH_AFTER = 0
    assert outbox_redispatch() == 1 and len(mail.outbox) == 1


def test_preferences_digest_and_never(users, django_capture_on_commit_callbacks):
    a, b, _ = users
    services.preferences_set(actor=a, choices={KIND: Delivery.DIGEST})
    services.preferences_set(actor=b, choices={KIND: Delivery.NEVER})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([a, b], KIND, "Một", "/a/")
        services.notify([a, b], KIND, "Hai", "/b/")
    assert mail.outbox == [] and Notification.objects.count() == 4  # still in the bell
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send() == 1
    assert [m.to for m in mail.outbox] == [[a.email]]
    assert "Một" in mail.outbox[0].body and "Hai" in mail.outbox[0].body and "Tổng hợp 2" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send() == 0  # once
    assert len(mail.outbox) == 1


def test_remind_once_per_recipient_and_occasion(users, django_capture_on_commit_callbacks):
    a, b, _ = users
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind(users=[a], occasion="hạn:1", kind=KIND, title="Nhắc") == 1
        assert services.remind(users=[a, b], occasion="hạn:1", kind=KIND, title="Nhắc") == 1  # only b is new
        assert services.remind(users=[a, b], occasion="hạn:1", kind=KIND, title="Nhắc") == 0
        assert services.remind(users=[a], occasion="hạn:2", kind=KIND, title="Nhắc") == 1
    assert ReminderLog.objects.count() == 3 and Notification.objects.filter(user=a).count() == 2
    assert len(mail.outbox) == 3


def test_bell_list_open_and_mark_all(client, users):
    a, b, _ = users
    services.notify([a], KIND, "Hồ sơ bị trả lại", "/ho-so/")
    services.notify([a], KIND, "Ngoài", "https://evil.example/")
    other = services.notify([b], KIND, "Của người khác", "/x/")[0]
    client.force_login(a)
    page = client.get("/thong-bao/").content.decode()
    assert 'id="notification-count">2<' in page and "Hồ sơ bị trả lại" in page and "Của người khác" not in page
    mine = Notification.objects.get(user=a, title="Hồ sơ bị trả lại")
    assert client.get(f"/thong-bao/{mine.pk}/mo/").status_code == 405  # GET never writes
    response = client.post(f"/thong-bao/{mine.pk}/mo/")
    assert response.status_code == 302 and response["Location"] == "/ho-so/"
    evil = Notification.objects.get(user=a, title="Ngoài")
    assert client.post(f"/thong-bao/{evil.pk}/mo/")["Location"] == "/thong-bao/"  # never an off-site redirect
    assert client.post(f"/thong-bao/{other.pk}/mo/").status_code == 404  # another user's
    assert Notification.objects.get(pk=other.pk).read_at is None
    services.notify([a], KIND, "Mới", "/y/")
    assert 'id="notification-count">1<' in client.get("/thong-bao/").content.decode()
    client.post("/thong-bao/da-doc-het/")
    assert 'id="notification-count"' not in client.get("/thong-bao/").content.decode()
    assert Notification.objects.filter(user=b, read_at__isnull=True).count() == 1


def test_anonymous_is_sent_to_login(client):
    assert client.get("/thong-bao/")["Location"].startswith("/tai-khoan/")
    assert client.get("/thong-bao/tuy-chon/").status_code == 302


def test_bell_costs_one_query_per_request(client, users, django_assert_num_queries):
    a = users[0]
    services.notify([a], KIND, "x", "/")
    client.force_login(a)
    client.get("/tai-khoan/doi-mat-khau/")  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/tai-khoan/doi-mat-khau/")
    assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1


@pytest.mark.parametrize("size", [3, 60])
def test_list_page_fixed_queries(client, users, size, django_assert_max_num_queries):
    a = users[0]
    Notification.objects.bulk_create([Notification(user=a, kind=KIND, title=f"T{i}", url="/") for i in range(size)])
    client.force_login(a)
    with django_assert_max_num_queries(8):
        response = client.get("/thong-bao/")
    assert response.status_code == 200 and response.content.decode().count("data-notification=") == min(size, 25)


def test_preferences_page(client, users):
    a = users[0]
    client.force_login(a)
    page = client.get("/thong-bao/tuy-chon/").content.decode()
    assert "Loại thử" in page and "Gộp vào e-mail tổng hợp hằng ngày" in page
    assert client.post("/thong-bao/tuy-chon/", {KIND: "bogus"}).status_code == 200  # a field error, not a 500
    assert not Preference.objects.exists()
    from notifications.kinds import KINDS

    data = {code: Delivery.IMMEDIATE for code in KINDS} | {KIND: Delivery.NEVER}
    assert client.post("/thong-bao/tuy-chon/", data).status_code == 302
    assert Preference.objects.get(user=a, kind=KIND).delivery == Delivery.NEVER


def test_beat_schedule_in_settings_names_registered_tasks(settings):
    from ocop_portal.celery import app

    app.loader.import_default_modules()
    for name in ("notifications-daily-digest", "registrations-reminders", "evaluations-reminders",
                 "evaluations-expiring-certificates", "accounts-outbox-redispatch"):
        assert settings.CELERY_BEAT_SCHEDULE[name]["task"] in app.tasks, name
        assert app.conf.beat_schedule[name]["task"] == settings.CELERY_BEAT_SCHEDULE[name]["task"]
