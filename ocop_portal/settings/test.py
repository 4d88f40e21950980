"""Test settings: fast hashing, private temporary media, eager Celery unless a broker is given."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ocop-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEBUG = False
# Tests run tasks in-process even when a broker is configured; the broker test sends to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
