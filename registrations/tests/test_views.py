"""Pages: access both ways (403 for a role, 404 outside the scope), search, panels, fixed query counts."""

import unicodedata

import pytest

from accounts.models import AdministrativeUnit
from registrations import services
from registrations.models import CommuneList, Producer, Registration
from registrations.tests.conftest import PDF_BYTES, upload
from registrations.tests.factories import ProducerFactory, RegistrationFactory, subgroup

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


def by_name(name):
    return Registration.objects.get(product__name=name)


def test_commune_officer_sees_only_its_commune(demo_2021, client_as):
    client = client_as("xa.huyenson")
    listing = client.get("/ho-so/?year=2021").content.decode()
    assert "Na dai Lục Nam" in listing and "Dứa Bảo Sơn" not in listing
    other = by_name("Dứa Bảo Sơn")
    assert client.get(f"/ho-so/{other.pk}/").status_code == 404
    assert client.get(f"/ho-so/{other.pk}/sua/").status_code == 404
    assert client.get(f"/ho-so/{other.pk}/lich-su/").status_code == 404
    assert client.post(f"/ho-so/{other.pk}/tai-lieu/", {"doc_type": "bieu01"}).status_code == 404
    assert client.get(f"/ho-so/chu-the/{other.producer_id}/").status_code == 404
    assert client.post(f"/ho-so/chu-the/{other.producer_id}/", {"name": "x"}).status_code == 404
    own = by_name("Na dai Lục Nam")
    assert client.get(f"/ho-so/{own.pk}/").status_code == 200
    assert client.get(f"/ho-so/chu-the/{own.producer_id}/").status_code == 200


def test_commune_officer_cannot_review(demo_users, period_2021, client_as):
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED)
    client = client_as("xa.huyenson")
    assert client.get("/ho-so/tiep-nhan/").status_code == 403
    assert client.post(f"/ho-so/{registration.pk}/xet/", {"action": "accept"}).status_code == 403
    assert client.post("/ho-so/tiep-nhan/hang-loat/", {"action": "accept", "ids": [registration.pk]}).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED


@pytest.mark.parametrize("username", ["taichinh", "hoidong.chutich", "thuky"])
def test_finance_and_council_read_but_cannot_change(demo_2021, client_as, username):
    """An accepted registration that is in none of their rounds and not recognised is not theirs to
    open (the role registry: council → its rounds, finance → recognised); nothing is changeable."""
    client = client_as(username)
    registration = by_name("Na dai Lục Nam")
    assert client.get("/ho-so/?year=2021").status_code == 200
    assert "Na dai Lục Nam" not in client.get("/ho-so/?year=2021").content.decode()
    assert client.get(f"/ho-so/{registration.pk}/").status_code == 404
    assert client.get(f"/ho-so/{registration.pk}/sua/").status_code in (403, 404)
    assert client.post(f"/ho-so/{registration.pk}/sua/", {"product_name": "X"}).status_code in (403, 404)
    assert client.post(f"/ho-so/{registration.pk}/tai-lieu/", {"doc_type": "bieu01"}).status_code in (403, 404)
    assert client.post(f"/ho-so/{registration.pk}/xet/", {"action": "accept"}).status_code in (403, 404)
    assert client.get("/ho-so/chu-the/them/").status_code == 403
    assert client.get("/ho-so/dang-ky/").status_code == 403
    assert client.get("/ho-so/tiep-nhan/").status_code == 403
    producer = registration.producer
    assert client.post(f"/ho-so/chu-the/{producer.pk}/", {"name": "Đổi tên"}).status_code == 403
    producer.refresh_from_db()
    assert producer.name == "Hợp tác xã Na dai Lục Nam"


def test_user_without_role_gets_403(db, client, user_factory):
    client.force_login(user_factory())
    assert client.get("/ho-so/").status_code == 403
    assert client.get("/ho-so/chu-the/").status_code == 403


