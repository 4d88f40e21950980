"""Back-office pages (agriculture and economy offices): access both ways, scope (404 for another
district), forms turning domain errors into messages, reports (xlsx, PDF), panel and nav."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.tests.factories import make_user
from evaluations.services import recognition_end
from promotion import services
from promotion.models import Article, Course, Event, Participation
from registrations.tests.factories import ProducerFactory

from .factories import make_article, make_course, make_event, other_district, recognised_product

pytestmark = pytest.mark.django_db

OFFICE_PAGES = [
    "promotion:office_events", "promotion:event_create", "promotion:office_articles", "promotion:article_create",
    "promotion:office_courses", "promotion:course_create",
]


@pytest.mark.parametrize("name", OFFICE_PAGES)
def test_office_pages_open_for_agriculture_and_economy_offices(client, name):
    for role in ("agriculture_office", "economy_office", "admin"):
        client.force_login(make_user(role))
        assert client.get(reverse(name)).status_code == 200, role


@pytest.mark.parametrize("name", OFFICE_PAGES)
def test_office_pages_refused_to_other_roles(client, name):
    for role in ("commune_officer", "council_member", "council_secretary", "finance_office", "province"):
        client.force_login(make_user(role))
        assert client.get(reverse(name)).status_code == 403, role
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_event_of_another_district_is_404(client):
    other = other_district()
    foreign = make_event(district=other)
    client.force_login(make_user("agriculture_office"))
    for name in ("promotion:event", "promotion:event_edit"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert client.get(reverse("promotion:event_report", args=[foreign.pk, "xlsx"])).status_code == 404
    client.force_login(make_user("agriculture_office", other.code))
    assert client.get(reverse("promotion:event", args=[foreign.pk])).status_code == 200


def test_create_event_through_the_form(client):
    client.force_login(make_user("agriculture_office"))
    response = client.post(reverse("promotion:event_create"), {
        "kind": "hoi_cho", "name": "Hội chợ OCOP Bắc Giang", "organiser": "Sở Công Thương", "place": "TP Bắc Giang",
        "in_province": "on", "start_date": "2021-11-20", "end_date": "2021-11-22", "registration_deadline": "2021-11-30",
    })
    assert response.status_code == 200
    assert "Hạn đăng ký phải trước" in response.content.decode()
    response = client.post(reverse("promotion:event_create"), {
        "kind": "hoi_cho", "name": "Hội chợ OCOP Bắc Giang", "organiser": "Sở Công Thương", "place": "TP Bắc Giang",
        "in_province": "on", "start_date": "2021-11-20", "end_date": "2021-11-22", "registration_deadline": "2021-11-10",
    })
    event = Event.objects.get(name="Hội chợ OCOP Bắc Giang")
    assert response.status_code == 302 and response["Location"] == reverse("promotion:event", args=[event.pk])


def test_invite_form_shows_the_refusal_reason(client):
    event = make_event()
    product, recognition = recognised_product(name="Gà đồi", decision_number="17/QĐ-UBND")
    recognition_end(recognition=recognition, actor=make_user("province"), to="revoked", reason="x",
                    decision_date=datetime.date(2021, 10, 1))
    client.force_login(make_user("agriculture_office"))
    response = client.post(reverse("promotion:event", args=[event.pk]), {"product": product.pk, "support_amount": 0})
    assert response.status_code == 200
    assert "Quyết định công nhận 17/QĐ-UBND đã bị thu hồi ngày 01/10/2021." in response.content.decode()
    assert not Participation.objects.exists()


def test_invite_and_record_results_through_the_pages(client):
    event = make_event()
    product, _ = recognised_product(name="Dứa Bảo Sơn")
    client.force_login(make_user("economy_office"))
    page = client.get(reverse("promotion:event", args=[event.pk])).content.decode()
    assert "Dứa Bảo Sơn" in page  # listed among the eligible products
    response = client.post(reverse("promotion:event", args=[event.pk]), {
        "product": product.pk, "booth": "Gian 3", "support_amount": 2000000,
    })
    assert response.status_code == 302
    participation = Participation.objects.get()
    response = client.post(reverse("promotion:participation_results", args=[participation.pk]), {
        "sales_amount": 12500000, "contracts_signed": 1, "visitors": 200, "note": "",
    })
    assert response.status_code == 302
    page = client.get(reverse("promotion:event", args=[event.pk])).content.decode()
    assert "12.500.000 đ" in page and "2.000.000 đ" in page


def test_event_status_changes_and_errors_as_messages(client):
    event = make_event(start=datetime.date.today() + datetime.timedelta(days=5))
    client.force_login(make_user("agriculture_office"))
    response = client.post(reverse("promotion:event_status", args=[event.pk]), {"to": "finished"}, follow=True)
    assert "chưa thể kết thúc" in response.content.decode()
    client.post(reverse("promotion:event_status", args=[event.pk]), {"to": "cancelled"})
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert client.get(reverse("promotion:event_status", args=[event.pk])).status_code == 405


def test_event_reports_xlsx_and_pdf(client):
    event = make_event(name="Ngày hội OCOP huyện Lục Nam lần thứ 2")
    product, _ = recognised_product(name="Dứa Bảo Sơn", decision_number="191/QĐ-UBND")
    office = make_user("agriculture_office")
    participation = services.participation_invite(event=event, product=product, actor=office, support_amount=5_000_000)
    services.participation_record_results(participation=participation, actor=office, sales_amount=20_000_000,
                                          contracts_signed=2, visitors=500)
    client.force_login(office)
    xlsx = client.get(reverse("promotion:event_report", args=[event.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    data_row = next(r for r in rows if r[1] == "Dứa Bảo Sơn")
    assert data_row[4] == 3 and data_row[7] == 5_000_000 and data_row[8] == 20_000_000 and data_row[9] == 2
    assert "191/QĐ-UBND" in data_row[5]
    pdf = client.get(reverse("promotion:event_report", args=[event.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    for expected in ("UBND HUYỆN LỤC NAM", "PHÒNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "TRƯỞNG PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc",
                     "Dứa Bảo Sơn", "20.000.000 đ", "Lục Nam, ngày"):
        assert expected in text, expected
    assert client.get(reverse("promotion:event_report", args=[event.pk, "doc"])).status_code == 404


def test_year_report(client):
    make_event(name="Hội chợ A", start=datetime.date(2021, 5, 1))
    make_event(name="Hội chợ B", start=datetime.date(2021, 10, 1), in_province=False)
    make_event(name="Hội chợ 2022", start=datetime.date(2022, 5, 1))
    make_event(name="Hội chợ đã hủy", start=datetime.date(2021, 6, 1), status=Event.Status.CANCELLED)
    client.force_login(make_user("agriculture_office"))
    workbook = load_workbook(io.BytesIO(client.get(reverse("promotion:year_report", args=[2021, "xlsx"])).content))
    names = [row[1] for row in workbook["Tong hop"].iter_rows(min_row=4, values_only=True)]
    assert names == ["Hội chợ A", "Hội chợ B"]
    assert len(workbook.sheetnames) == 3
    pdf = client.get(reverse("promotion:year_report", args=[2021, "pdf"]))
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "BÁO CÁO" in text and "năm 2021" in text and "Hội chợ B" in text and "Hội chợ 2022" not in text
    assert client.get("/xuc-tien/bao-cao-nam/99999.xlsx").status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_office_event_list_fixed_queries(client, django_assert_max_num_queries, count):
    for i in range(count):
        make_event(name=f"Hội chợ {i}")
    client.force_login(make_user("agriculture_office"))
    with django_assert_max_num_queries(9):
        response = client.get(reverse("promotion:office_events"))
    assert response.content.decode().count("Hội chợ ") >= min(count, 30)


@pytest.mark.parametrize("count", [2, 20])
def test_event_detail_fixed_queries(client, django_assert_max_num_queries, count):
    event = make_event()
    office = make_user("agriculture_office")
    for i in range(count):
        product, _ = recognised_product(name=f"Sản phẩm {i}")
        if i % 2:
            services.participation_invite(event=event, product=product, actor=office)
    client.force_login(office)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("promotion:event", args=[event.pk]))
    assert response.status_code == 200


def test_article_editing_preview_is_sanitised_and_publish(client):
    client.force_login(make_user("agriculture_office"))
    response = client.post(reverse("promotion:article_create"), {
        "title": "Tin mới", "summary": "Tóm tắt", "body": "**Đậm** <script>alert(1)</script>",
    })
    article = Article.objects.get(title="Tin mới")
    assert response.status_code == 302
    page = client.get(reverse("promotion:article_edit", args=[article.pk])).content.decode()
    assert "<strong>Đậm</strong>" in page and "<script>alert(1)</script>" not in page
    client.post(reverse("promotion:article_status", args=[article.pk]), {"to": "published"})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    client.logout()
    assert client.get(f"/tin-tuc/{article.slug}/").status_code == 200


def test_article_of_another_district_is_404(client):
    foreign = make_article(district=other_district(), title="Tin huyện khác")
    client.force_login(make_user("agriculture_office"))
    assert client.get(reverse("promotion:article_edit", args=[foreign.pk])).status_code == 404


def test_course_pages_participants_and_attendance(client):
    office = make_user("agriculture_office")
    client.force_login(office)
    response = client.post(reverse("promotion:course_create"), {
        "kind": "study_tour", "title": "Đoàn học tập Quảng Ninh", "organiser": "UBND huyện",
        "organiser_level": "district", "start_date": "2021-05-20", "end_date": "2021-05-22",
        "destination_name": "Quảng Ninh", "report": "Báo cáo ngắn",
    })
    course = Course.objects.get(title="Đoàn học tập Quảng Ninh")
    assert response.status_code == 302
    producer = ProducerFactory(name="HTX Dứa")
    client.post(reverse("promotion:course", args=[course.pk]), {"producer": producer.pk})
    client.post(reverse("promotion:course", args=[course.pk]), {"user": office.pk})
    assert course.participants.count() == 2
    present = course.participants.get(producer=producer)
    client.post(reverse("promotion:course", args=[course.pk]), {"action": "attendance", "attended": [present.pk]})
    present.refresh_from_db()
    assert present.attended and course.participants.filter(attended=True).count() == 1
    page = client.get(reverse("promotion:course", args=[course.pk])).content.decode()
    assert "Quảng Ninh" in page and "Báo cáo ngắn" in page
    listing = client.get(reverse("promotion:office_courses")).content.decode()
    assert 'id="course-counts"' in listing and "1 / 2" in listing


def test_course_of_another_district_is_404(client):
    foreign = make_course(district=other_district())
    client.force_login(make_user("agriculture_office"))
    assert client.get(reverse("promotion:course", args=[foreign.pk])).status_code == 404


def test_home_panel_lists_upcoming_events_with_deadlines():
    from promotion.panels import panels

    office = make_user("agriculture_office")
    soon = make_event(name="Hội chợ sắp tới", start=datetime.date.today() + datetime.timedelta(days=10),
                      registration_deadline=datetime.date.today() + datetime.timedelta(days=3))
    make_event(name="Hội chợ cũ", start=datetime.date(2021, 1, 1))
    result = panels(office, "agriculture_office")
    assert len(result) == 1 and result[0].count == 1 and result[0].context["events"] == [soon]
    assert panels(office, "finance_office") == []
    assert panels(make_user("commune_officer"), "commune_officer") == []
    from django.template.loader import render_to_string

    html = render_to_string(result[0].template, {"ctx": result[0].context})
    assert "Hội chợ sắp tới" in html and "Hạn đăng ký tham gia" in html


def test_nav_items_only_what_the_user_may_open():
    from promotion.nav import nav_items

    office_urls = {item.url for item in nav_items(make_user("agriculture_office"))}
    commune_urls = {item.url for item in nav_items(make_user("commune_officer"))}
    assert reverse("promotion:office_events") in office_urls and reverse("promotion:office_courses") in office_urls
    assert commune_urls == {reverse("promotion:catalogue")}


@pytest.mark.parametrize("count", [5, 50])
def test_course_and_article_lists_fixed_queries(client, django_assert_max_num_queries, count):
    office = make_user("agriculture_office")
    for i in range(count):
        course = make_course(title=f"Lớp {i}", start=datetime.date(2021 + i % 3, 4, 15))
        services.course_add_participant(course=course, actor=office, producer=ProducerFactory())
        make_article(title=f"Tin {i}")
    client.force_login(office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("promotion:office_courses")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("promotion:office_articles")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(4):
        assert client.get(reverse("promotion:news")).status_code == 200


def test_object_pages_refused_to_other_roles(client):
    """Every back-office page about one event, participation, article or course answers 403 to
    a role outside the promotion offices (GET and POST), and sends an anonymous visitor to log in."""
    product, _ = recognised_product(name="Dứa Bảo Sơn")
    event = make_event()
    participation = services.participation_invite(event=event, product=product, actor=make_user("agriculture_office"))
    article, course = make_article(), make_course()
    urls = [
        reverse("promotion:event", args=[event.pk]), reverse("promotion:event_edit", args=[event.pk]),
        reverse("promotion:event_status", args=[event.pk]), reverse("promotion:event_report", args=[event.pk, "pdf"]),
        reverse("promotion:year_report", args=[2021, "xlsx"]),
        reverse("promotion:participation_results", args=[participation.pk]),
        reverse("promotion:participation_withdraw", args=[participation.pk]),
        reverse("promotion:article_edit", args=[article.pk]), reverse("promotion:article_status", args=[article.pk]),
        reverse("promotion:course", args=[course.pk]), reverse("promotion:course_edit", args=[course.pk]),
    ]
    for role in ("commune_officer", "council_secretary", "finance_office", "province"):
        client.force_login(make_user(role))
        for url in urls:
            assert client.get(url).status_code in (403, 405), (role, url)
            assert client.post(url, {"to": "finished"}).status_code == 403, (role, url)
    client.logout()
    for url in urls:
        assert client.get(url).status_code in (302, 405), url
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED and Participation.objects.filter(pk=participation.pk).exists()


def test_event_filter_is_styled_and_in_vietnamese(client):
    make_event(name="Hội chợ năm 2021")
    make_event(name="Hội chợ năm 2020", start=datetime.date(2020, 5, 1))
    client.force_login(make_user("agriculture_office"))
    page = client.get(reverse("promotion:office_events"), {"year": 2021}).content.decode()
    assert "Hội chợ năm 2021" in page and "Hội chợ năm 2020" not in page
    assert '<select name="kind" class="form-select"' in page and "---------" not in page
    assert '<option value="" selected>Tất cả</option>' in page
    assert reverse("promotion:year_report", args=[2021, "xlsx"]) in page


def test_office_forms_have_vietnamese_empty_choices(client):
    client.force_login(make_user("agriculture_office"))
    course = make_course()
    for url in (reverse("promotion:event_create"), reverse("promotion:course_create"), reverse("promotion:course", args=[course.pk])):
        page = client.get(url).content.decode()
        assert "---------" not in page and "— Chọn" in page, url
