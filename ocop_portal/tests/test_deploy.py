"""Production settings pass Django's deployment checks and refuse to start without a secret key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _manage(*args, env_extra):
    # A clean environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for the whole session.
    dropped = ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "ocop_portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "ocop.example.vn",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_requires_a_secret_key():
    result = _manage(
        "check",
        env_extra={"DJANGO_SETTINGS_MODULE": "ocop_portal.settings.production", "ALLOWED_HOSTS": "ocop.example.vn"},
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_gunicorn_workers_freeze_what_they_loaded_at_start():
    """gunicorn reads ./gunicorn.conf.py from the project root; its post_worker_init hook moves the loaded
    objects out of the garbage collector's sight (gc.freeze), so full collections stop walking them."""
    import gc
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000
        assert len(gc.get_objects()) < gc.get_freeze_count() / 10
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_gunicorn_reads_the_projects_config_file():
    from gunicorn.app.base import Application

    class Probe(Application):
        def init(self, parser, opts, args):
            return {}

        def load(self):
            return None

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        sys_argv, sys.argv = sys.argv, ["gunicorn", "ocop_portal.wsgi"]
        try:
            probe = Probe()
        finally:
            sys.argv = sys_argv
    finally:
        os.chdir(cwd)
    assert probe.cfg.post_worker_init.__module__ != "gunicorn.config"  # the project's hook, not the default


@pytest.mark.postgres
def test_postgresql_connections_run_without_jit(db):
    """JIT compiling (by cost estimate) cost the catalogue's count more than the query (bench/README.md)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
