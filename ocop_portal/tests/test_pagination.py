"""The one page navigation (templates/_pagination.html) every list includes."""

from urllib.parse import parse_qs

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db  # the context processors read the session's settings


def _request(rf, *args):
    request = rf.get(*args)
    request.user = AnonymousUser()  # the context processors read it
    return request


def _links(html):
    import re

    return [parse_qs(href.replace("&amp;", "&").lstrip("?")) for href in re.findall(r'href="([^"]*)"', html)]


def test_the_links_keep_every_filter_and_change_only_the_page(rf):
    request = _request(rf, "/ho-tro/", {"status": "paid", "q": "Dứa & Na", "commune": ["1", "2"], "page": "2"})
    html = render_to_string("_pagination.html", {"page": Paginator(range(120), 50).get_page(2)}, request=request)
    previous, following = _links(html)
    assert previous == {"status": ["paid"], "q": ["Dứa & Na"], "commune": ["1", "2"], "page": ["1"]}
    assert following == {**previous, "page": ["3"]}
    assert "2/3" in html


def test_one_page_shows_no_navigation(rf):
    html = render_to_string("_pagination.html", {"page": Paginator(range(10), 50).get_page(1)}, request=_request(rf, "/"))
    assert "pagination" not in html
