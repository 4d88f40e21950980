"""A real task through a real broker (Redis) to a real worker process. Runs when CELERY_BROKER_URL is set
(.ci/run sets it to the machine's Redis); without a broker the portal runs tasks eagerly."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.broker,
    pytest.mark.xdist_group("broker"),  # one Redis database: the broker tests run on one worker
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="CELERY_BROKER_URL chưa đặt (chạy trong .ci/run)"),
]


@pytest.fixture
def worker():
    root = Path(settings.BASE_DIR)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings.test"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--concurrency=1",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_task_runs_on_real_worker(worker):
    from ocop_portal.celery import app, ping

    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(args=["ocop"])
        deadline = time.monotonic() + 60
        while not result.ready() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read().decode(errors="replace")
            time.sleep(0.2)
        assert result.get(timeout=5) == "pong:ocop"
    finally:
        app.conf.task_always_eager = True


def test_health_reports_broker_ok(client):
    assert client.get("/healthz/").json()["broker"] == "ok"
