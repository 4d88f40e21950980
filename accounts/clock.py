"""The one clock the services read when they stamp a row ("now", "today").

Services write timestamps (history rows, a sheet's submission, a round's closing, a list's sending)
through ``now()``/``localdate()`` rather than ``django.utils.timezone`` directly, so that a caller can
run a service *as of* a past moment with ``at(moment)``: the demo seeds the 2021 Lục Nam flow step by
step at its 2021 dates (the period's deadline, the rounds' dates, the decisions' dates), and the
statistics' period reports, which cut by those timestamps, read the demo as it happened. The
services still run all their checks; only the moment they believe it is changes. Outside ``at()``
the clock is the real one. Reads of "today" by views and selectors stay on the real clock.
"""

import contextvars
import datetime
from contextlib import contextmanager

from django.utils import timezone

_moment: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar("ocop_clock_moment", default=None)


def now() -> datetime.datetime:
    """The current moment: the one set by ``at()`` if any, else the real time."""
    moment = _moment.get()
    return moment if moment is not None else timezone.now()


def localdate() -> datetime.date:
    """Today in the project's time zone, by ``now()``."""
    return timezone.localdate(now())


@contextmanager
def at(moment: datetime.datetime | datetime.date):
    """Run the block as of `moment` (a date means 09:00 local time that day). For seeding a past
    year's demo; not for requests."""
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(9))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _moment.set(moment)
    try:
        yield moment
    finally:
        _moment.reset(token)
