"""A Celery app pointed at a closed port (the broker is down), for unit tests of the outbox.

Not eager: tasks are really published, and publishing fails the way it does in production when
Redis is unreachable.
"""

import contextlib
import os

CLOSED_BROKER = "redis://127.0.0.1:1/0"


def _reset_pools(app):
    from accounts import outbox

    outbox._broker_down_until = 0.0  # each test starts with no memory of a broker failure
    app._pool = None
    with contextlib.suppress(AttributeError):
        app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_at(url: str):
    from ocop_portal.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.result_backend)
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url  # Celery reads the environment before its own setting
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app.conf.result_backend = None
    app.conf.broker_connection_timeout = 1
    _reset_pools(app)
    try:
        yield app
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app.conf.broker_url, app.conf.task_always_eager, app.conf.result_backend = saved
        _reset_pools(app)
