"""Input found by fuzzing that used to answer 500 (issue 9 item 13): a non-number in a score field."""

import pytest
from django.urls import reverse

from evaluations.models import Scorecard
from evaluations.tests.factories import levels_for
from evaluations.tests.test_views import round_  # noqa: F401 - the shared fixture (council: evaluations/tests/conftest.py)

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(round_):  # noqa: F811 - the imported fixture
    return round_.entries.first()


@pytest.mark.parametrize("bad", ["abc", "1.5", "%00", "-", "9" * 40])
def test_non_number_in_a_score_field_is_an_error_not_a_500(client_as, entry, bad):
    data = {f"c{k}": v for k, v in levels_for(entry.sheet, pick="max").items()}
    first = next(iter(data))
    data[first] = bad
    data["save"] = "1"
    client = client_as("hoidong.chutich")
    response = client.post(reverse("evaluations:score_entry", args=[entry.pk]), data)
    assert response.status_code == 200
    assert "Mức điểm" in response.content.decode()  # the service's message, shown on the page
    assert not Scorecard.objects.exists()
    preview = client.post(reverse("evaluations:score_preview", args=[entry.pk]), data)
    assert preview.status_code == 200


def test_round_title_with_a_line_break_reaches_a_one_line_subject(demo_users, entry, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    from accounts.models import StatusChange
    from evaluations import services

    the_round = entry.round
    the_round.name = "Đợt 1\r\nBcc: evil@example.com"
    the_round.save(update_fields=["name"])
    for user in (demo_users["hoidong.chutich"], demo_users["hoidong.tv1"]):
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.round_remind_missing(round=the_round, actor=demo_users["thuky"])
    assert sent == len(mailoutbox) >= 2
    for mail in mailoutbox:
        assert "\n" not in mail.subject and "\r" not in mail.subject
        assert mail.recipients() == [mail.to[0]]  # no header smuggled in
    assert StatusChange.objects.filter(object_id=the_round.pk, to_state="reminded").count() == 1


def test_no_reminder_recorded_when_no_mail_goes(demo_users, entry, mailoutbox, django_capture_on_commit_callbacks):
    from accounts.models import StatusChange, User
    from evaluations import services

    User.objects.update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.round_remind_missing(round=entry.round, actor=demo_users["thuky"])
    assert sent == 0 and not mailoutbox
    assert not StatusChange.objects.filter(object_id=entry.round.pk, to_state="reminded").exists()