def test_commune_round_trip_through_the_pages(demo_users, period_2021, client_as):
    def commune_client():  # one test client: log in again at each switch of user
        return client_as("xa.huyenson")

    def office_client():
        return client_as("phongnn")

    response = commune_client().post("/ho-so/chu-the/them/", {
        "kind": "htx", "name": "Hợp tác xã Mật ong Huyền Sơn", "address": "Thôn Liên Khuyên",
        "registration_number": "", "legal_representative": "", "phone": "", "email": "",
    })
    assert response.status_code == 302
    producer = Producer.objects.get(name="Hợp tác xã Mật ong Huyền Sơn")
    assert producer.commune.code == "218-11"
    response = commune_client().post("/ho-so/dang-ky/", {
        "producer": producer.pk, "year": 2021, "product_name": "Mật ong rừng", "kind": "new", "category": "",
        "description": "", "raw_material_origin": "", "workers_total": 5, "workers_local": 6,
    })
    assert "Số lao động địa phương không được lớn hơn" in response.content.decode()
    response = commune_client().post("/ho-so/dang-ky/", {
        "producer": producer.pk, "year": 2021, "product_name": "Mật ong rừng", "kind": "new", "category": subgroup("4").pk,
        "description": "Mật ong", "raw_material_origin": "Rừng Huyền Sơn", "workers_total": 5, "workers_local": 4,
        "commune_confirmed": "on",
    })
    assert response.status_code == 302
    registration = Registration.objects.get(product__name="Mật ong rừng")
    assert registration.commune_confirmed and registration.commune_confirmed_by.username == "xa.huyenson"
    assert registration.commune_confirmed_at is not None
    commune_client().post(f"/ho-so/{registration.pk}/tai-lieu/", {"doc_type": "bieu01", "file": upload("b01.pdf", PDF_BYTES)})
    assert registration.documents.count() == 1
    page = commune_client().get("/ho-so/danh-sach-xa/?year=2021").content.decode()
    assert "Mật ong rừng" in page and "31/03/2021" in page
    commune_list = CommuneList.objects.get(commune=producer.commune)
    first = commune_client().post(f"/ho-so/danh-sach-xa/{commune_list.pk}/gui/", {"ids": [registration.pk]}, follow=True)
    second = commune_client().post(f"/ho-so/danh-sach-xa/{commune_list.pk}/gui/", {"ids": [registration.pk]}, follow=True)
    assert first.status_code == second.status_code == 200
    assert "Đã gửi danh sách" in first.content.decode()
    assert "đã được gửi huyện trước đó" in second.content.decode()
    assert commune_client().get(f"/ho-so/{registration.pk}/sua/").status_code == 403  # submitted: no edits

    inbox = office_client().get("/ho-so/tiep-nhan/?year=2021").content.decode()
    assert "Mật ong rừng" in inbox
    response = office_client().post(f"/ho-so/{registration.pk}/xet/", {"action": "return", "reason": ""}, follow=True)
    assert "Phải ghi lý do" in response.content.decode()
    office_client().post(f"/ho-so/{registration.pk}/xet/", {"action": "return", "reason": "Bổ sung biểu 03"})
    detail = commune_client().get(f"/ho-so/{registration.pk}/").content.decode()
    assert "Bổ sung biểu 03" in detail
    assert commune_client().get(f"/ho-so/{registration.pk}/sua/").status_code == 200
    commune_client().post(f"/ho-so/{registration.pk}/tai-lieu/", {"doc_type": "bieu03", "file": upload("b03.pdf", PDF_BYTES)})
    commune_client().post(f"/ho-so/danh-sach-xa/{commune_list.pk}/gui/", {"ids": [registration.pk]})
    office_client().post("/ho-so/tiep-nhan/hang-loat/", {"action": "accept", "ids": [registration.pk], "reason": "", "confirm_missing": "1"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ACCEPTED
    history = commune_client().get(f"/ho-so/{registration.pk}/lich-su/").content.decode()
    assert "Bổ sung biểu 03" in history and "Đã tiếp nhận" in history and "Phòng Nông nghiệp và PTNT" in history
    district = office_client().get("/ho-so/tong-hop/?year=2021").content.decode()
    assert "Mật ong rừng" in district


def test_duplicate_warning_on_producer_create(demo_users, client_as):
    ProducerFactory(name="Hợp tác xã Na dai Lục Nam", commune=unit("218-11"))
    data = {"kind": "htx", "name": "hop tac xa na dai luc nam", "address": "", "registration_number": "",
            "legal_representative": "", "phone": "", "email": ""}
    client = client_as("xa.huyenson")
    response = client.post("/ho-so/chu-the/them/", data)
    assert response.status_code == 200 and "Có thể trùng" in response.content.decode()
    assert Producer.objects.count() == 1
    response = client.post("/ho-so/chu-the/them/", {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302 and Producer.objects.count() == 2


@pytest.mark.parametrize("query", ["huyen son", "HUYỀN SƠN", "na dai", unicodedata.normalize("NFD", "Na dai Lục")])
def test_search_ignores_diacritics_and_case(demo_2021, client_as, query):
    page = client_as("phongnn").get("/ho-so/", {"q": query, "year": 2021}).content.decode()
    assert "Na dai Lục Nam" in page
    assert "Dứa Bảo Sơn" not in page


def test_filters_by_commune_status_kind_sector(demo_2021, client_as):
    client = client_as("phongnn")
    page = client.get("/ho-so/", {"commune": unit("218-21").pk}).content.decode()
    assert "Hạt dẻ Mai Sưu" in page and "Na dai Lục Nam" not in page
    assert "Dưa lưới" not in client.get("/ho-so/", {"status": "submitted"}).content.decode()
    assert "Dưa lưới" not in client.get("/ho-so/", {"kind": "upgrade"}).content.decode()
    sector = by_name("Nấm Linh chi").sector
    assert sector != by_name("Dưa lưới").sector
    page = client.get("/ho-so/", {"sector": sector.pk}).content.decode()
    assert "Nấm Linh chi" in page and "Dưa lưới" not in page
    producers = client.get("/ho-so/chu-the/", {"q": "mai suu"}).content.decode()
    assert "Mai Sưu" in producers and "Trường Thọ" not in producers


def test_exports_from_the_page(demo_2021, client_as):
    client = client_as("phongnn")
    xlsx = client.get("/ho-so/tong-hop/xuat/?year=2021&format=xlsx")
    pdf = client.get("/ho-so/tong-hop/xuat/?year=2021&format=pdf")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/ho-so/tong-hop/xuat/?year=2021&format=doc").status_code == 404
    assert client_as("xa.huyenson").get("/ho-so/tong-hop/xuat/?year=2021").status_code == 403
    assert client_as("taichinh").get("/ho-so/tong-hop/").status_code == 403


def test_role_panels_and_nav(demo_2021, client_as):
    Registration.objects.filter(product__name="Na dai Lục Nam").update(status="returned", review_reason="Thiếu ảnh")
    commune = client_as("xa.huyenson").get("/lam-viec/can-bo-xa/").content.decode()
    assert "Danh sách đăng ký của xã" in commune and "31/03/2021" in commune and "Thiếu ảnh" in commune
    assert "/ho-so/danh-sach-xa/" in commune and "/ho-so/tiep-nhan/" not in commune
    office = client_as("phongnn").get("/lam-viec/phong-nong-nghiep/").content.decode()
    assert "Hồ sơ đăng ký theo xã và trạng thái" in office and "Trường Sơn" in office
    assert "/ho-so/tiep-nhan/" in office and "/ho-so/gui-tinh/" in office
    province = client_as("tinh").get("/lam-viec/tinh/").content.decode()
    assert "Hồ sơ các huyện đã gửi tỉnh" in province and "/ho-so/tiep-nhan/" not in province


def _rows(n, status=Registration.Status.ACCEPTED):
    for i in range(n):
        RegistrationFactory(status=status, product__producer__commune=unit(["218-11", "218-03", "218-21"][i % 3]))


# Measured counts (same at 5 and 50 rows) + a margin for other apps' nav items and panels.
LIST_PAGES = [
    ("phongnn", "/ho-so/?year=2021", Registration.Status.ACCEPTED, 7),
    ("phongnn", "/ho-so/tiep-nhan/?year=2021", Registration.Status.SUBMITTED, 10),
    ("phongnn", "/ho-so/chu-the/", Registration.Status.ACCEPTED, 6),
    # 4 + the notifications bell's unread count + the documents app's paper button (content type — cached
    # after its first use —, the issued document, its unit): 12 at 5 and at 50 rows.
    ("phongnn", "/ho-so/tong-hop/?year=2021", Registration.Status.ACCEPTED, 12),
    ("phongnn", "/ho-so/danh-sach-xa/?year=2021", Registration.Status.ACCEPTED, 5),  # the unit switcher (merged tenancy)
    ("xa.huyenson", "/ho-so/?year=2021", Registration.Status.ACCEPTED, 8),
    # 10 + the other apps' panels merged since (plans: the year's plan; stats: programme years, district
    # progress per metric, stars by sector group, recognitions, courses, events, subsidy budgets,
    # periods/lists/rounds timeline, targets) + the notifications bell: 29 at 5 and at 50 rows.
    ("phongnn", "/lam-viec/phong-nong-nghiep/", Registration.Status.SUBMITTED, 29),
]
MARGIN = 5


@pytest.mark.parametrize("username,url,status,queries", LIST_PAGES)
@pytest.mark.parametrize("n", [5, 50])
def test_list_pages_run_a_fixed_number_of_queries(demo_users, period_2021, client_as, django_assert_max_num_queries,
                                                  username, url, status, queries, n):
    _rows(n, status)
    client = client_as(username)
    with django_assert_max_num_queries(queries + MARGIN):
        response = client.get(url)
    assert response.status_code == 200
    if "chu-the" not in url and "lam-viec" not in url and "danh-sach-xa" not in url:
        assert response.content.decode().count("Sản phẩm thử") >= n // 3  # the rows are there


def test_lists_of_communes_and_forwardings_are_filtered(demo_2021, client_as, all_scored):
    client = client_as("phongnn")
    all_lists = client.get("/ho-so/danh-sach-xa/?year=2021").content.decode()
    assert "<td>Xã Bảo Sơn</td>" in all_lists and "<td>Xã Trường Sơn</td>" in all_lists
    one = client.get("/ho-so/danh-sach-xa/", {"year": 2021, "commune": unit("218-03").pk}).content.decode()
    assert "<td>Xã Bảo Sơn</td>" in one and "<td>Xã Trường Sơn</td>" not in one
    assert "<td>Xã Bảo Sơn</td>" not in client.get("/ho-so/danh-sach-xa/", {"year": 2021, "is_late": "true"}).content.decode()
    services.forwarding_create(district=unit("218"), year=2021, registrations=[by_name("Dứa Bảo Sơn")],
                               letter_number="45/UBND-NN", letter_date=__import__("datetime").date(2021, 7, 12),
                               signer="Hoàng Văn Toán", actor=demo_2021["phongnn"], confirm_missing=True)
    assert "45/UBND-NN" in client.get("/ho-so/gui-tinh/", {"q": "toán"}).content.decode()
    assert "45/UBND-NN" not in client.get("/ho-so/gui-tinh/", {"year": 2022}).content.decode()


def test_submitting_another_communes_list_is_404(demo_2021, client_as):
    other = CommuneList.objects.get(commune__code="218-03")
    assert client_as("xa.huyenson").post(f"/ho-so/danh-sach-xa/{other.pk}/gui/").status_code == 404
    assert client_as("phongnn").post(f"/ho-so/danh-sach-xa/{other.pk}/gui/").status_code == 403


def test_upload_limit_is_shown_from_the_setting(demo_2021, client_as, settings):
    settings.OCOP_UPLOAD_MAX_BYTES = 5 * 1048576
    Registration.objects.filter(product__name="Na dai Lục Nam").update(status="submitted")
    page = client_as("phongnn").get(f"/ho-so/{by_name('Na dai Lục Nam').pk}/").content.decode()
    assert "tối đa 5,0 MB" in page


def test_producer_edit_by_its_commune_only(demo_2021, client_as):
    producer = by_name("Na dai Lục Nam").producer
    data = {"kind": "htx", "name": "Hợp tác xã Na dai Lục Nam", "registration_number": "2400999888",
            "legal_representative": "Nguyễn Văn A", "phone": "0204 3884 123", "email": "", "address": "Thôn Liên Khuyên"}
    assert client_as("phongnn").post(f"/ho-so/chu-the/{producer.pk}/", data).status_code == 403
    response = client_as("xa.huyenson").post(f"/ho-so/chu-the/{producer.pk}/", data)
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.registration_number == "2400999888" and producer.legal_representative == "Nguyễn Văn A"
    office_list = client_as("phongnn").get("/ho-so/chu-the/").content.decode()
    assert "Hợp tác xã Na dai Lục Nam" in office_list and "Công ty TNHH Trường Thọ" in office_list


def test_second_click_on_accept_is_a_message_not_an_error(demo_2021, client_as):
    registration = by_name("Na dai Lục Nam")
    Registration.objects.filter(pk=registration.pk).update(status="submitted")
    client = client_as("phongnn")
    client.post(f"/ho-so/{registration.pk}/xet/", {"action": "accept", "confirm_missing": "1"})
    again = client.post(f"/ho-so/{registration.pk}/xet/", {"action": "accept", "confirm_missing": "1"}, follow=True)
    assert again.status_code == 200 and "không còn chờ xét" in again.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.ACCEPTED


def _page_rows_sql(client, url):
    """(response, the SQL of its paged registration-rows queries): what a list's page query joins."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries
                      if q["sql"].startswith('SELECT "registrations_registration"."id"') and "LIMIT" in q["sql"]]


def test_registration_list_rows_query_joins_only_what_the_rows_show(demo_2021, client_as):
    """Issue 11: the commune list, period and category joined into the list page's query for nothing made
    PostgreSQL plan it for longer than it ran (bench/README.md); the rows still show their columns."""
    response, rows_sql = _page_rows_sql(client_as("phongnn"), "/ho-so/?year=2021")
    assert len(rows_sql) == 1
    assert "registrations_communelist" not in rows_sql[0] and "registrations_registrationperiod" not in rows_sql[0]
    registration = response.context["page"][0]
    page = response.content.decode()
    for text in (registration.product.name, registration.producer.name, registration.commune.name):
        assert text in page


def test_inbox_rows_query_joins_only_what_the_rows_and_the_review_check_read(demo_2021, client_as):
    """Issue 11: like the list, the inbox's page query no longer joins the sector and category it never shows
    (the slowest staff list at the nation preset, bench/README.md); rows and review buttons still render."""
    response, rows_sql = _page_rows_sql(client_as("phongnn"), "/ho-so/tiep-nhan/?year=2021&status=")
    assert len(rows_sql) == 1
    assert "registrations_productcategory" not in rows_sql[0]
    registration = response.context["page"][0]
    page = response.content.decode()
    for text in (registration.product.name, registration.producer.name, registration.commune.name):
        assert text in page


def test_missing_documents_of_a_page_follow_the_checklist_rule_in_one_pass(demo_2021, django_assert_num_queries):
    """Issue 11: with_missing_documents labels each kind's required documents once instead of running the
    checklist (every requirement of every kind) per row; it still lists exactly the required documents of
    the row's kind that it lacks, in the checklist's order, with no query per row."""
    from registrations.models import DossierDocument
    from registrations.selectors import checklist, with_missing_documents

    rows = list(Registration.objects.filter(year=2021).order_by("pk")[:6])
    for registration, kind in zip(rows, [k for k, _label in Registration.Kind.choices] * 2, strict=False):
        Registration.objects.filter(pk=registration.pk).update(kind=kind)
    for registration, doc_types in zip(rows, [["bieu01", "dkkd"], ["bieu02", "anh"], [], ["bieu03"]], strict=False):
        DossierDocument.objects.filter(registration=registration).delete()
        for doc_type in doc_types:
            DossierDocument.objects.create(registration=registration, doc_type=doc_type, original_name="a.pdf",
                                           content_type="application/pdf", size=1, file="dossiers/a.pdf")
    registrations = Registration.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk").prefetch_related("documents")
    with django_assert_num_queries(3):  # the registrations, their documents, the requirements
        found = with_missing_documents(registrations)
    assert len({r.kind for r, _missing in found}) == len(Registration.Kind.choices)
    for registration, missing in found:
        expected = [item for item in checklist(registration) if item["required"] and not item["present"]]
        assert missing == expected, registration.kind
    assert any(missing for _r, missing in found) and [d["doc_type"] for d in found[0][1]] == ["bieu03", "bieu04"]


def test_filter_selects_render_as_djangos_widgets(demo_2021, rf):
    """Issue 11: the list filters write their selects in Python (registrations_tags.filter_widget); the HTML
    is Django's own (options, the selected one, id, classes) for every filter and a chosen value."""
    from django.test.html import parse_html

    from accounts.tests.factories import make_user
    from registrations.filters import CommuneListFilter, ProducerFilter, RegistrationFilter
    from registrations.templatetags.registrations_tags import filter_widget

    request = rf.get("/")
    request.user = make_user("agriculture_office", "218")
    commune = unit("218-03")
    for filterset_class, data in (
        (RegistrationFilter, {}),
        (RegistrationFilter, {"status": "submitted", "commune": str(commune.pk), "kind": "new", "year": "2021"}),
        (RegistrationFilter, {"status": "nonsense", "commune": "x"}),
        (ProducerFilter, {"commune": str(commune.pk)}),
        (CommuneListFilter, {"is_late": "true", "status": "submitted"}),
    ):
        form = filterset_class(data, queryset=filterset_class._meta.model.objects.all(), request=request).form
        selects = 0
        for field in form:
            mine = str(filter_widget(field))
            assert parse_html(mine) == parse_html(field.as_widget()), (filterset_class.__name__, field.name, data)
            selects += mine.startswith("<select")
        assert selects >= 2
    chosen = str(filter_widget(RegistrationFilter({"commune": str(commune.pk)}, request=request,
                                                  queryset=Registration.objects.all()).form["commune"]))
    assert f'<option value="{commune.pk}" selected>{commune}</option>' in chosen


def test_inbox_counts_panel_rows(demo_2021, client_as):
    """Issue 11: the counts panel's cells are written in Python (registrations_tags.inbox_count_rows): one
    cell per status in the header's order, a link to the filtered inbox when a year is chosen, the total."""
    from registrations.models import Registration as R
    from registrations.templatetags.registrations_tags import inbox_count_rows

    rows = [{"commune": "Xã <A>", "commune_id": 7, "counts": {"submitted": 2, "accepted": 1}, "total": 3}]
    linked = str(inbox_count_rows(rows, R.Status.choices, 2021))
    cells = linked.split("<td")[1:]
    assert len(cells) == 1 + len(R.Status.choices) + 1
    assert cells[0] == ">Xã &lt;A&gt;</td>" and cells[-1] == ">3</td></tr>"
    submitted = 1 + [v for v, _l in R.Status.choices].index("submitted")
    assert cells[submitted] == ('><a href="/ho-so/tiep-nhan/?year=2021&amp;commune=7&amp;status=submitted" '
                                f'title="Xã &lt;A&gt;: {R.Status.SUBMITTED.label}">2</a></td>')
    assert sum(c == "></td>" for c in cells) == len(R.Status.choices) - 2
    plain = str(inbox_count_rows(rows, R.Status.choices, None))
    assert "<a " not in plain and "<td>2</td>" in plain and "<td>1</td>" in plain
    response = client_as("phongnn").get("/ho-so/tiep-nhan/?year=2021&status=")
    page = response.content.decode()
    accepted = Registration.objects.filter(year=2021, status="accepted", commune__name="Trường Sơn")
    assert (f'<td>Trường Sơn</td>{"<td></td>" * 3}<td><a href="/ho-so/tiep-nhan/?year=2021&amp;commune='
            f'{accepted[0].commune_id}&amp;status=accepted" title="Trường Sơn: Đã tiếp nhận">{accepted.count()}</a>') in page
