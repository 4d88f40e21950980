"""Query values found by fuzzing that used to answer 500 on the office's event list (issue 9 item 13)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["abc", "-1", "%00", "2021-13-45", "1e9", "99999999999999999999"])
def test_hostile_year_on_the_event_list(client_as, year):
    response = client_as("phongnn").get("/xuc-tien/su-kien/", {"year": year})
    assert response.status_code == 200
    assert "/xuc-tien/bao-cao-nam/" not in response.content.decode()


def test_valid_year_still_offers_the_year_report(client_as):
    html = client_as("phongnn").get("/xuc-tien/su-kien/", {"year": "2021"}).content.decode()
    assert "/xuc-tien/bao-cao-nam/2021.xlsx" in html and "/xuc-tien/bao-cao-nam/2021.pdf" in html
