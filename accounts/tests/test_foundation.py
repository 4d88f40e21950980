import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from accounts import demo
from accounts.models import AdministrativeUnit, RoleAssignment, StatusChange
from accounts.permissions import can_see_commune, roles_of
from accounts.roles import ROLE_HOME, Role
from accounts.selectors import issuing_unit_for, scope_to_user
from accounts.templatetags.ocop import vn_date, vnd
from accounts.text import fold, slug_vi
from accounts.workflow import InvalidTransition, Workflow, history_of, transition

pytestmark = pytest.mark.django_db

DEMO_HOMES = {
    "admin": "home_admin",
    "xa.huyenson": "home_commune",
    "xa.baoson": "home_commune",
    "xa.truongson": "home_commune",
    "xa.donghung": "home_commune",
    "tt.doingo": "home_commune",
    "phongnn": "home_agriculture",
    "hoidong.chutich": "home_council",
    "hoidong.tv1": "home_council",
    "hoidong.tv2": "home_council",
    "thuky": "home_secretary",
    "taichinh": "home_finance",
    "tinh": "home_province",
    "kinhte": "home_economy",
    "yte": "home_health",
    "vanhoa": "home_culture",
    "ttvh": "home_culture_centre",
    "tnmt": "home_environment",
    "mttq": "home_supervision",
    "bo.nnmt": "home_ministry",
}


def test_custom_user_model_is_ours():
    User = get_user_model()
    assert User._meta.label == "accounts.User"
    user = User.objects.create_user("x", password="pw-123456789", full_name="Nguyễn Văn A")
    assert str(user) == "Nguyễn Văn A"


def test_reference_units_loaded_by_migration():
    district = AdministrativeUnit.objects.get(code="218")
    assert district.name == "Lục Nam" and district.parent.name == "Bắc Giang"
    communes = AdministrativeUnit.objects.filter(parent=district)
    assert communes.count() == 25
    assert communes.filter(kind=AdministrativeUnit.Kind.TOWNSHIP).get().name == "Đồi Ngô"
    assert communes.filter(name="Huyền Sơn").exists()
    assert all(unicodedata.is_normalized("NFC", c.name) for c in communes)


def test_seed_demo_is_idempotent():
    call_command("seed_demo", verbosity=0)
    users, roles = get_user_model().objects.count(), RoleAssignment.objects.count()
    call_command("seed_demo", verbosity=0)
    assert get_user_model().objects.count() == users == len(demo.DEMO_USERS) + 1  # + the demo producer (producers.demo)
    assert RoleAssignment.objects.count() == roles


@pytest.mark.parametrize("username,home", sorted(DEMO_HOMES.items()))
def test_each_role_lands_on_its_home(client, demo_users, username, home):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "ocop-demo-2021"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    response = client.get(reverse("home"))
    assert response.url == reverse(home)
    page = client.get(reverse(home))
    assert page.status_code == 200
    # The header names the user's own unit; no signed-in user falls back to the default district.
    header = {"admin": None, "bo.nnmt": None, "tinh": "UBND TỈNH BẮC GIANG"}.get(username, "UBND HUYỆN LỤC NAM")
    if header is None:
        assert "UBND HUYỆN LỤC NAM" not in page.content.decode()
    else:
        assert header in page.content.decode()


@pytest.mark.parametrize("username", sorted(DEMO_HOMES))
def test_each_role_denied_other_homes(client_as, username):
    client = client_as(username)
    own = DEMO_HOMES[username]
    for name in set(ROLE_HOME.values()) - {own}:
        if username == "admin":
            continue  # the admin may open every home page
        assert client.get(reverse(name)).status_code == 403, name


