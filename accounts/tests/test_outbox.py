"""The outbox (accounts.outbox): work recorded in the request's transaction, dispatched after the
commit, kept pending while the broker is down, re-dispatched by beat and run once."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts.models import OutboxMessage
from accounts.outbox import outbox_dispatch, outbox_enqueue, outbox_redispatch, outbox_run
from accounts.tests.broker import CLOSED_BROKER, broker_at
from ocop_portal.celery import app

pytestmark = pytest.mark.django_db

CALLS = []


@app.task(name="accounts.tests.record_call")
def record_call(value):
    CALLS.append(value)
    return value


@app.task(name="accounts.tests.always_fails")
def always_fails():
    raise RuntimeError("mail server down")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


def test_nothing_is_dispatched_before_commit_and_nothing_after_rollback(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = outbox_enqueue("accounts.tests.record_call", "a")
    assert CALLS == [] and row.status == OutboxMessage.Status.PENDING and len(callbacks) == 1
    callbacks[0]()
    row.refresh_from_db()
    assert CALLS == ["a"] and row.status == OutboxMessage.Status.DONE and row.attempts == 1


def test_broker_down_keeps_the_row_pending_then_redispatch_runs_it_once(django_capture_on_commit_callbacks):
    started = time.monotonic()
    with broker_at(CLOSED_BROKER), django_capture_on_commit_callbacks(execute=True):
        row = outbox_enqueue("accounts.tests.record_call", "b")  # the after-commit dispatch must not raise
    assert time.monotonic() - started < 10
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.PENDING and row.dispatched_at is None
    assert "dispatch" in row.last_error and CALLS == []
    with broker_at(CLOSED_BROKER):
        assert outbox_redispatch() == 0  # still down: stays pending
    # The broker is back (eager here): the beat task sends it; a second beat run and a duplicate
    # delivery do not run the work again.
    assert outbox_redispatch() == 1
    assert outbox_redispatch() == 0
    assert outbox_run(row.pk) == "skipped"
    assert outbox_dispatch(row.pk) is True
    row.refresh_from_db()
    assert CALLS == ["b"] and row.status == OutboxMessage.Status.DONE and row.attempts == 1


def test_a_failing_task_is_retried_then_left_failed(settings):
    settings.OCOP_OUTBOX_MAX_ATTEMPTS = 2
    row = OutboxMessage.objects.create(task="accounts.tests.always_fails")
    assert outbox_run(row.pk) == "retry"
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.PENDING and "mail server down" in row.last_error
    assert outbox_run(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.FAILED and row.attempts == 2
    assert outbox_run(row.pk) == "skipped"


def test_a_row_claimed_by_a_dead_worker_is_claimable_after_the_timeout(settings):
    row = OutboxMessage.objects.create(task="accounts.tests.record_call", args=["c"],
                                       status=OutboxMessage.Status.RUNNING, claimed_at=timezone.now())
    assert outbox_run(row.pk) == "skipped" and outbox_redispatch() == 0
    OutboxMessage.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert outbox_redispatch() == 1
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.DONE and CALLS == ["c"]


def test_a_recently_dispatched_row_is_not_sent_again_before_its_delay():
    row = OutboxMessage.objects.create(task="accounts.tests.record_call", args=["d"], dispatched_at=timezone.now())
    assert outbox_redispatch() == 0
    OutboxMessage.objects.filter(pk=row.pk).update(dispatched_at=timezone.now() - timedelta(hours=1))
    assert outbox_redispatch() == 1 and CALLS == ["d"]


def test_command_reports_and_dispatches(capsys):
    OutboxMessage.objects.create(task="accounts.tests.record_call", args=["e"])
    with broker_at(CLOSED_BROKER):
        call_command("outbox_dispatch")
    captured = capsys.readouterr()
    assert "dispatched=0 due=1 pending=1" in captured.out and "broker unreachable" in captured.err
    call_command("outbox_dispatch")
    assert "dispatched=1 due=1 pending=0" in capsys.readouterr().out and CALLS == ["e"]


def test_beat_schedule_redispatches_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["accounts-outbox-redispatch"]
    assert entry["task"] == "accounts.outbox_redispatch" and entry["schedule"] == 60.0
    app.loader.import_default_modules()
    assert {"accounts.outbox_redispatch", "accounts.run_outbox"} <= set(app.tasks)


def test_beat_task_purges_old_done_rows_only():
    from accounts.tasks import redispatch_outbox

    old = timezone.now() - timedelta(days=40)
    OutboxMessage.objects.create(task="accounts.tests.record_call", status=OutboxMessage.Status.DONE, done_at=old)
    kept = OutboxMessage.objects.create(task="accounts.tests.record_call", status=OutboxMessage.Status.FAILED)
    recent = OutboxMessage.objects.create(task="accounts.tests.record_call", status=OutboxMessage.Status.DONE,
                                          done_at=timezone.now())
    assert redispatch_outbox() == 0
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}


def test_healthz_reports_the_broker_and_the_outbox_backlog(client):
    OutboxMessage.objects.create(task="accounts.tests.record_call", args=["f"])
    with broker_at(CLOSED_BROKER), override_settings(CELERY_BROKER_URL=CLOSED_BROKER):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error") and response.json()["outbox_due"] == 1


def test_after_a_broker_failure_a_request_does_not_wait_on_the_broker_again(django_capture_on_commit_callbacks):
    with broker_at(CLOSED_BROKER):
        with django_capture_on_commit_callbacks(execute=True):
            outbox_enqueue("accounts.tests.record_call", "g")
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            for value in "hijk":
                outbox_enqueue("accounts.tests.record_call", value)
        assert time.monotonic() - started < 1  # skipped, not 4 more connection attempts
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 5
    assert outbox_redispatch() == 5 and CALLS == list("ghijk")  # the beat always tries
