"""The shared overdue badge on lists and home panels."""

import datetime

from notifications.templatetags.overdue import is_overdue, overdue

D = datetime.date


def test_is_overdue():
    assert is_overdue(D(2021, 3, 31), today=D(2021, 4, 1))
    assert not is_overdue(D(2021, 3, 31), today=D(2021, 3, 31))
    assert not is_overdue(D(2021, 3, 31), done=datetime.datetime(2021, 3, 30), today=D(2021, 4, 1))
    assert not is_overdue(None)
    assert 'data-overdue="1"' in overdue(D(2000, 1, 1)) and overdue(D(2999, 1, 1)) == ""
