"""Input found by fuzzing that used to answer 500 (issue 9 item 13): a non-number in a score field."""

import pytest
from django.urls import reverse

from evaluations.models import CouncilMember, Scorecard
from evaluations.tests.factories import levels_for, make_council, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(demo_users):
    users = [demo_users["hoidong.chutich"], demo_users["hoidong.tv1"], demo_users["hoidong.tv2"]]
    council = make_council(users=users, secretary=False)
    CouncilMember.objects.create(council=council, user=demo_users["thuky"], position="secretary", order=9)
    return make_round(council=council, products=1, hide_scores_until_close=False).entries.first()


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
