"""Tenancy: two provinces (and two districts of one province) side by side; each user sees and
changes exactly their own units' records (issue 11 item 2; each case failed before the fix)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AdministrativeUnit
from accounts.roles import Role
from accounts.selectors import district_of_user, scope_to_user
from accounts.tests.factories import make_user
from registrations.models import Registration
from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


@pytest.fixture
def budget(demo_users, two_provinces):
    from subsidies.demo import seed

    seed()
    from subsidies.models import BudgetSource

    return BudgetSource.objects.filter(unit__code="218").order_by("pk").first()


def test_another_districts_finance_cannot_spend_from_lucnams_budget(budget, client):
    from subsidies.models import BudgetExpense

    other = make_user(Role.FINANCE_OFFICE, "9218")
    client.force_login(other)
    data = {"category": "tuyen_truyen", "amount": "30000000", "spent_on": "2021-05-01",
            "description": "Chi sai đơn vị", "voucher_number": "1"}
    response = client.post(f"/ho-tro/ngan-sach/{budget.pk}/chi/", data)
    assert response.status_code == 404
    assert not BudgetExpense.objects.filter(description="Chi sai đơn vị").exists()
    response = client.post(f"/ho-tro/ngan-sach/{budget.pk}/phan-bo/", {"category": "tuyen_truyen", "amount": "1"})
    assert response.status_code == 404


def test_the_service_refuses_another_districts_finance(budget):
    from subsidies import services

    other = make_user(Role.FINANCE_OFFICE, "9218")
    with pytest.raises(PermissionDenied):
        services.budget_spend(source=budget, actor=other, category="tuyen_truyen", amount=1,
                              spent_on=datetime.date(2021, 5, 1), description="x")
    with pytest.raises(PermissionDenied):
        services.budget_source_create(actor=other, unit=unit("218"), year=2021, kind="huy_dong_khac", name="x")


def test_budget_page_and_export_show_only_own_sources(budget, client_as, client):
    from openpyxl import load_workbook

    other = make_user(Role.FINANCE_OFFICE, "9218")
    client.force_login(other)
    page = client.get("/ho-tro/ngan-sach/?year=2021")
    assert page.status_code == 200
    assert budget.name not in page.content.decode()
    export = client.get("/ho-tro/ngan-sach/xuat/?year=2021")
    assert export.status_code == 200
    import io

    cells = [str(c) for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row if c]
    assert budget.name not in cells
    assert not any("LỤC NAM" in c.upper() for c in cells)
    own = client_as("taichinh").get("/ho-tro/ngan-sach/?year=2021")
    assert budget.name in own.content.decode()


def test_lucnams_finance_still_spends(budget, client_as):
    from subsidies.models import BudgetExpense

    response = client_as("taichinh").post(f"/ho-tro/ngan-sach/{budget.pk}/chi/", {
        "category": "tuyen_truyen", "amount": "1000000", "spent_on": "2021-05-01", "description": "Chi đúng",
        "voucher_number": "2"})
    assert response.status_code == 302
    assert BudgetExpense.objects.filter(description="Chi đúng", source=budget).exists()


def test_only_the_national_administrator_changes_criteria_sets(demo_users, client_as, client):
    from evaluations import services
    from evaluations.models import CriteriaSet, ScoreSheet

    criteria_set = CriteriaSet.objects.get(code="QD1048")
    url = f"/danh-gia/bo-tieu-chi/{criteria_set.pk}/nhap/"
    for username in ("phongnn", "tinh"):
        assert client_as(username).get(url).status_code == 403
    sheet = ScoreSheet.objects.filter(criteria_set=criteria_set, is_current=True).first()
    with pytest.raises(PermissionDenied):
        services.sheet_save_version(criteria_set=criteria_set, subgroup=sheet.subgroup, data={}, actor=demo_users["phongnn"])
    national = make_user(Role.NATIONAL_ADMIN)
    client.force_login(national)
    assert client.get(url).status_code == 200
    assert client.get(f"/danh-gia/bo-tieu-chi/{criteria_set.pk}/").status_code == 200


def test_national_data_is_read_only_in_the_admin_for_unit_staff(demo_users, client):
    from evaluations.models import CriteriaSet

    staff = make_user(Role.AGRICULTURE_OFFICE, "218")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    from django.contrib.auth.models import Permission

    staff.user_permissions.set(Permission.objects.filter(codename__endswith="criteriaset"))
    client.force_login(staff)
    criteria_set = CriteriaSet.objects.get(code="QD1048")
    response = client.post(f"/quan-tri/evaluations/criteriaset/{criteria_set.pk}/change/", {"name": "Đổi"})
    assert response.status_code == 403
    criteria_set.refresh_from_db()
    assert criteria_set.name != "Đổi"


@pytest.fixture
def side_by_side(demo_users, two_provinces):
    """One accepted registration in Lục Nam (218), one in the second district (9218), one in the second
    province (9801), each with its own office."""
    rows = {}
    for code in ("218-03", "9218-01", "9801-01"):
        producer = ProducerFactory(commune=unit(code), name=f"Chủ thể {code}")
        rows[code] = RegistrationFactory(product=ProductFactory(producer=producer, name=f"Sản phẩm {code}"),
                                         status=Registration.Status.ACCEPTED)
    users = {
        "218": demo_users["phongnn"], "9218": make_user(Role.AGRICULTURE_OFFICE, "9218"),
        "9801": make_user(Role.AGRICULTURE_OFFICE, "9801"), "98": make_user(Role.PROVINCE, "98"),
    }
    return rows, users


@pytest.mark.parametrize("path", ["/ho-so/?year=2021", "/ho-so/chu-the/"])
def test_each_office_sees_exactly_its_own(side_by_side, client, path):
    _rows, users = side_by_side
    for own, user in ((c, users[c]) for c in ("218", "9218", "9801")):
        client.force_login(user)
        html = client.get(path).content.decode()
        for code in ("218-03", "9218-01", "9801-01"):
            shown = f"{code}" in html and (f"Sản phẩm {code}" in html or f"Chủ thể {code}" in html)
            assert shown == code.startswith(own + "-"), (own, code)


def test_province_officer_switches_between_its_units(side_by_side, client):
    rows, users = side_by_side
    rows["218-03"].status = rows["9218-01"].status = Registration.Status.FORWARDED
    for r in (rows["218-03"], rows["9218-01"]):
        r.save(update_fields=["status"])
    tinh = make_user(Role.PROVINCE, "24")
    client.force_login(tinh)
    both = client.get("/ho-so/?year=2021").content.decode()
    assert "Sản phẩm 218-03" in both and "Sản phẩm 9218-01" in both and "Sản phẩm 9801-01" not in both
    assert 'id="unit-switcher"' in both
    client.post("/tai-khoan/don-vi/", {"unit": unit("9218").pk, "next": "/ho-so/"})
    narrowed = client.get("/ho-so/?year=2021").content.decode()
    assert "Sản phẩm 9218-01" in narrowed and "Sản phẩm 218-03" not in narrowed
    assert client.get(f"/ho-so/{rows['218-03'].pk}/").status_code == 404  # outside the chosen unit
    client.post("/tai-khoan/don-vi/", {"unit": unit("9801").pk})  # another province's district: refused
    again = client.get("/ho-so/?year=2021").content.decode()
    assert "Sản phẩm 218-03" in again and "Sản phẩm 9801-01" not in again
    other_province = users["98"]
    client.force_login(other_province)
    assert client.get(f"/ho-so/{rows['218-03'].pk}/").status_code == 404


def test_ministry_sees_every_province_but_no_draft(side_by_side, client):
    rows, _users = side_by_side
    for r in rows.values():
        r.status = Registration.Status.FORWARDED
        r.save(update_fields=["status"])
    draft = RegistrationFactory(status=Registration.Status.DRAFT, product=ProductFactory(
        producer=ProducerFactory(commune=unit("9801-02")), name="Bản nháp"))
    ministry = make_user(Role.MINISTRY)
    client.force_login(ministry)
    html = client.get("/ho-so/?year=2021").content.decode()
    assert all(f"Sản phẩm {code}" in html for code in rows)
    assert client.get(f"/ho-so/{draft.pk}/").status_code == 404
    assert client.get("/ho-so/dang-ky/").status_code == 403  # read-only


@pytest.mark.parametrize("username", ["phongnn", "hoidong.chutich", "thuky", "taichinh", "tinh"])
def test_nobody_but_the_commune_opens_a_draft(demo_users, client_as, username):
    draft = RegistrationFactory(status=Registration.Status.DRAFT, product=ProductFactory(
        producer=ProducerFactory(commune=unit("218-11")), name="Nháp Huyền Sơn"))
    client = client_as(username)
    for path in (f"/ho-so/{draft.pk}/", f"/ho-so/{draft.pk}/lich-su/"):
        assert client.get(path).status_code == 404, path
    assert "Nháp Huyền Sơn" not in client.get(f"/ho-so/?year={draft.year}").content.decode()
    assert client_as("xa.huyenson").get(f"/ho-so/{draft.pk}/").status_code == 200


def test_no_default_district_for_signed_in_users(db, settings):
    from django.contrib.auth.models import AnonymousUser

    assert district_of_user(AnonymousUser()).code == settings.OCOP_DEFAULT_DISTRICT_CODE
    assert district_of_user(make_user()) is None
    assert district_of_user(make_user(Role.PROVINCE, "24")) is None
    assert district_of_user(make_user(Role.COMMUNE_OFFICER, "218-11")).code == "218"


def test_unit_admin_grants_unit_roles_inside_its_units_only(two_provinces):
    from accounts.models import StatusChange
    from accounts.services import role_assign

    admin_24 = make_user(Role.UNIT_ADMIN, "24")
    officer = make_user()
    role_assign(user=officer, role=Role.COMMUNE_OFFICER, unit=unit("9218-01"), actor=admin_24)
    assert StatusChange.objects.filter(workflow="roles", object_id=officer.pk, actor=admin_24).count() == 1
    with pytest.raises(PermissionDenied):
        role_assign(user=officer, role=Role.COMMUNE_OFFICER, unit=unit("9801-01"), actor=admin_24)
    with pytest.raises(PermissionDenied):
        role_assign(user=officer, role=Role.NATIONAL_ADMIN, unit=None, actor=admin_24)
    with pytest.raises(PermissionDenied):
        role_assign(user=officer, role=Role.UNIT_ADMIN, unit=unit("9218"), actor=admin_24)


def test_staff_roles_may_be_scoped_to_a_province_after_the_reform(two_provinces):
    """After the 2025 reform an agriculture office works for a province: its assignment takes a
    province unit and its lists cover the province's communes."""
    from django.core.exceptions import ValidationError

    from accounts.services import role_assign

    office = make_user(Role.AGRICULTURE_OFFICE, "98")
    RegistrationFactory(status=Registration.Status.ACCEPTED, product=ProductFactory(
        producer=ProducerFactory(commune=unit("9801-02")), name="Sản phẩm tỉnh"))
    from registrations.selectors import registrations_visible_to

    assert [r.product.name for r in registrations_visible_to(office)] == ["Sản phẩm tỉnh"]
    with pytest.raises(ValidationError):
        role_assign(user=office, role=Role.AGRICULTURE_OFFICE, unit=unit("9801-01"), actor=None)


