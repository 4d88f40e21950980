"""Settings of the catalogue benchmark: the project's base settings, DEBUG off, and the catalogue
pinned to a day on which the 2021 demo recognitions (and the synthetic ones) are in force."""

import datetime

from ocop_portal.settings.base import *  # noqa: F403

DEBUG = False
OCOP_CATALOGUE_AS_OF = datetime.date(2022, 6, 1)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
