"""Settings of the catalogue benchmark: the project's base settings, DEBUG off, and the catalogue
pinned to a day on which the 2021 demo recognitions (and the synthetic ones) are in force."""

import datetime
import os

from ocop_portal.settings.base import *  # noqa: F403

DEBUG = False
# CATALOGUE_AS_OF=today (an existing database, e.g. the nation preset) measures today's catalogue.
OCOP_CATALOGUE_AS_OF = None if os.environ.get("CATALOGUE_AS_OF") == "today" else datetime.date(2022, 6, 1)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
