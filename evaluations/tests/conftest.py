"""Fixtures shared by the evaluations tests."""

import pytest

from evaluations.models import CouncilMember
from evaluations.tests.factories import make_council


@pytest.fixture
def council(demo_users):
    users = [demo_users["hoidong.chutich"], demo_users["hoidong.tv1"], demo_users["hoidong.tv2"]]
    c = make_council(users=users, secretary=False)
    CouncilMember.objects.create(council=c, user=demo_users["thuky"], position="secretary", order=9)
    return c
