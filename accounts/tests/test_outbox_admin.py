"""The outbox in the admin: a read-only list for the national level, and the action that sends failed
or stuck work again through accounts.outbox.outbox_requeue (permission, history, dispatch after commit)."""

from datetime import timedelta

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import OutboxMessage, StatusChange
from accounts.outbox import outbox_requeue
from accounts.roles import Role
from accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db

LIST = "/quan-tri/accounts/outboxmessage/"
S = OutboxMessage.Status


def _row(status, task="notifications.send_email", **kw):
    return OutboxMessage.objects.create(task=task, status=status, attempts=kw.pop("attempts", 10), **kw)


@pytest.fixture
def rows():
    long_ago = timezone.now() - timedelta(days=1)
    return {
        "failed1": _row(S.FAILED, last_error="SMTPServerDisconnected: gone"),
        "failed2": _row(S.FAILED, task="registrations.export_xlsx", last_error="MemoryError"),
        "failed_other": _row(S.FAILED, last_error="not selected"),
        "done": _row(S.DONE, attempts=1, done_at=long_ago),
        "pending": _row(S.PENDING, attempts=2),
        "stuck": _row(S.RUNNING, attempts=1, claimed_at=long_ago),
        "running": _row(S.RUNNING, attempts=1, claimed_at=timezone.now()),
    }


def _staff(role, *codenames, unit_code=None):
    user = make_user(role, unit_code)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames))
    return user


def _requeue(client, *selected):
    return client.post(LIST, {"action": "requeue", helpers.ACTION_CHECKBOX_NAME: [r.pk for r in selected]})


def test_the_list_answers_for_the_admin_with_filters_and_search(client_as, rows):
    client = client_as("admin")
    page = client.get(LIST)
    assert page.status_code == 200
    assert [r.pk for r in page.context["cl"].result_list] == [r.pk for r in rows.values()]
    failed = client.get(LIST, {"status": "failed"}).context["cl"].result_list
    assert {r.pk for r in failed} == {rows["failed1"].pk, rows["failed2"].pk, rows["failed_other"].pk}
    by_task = client.get(LIST, {"task": "registrations.export_xlsx"}).context["cl"].result_list
    assert [r.pk for r in by_task] == [rows["failed2"].pk]
    found = client.get(LIST, {"q": "SMTPServer"}).context["cl"].result_list
    assert [r.pk for r in found] == [rows["failed1"].pk]
    today = str(timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0))
    assert len(client.get(LIST, {"created_at__gte": today}).context["cl"].result_list) == len(rows)
    old = _row(S.DONE, created_at=timezone.now() - timedelta(days=3))
    assert old.pk not in {r.pk for r in client.get(LIST, {"created_at__gte": today}).context["cl"].result_list}
    detail = client.get(f"{LIST}{rows['failed1'].pk}/change/")
    assert detail.status_code == 200 and "SMTPServerDisconnected" in detail.content.decode()
    assert not detail.context["has_change_permission"] and not detail.context["has_delete_permission"]
    assert client.get(f"{LIST}add/").status_code == 403


def test_the_action_requeues_exactly_the_selected_failed_or_stuck_rows(client_as, rows, demo_users,
                                                                       django_capture_on_commit_callbacks):
    client = client_as("admin")
    selected = [rows[k] for k in ("failed1", "failed2", "done", "pending", "stuck", "running")]
    before = {r.pk: (r.status, r.attempts) for r in OutboxMessage.objects.all()}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _requeue(client, *selected)
    assert response.status_code == 302
    after = {r.pk: (r.status, r.attempts) for r in OutboxMessage.objects.all()}
    requeued = {rows[k].pk for k in ("failed1", "failed2", "stuck")}
    assert {pk for pk in after if after[pk] != before[pk]} == requeued
    assert all(after[pk] == (S.PENDING, 0) for pk in requeued)
    assert len(callbacks) == 3  # each is handed to the broker after the commit
    history = StatusChange.objects.filter(workflow="outbox", to_state="outbox_requeued")
    assert sorted(history.values_list("object_id", flat=True)) == sorted(requeued)
    assert {h.actor_id for h in history} == {demo_users["admin"].pk}
    assert "SMTPServerDisconnected" in history.get(object_id=rows["failed1"].pk).note


def test_staff_without_the_permission_cannot_requeue(client, rows):
    reader = _staff(Role.NATIONAL_ADMIN, "view_outboxmessage")
    client.force_login(reader)
    page = client.get(LIST)
    assert page.status_code == 200
    assert page.context["action_form"] is None  # no action is offered
    _requeue(client, rows["failed1"])
    rows["failed1"].refresh_from_db()
    assert rows["failed1"].status == S.FAILED
    with pytest.raises(PermissionDenied):
        outbox_requeue(messages=[rows["failed1"]], actor=reader)
    assert not StatusChange.objects.filter(workflow="outbox").exists()


def test_staff_with_the_permission_requeue(client, rows):
    operator = _staff(Role.NATIONAL_ADMIN, "view_outboxmessage", "requeue_outboxmessage")
    client.force_login(operator)
    assert _requeue(client, rows["failed1"]).status_code == 302
    rows["failed1"].refresh_from_db()
    assert rows["failed1"].status == S.PENDING


def test_the_outbox_is_national_a_unit_admin_does_not_read_it(client, rows):
    unit_admin = _staff(Role.UNIT_ADMIN, "view_outboxmessage", "requeue_outboxmessage", unit_code="24")
    client.force_login(unit_admin)
    assert client.get(LIST).status_code == 403
    with pytest.raises(PermissionDenied):
        outbox_requeue(messages=[rows["failed1"]], actor=unit_admin)


def test_the_list_runs_a_fixed_number_of_queries(client_as, rows, django_assert_max_num_queries):
    client = client_as("admin")
    client.get(LIST)
    with django_assert_max_num_queries(20) as small:
        client.get(LIST)
    for _ in range(30):
        _row(S.FAILED, last_error="again")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["cl"].result_list) == len(rows) + 30
