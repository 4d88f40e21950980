"""A Celery app pointed at a closed port (the broker is down), for unit tests of the outbox.

Not eager: tasks are really published, and publishing fails the way it does in production when
Redis is unreachable.
"""

import contextlib

CLOSED_BROKER = "redis://127.0.0.1:1/0"


def _reset_pools(app):
    app._pool = None
    with contextlib.suppress(AttributeError):
        app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_at(url: str):
    from ocop_portal.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.result_backend)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app.conf.result_backend = None
    app.conf.broker_connection_timeout = 1
    _reset_pools(app)
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager, app.conf.result_backend = saved
        _reset_pools(app)
