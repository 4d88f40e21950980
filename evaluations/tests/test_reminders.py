"""Round deadline reminders (issue 13 item 5): 3 and 1 days before, to the members who have not
submitted their sheets; once per member and occasion."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from evaluations.models import CouncilMember
from evaluations.reminders import send_reminders
from evaluations.tests.factories import make_card, make_round
from notifications.models import Notification

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day):
    return time_machine.travel(datetime.datetime(2021, 7, day, 8, tzinfo=HCM), tick=False)


def test_round_deadline_reminds_members_with_missing_sheets_once(demo_users):
    round_ = make_round(products=1)  # deadline 10/07/2021
    members = list(round_.council.members.filter(position__in=CouncilMember.SCORING_POSITIONS))
    make_card(round_.entries.get(), members[0], 70)  # the first has submitted
    with at(5):
        assert send_reminders() == 0
    with at(7):
        assert send_reminders() == 2
        assert send_reminders() == 0
    reminded = set(Notification.objects.filter(kind="round_deadline").values_list("user_id", flat=True))
    assert reminded == {members[1].user_id, members[2].user_id}
    with at(9):
        assert send_reminders() == 2
    with at(11):
        assert send_reminders() == 0
    assert Notification.objects.filter(kind="round_deadline").count() == 4
    assert not Notification.objects.filter(user=members[0].user).exists()