def test_the_unit_switcher_narrows_exports_too(side_by_side, client):
    import io

    from openpyxl import load_workbook

    rows, _users = side_by_side
    for r in rows.values():
        r.status = Registration.Status.FORWARDED
        r.save(update_fields=["status"])
    tinh = make_user(Role.PROVINCE, "24")
    client.force_login(tinh)

    def exported():
        response = client.get("/ho-so/tong-hop/xuat/?year=2021")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)

    text = exported()  # no unit chosen: both districts of the province, never the other province
    assert "Sản phẩm 9218-01" in text and "Sản phẩm 218-03" in text and "Sản phẩm 9801-01" not in text
    client.post("/tai-khoan/don-vi/", {"unit": unit("9218").pk})
    text = exported()
    assert "Sản phẩm 9218-01" in text and "Sản phẩm 218-03" not in text
    client.post("/tai-khoan/don-vi/", {"unit": unit("218").pk})
    text = exported()
    assert "Sản phẩm 218-03" in text and "Sản phẩm 9218-01" not in text


def test_unit_scope_is_one_subquery_over_the_units_and_reaches_communes_directly_and_through_a_district(side_by_side):
    """Issue 11: the unit scope is `commune_id IN (units_within)`, a UNION ALL over the units, and a link of
    the visibility (recognised) a correlated EXISTS, not an OR over joins of the commune's parent and
    grandparent nor an IN over every recognised registration (PostgreSQL scanned a whole year of the
    nation's registrations for either). Who sees what is unchanged: a province's communes directly under it
    (after the 2025 reform) and through its district; nothing of another province or another district."""
    from evaluations.models import Recognition
    from registrations.selectors import registration_visibility, registrations_visible_to

    rows, users = side_by_side
    Forwarded, Accepted = Registration.Status.FORWARDED, Registration.Status.ACCEPTED
    direct = AdministrativeUnit.objects.create(code="98-09", kind=AdministrativeUnit.Kind.COMMUNE, name="Trực Thuộc",
                                               parent=unit("98"))

    def registration(commune, status, name):
        return RegistrationFactory(status=status, product=ProductFactory(producer=ProducerFactory(commune=commune),
                                                                         name=name))

    Registration.objects.filter(pk__in=[rows["9801-01"].pk, rows["9218-01"].pk]).update(status=Forwarded)
    forwarded_direct = registration(direct, Forwarded, "Gửi trực thuộc")
    recognised = registration(direct, Accepted, "Công nhận trực thuộc")
    Recognition.objects.create(registration=recognised, product=recognised.product, stars=3, decision_number="1/QĐ",
                               decision_date=datetime.date(2021, 9, 1), valid_from=datetime.date(2021, 9, 1),
                               valid_until=datetime.date(2024, 9, 1))
    accepted_direct = registration(direct, Accepted, "Tiếp nhận trực thuộc")

    def visible(user):
        return set(registrations_visible_to(user).values_list("pk", flat=True))

    assert visible(users["98"]) == {rows["9801-01"].pk, forwarded_direct.pk, recognised.pk}
    assert visible(users["9801"]) == {rows["9801-01"].pk}
    assert visible(users["9218"]) == {rows["9218-01"].pk}
    assert accepted_direct.pk not in visible(users["98"]) | visible(users["9801"])
    assert set(scope_to_user(AdministrativeUnit.objects.all(), users["98"], commune_path="").values_list(
        "code", flat=True)) == {"98", "9801", "9801-01", "9801-02", "98-09"}

    sql = str(scope_to_user(Registration.objects.all(), users["98"], visibility=registration_visibility()).query)
    outer = sql.split(" WHERE ", 1)[0]
    assert "JOIN" not in outer and "UNION ALL" in sql and "EXISTS" in sql


