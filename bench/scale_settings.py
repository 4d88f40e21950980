"""Settings of the side-by-side bench: base settings, DEBUG off, sessions in the database (the bench
process creates them, gunicorn's workers read them), no cache (pages and admin measured uncached)."""

from ocop_portal.settings.base import *  # noqa: F403

DEBUG = False
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