def test_admin_opens_every_home(client_as):
    client = client_as("admin")
    for name in ROLE_HOME.values():
        assert client.get(reverse(name)).status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home_agriculture"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_wrong_password_shows_vietnamese_error(client, demo_users):
    response = client.post(reverse("accounts:login"), {"username": "phongnn", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_page_is_vietnamese_and_offline(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi">' in html
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "htmx-2.min.js" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_password_change(client_as):
    client = client_as("taichinh")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "ocop-demo-2021", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="taichinh").check_password("Mat-khau-moi-2026")


def test_commune_scoping(demo_users):
    huyenson = AdministrativeUnit.objects.get(name="Huyền Sơn")
    baoson = AdministrativeUnit.objects.get(name="Bảo Sơn")
    officer = demo_users["xa.huyenson"]
    communes = AdministrativeUnit.objects.filter(parent__code="218")
    # The unit itself is its own commune: scope by pk.
    visible = scope_to_user(communes, officer, commune_path="")
    assert list(visible) == [huyenson]
    assert can_see_commune(officer, huyenson) and not can_see_commune(officer, baoson)
    assert scope_to_user(communes, demo_users["phongnn"], commune_path="").count() == 25
    assert scope_to_user(communes, demo_users["tinh"], commune_path="").count() == 25
    assert can_see_commune(demo_users["tinh"], baoson)


def test_roles_are_rows(demo_users):
    assert roles_of(demo_users["hoidong.chutich"]) == {Role.COUNCIL_MEMBER}
    assert RoleAssignment.objects.filter(user=demo_users["xa.baoson"], unit__name="Bảo Sơn").exists()


def test_user_without_role_gets_403_home(client, user_factory):
    user = user_factory()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 403


DEMO_FLOW = Workflow(
    "demo",
    {"draft": {"submitted": {Role.COMMUNE_OFFICER}}, "submitted": {"accepted": {Role.AGRICULTURE_OFFICE}}},
    field="kind",
)


def test_transition_records_history_and_refuses_illegal(demo_users):
    unit = AdministrativeUnit.objects.get(code="218-11")
    unit.kind = "draft"  # any model with a state field will do for the helper
    transition(unit, workflow=DEMO_FLOW, to="submitted", actor=demo_users["xa.huyenson"], note="gửi")
    with pytest.raises(InvalidTransition):
        transition(unit, workflow=DEMO_FLOW, to="draft", actor=demo_users["phongnn"])
    with pytest.raises(PermissionDenied):
        transition(unit, workflow=DEMO_FLOW, to="accepted", actor=demo_users["xa.huyenson"])
    rows = list(history_of(unit))
    assert [(r.from_state, r.to_state, r.actor.username, r.note) for r in rows] == [
        ("draft", "submitted", "xa.huyenson", "gửi")
    ]


def test_status_history_is_append_only(demo_users):
    unit = AdministrativeUnit.objects.get(code="218-11")
    unit.kind = "draft"
    change = transition(unit, workflow=DEMO_FLOW, to="submitted", actor=demo_users["xa.huyenson"])
    change.note = "sửa"
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        change.delete()
    with pytest.raises(PermissionError):
        StatusChange.objects.all().update(note="x")
    with pytest.raises(PermissionError):
        StatusChange.objects.all().delete()


def test_vietnamese_formats():
    import datetime

    assert vnd(10_000_000) == "10.000.000 đ"
    assert vnd(0) == "0 đ"
    assert vn_date(datetime.date(2021, 7, 10)) == "10/07/2021"
    aware = datetime.datetime(2021, 7, 9, 18, 30, tzinfo=datetime.UTC)
    assert vn_date(aware) == "10/07/2021"  # 01:30 on 10/07 in Asia/Ho_Chi_Minh


def test_fold_and_slug():
    assert fold("Huyền Sơn") == "huyen son"
    assert fold(unicodedata.normalize("NFD", "HUYỀN   Sơn")) == "huyen son"
    assert fold("Đồi Ngô") == "doi ngo"
    assert slug_vi("Dứa Bảo Sơn") == "dua-bao-son"


def test_nfd_input_is_stored_nfc(client_as):
    client = client_as("phongnn")
    nfd = unicodedata.normalize("NFD", "Huyền Sơn")
    response = client.get(reverse("home_agriculture"), {"q": nfd})
    assert response.wsgi_request.GET["q"] == unicodedata.normalize("NFC", nfd)


def test_issuing_unit_is_the_unit_valid_on_the_record_date(demo_users):
    import datetime

    assert issuing_unit_for(demo_users["phongnn"]).name == "Lục Nam"
    assert issuing_unit_for(demo_users["phongnn"], on=datetime.date(2021, 7, 5)).full_name == "Huyện Lục Nam"
    after = issuing_unit_for(demo_users["phongnn"], on=datetime.date(2026, 1, 15))
    assert (after.code, after.name) == ("BN-2025", "Bắc Ninh")


def test_healthz(client):
    response = client.get("/healthz/")
    data = response.json()
    assert response.status_code == 200
    assert data["database"] == "ok"
    assert data["broker"] in ("eager", "ok")


def test_nav_groups_sections_into_menus(demo_users):
    from accounts.portal import nav_groups

    groups = nav_groups(demo_users["phongnn"])
    labels = [g.label for g in groups]
    assert "Hồ sơ" in labels and "Đánh giá" in labels
    assert all(len(g.items) >= 1 for g in groups)
    urls = [i.url for g in groups for i in g.items]
    assert len(urls) == len(set(urls))
    # A council member has no finance or registration-review links.
    member_urls = {i.url for g in nav_groups(demo_users["hoidong.tv1"]) for i in g.items}
    assert not any(u.startswith("/ho-tro/") for u in member_urls)


def test_nav_shows_only_allowed_items(client_as):
    html = client_as("xa.baoson").get(reverse("home_commune")).content.decode()
    assert reverse("accounts:password_change") in html
    assert "/quan-tri/" not in html


def test_pages_send_a_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy


def test_language_stays_vietnamese_for_an_english_browser(client, demo_users):
    response = client.post(
        reverse("accounts:login"), {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    html = response.content.decode()
    assert "This field is required" not in html
    assert "Trường này là bắt buộc" in html
