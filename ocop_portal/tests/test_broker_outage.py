"""Issue 9 item 12 against a real Redis that goes down and comes back: the test starts its own
redis-server on a free port (never the machine's main Redis), records work while it is down
(the row stays pending, /healthz/ reports the broker error), starts it, and a real worker process
runs the work once after the re-dispatch; then stops and restarts it again.

Runs in .ci/run (PostgreSQL: the worker process must see the test database; a broker configured)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from accounts.models import OutboxMessage
from accounts.outbox import outbox_enqueue, outbox_redispatch
from accounts.tests.broker import broker_at

pytestmark = [
    pytest.mark.broker,
    pytest.mark.xdist_group("broker"),  # one Redis database: the broker tests run on one worker
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="CELERY_BROKER_URL chưa đặt (chạy trong .ci/run)"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="cần redis-server"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    def __init__(self, port: int, tmp: Path):
        self.port, self.tmp, self.proc = port, tmp, None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.tmp)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc = None


@pytest.fixture
def own_redis(tmp_path):
    redis = OwnRedis(free_port(), tmp_path)
    yield redis
    redis.stop()


def start_worker(url: str) -> subprocess.Popen:
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings.test", "CELERY_BROKER_URL": url,
           "CELERY_RESULT_BACKEND": url, "DATABASE_URL": database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--concurrency=1",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=Path(settings.BASE_DIR), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_done(pk, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = OutboxMessage.objects.get(pk=pk)
        if row.status == OutboxMessage.Status.DONE:
            return row
        assert worker.poll() is None, worker.stdout.read().decode(errors="replace")
        time.sleep(0.3)
    raise AssertionError(f"outbox row {pk} still {row.status}")


def enqueue(value):
    with transaction.atomic():
        return outbox_enqueue("ocop_portal.ping", value)  # dispatched after this commit


def test_work_survives_a_real_broker_outage(transactional_db, own_redis, client):
    url = f"redis://127.0.0.1:{own_redis.port}/0"
    with broker_at(url):
        # 1. Redis is down: the request-side work is recorded, the dispatch fails quietly.
        first = enqueue("a")
        assert OutboxMessage.objects.get(pk=first.pk).status == OutboxMessage.Status.PENDING
        assert client.get("/healthz/").json()["broker"].startswith("error")
        # 2. Redis is up, a worker runs: the beat re-dispatch hands the row over, it runs once.
        own_redis.start()
        worker = start_worker(url)
        try:
            assert client.get("/healthz/").json()["broker"] == "ok"
            assert outbox_redispatch() == 1
            row = wait_done(first.pk, worker)
            assert row.attempts == 1
            # 3. Down again, then back: a second piece of work waits, then goes.
            own_redis.stop()
            second = enqueue("b")
            assert OutboxMessage.objects.get(pk=second.pk).status == OutboxMessage.Status.PENDING
            own_redis.start()
            deadline = time.monotonic() + 30
            while outbox_redispatch() == 0 and time.monotonic() < deadline:
                time.sleep(0.5)
            wait_done(second.pk, worker)
            assert OutboxMessage.objects.get(pk=first.pk).attempts == 1  # never run twice
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
