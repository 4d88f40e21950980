"""Production settings pass Django's deployment checks and refuse to start without a secret key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

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
