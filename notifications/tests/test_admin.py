"""The notifications in the admin: read-only, filtered by kind, read state, e-mail state and date,
searchable; the system administrator reads every user's, a unit administrator only those of the
users of its units, other staff none."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from notifications.kinds import register_kind
from notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = "/quan-tri/notifications/notification/"
register_kind("admin_test_kind", "Loại thử quản trị")


def _note(user, title, kind="admin_test_kind", **kw):
    return Notification.objects.create(user=user, kind=kind, title=title, **kw)


@pytest.fixture
def notes(demo_users):
    now = timezone.now()
    return {
        "phongnn": _note(demo_users["phongnn"], "Hồ sơ mới của xã Bảo Sơn", email=Notification.Email.QUEUED),
        "commune": _note(demo_users["xa.baoson"], "Hồ sơ bị trả lại", kind="other_kind", read_at=now),
        "other_province": _note(demo_users["so.nnmt"], "Đề xuất của xã Bảo Đài"),
        "old": _note(demo_users["phongnn"], "Nhắc hạn cũ", created_at=now - timedelta(days=40)),
    }


def _ids(response):
    return {n.pk for n in response.context["cl"].result_list}


def _staff(role, unit_code=None):
    user = make_user(role, unit_code)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(codename="view_notification"))
    return user


def test_the_list_answers_for_the_admin_with_filters_and_search(client_as, notes):
    client = client_as("admin")
    page = client.get(LIST)
    assert page.status_code == 200
    assert _ids(page) == {n.pk for n in notes.values()}
    assert "Loại thử quản trị" in page.content.decode()  # the kind's label, as registered
    assert _ids(client.get(LIST, {"kind": "admin_test_kind"})) == {notes[k].pk for k in ("phongnn", "other_province", "old")}
    assert _ids(client.get(LIST, {"read": "yes"})) == {notes["commune"].pk}
    assert _ids(client.get(LIST, {"email": "queued"})) == {notes["phongnn"].pk}
    since = str(timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=60))
    assert notes["old"].pk in _ids(client.get(LIST, {"created_at__gte": since}))
    week = str(timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=7))
    assert notes["old"].pk not in _ids(client.get(LIST, {"created_at__gte": week}))
    assert _ids(client.get(LIST, {"q": "Bảo Đài"})) == {notes["other_province"].pk}
    detail = client.get(f"{LIST}{notes['phongnn'].pk}/change/")
    assert detail.status_code == 200 and not detail.context["has_change_permission"]
    assert client.get(f"{LIST}add/").status_code == 403


def test_a_unit_admin_reads_only_the_notifications_of_its_units(client, notes):
    client.force_login(_staff(Role.UNIT_ADMIN, "24"))  # Bắc Giang: Lục Nam and its communes
    page = client.get(LIST)
    assert page.status_code == 200
    assert _ids(page) == {notes[k].pk for k in ("phongnn", "commune", "old")}
    assert client.get(f"{LIST}{notes['other_province'].pk}/change/").status_code == 302  # "does not exist"


def test_staff_who_administer_nobody_read_nothing(client, notes):
    client.force_login(_staff(Role.AGRICULTURE_OFFICE, "218"))
    assert client.get(LIST).status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(client_as, notes, demo_users, django_assert_max_num_queries):
    client = client_as("admin")
    client.get(LIST)
    with django_assert_max_num_queries(20) as small:
        client.get(LIST)
    for username in ("phongnn", "xa.baoson", "so.nnmt", "tinh", "thuky"):
        for i in range(6):
            _note(demo_users[username], f"Thông báo {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["cl"].result_list) == len(notes) + 30
