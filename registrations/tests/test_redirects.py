"""A `next` is followed only to this site (Django's url_has_allowed_host_and_scheme), never to
`/\\evil.example`, `//evil.example` or `https://evil.example` (issue 9, view glue)."""

import pytest
from django.test import RequestFactory

from accounts.redirects import safe_next
from registrations.models import Registration
from registrations.tests.factories import RegistrationFactory

HOSTILE = ["/\\evil.example", "//evil.example", "https://evil.example", "http://evil.example/ho-so/", "\\\\evil.example",
           " //evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_next_goes_to_the_fallback(target):
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, "/ho-so/tiep-nhan/")["Location"] == "/ho-so/tiep-nhan/"


def test_same_site_next_is_followed():
    request = RequestFactory().get("/x/", {"next": "/ho-so/tiep-nhan/?commune=3"})
    assert safe_next(request, "/")["Location"] == "/ho-so/tiep-nhan/?commune=3"


@pytest.mark.parametrize("target", ["/\\evil.example", "//evil.example", "https://evil.example"])
def test_review_never_redirects_off_site(demo_users, period_2021, client_as, target):
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED)
    response = client_as("phongnn").post(f"/ho-so/{registration.pk}/xet/", {"action": "accept", "confirm_missing": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/ho-so/tiep-nhan/"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ACCEPTED


def test_review_follows_a_same_site_next(demo_users, period_2021, client_as):
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED)
    response = client_as("phongnn").post(f"/ho-so/{registration.pk}/xet/", {"action": "accept", "confirm_missing": "1",
                                                                          "next": "/ho-so/tiep-nhan/?status=submitted"})
    assert response["Location"] == "/ho-so/tiep-nhan/?status=submitted"
