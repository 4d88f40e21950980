"""Pages: access both ways, fixed query counts, htmx totals, documents."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.tests.factories import make_user
from evaluations import services
from evaluations.models import CouncilMember, Recognition, Round, RoundEntry, Scorecard
from evaluations.selectors import sheet_with_structure
from evaluations.tests.factories import levels_for, make_card, make_council, make_recognition, make_round
from registrations.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(council):
    return make_round(council=council, products=2, hide_scores_until_close=False)


def seat(round_, username):
    return round_.council.members.get(user__username=username)


def post_ticks(entry, pick="max", submit=True, comment=""):
    data = {f"c{k}": v for k, v in levels_for(entry.sheet, pick=pick).items()}
    data["comment"] = comment
    data["submit" if submit else "save"] = "1"
    return data


def test_member_sees_only_rounds_they_sit_on(client_as, round_):
    entry = round_.entries.first()
    page = client_as("hoidong.tv1").get(reverse("evaluations:my_entries"))
    assert page.status_code == 200 and entry.registration.product.name in page.content.decode()
    other_round = make_round(number=5)  # another council
    outsider_entry = other_round.entries.first()
    page = client_as("hoidong.tv1").get(reverse("evaluations:my_entries"))
    assert outsider_entry.registration.product.name not in page.content.decode()
    assert client_as("hoidong.tv1").get(reverse("evaluations:score_entry", args=[outsider_entry.pk])).status_code == 404
    assert client_as("hoidong.tv1").get(reverse("evaluations:round_detail", args=[other_round.pk])).status_code == 404


@pytest.mark.parametrize("username", ["xa.huyenson", "taichinh", "tinh", "phongnn"])
def test_other_roles_cannot_score(client_as, round_, username):
    entry = round_.entries.first()
    client = client_as(username)
    assert client.get(reverse("evaluations:my_entries")).status_code == 403
    assert client.get(reverse("evaluations:score_entry", args=[entry.pk])).status_code == 403
    assert client.post(reverse("evaluations:score_entry", args=[entry.pk]), post_ticks(entry)).status_code == 403
    assert not Scorecard.objects.exists()


def test_member_scores_with_draft_then_submit_and_is_locked(client_as, round_):
    entry = round_.entries.first()
    client = client_as("hoidong.chutich")
    url = reverse("evaluations:score_entry", args=[entry.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'type="radio"' in page.content.decode()
    dossier = reverse("registrations:registration_detail", args=[entry.registration_id])
    assert f'href="{dossier}"' in page.content.decode()
    assert client.get(dossier).status_code == 200  # the member reads the dossier
    assert client.post(url, post_ticks(entry, submit=False, comment="nháp")).status_code == 302
    card = Scorecard.objects.get()
    assert card.status == "draft" and card.comment == "nháp"
    client.post(url, post_ticks(entry, comment="Đạt"))
    card.refresh_from_db()
    assert card.status == "submitted" and card.total == 100
    response = client.post(url, post_ticks(entry, pick="min"), follow=True)
    card.refresh_from_db()
    assert card.total == 100 and "đã nộp" in response.content.decode()


def test_cannot_score_after_round_closes(client_as, round_):
    entry = round_.entries.first()
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    response = client_as("hoidong.chutich").post(reverse("evaluations:score_entry", args=[entry.pk]), post_ticks(entry))
    assert response.status_code == 403
    assert not Scorecard.objects.exists()


def test_others_scores_hidden_before_own_submission(client_as, round_):
    entry = round_.entries.first()
    make_card(entry, seat(round_, "hoidong.tv1"), "77.25")
    url = reverse("evaluations:score_entry", args=[entry.pk])
    client = client_as("hoidong.chutich")
    assert "77,25" not in client.get(url).content.decode()
    client.post(url, post_ticks(entry))
    assert "77,25" in client.get(url).content.decode()


def test_round_setting_hides_others_scores_until_close(client_as, council):
    round_ = make_round(council=council, products=1, hide_scores_until_close=True)
    entry = round_.entries.first()
    make_card(entry, seat(round_, "hoidong.tv1"), "77.25")
    client = client_as("hoidong.chutich")
    url = reverse("evaluations:score_entry", args=[entry.pk])
    client.post(url, post_ticks(entry))
    assert "77,25" not in client.get(url).content.decode()
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    assert "77,25" in client.get(url).content.decode()


def test_member_cannot_open_another_members_sheet_pdf(client_as, round_):
    entry = round_.entries.first()
    card = make_card(entry, seat(round_, "hoidong.tv1"), 60, status="draft")
    assert client_as("hoidong.chutich").get(reverse("evaluations:scorecard_pdf", args=[card.pk])).status_code == 404
    response = client_as("hoidong.tv1").get(reverse("evaluations:scorecard_pdf", args=[card.pk]))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "PHIẾU ĐÁNH GIÁ" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_htmx_preview_updates_part_totals(client_as, round_):
    entry = round_.entries.first()
    sheet = sheet_with_structure(entry.sheet_id)
    first_part = sheet.parts.all()[0]
    crit = first_part.criteria.all()[0]
    level = max(crit.levels.all(), key=lambda lv: lv.points)
    response = client_as("hoidong.chutich").post(
        reverse("evaluations:score_preview", args=[entry.pk]), {f"c{crit.pk}": level.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-part="A">{level.points:.0f}<' in html and f'id="total-points">{level.points:.0f}<' in html


@pytest.mark.parametrize("username,allowed", [("thuky", True), ("phongnn", False), ("hoidong.chutich", False)])
def test_only_secretary_closes_and_publishes(client_as, round_, username, allowed):
    for entry in round_.entries.all():
        for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
            make_card(entry, seat(round_, m), 60)
    client = client_as(username)
    response = client.post(reverse("evaluations:round_action", args=[round_.pk, "close"]))
    round_.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and round_.status == "closed"
        client.post(reverse("evaluations:round_action", args=[round_.pk, "publish"]))
        round_.refresh_from_db()
        assert round_.status == "published"
    else:
        assert response.status_code == 403 and round_.status == "open"


def test_secretary_reopens_with_reason_member_cannot(client_as, round_):
    entry = round_.entries.first()
    card = make_card(entry, seat(round_, "hoidong.tv1"), 60)
    url = reverse("evaluations:scorecard_reopen", args=[card.pk])
    assert client_as("hoidong.tv1").post(url, {"reason": "x"}).status_code == 403
    client_as("thuky").post(url, {"reason": "Chấm nhầm tiêu chí"})
    card.refresh_from_db()
    assert card.status == "draft"


def test_matrix_has_one_reopen_form_for_the_picked_card(client_as, round_):
    """No form per cell (the 500 × 9 matrix was 3.5 MB): a link per submitted card, one form for the picked one."""
    entry = round_.entries.first()
    card = make_card(entry, seat(round_, "hoidong.tv1"), 60)
    client = client_as("thuky")
    page = client.get(reverse("evaluations:round_detail", args=[round_.pk])).content.decode()
    assert f"?mo-lai={card.pk}" in page and 'id="mo-lai"' not in page
    assert f"/danh-gia/phieu/{card.pk}/in.pdf" in page
    page = client.get(reverse("evaluations:round_detail", args=[round_.pk]), {"mo-lai": card.pk}).content.decode()
    assert page.count('name="reason"') == 1
    assert reverse("evaluations:scorecard_reopen", args=[card.pk]) in page
    # a card of another round, a draft, or garbage: no form
    for bad in ("999999", "abc"):
        page = client.get(reverse("evaluations:round_detail", args=[round_.pk]), {"mo-lai": bad}).content.decode()
        assert 'id="mo-lai"' not in page


def test_matrix_total_links_to_the_cards_pdf_for_the_secretary_only(client_as, round_):
    """One link per submitted card, its total (a separate "PDF" link per card was 40 bytes of each of the
    900 cells of a 100 × 9 round, issue 11); the district office follows the round without the links."""
    entry = round_.entries.first()
    card = make_card(entry, seat(round_, "hoidong.tv1"), 58.5)
    url = reverse("evaluations:round_detail", args=[round_.pk])
    page = client_as("thuky").get(url).content.decode()
    assert f'<a class="text-success" href="/danh-gia/phieu/{card.pk}/in.pdf">✔ 58,50</a>' in page
    assert ">PDF</a>" not in page and 'id="matrix-pdf-hint"' in page
    assert client_as("thuky").get(f"/danh-gia/phieu/{card.pk}/in.pdf").status_code == 200
    page = client_as("phongnn").get(url).content.decode()
    assert '<span class="text-success">✔ 58,50</span>' in page
    assert "in.pdf" not in page and 'id="matrix-pdf-hint"' not in page


def test_entries_with_stats_counts_per_entry_without_joining_the_cards(round_):
    """The quorum figures are subqueries per entry: joining the cards grouped 9 wide rows per product (and ran
    the eligible-members subquery once per card), 14.7 ms of the nation preset's 100 × 9 round (issue 11);
    only the columns the matrix shows are loaded."""
    from evaluations.selectors import entries_with_stats

    sql = str(entries_with_stats(round_).qs.query)
    joins = sql.split('FROM "evaluations_roundentry"')[-1]  # the outer query's joins, WHERE, GROUP BY, ORDER BY
    assert 'JOIN "evaluations_scorecard"' not in joins and "GROUP BY" not in joins
    assert "evaluations_scoresheet" not in sql and '"registrations_registration"."status"' not in sql
    assert '"registrations_product"."name"' in sql and '"registrations_producer"."name"' in sql


def test_matrix_pages_reach_the_picked_products_row(client_as, round_, monkeypatch):
    """A 500 × 9 round is pages of MATRIX_PAGE_SIZE products (it was 0.9-1 MB in one page, issue 11); the
    secretary's links to a product (its conclusion, a card to reopen, the return after saving) open the page
    that holds its row, the shortfalls still list the whole round and the round's actions are on every page."""
    from evaluations import selectors

    monkeypatch.setattr(selectors, "MATRIX_PAGE_SIZE", 1)  # the fixture's 2 products: 2 pages
    e1, e2 = round_.entries.order_by("order", "pk")
    card = make_card(e2, seat(round_, "hoidong.tv1"), 60)
    url = reverse("evaluations:round_detail", args=[round_.pk])
    client = client_as("thuky")

    def rows(page):
        return [int(pk) for pk in re.findall(r'<tr data-entry="(\d+)"', page)]

    first = client.get(url, {"ket-thuc": "1"}).content.decode()
    assert rows(first) == [e1.pk] and "page=2" in first
    # both products lack quorum: both named, the second one from page 2
    assert e1.registration.product.name in first and e2.registration.product.name in first
    assert f"/danh-gia/dot/{round_.pk}/close/" in first
    assert rows(client.get(url, {"page": "2"}).content.decode()) == [e2.pk]
    picked = client.get(url, {"mo-lai": card.pk}).content.decode()
    assert rows(picked) == [e2.pk] and 'id="mo-lai"' in picked
    assert rows(client.get(url, {"san-pham": e2.pk}).content.decode()) == [e2.pk]
    assert rows(client.get(url, {"san-pham": e2.pk, "page": "1"}).content.decode()) == [e1.pk]  # ?page wins
    assert rows(client.get(url, {"page": "junk"}).content.decode()) == [e1.pk]
    response = client.post(reverse("evaluations:scorecard_reopen", args=[card.pk]), {"reason": "Xem lại"})
    assert response["Location"] == f"{url}?san-pham={e2.pk}#e{e2.pk}"