def test_scope_shows_every_generated_user_the_rows_the_or_and_in_forms_it_replaced_showed(db, monkeypatch):
    """Issue 11 changed the scope's SQL (units: UNION ALL subquery instead of an OR over the commune's parent
    and grandparent; round and recognition links: EXISTS instead of IN): for every user of two generated
    unit trees (offices, communes, provinces, finance, council members and secretaries), every scoped
    list (registrations, documents, producers, communes) holds exactly the rows of the former SQL."""
    from django.db.models import Q

    import accounts.selectors as scoping
    from accounts.models import User
    from accounts.roles import Sees
    from ocop_portal.scale import Params, generate
    from registrations import selectors
    from registrations.models import DossierDocument, Producer

    current_visibility = selectors.registration_visibility
    small = dict(provinces=1, districts_per_province=2, communes_per_province=4, producers=10, registrations=40,
                 rounds=1, entries_per_round=4, members=3, recognitions=6)
    generate(Params(seed=76, **small), log=lambda line: None)
    generate(Params(seed=77, **small), log=lambda line: None)

    def former_units(own, unit_ids):
        up = own.removesuffix("_id__in") + "__" if own != "pk__in" else ""
        return Q(**{own: unit_ids}) | Q(**{f"{up}parent_id__in": unit_ids}) | Q(**{f"{up}parent__parent_id__in": unit_ids})

    def former_visibility(path="pk"):
        def registrations(**lookups):
            return Q(**{f"{path}__in": Registration.objects.filter(**lookups).values("pk")})

        status = ("" if path == "pk" else "registration__") + "status"
        return {
            **current_visibility(path),
            Sees.OWN_ROUNDS: lambda user: registrations(round_entries__round__council__members__user=user),
            Sees.COUNCILS_ROUNDS: registrations(round_entries__isnull=False),
            Sees.RECOGNISED: registrations(recognitions__isnull=False),
            Sees.FORWARDED: Q(**{status: Registration.Status.FORWARDED}) | registrations(recognitions__isnull=False),
        }

    def lists(user):
        return {
            "registrations": set(selectors.registrations_visible_to(user).values_list("pk", flat=True)),
            "documents": set(selectors.documents_visible_to(user).values_list("pk", flat=True)),
            "producers": set(selectors.producers_visible_to(user).values_list("pk", flat=True)),
            "communes": set(scoping.communes_visible_to(user).values_list("pk", flat=True)),
        }

    users = list(User.objects.filter(username__startswith="scale7").order_by("username"))
    assert len(users) > 10 and DossierDocument.objects.exists() and Producer.objects.exists()
    now = {user.username: lists(user) for user in users}
    monkeypatch.setattr(scoping, "_unit_condition", former_units)
    monkeypatch.setattr(selectors, "registration_visibility", former_visibility)
    shown = 0
    for user in users:
        before = lists(user)
        assert now[user.username] == before, user.username
        shown += len(before["registrations"])
    assert shown > 0