def _build(council, n_products):
    round_ = make_round(council=council, products=n_products)
    members = list(council.members.filter(position__in=CouncilMember.SCORING_POSITIONS))
    Scorecard.objects.bulk_create([
        Scorecard(entry=e, member=m, sheet=e.sheet, status="submitted", total=Decimal(50 + (i % 40)))
        for e in round_.entries.all() for i, m in enumerate(members)
    ])
    return round_


@pytest.mark.parametrize("n_products", [5, 200])
def test_matrix_and_member_list_fixed_query_count(client_as, demo_users, django_assert_max_num_queries, n_products):
    users = [demo_users["hoidong.chutich"]] + [make_user("council_member") for _ in range(8)]
    council = make_council(("chair",) + ("member",) * 8, users=users, secretary=False)
    CouncilMember.objects.create(council=council, user=demo_users["thuky"], position="secretary", order=99)
    round_ = _build(council, n_products)
    secretary = client_as("thuky")
    # 16, the same with 5 and 200 products (15 once the content type is cached): + the notifications
    # bell's unread count, the documents app's paper buttons (minutes, result notice) and the status history.
    # 200 products are two pages of 100 (selectors.MATRIX_PAGE_SIZE), each with the same queries.
    url = reverse("evaluations:round_detail", args=[round_.pk])
    for page in range(1, (n_products - 1) // 100 + 2):
        with django_assert_max_num_queries(16):
            response = secretary.get(url, {"page": page})
        shown = min(100, n_products - (page - 1) * 100)
        assert response.status_code == 200 and response.content.decode().count("data-entry=") == shown
        # page weight grows by a small constant per cell: no form, CSRF token or reverse()d pair per cell
        assert len(response.content) < 20_000 + shown * 9 * 400
    member = client_as("hoidong.chutich")
    with django_assert_max_num_queries(8):
        response = member.get(reverse("evaluations:my_entries"))
    assert response.status_code == 200 and response.content.decode().count("/danh-gia/cham-diem/") >= n_products


def test_close_publish_minutes_and_results(client_as, round_):
    e1, e2 = round_.entries.order_by("order")
    for m, t1, t2 in (("hoidong.chutich", 60, 40), ("hoidong.tv1", 62, 41), ("hoidong.tv2", 65, 45)):
        make_card(e1, seat(round_, m), t1)
        make_card(e2, seat(round_, m), t2)
    client = client_as("thuky")
    client.post(reverse("evaluations:round_action", args=[round_.pk, "close"]))
    response = client.get(reverse("evaluations:round_minutes", args=[round_.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "BIÊN BẢN" in text and "Họp Hội đồng" in text and "UBND HUYỆN LỤC NAM" in text
    assert "62,33" in text and "42,00" in text and e1.registration.product.name in text
    xlsx = client.get(reverse("evaluations:round_results", args=[round_.pk]))
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0][1] == e1.registration.product.name and rows[0][9] == 62.33 and rows[0][10] == 3
    assert rows[1][10] == 2 and rows[1][12] == "Không" and rows[0][12] == "Có"


def test_feedback_below_50_reaches_own_commune_only(client_as, round_):
    e1, e2 = round_.entries.order_by("order")
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        make_card(e1, seat(round_, m), 40).__class__.objects.filter(entry=e1, member__user__username=m).update(comment="Bao bì chưa đạt")
        make_card(e2, seat(round_, m), 70)
    services.round_close(round=round_, actor=round_.council.members.get(position="secretary").user)
    services.round_publish(round=round_, actor=round_.council.members.get(position="secretary").user)
    page = client_as("xa.huyenson").get(reverse("evaluations:feedback_list")).content.decode()
    assert e1.registration.product.name in page and "Bao bì chưa đạt" in page
    assert e2.registration.product.name not in page
    page = client_as("xa.baoson").get(reverse("evaluations:feedback_list")).content.decode()
    assert e1.registration.product.name not in page


@pytest.mark.parametrize("username,status", [("tinh", 302), ("phongnn", 302), ("hoidong.chutich", 403), ("taichinh", 403), ("xa.huyenson", 403)])
def test_only_province_or_office_records_recognitions(client_as, round_, username, status):
    entry = round_.entries.first()
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        make_card(entry, seat(round_, m), 72)
    for e in round_.entries.exclude(pk=entry.pk):
        for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
            make_card(e, seat(round_, m), 20)
    secretary = round_.council.members.get(position="secretary").user
    services.round_close(round=round_, actor=secretary)
    services.round_publish(round=round_, actor=secretary)
    response = client_as(username).post(
        reverse("evaluations:recognition_create", args=[entry.pk]),
        {"decision_number": "9/QĐ-UBND", "decision_date": "2021-09-01", "issuer": "UBND tỉnh Bắc Giang", "stars": "3"},
    )
    assert response.status_code == status
    recognitions = Recognition.objects.filter(registration=entry.registration)
    if status == 302:
        rec = recognitions.get()
        assert rec.stars == 3 and rec.proposed_stars == 4 and rec.valid_until == datetime.date(2024, 8, 31)
    else:
        assert not recognitions.exists()


def test_refusal_needs_reason(client_as, round_):
    entry = round_.entries.first()
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        for e in round_.entries.all():
            make_card(e, seat(round_, m), 55)
    secretary = round_.council.members.get(position="secretary").user
    services.round_close(round=round_, actor=secretary)
    services.round_publish(round=round_, actor=secretary)
    url = reverse("evaluations:recognition_refuse", args=[entry.pk])
    data = {"decision_number": "1/TB", "decision_date": "2021-09-01", "issuer": "UBND tỉnh Bắc Giang", "reason": ""}
    assert client_as("tinh").post(url, data).status_code == 200
    data["reason"] = "Chưa đạt tiêu chí chất lượng"
    assert client_as("tinh").post(url, data).status_code == 302
    assert Recognition.objects.get(registration=entry.registration).status == "not_recognised"


def test_conflict_declared_from_council_page_excludes_member(client_as, round_):
    entry = round_.entries.first()
    client = client_as("hoidong.tv2")
    client.post(reverse("evaluations:council_detail", args=[round_.council_id]),
                {"declare": "1", "producer": entry.registration.producer_id, "reason": "Là thành viên HTX"})
    page = client.get(reverse("evaluations:my_entries")).content.decode()
    assert "Xung đột lợi ích" in page
    assert client.post(reverse("evaluations:score_entry", args=[entry.pk]), post_ticks(entry)).status_code == 403


def test_monitoring_inspection_revocation(client_as, demo_users):
    recognition = make_recognition(RegistrationFactory(), actor=demo_users["tinh"])
    url = reverse("evaluations:recognition_detail", args=[recognition.pk])
    office = client_as("phongnn")
    office.post(url, {"inspection": "1", "kind": "general", "date": "2022-05-01", "unit": "Phòng NN&PTNT", "findings": "Nhãn sai", "result": "violation"})
    office.post(url, {"propose": "1", "reasons": "Vi phạm ghi nhãn"})
    assert recognition.inspections.count() == 1 and recognition.revocation_proposals.count() == 1
    assert client_as("xa.baoson").get(url).status_code == 404
    client_as("tinh").post(url, {"decide": "1", "revoke": "1", "decision_number": "50/QĐ-UBND", "decision_date": "2022-06-01"})
    recognition.refresh_from_db()
    assert recognition.status == Recognition.Status.REVOKED and recognition.end_decision_number == "50/QĐ-UBND"


def test_expiring_certificates_panel_and_daily_mail(client_as, demo_users, mailoutbox, settings, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from evaluations.tasks import notify_expiring_certificates

    today = timezone.localdate()
    soon = today + datetime.timedelta(days=20)
    reg = RegistrationFactory()  # commune Huyền Sơn
    make_recognition(reg, actor=demo_users["tinh"], decision_date=today - datetime.timedelta(days=1000), valid_until=soon)
    make_recognition(RegistrationFactory(), actor=demo_users["tinh"], decision_date=today - datetime.timedelta(days=10))
    page = client_as("phongnn").get(reverse("home_agriculture")).content.decode()
    assert reg.product.name in page
    settings.OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS = 10
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_expiring_certificates() == 0
    settings.OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_expiring_certificates() == 2  # the office and the commune officer
    assert sorted(m.to[0] for m in mailoutbox) == ["phongnn@ocop.invalid", "xa.huyenson@ocop.invalid"]
    body = mailoutbox[0].body
    assert reg.product.name in body and f"hết hiệu lực ngày {soon:%d/%m/%Y}" in body and "Đánh giá lại" in body
    # Sent once: the next day's run has nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_expiring_certificates() == 0
    assert len(mailoutbox) == 2
    # A product of Bảo Sơn: its commune officer and the office are told, not Huyền Sơn's officer.
    from accounts.models import AdministrativeUnit

    baoson = RegistrationFactory(product__producer__commune=AdministrativeUnit.objects.get(code="218-03"))
    make_recognition(baoson, actor=demo_users["tinh"], decision_date=today - datetime.timedelta(days=1000), valid_until=soon)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_expiring_certificates() == 2
    assert sorted(m.to[0] for m in mailoutbox[2:]) == ["phongnn@ocop.invalid", "xa.baoson@ocop.invalid"]


def test_beat_schedule_registered():
    from ocop_portal.celery import app

    entry = app.conf.beat_schedule["evaluations-expiring-certificates"]
    assert entry["task"] == "evaluations.notify_expiring_certificates"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}  # daily, 07:00 local time
    app.loader.import_default_modules()  # what a worker does at start (autodiscovery)
    assert "evaluations.notify_expiring_certificates" in app.tasks


@pytest.mark.parametrize("username", ["hoidong.chutich", "thuky", "phongnn", "tinh"])
def test_home_panels_render(client_as, round_, username):
    homes = {"hoidong.chutich": "home_council", "thuky": "home_secretary", "phongnn": "home_agriculture", "tinh": "home_province"}
    response = client_as(username).get(reverse(homes[username]))
    assert response.status_code == 200
    expected = {"hoidong.chutich": "Sản phẩm tôi cần chấm điểm", "thuky": "phiếu chấm còn thiếu",
                "phongnn": "sắp hết hạn", "tinh": "đề nghị công nhận"}
    assert expected[username] in response.content.decode()


def test_office_creates_round_and_assigns_secretary_cannot(client_as, council):
    from evaluations.models import CriteriaSet

    data = {"year": 2021, "number": 3, "name": "Đợt 3", "level": "district", "deadline": "2021-11-30",
            "criteria_set": CriteriaSet.objects.get(code="QD1048").pk, "council": council.pk, "aggregation": "median",
            "quorum_percent": 75, "spread_threshold": "10", "hide_scores_until_close": "on"}
    assert client_as("thuky").post(reverse("evaluations:round_create"), data).status_code == 403
    assert client_as("phongnn").post(reverse("evaluations:round_create"), data).status_code == 302
    round_ = Round.objects.get(number=3)
    assert round_.aggregation == "median" and round_.status == "planned"
    reg = RegistrationFactory()
    url = reverse("evaluations:round_assign", args=[round_.pk])
    assert client_as("thuky").post(url, {"registrations": [reg.pk]}).status_code == 403
    assert client_as("phongnn").post(url, {"registrations": [reg.pk]}).status_code == 302
    assert round_.entries.get().registration == reg
    client_as("thuky").post(reverse("evaluations:round_action", args=[round_.pk, "open"]))
    round_.refresh_from_db()
    assert round_.status == "open"
    page = client_as("thuky").get(reverse("evaluations:round_detail", args=[round_.pk])).content.decode()
    assert "Đang chấm điểm" in page and "Kế hoạch" in page  # history with labels


def test_member_is_sent_to_own_list_from_round_page(client_as, round_):
    response = client_as("hoidong.tv1").get(reverse("evaluations:round_detail", args=[round_.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:my_entries")


def test_forward_proposals_uses_registrations_forwarding(client_as, round_):
    from registrations.models import Forwarding

    e1, e2 = round_.entries.order_by("order")
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        make_card(e1, seat(round_, m), 70)
        make_card(e2, seat(round_, m), 30)
    secretary = round_.council.members.get(position="secretary").user
    services.round_close(round=round_, actor=secretary)
    services.round_publish(round=round_, actor=secretary)
    url = reverse("evaluations:round_forward", args=[round_.pk])
    assert client_as("thuky").get(url).status_code == 403
    data = {"letter_number": "45/UBND-NN", "letter_date": "2021-07-12", "signer": "Hoàng Văn Toán"}
    response = client_as("phongnn").post(url, data)
    assert response.status_code == 200 and "thiếu tài liệu bắt buộc" in response.content.decode()
    assert not Forwarding.objects.exists()  # a dossier with missing documents asks for confirmation
    response = client_as("phongnn").post(url, {**data, "confirm_missing": "on"})
    assert response.status_code == 302
    forwarding = Forwarding.objects.get()
    assert list(forwarding.registrations.all()) == [e1.registration]
    e1.registration.refresh_from_db()
    assert e1.registration.status == "forwarded"


def test_forwarding_package_gets_minutes_and_results(round_, demo_users):
    from evaluations.forwarding import council_results_files
    from registrations.models import Forwarding

    entry = round_.entries.first()
    for e in round_.entries.all():
        for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
            make_card(e, seat(round_, m), 66)
    services.round_close(round=round_, actor=round_.council.members.get(position="secretary").user)
    forwarding = Forwarding.objects.create(district=round_.district, year=2021, letter_number="1/UBND", signer="A",
                                           letter_date=datetime.date(2021, 7, 12), created_by=demo_users["phongnn"])
    forwarding.registrations.add(entry.registration)
    files = dict(council_results_files(forwarding))
    assert set(files) == {"hoi-dong-2021-dot-1-bien-ban.pdf", "hoi-dong-2021-dot-1-ket-qua.xlsx"}
    assert files["hoi-dong-2021-dot-1-bien-ban.pdf"].startswith(b"%PDF")


def test_secretary_edits_conclusion_after_close_and_member_sees_reopen_history(client_as, round_):
    e1, e2 = round_.entries.order_by("order")
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        make_card(e1, seat(round_, m), 55)
        make_card(e2, seat(round_, m), 55)
    card = Scorecard.objects.get(entry=e1, member=seat(round_, "hoidong.tv1"))
    client_as("thuky").post(reverse("evaluations:scorecard_reopen", args=[card.pk]), {"reason": "Xem lại tiêu chí C"})
    page = client_as("hoidong.tv1").get(reverse("evaluations:score_entry", args=[e1.pk])).content.decode()
    assert "Xem lại tiêu chí C" in page and "Đang chấm" in page
    Scorecard.objects.filter(pk=card.pk).update(status="submitted")
    services.round_close(round=round_, actor=round_.council.members.get(position="secretary").user)
    url = reverse("evaluations:entry_conclusion", args=[e1.pk])
    assert client_as("hoidong.tv1").post(url, {"conclusion": "x"}).status_code == 403
    client_as("thuky").post(url, {"conclusion": "Đạt 3 sao, đề nghị tỉnh công nhận."})
    e1.refresh_from_db()
    assert e1.conclusion == "Đạt 3 sao, đề nghị tỉnh công nhận."


def test_closed_round_renders_one_conclusion_form_for_the_picked_product(client_as, round_):
    """Issue 11: one conclusion form per product (each with its CSRF token) made a closed 500 × 9 round
    1.35 MB of HTML; the matrix links each product to one form, like reopening a sheet."""
    e1, e2 = round_.entries.order_by("order")
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        make_card(e1, seat(round_, m), 55)
        make_card(e2, seat(round_, m), 60)
    services.round_close(round=round_, actor=round_.council.members.get(position="secretary").user)
    RoundEntry.objects.filter(pk=e1.pk).update(conclusion="")  # closing wrote a default conclusion
    RoundEntry.objects.filter(pk=e2.pk).update(conclusion="Đạt <b>3 sao</b>")
    url = reverse("evaluations:round_detail", args=[round_.pk])
    client = client_as("thuky")
    page = client.get(url).content.decode()
    assert 'name="conclusion"' not in page and "/ket-luan/" not in page  # no form until a product is picked
    assert f'href="?ket-luan={e1.pk}#ket-luan">Ghi kết luận</a>' in page
    assert f'href="?ket-luan={e2.pk}#ket-luan">Sửa kết luận</a>' in page
    assert "Đạt &lt;b&gt;3 sao&lt;/b&gt;" in page
    tokens = page.count("csrfmiddlewaretoken")  # the page's other forms (logout, papers)
    page = client.get(f"{url}?ket-luan={e2.pk}").content.decode()
    assert page.count('name="conclusion"') == 1 and page.count("csrfmiddlewaretoken") == tokens + 1
    assert f'action="{reverse("evaluations:entry_conclusion", args=[e2.pk])}"' in page
    assert ">Đạt &lt;b&gt;3 sao&lt;/b&gt;</textarea>" in page
    response = client.post(reverse("evaluations:entry_conclusion", args=[e2.pk]), {"conclusion": "Đạt 3 sao."})
    assert response.status_code == 302 and response["Location"] == f"{url}?san-pham={e2.pk}#e{e2.pk}"
    assert RoundEntry.objects.get(pk=e2.pk).conclusion == "Đạt 3 sao."
    # an entry of another round, or junk, gives no form; the office reads the conclusions without a link
    assert 'name="conclusion"' not in client.get(f"{url}?ket-luan=999999").content.decode()
    assert 'name="conclusion"' not in client.get(f"{url}?ket-luan=abc").content.decode()
    member_page = client_as("phongnn").get(url)  # the office follows the round, the secretary concludes
    assert member_page.status_code == 200 and "?ket-luan=" not in member_page.content.decode()
    assert "Đạt 3 sao." in member_page.content.decode()


def test_secretary_sees_who_is_missing_and_may_close_leaving_products_unrated(client_as, round_):
    e1, e2 = round_.entries.order_by("order")
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        make_card(e1, seat(round_, m), 70)
    make_card(e2, seat(round_, "hoidong.tv1"), 40)
    make_card(e2, seat(round_, "hoidong.tv2"), 45, status=Scorecard.Status.DRAFT)
    client = client_as("thuky")
    url = reverse("evaluations:round_detail", args=[round_.pk])
    page = client.get(url).content.decode()
    assert 'id="shortfalls"' in page and 'name="leave_unrated"' in page
    assert f"{e2.registration.product.name}: 1/3 phiếu đã nộp" in page
    assert "Chủ tịch Hội đồng OCOP huyện (Chủ tịch, chưa chấm)" in page and "Ủy viên Hội đồng 2 (Ủy viên, đang nháp)" in page
    close = reverse("evaluations:round_action", args=[round_.pk, "close"])
    refused = client.post(close, follow=True).content.decode()
    round_.refresh_from_db()
    assert round_.status == "open" and "Chưa đủ số phiếu theo quy định ở 1 sản phẩm" in refused
    client.post(close, {"leave_unrated": "1"})
    round_.refresh_from_db()
    e2.refresh_from_db()
    assert round_.status == "closed" and e2.score is None and e2.stars is None
    pdf = client.get(reverse("evaluations:round_minutes", args=[round_.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Chưa đủ số phiếu chấm theo quy định" in text and f"{e2.registration.product.name} (1 phiếu)" in " ".join(text.split())
    # A member sees no such list and cannot close.
    assert client_as("hoidong.tv1").post(close, {"leave_unrated": "1"}).status_code == 403


def _published_proposal(round_):
    entry = round_.entries.order_by("order").first()
    for e in round_.entries.all():
        for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
            make_card(e, seat(round_, m), 72)
    secretary = round_.council.members.get(position="secretary").user
    services.round_close(round=round_, actor=secretary)
    services.round_publish(round=round_, actor=secretary)
    return entry


def test_recognition_validity_is_computed_from_the_decision_date_and_editable(client_as, round_):
    entry = _published_proposal(round_)
    client = client_as("phongnn")
    page = client.get(reverse("evaluations:recognition_create", args=[entry.pk])).content.decode()
    assert "Tự tính 36 tháng kể từ ngày quyết định" in page and 'value="UBND tỉnh Bắc Giang"' in page
    validity = reverse("evaluations:recognition_validity", args=[entry.pk])
    assert f'hx-get="{validity}"' in page
    # Typing the decision date fills the computed date...
    html = client.get(validity, {"decision_date": "2021-08-26", "valid_until": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="valid_until" value="2024-08-25"' in html and 'name="valid_until_auto" value="2024-08-25"' in html
    # ... a new date recomputes it while the officer has not touched it ...
    html = client.get(validity, {"decision_date": "2021-09-01", "valid_until": "2024-08-25", "valid_until_auto": "2024-08-25"}).content.decode()
    assert 'name="valid_until" value="2024-08-31"' in html
    # ... and a date typed by hand is kept.
    html = client.get(validity, {"decision_date": "2021-09-01", "valid_until": "2024-12-31", "valid_until_auto": "2024-08-31"}).content.decode()
    assert 'name="valid_until" value="2024-12-31"' in html and 'name="valid_until_auto" value="2024-08-31"' in html
    assert client_as("xa.huyenson").get(validity, {"decision_date": "2021-09-01"}).status_code == 403
    client = client_as("phongnn")
    data = {"decision_number": "9/QĐ-UBND", "decision_date": "2021-09-01", "issuer": "UBND tỉnh Bắc Giang", "stars": "4",
            "valid_until": "2021-08-01"}
    response = client.post(reverse("evaluations:recognition_create", args=[entry.pk]), data)
    assert response.status_code == 200 and "Ngày hết hiệu lực phải sau ngày quyết định." in response.content.decode()
    data["valid_until"] = "2024-12-31"
    assert client.post(reverse("evaluations:recognition_create", args=[entry.pk]), data).status_code == 302
    assert Recognition.objects.get(registration=entry.registration).valid_until == datetime.date(2024, 12, 31)
    # Recording it twice: the service's refusal is shown on the form.
    again = client.post(reverse("evaluations:recognition_create", args=[entry.pk]), data)
    assert again.status_code == 200 and "đã có quyết định công nhận" in again.content.decode()


def test_recognition_validity_period_is_data_of_the_criteria_set(round_):
    entry = _published_proposal(round_)
    round_.criteria_set.certificate_validity_months = 24
    round_.criteria_set.save(update_fields=["certificate_validity_months"])
    recognition = make_recognition(entry.registration, decision_date=datetime.date(2021, 9, 1))
    assert recognition.valid_until == datetime.date(2023, 8, 31)


def test_feedback_page_and_notice_pdf_with_part_means_and_unrated_products(
    client_as, council, django_assert_max_num_queries, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = make_round(council=council, products=3, hide_scores_until_close=False)
    low, good, unrated = round_.entries.order_by("order")
    Scorecard.objects.bulk_create([
        Scorecard(entry=low, member=seat(round_, m), sheet=low.sheet, status="submitted", part_a=a, part_b=b, part_c=c,
                  total=a + b + c, comment=comment)
        for m, a, b, c, comment in (("hoidong.chutich", 10, 5, 15, "Cần mã vạch"), ("hoidong.tv1", 12, 6, 16, ""),
                                    ("hoidong.tv2", 11, 7, 20, "Bổ sung công bố chất lượng"))
    ])
    for m in ("hoidong.chutich", "hoidong.tv1", "hoidong.tv2"):
        make_card(good, seat(round_, m), 75)
    make_card(unrated, seat(round_, "hoidong.tv1"), 30)
    secretary = council.members.get(position="secretary").user
    services.round_close(round=round_, actor=secretary, leave_unrated=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_publish(round=round_, actor=secretary)
    # The commune is told by e-mail (all three products are in Huyền Sơn).
    assert [m.to for m in mailoutbox] == [["xa.huyenson@ocop.invalid"]]
    mail = mailoutbox[0].body
    assert f"{low.registration.product.name}: 34,00 điểm" in mail and f"{unrated.registration.product.name}: chưa xếp hạng" in mail
    assert good.registration.product.name not in mail
    client = client_as("xa.huyenson")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("evaluations:feedback_list")).content.decode()
    assert f'id="feedback-{low.pk}"' in page and f'id="feedback-{unrated.pk}"' in page and f'id="feedback-{good.pk}"' not in page
    assert 'data-part="A">11,00<' in page and 'data-part="C">17,00<' in page and "Cần mã vạch" in page
    assert "Chưa xếp hạng" in page
    pdf = client.get(reverse("evaluations:feedback_pdf", args=[low.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "THÔNG BÁO" in text and "UBND HUYỆN LỤC NAM" in text and low.registration.product.name in text
    assert "UBND xã Huyền Sơn" in text and "11,00" in text and "Bổ sung công bố chất lượng" in text and "dưới 50 điểm" in text
    assert client.get(reverse("evaluations:feedback_pdf", args=[good.pk])).status_code == 404
    assert client_as("xa.baoson").get(reverse("evaluations:feedback_pdf", args=[low.pk])).status_code == 404
    assert client_as("taichinh").get(reverse("evaluations:feedback_pdf", args=[low.pk])).status_code == 403
    assert client_as("phongnn").get(reverse("evaluations:feedback_pdf", args=[low.pk])).status_code == 200


def test_secretary_reminds_members_who_have_not_submitted(client_as, round_, mailoutbox, django_capture_on_commit_callbacks):
    e1, e2 = round_.entries.order_by("order")
    for m in ("hoidong.chutich", "hoidong.tv1"):
        make_card(e1, seat(round_, m), 70)
        make_card(e2, seat(round_, m), 70)
    make_card(e1, seat(round_, "hoidong.tv2"), 70)
    url = reverse("evaluations:round_action", args=[round_.pk, "remind"])
    assert f'action="{url}"' in client_as("thuky").get(reverse("evaluations:round_detail", args=[round_.pk])).content.decode()
    assert client_as("hoidong.tv1").post(url).status_code == 403
    assert client_as("phongnn").post(url).status_code == 403 and not mailoutbox  # only the secretary reminds
    with django_capture_on_commit_callbacks(execute=True):
        assert client_as("thuky").post(url).status_code == 302
    assert [m.to for m in mailoutbox] == [["hoidong.tv2@ocop.invalid"]]
    body = mailoutbox[0].body
    assert e2.registration.product.name in body and e1.registration.product.name not in body and "10/07/2021" in body


@pytest.mark.parametrize("n_products", [3, 30])
def test_feedback_list_fixed_query_count(client_as, council, django_assert_max_num_queries, n_products):
    round_ = make_round(council=council, products=n_products)
    Scorecard.objects.bulk_create([
        Scorecard(entry=e, member=m, sheet=e.sheet, status="submitted", part_a=10, part_b=5, part_c=15, total=30, comment="Góp ý")
        for e in round_.entries.all() for m in council.members.filter(position__in=CouncilMember.SCORING_POSITIONS)
    ])
    secretary = council.members.get(position="secretary").user
    services.round_close(round=round_, actor=secretary)
    services.round_publish(round=round_, actor=secretary)
    client = client_as("xa.huyenson")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("evaluations:feedback_list")).content.decode()
    assert page.count('id="feedback-') == n_products


USERS = ["xa.huyenson", "phongnn", "hoidong.tv1", "thuky", "taichinh", "tinh"]
# Expected status per page for: commune officer, office, council member, secretary, finance, province.
ACCESS = {
    "round_list": (403, 200, 200, 200, 403, 403),
    "round_create": (403, 200, 403, 403, 403, 403),
    "round_detail": (403, 200, 302, 200, 403, 403),
    "round_assign": (403, 200, 403, 403, 403, 403),
    "my_entries": (403, 403, 200, 403, 403, 403),
    "score_entry": (403, 403, 200, 403, 403, 403),
    "council_list": (403, 200, 200, 200, 403, 403),
    "council_create": (403, 200, 403, 403, 403, 403),
    "council_detail": (403, 200, 200, 200, 403, 403),
    "criteria_list": (403, 200, 200, 200, 403, 200),
    "criteria_export": (403, 200, 200, 200, 403, 200),  # reading national data; importing: national admin
    "proposal_list": (403, 200, 403, 403, 403, 200),
    "recognition_list": (200, 200, 403, 403, 200, 200),
    "feedback_list": (200, 200, 403, 403, 403, 403),
}


@pytest.mark.parametrize("page_name", sorted(ACCESS))
def test_every_page_allows_and_denies_each_role(client_as, round_, page_name):
    from evaluations.models import CriteriaSet

    args = {"round_detail": [round_.pk], "round_assign": [round_.pk], "score_entry": [round_.entries.first().pk],
            "council_detail": [round_.council_id], "criteria_export": [CriteriaSet.objects.get(code="QD1048").pk]}
    url = reverse(f"evaluations:{page_name}", args=args.get(page_name, []))
    got = tuple(client_as(username).get(url).status_code for username in USERS)
    assert got == ACCESS[page_name], dict(zip(USERS, got, strict=True))


def test_registration_history_names_evaluation_events_in_vietnamese(client_as, demo_users):
    from evaluations import services
    from evaluations.tests.factories import make_round
    from registrations.tests.factories import RegistrationFactory

    round_ = make_round(status="planned", products=0)
    registration = RegistrationFactory()
    services.round_assign(round=round_, registrations=[registration], actor=demo_users["phongnn"])
    html = client_as("phongnn").get(reverse("registrations:registration_history", args=[registration.pk])).content.decode()
    assert "Xếp vào đợt đánh giá" in html
    assert ">scheduled<" not in html


def test_recognition_form_offers_only_the_band_and_takes_an_outside_portal_entry(client_as, round_):
    """Issue 10 item 5 through the form: under 1048 the office (entering the province's decision)
    is offered the province and its 3–4★ band only, so 5★ and the centre are refused as choices (the
    service's own refusals: test_procedure_paths); an entry recorded from outside the portal needs a
    reason and the decision's scan, then it is accepted and marked."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.tests.factories import SCAN_PDF

    entry = _published_proposal(round_)  # 72 points at the district (4★) under 1048
    client = client_as("phongnn")
    url = reverse("evaluations:recognition_create", args=[entry.pk])
    data = {"decision_number": "9/QĐ-UBND", "decision_date": "2021-09-01", "issuer": "UBND tỉnh Bắc Giang", "stars": "5"}
    page = client.post(url, {**data, "issuer_level": "province"}).content.decode()
    assert 'name="stars"' in page and "5 không phải là một trong các lựa chọn" in page
    page = client.post(url, {**data, "stars": "4", "issuer_level": "national"}).content.decode()
    assert "national không phải là một trong các lựa chọn" in page
    assert not Recognition.objects.filter(registration=entry.registration).exists()
    data.update(stars="4", issuer_level="province", outside_portal="on", outside_reason="Quyết định của tỉnh")
    page = client.post(url, data).content.decode()
    assert "Cần tải lên bản chụp quyết định." in page
    response = client.post(url, {**data, "decision_scan": SimpleUploadedFile("qd.pdf", SCAN_PDF, content_type="application/pdf")})
    assert response.status_code == 302
    recognition = Recognition.objects.get(registration=entry.registration)
    assert recognition.outside_portal and recognition.issuer_level == "province" and recognition.decision_scan
