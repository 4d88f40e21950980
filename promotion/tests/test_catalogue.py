"""The public catalogue: only valid recognitions, filters, accent-insensitive search, paging,
product pages (200 / 410 notice / 404), QR code, escaping, sitemap, query counts and the cache."""

import datetime
import io

import pytest
import time_machine
import zxingcpp
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from evaluations.models import Recognition
from evaluations.services import recognition_end, recognition_record_refusal
from evaluations.tests.factories import make_recognition
from promotion.selectors import catalogue_count, catalogue_date, catalogue_recognitions
from registrations.models import DossierDocument, ProductCategory
from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory, subgroup

from .factories import recognised_product

pytestmark = pytest.mark.django_db

CATALOGUE = "/san-pham/"


def names(response) -> str:
    return response.content.decode()


def revoke(recognition, **kwargs):
    return recognition_end(recognition=recognition, actor=make_user("province"), to="revoked", reason="Vi phạm",
                           decision_number=kwargs.get("number", "99/QĐ-UBND"), decision_date=datetime.date(2022, 1, 5))


def test_catalogue_date_is_today_unless_pinned(settings):
    settings.OCOP_CATALOGUE_AS_OF = None
    with time_machine.travel(datetime.datetime(2023, 5, 2, 10, 0), tick=False):
        assert catalogue_date() == datetime.date(2023, 5, 2)
    settings.OCOP_CATALOGUE_AS_OF = "2022-06-01"
    assert catalogue_date() == datetime.date(2022, 6, 1)


def test_only_valid_recognitions_are_listed(client, as_of):
    valid, _ = recognised_product(name="Mật ong rừng", stars=4)
    expired, _ = recognised_product(name="Vải sấy", decision_date=datetime.date(2018, 1, 10))
    revoked, recognition = recognised_product(name="Gà đồi")
    revoke(recognition)
    refused = RegistrationFactory(product=ProductFactory(name="Chè xanh"))
    recognition_record_refusal(registration=refused, actor=make_user("province"), decision_number="5/QĐ",
                               decision_date=datetime.date(2021, 9, 1), issuer="UBND tỉnh", reason="Chưa đạt")
    future, _ = recognised_product(name="Rượu nếp", decision_date=datetime.date(2023, 1, 1))
    RegistrationFactory(product=ProductFactory(name="Bánh đa"))  # never evaluated
    page = names(client.get(CATALOGUE))
    assert "Mật ong rừng" in page
    for absent in ("Vải sấy", "Gà đồi", "Chè xanh", "Rượu nếp", "Bánh đa"):
        assert absent not in page
    assert "01/06/2022" in page  # the reference date is shown to the visitor


def test_product_listed_once_with_its_newest_recognition(client, as_of):
    product, _ = recognised_product(name="Na dai", stars=3, decision_date=datetime.date(2020, 1, 10))
    registration = RegistrationFactory(product=product, year=2022)
    make_recognition(registration, stars=4, decision_date=datetime.date(2022, 2, 1))
    rows = list(catalogue_recognitions())
    assert len(rows) == 1 and rows[0].stars == 4


def test_an_older_decision_is_listed_while_the_newer_one_is_not_in_force(client, settings):
    """is_latest only spares the search for a newer decision: on a day before the newer decision, the
    older one (not the latest any more) is the product's entry."""
    product, older = recognised_product(name="Na dai", stars=3, decision_date=datetime.date(2020, 1, 10))
    make_recognition(RegistrationFactory(product=product, year=2022), stars=4, decision_date=datetime.date(2022, 2, 1))
    older.refresh_from_db()
    assert older.is_latest is False
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2021, 6, 1)
    assert [(r.pk, r.stars) for r in catalogue_recognitions()] == [(older.pk, 3)]
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2022, 6, 1)
    assert [r.stars for r in catalogue_recognitions()] == [4]


def test_rows_written_without_the_flag_are_still_listed_once(client, as_of):
    """A decision loaded outside the services keeps is_latest False: the catalogue still lists the
    product once, with its newest decision in force (only slower)."""
    product, _ = recognised_product(name="Na dai", stars=3, decision_date=datetime.date(2020, 1, 10))
    make_recognition(RegistrationFactory(product=product, year=2022), stars=4, decision_date=datetime.date(2022, 2, 1))
    Recognition.objects.update(is_latest=False)
    assert [r.stars for r in catalogue_recognitions()] == [4]


def test_the_count_query_counts_what_the_list_lists(client, settings):
    """catalogue_count() splits the list's condition in two parts (newest decisions, older ones in force
    with no newer one in force): same total for every filter and reference day, flags set or not."""
    product, _ = recognised_product(name="Na dai", stars=3, decision_date=datetime.date(2020, 1, 10))
    make_recognition(RegistrationFactory(product=product, year=2022), stars=4, decision_date=datetime.date(2022, 2, 1))
    recognised_product(name="Dứa Bảo Sơn", stars=4, commune_code="218-11")
    recognised_product(name="Mật ong", stars=3, commune_code="218-03", decision_date=datetime.date(2019, 5, 1))
    commune = AdministrativeUnit.objects.get(code="218-11")
    filters = [{}, {"stars": 4}, {"stars": 3}, {"q": "na dai"}, {"commune": commune},
               {"province": AdministrativeUnit.objects.get(code="24")}]
    checked = 0
    for flags_cleared in (False, True):
        if flags_cleared:
            Recognition.objects.update(is_latest=False)
        for day in (datetime.date(2021, 6, 1), datetime.date(2022, 6, 1), datetime.date(2030, 1, 1)):
            for f in filters:
                assert catalogue_count(on=day, **f) == catalogue_recognitions(on=day, **f).count(), (day, f)
                checked += 1
    assert catalogue_count(on=datetime.date(2021, 6, 1)) == 2  # Na dai (its 2020 decision) and Mật ong
    assert catalogue_count(on=datetime.date(2022, 6, 1)) == 2  # Na dai (2022) and Dứa; Mật ong expired
    assert catalogue_count(on=datetime.date(2030, 1, 1)) == 0
    assert checked == 36


def test_cards_link_to_the_product_and_its_public_photo(client, as_of):
    product, _ = recognised_product(name="Dứa Bảo Sơn")
    photo = add_public_photo(product)
    page = names(client.get(CATALOGUE))
    assert f'href="/san-pham/{product.slug}/"' in page
    assert f'src="/san-pham/{product.slug}/anh/{photo.pk}/"' in page
    assert '<div class="stars" title="3 sao">★★★ <span class="visually-hidden">3 sao</span></div>' in page


def test_default_order_is_stars_then_newest_decision_and_by_name_on_request(client, as_of):
    recognised_product(name="An Bình", stars=3, decision_date=datetime.date(2021, 3, 1))
    recognised_product(name="Bưởi", stars=3, decision_date=datetime.date(2021, 9, 1))
    recognised_product(name="Cam", stars=4, decision_date=datetime.date(2020, 9, 1))
    response = client.get(CATALOGUE)
    order = [r.product.name for r in response.context["rows"]]
    assert order == ["Cam", "Bưởi", "An Bình"]
    assert '<option value="moi" selected>' in response.content.decode()
    response = client.get(CATALOGUE, {"xep": "ten"})
    assert [r.product.name for r in response.context["rows"]] == ["Cam", "An Bình", "Bưởi"]
    assert '<option value="ten" selected>' in response.content.decode()
    # an unknown order falls back to the default, the other filters stay
    response = client.get(CATALOGUE, {"xep": "<x>", "sao": "3"})
    assert response.status_code == 200
    assert [r.product.name for r in response.context["rows"]] == ["Bưởi", "An Bình"]


def test_search_is_accent_insensitive(client, as_of):
    recognised_product(name="Dứa Bảo Sơn")
    recognised_product(name="Mật ong")
    for query in ("dua", "DỨA", "bao son", "dứa bảo"):
        page = names(client.get(CATALOGUE, {"q": query}))
        assert "Dứa Bảo Sơn" in page and "Mật ong" not in page, query


def test_search_by_producer_name(client, as_of):
    product, _ = recognised_product(name="Nấm linh chi")
    product.producer.name = "Hợp tác xã Đồng Công"
    product.producer.save()
    assert "Nấm linh chi" in names(client.get(CATALOGUE, {"q": "dong cong"}))


def test_filters_by_stars_sector_and_commune(client, as_of):
    recognised_product(name="Ba sao", stars=3, commune_code="218-03")
    recognised_product(name="Bốn sao", stars=4, commune_code="218-11")
    herbal, _ = recognised_product(name="Linh chi", stars=3, commune_code="218-21")
    herbal.category = ProductCategory.objects.get(classification__code="QD1048", level="subgroup", code="22")
    herbal.save()
    page = names(client.get(CATALOGUE, {"sao": 4}))
    assert "Bốn sao" in page and "Ba sao" not in page
    commune = AdministrativeUnit.objects.get(code="218-03")
    page = names(client.get(CATALOGUE, {"xa": commune.pk}))
    assert "Ba sao" in page and "Bốn sao" not in page
    sector = herbal.category.sector
    page = names(client.get(CATALOGUE, {"nganh": sector.pk}))
    assert "Linh chi" in page and "Ba sao" not in page
    food = subgroup("1").sector
    page = names(client.get(CATALOGUE, {"nganh": food.pk}))
    assert "Ba sao" in page and "Linh chi" not in page


def test_paging(client, as_of):
    for i in range(23):
        recognised_product(name=f"Sản phẩm {i:02d}")
    first = names(client.get(CATALOGUE))
    second = names(client.get(CATALOGUE, {"trang": 2}))
    assert "23 sản phẩm" in first and "Trang 1/2" in first
    assert first.count("product-card") == 20 and second.count("product-card") == 3


@pytest.mark.parametrize("count", [5, 50])
def test_catalogue_runs_a_fixed_number_of_queries(client, as_of, django_assert_max_num_queries, count):
    for i in range(count):
        product, _ = recognised_product(name=f"Sản phẩm {i:02d}")
        if i % 2 == 0:
            add_public_photo(product)
    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, {"q": "san pham"})
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    assert names(response).count("product-card") == min(count, 20)


def add_public_photo(product, *, public=True):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "yellow").save(buffer, format="PNG")
    registration = product.registrations.first()
    return DossierDocument.objects.create(
        registration=registration, doc_type=DossierDocument.DocType.PHOTO, file=ContentFile(buffer.getvalue(), "a.png"),
        original_name="a.png", content_type="image/png", size=len(buffer.getvalue()), is_public=public,
    )


@pytest.mark.parametrize("events", [1, 10])
def test_product_page_runs_a_fixed_number_of_queries(client, as_of, django_assert_max_num_queries, events):
    from promotion.services import participation_invite

    from .factories import make_event

    product, _ = recognised_product(name="Dứa Bảo Sơn")
    for _i in range(3):
        add_public_photo(product)
    office = make_user("agriculture_office")
    for i in range(events):
        participation_invite(event=make_event(name=f"Hội chợ {i}"), product=product, actor=office)
    # 7, the same with 1 and 10 events: product, recognition, its decision (documents app), photos,
    # participations, + since the merge the producer's own page (promotion_productpage) and a unit.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("promotion:product", args=[product.slug]))
    assert response.status_code == 200
    assert names(response).count("<li>Hội chợ") == events


def test_product_page_shows_producer_contact_and_decision(client, as_of):
    product, recognition = recognised_product(name="Dứa Bảo Sơn", stars=3, decision_number="191/QĐ-UBND")
    product.producer.phone = "0204 3884 123"
    product.producer.save()
    photo = add_public_photo(product)
    private = add_public_photo(product, public=False)
    page = names(client.get("/san-pham/dua-bao-son/"))
    assert "191/QĐ-UBND" in page and "26/08/2021" in page and "25/08/2024" in page
    assert "0204 3884 123" in page and product.producer.name in page
    assert "<title>Dứa Bảo Sơn – sản phẩm OCOP 3 sao" in page
    assert 'name="description" content="Dứa Bảo Sơn: sản phẩm OCOP 3 sao' in page
    assert reverse("promotion:product_photo", args=[product.slug, photo.pk]) in page
    assert reverse("promotion:product_photo", args=[product.slug, private.pk]) not in page
    assert client.get(reverse("promotion:product_photo", args=[product.slug, photo.pk])).status_code == 200
    assert client.get(reverse("promotion:product_photo", args=[product.slug, private.pk])).status_code == 404


def test_revoked_product_old_url_answers_410_with_a_notice(client, as_of):
    product, recognition = recognised_product(name="Gà đồi", decision_number="17/QĐ-UBND")
    revoke(recognition, number="99/QĐ-UBND")
    response = client.get(f"/san-pham/{product.slug}/")
    assert response.status_code == 410
    page = names(response)
    assert 'id="gone-notice"' in page and "17/QĐ-UBND đã bị thu hồi" in page and "99/QĐ-UBND" in page
    assert "Gà đồi" in page and "noindex" in page
    assert "Gà đồi" not in names(client.get(CATALOGUE))


def test_expired_product_old_url_answers_410_with_the_end_date(client, settings):
    settings.OCOP_CATALOGUE_AS_OF = None
    product, _ = recognised_product(name="Vải thiều", decision_date=datetime.date(2021, 8, 26))
    with time_machine.travel(datetime.datetime(2024, 8, 25, 12, 0), tick=False):
        assert client.get(f"/san-pham/{product.slug}/").status_code == 200
    with time_machine.travel(datetime.datetime(2024, 8, 26, 12, 0), tick=False):
        response = client.get(f"/san-pham/{product.slug}/")
    assert response.status_code == 410
    assert "đã hết hiệu lực từ sau ngày 25/08/2024" in names(response)


def test_never_recognised_product_is_404(client, as_of):
    registration = RegistrationFactory(product=ProductFactory(name="Chưa đánh giá"))
    assert client.get(f"/san-pham/{registration.product.slug}/").status_code == 404
    assert client.get("/san-pham/khong-co/").status_code == 404
    assert client.get(f"/san-pham/{registration.product.slug}/qr.png").status_code == 404


def test_qr_code_decodes_to_the_product_url(client, as_of):
    product, _ = recognised_product(name="Dứa Bảo Sơn")
    response = client.get(f"/san-pham/{product.slug}/qr.png")
    assert response["Content-Type"] == "image/png"
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [r.text for r in results] == ["http://testserver/san-pham/dua-bao-son/"]
    svg = client.get(f"/san-pham/{product.slug}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get(f"/san-pham/{product.slug}/qr.gif").status_code == 404
    for _ in range(2):  # the cached copy keeps the download header
        download = client.get(f"/san-pham/{product.slug}/qr.png", {"tai": 1})
        assert download["Content-Disposition"] == 'attachment; filename="qr-dua-bao-son.png"'
    assert download["X-Cache"] == "hit"


def test_qr_label_page_shows_the_decision_and_the_qr_code(client, as_of, django_assert_max_num_queries):
    product, _ = recognised_product(name="Dứa Bảo Sơn", stars=3, decision_number="191/QĐ-UBND")
    page = names(client.get(f"/san-pham/{product.slug}/"))
    assert reverse("promotion:product_label", args=[product.slug]) in page
    with django_assert_max_num_queries(3):
        response = client.get(reverse("promotion:product_label", args=[product.slug]))
    label = names(response)
    assert response.status_code == 200 and 'id="qr-label"' in label
    assert "Dứa Bảo Sơn" in label and "191/QĐ-UBND" in label and "26/08/2021" in label and "25/08/2024" in label
    assert product.producer.name in label and "★★★" in label
    assert reverse("promotion:product_qr", args=[product.slug, "svg"]) in label
    assert "http://testserver/san-pham/dua-bao-son/" in label and "noindex" in label and "data-print" in label


def test_no_qr_label_for_a_product_out_of_the_catalogue(client, as_of):
    product, recognition = recognised_product(name="Gà đồi")
    revoke(recognition)
    response = client.get(reverse("promotion:product_label", args=[product.slug]))
    assert response.status_code == 302 and response["Location"] == f"/san-pham/{product.slug}/"
    never = RegistrationFactory(product=ProductFactory(name="Chưa đánh giá")).product
    assert client.get(reverse("promotion:product_label", args=[never.slug])).status_code == 404


def test_a_wrong_filter_value_keeps_the_other_filters(client, as_of):
    recognised_product(name="Dứa Bảo Sơn", stars=3)
    recognised_product(name="Mật ong", stars=4)
    page = names(client.get(CATALOGUE, {"q": "dua", "xa": "abc", "nganh": "999999", "sao": "9"}))
    assert "Dứa Bảo Sơn" in page and "Mật ong" not in page


def test_filter_selects_keep_the_chosen_values(client, as_of):
    product, _ = recognised_product(name="Dứa Bảo Sơn", stars=3, commune_code="218-03")
    commune = AdministrativeUnit.objects.get(code="218-03")
    sector = product.category.sector
    page = names(client.get(CATALOGUE, {"sao": 3, "xa": commune.pk, "nganh": sector.pk}))
    assert '<option value="3" selected>3 ★</option>' in page
    assert f'<option value="{commune.pk}" selected>Xã Bảo Sơn</option>' in page
    assert f'<option value="{sector.pk}" selected>{sector.name}</option>' in page
    province = commune.parent.parent  # the commune's province, chosen for it
    assert f'<option value="{province.pk}" selected>{province}</option>' in page
    assert '<option value="moi" selected>' in page  # the default order, shown as chosen
    assert page.count(" selected>") == 5
    assert '<option value="" selected>Tất cả</option>' in names(client.get(CATALOGUE))


def test_producer_name_with_markup_is_escaped(client, as_of):
    product, _ = recognised_product(name='Mứt <img src=x onerror=alert(1)>')
    product.producer.name = "<script>alert('x')</script> HTX"
    product.producer.save()
    for url in (CATALOGUE, f"/san-pham/{product.slug}/"):
        page = names(client.get(url))
        assert "<script>alert" not in page and "<img src=x onerror" not in page
        assert "&lt;script&gt;" in page


def test_sitemap_lists_valid_products_only(client, as_of):
    valid, _ = recognised_product(name="Mật ong")
    gone, recognition = recognised_product(name="Gà đồi")
    revoke(recognition)
    xml = names(client.get("/sitemap.xml"))
    assert f"http://testserver/san-pham/{valid.slug}/" in xml
    assert f"/san-pham/{gone.slug}/" not in xml
    assert "http://testserver/san-pham/</loc>" in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_the_back_office_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /xuc-tien/" in text and "Disallow: /ho-so/" in text
    assert "Disallow: /san-pham/" not in text


def test_anonymous_pages_are_cached_and_cleared_when_a_recognition_changes(client, as_of, django_assert_num_queries):
    product, recognition = recognised_product(name="Dứa Bảo Sơn")
    assert client.get(CATALOGUE)["X-Cache"] == "miss"
    assert client.get(f"/san-pham/{product.slug}/")["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = client.get(CATALOGUE)
        page_hit = client.get(f"/san-pham/{product.slug}/")
    assert hit["X-Cache"] == "hit" and "Dứa Bảo Sơn" in names(hit)
    assert page_hit.status_code == 200
    # A new recognition appears at once.
    recognised_product(name="Mật ong rừng")
    fresh = client.get(CATALOGUE)
    assert fresh["X-Cache"] == "miss" and "Mật ong rừng" in names(fresh)
    # A revocation takes the product out at once, and its page turns into the notice.
    revoke(recognition)
    after = client.get(CATALOGUE)
    assert after["X-Cache"] == "miss" and "Dứa Bảo Sơn" not in names(after)
    assert client.get(f"/san-pham/{product.slug}/").status_code == 410


def test_logged_in_users_are_not_served_from_the_cache(client, as_of):
    recognised_product(name="Dứa Bảo Sơn")
    client.get(CATALOGUE)
    client.force_login(make_user("commune_officer"))
    response = client.get(CATALOGUE)
    assert "X-Cache" not in response and response.status_code == 200


def test_front_page_shows_newest_products_and_news(client, as_of):
    from .factories import make_article

    product, recognition = recognised_product(name="Dứa Bảo Sơn")
    add_public_photo(product)
    make_article(title="Ngày hội OCOP lần thứ 2")
    first = client.get("/")
    page = names(first)
    assert "Dứa Bảo Sơn" in page and "Ngày hội OCOP lần thứ 2" in page and "Xã Bảo Sơn" in page
    assert f"/san-pham/{product.slug}/anh/" in page  # the card shows the public photo
    assert first["X-Cache"] == "miss" and client.get("/")["X-Cache"] == "hit"
    revoke(recognition)  # cleared when a recognition changes
    after = client.get("/")
    assert after["X-Cache"] == "miss" and "Dứa Bảo Sơn" not in names(after)


def test_public_events_page(client):
    from .factories import make_event

    make_event(name="Hội chợ nông sản Bắc Giang")
    make_event(name="Hội chợ đã hủy", status="cancelled")
    page = names(client.get("/su-kien/"))
    assert "Hội chợ nông sản Bắc Giang" in page and "Hội chợ đã hủy" not in page


def test_producer_factory_kept_out_of_catalogue_until_recognised(client, as_of):
    ProducerFactory(name="HTX chưa có sản phẩm")
    assert "HTX chưa có sản phẩm" not in names(client.get(CATALOGUE))


def test_visitors_with_a_session_or_messages_bypass_the_cache(client, as_of):
    recognised_product(name="Dứa Bảo Sơn")
    assert client.get(CATALOGUE)["X-Cache"] == "miss"
    assert client.get(CATALOGUE)["X-Cache"] == "hit"
    client.cookies["messages"] = "x"
    assert "X-Cache" not in client.get(CATALOGUE)
    del client.cookies["messages"]
    client.cookies["sessionid"] = "abc"
    assert "X-Cache" not in client.get(CATALOGUE)


def test_sector_filter_offers_a_sector_with_a_product_at_any_depth_and_no_empty_one():
    """catalogue_sectors(): a product filed under the sector itself, one of its groups or a sub-group of
    a group makes the sector offered; a sector with no product anywhere below it is not offered."""
    from promotion.selectors import catalogue_sectors

    sectors = list(ProductCategory.objects.filter(level=ProductCategory.Level.SECTOR).order_by("pk")[:4])
    assert len(sectors) == 4
    deep, middle, flat, empty = sectors
    group = deep.children.first() or ProductCategory.objects.create(
        classification=deep.classification, level="group", parent=deep, code="T-G", name="Nhóm thử")
    sub = group.children.first() or ProductCategory.objects.create(
        classification=deep.classification, level="subgroup", parent=group, code="T-S", name="Phân nhóm thử")
    middle_group = middle.children.first() or ProductCategory.objects.create(
        classification=middle.classification, level="group", parent=middle, code="T-G2", name="Nhóm thử 2")
    from registrations.models import Product

    Product.objects.update(category=None)
    ProductFactory(category=sub)
    ProductFactory(category=middle_group)
    ProductFactory(category=flat)
    offered = set(catalogue_sectors().values_list("pk", flat=True))
    assert {deep.pk, middle.pk, flat.pk} <= offered
    assert empty.pk not in offered
    assert len(list(catalogue_sectors())) == len(offered)  # each sector once


def test_commune_filter_lists_the_chosen_provinces_communes_only(client, as_of):
    """Province first: with several provinces in the portal, the commune select is empty until a province is
    chosen (the whole country's communes would make most of the page), then lists that province's communes
    (under it directly since the 2025 reform, or under one of its former districts)."""
    bac_giang = AdministrativeUnit.objects.get(code="24")
    other = AdministrativeUnit.objects.create(kind="tinh", name="Tỉnh Thử", code="97")
    AdministrativeUnit.objects.create(kind="xa", name="Xã Thử Mới", code="97-01", parent=other)
    bao_son = AdministrativeUnit.objects.get(code="218-03")

    def commune_select(params):
        page = names(client.get(CATALOGUE, params))
        return page.split('id="id_xa"', 1)[1].split("</select>", 1)[0]

    everything = commune_select({})
    assert everything.count("<option") == 1 and "chọn tỉnh" in everything
    in_bac_giang = commune_select({"tinh": bac_giang.pk})
    assert f'value="{bao_son.pk}"' in in_bac_giang and "Xã Thử Mới" not in in_bac_giang
    in_other = commune_select({"tinh": other.pk})
    assert "Xã Thử Mới" in in_other and f'value="{bao_son.pk}"' not in in_other


def test_province_filter_narrows_the_products(client, as_of):
    recognised_product(name="Dứa Bảo Sơn", stars=3, commune_code="218-03")
    other = AdministrativeUnit.objects.create(kind="tinh", name="Tỉnh Thử", code="97")
    bac_giang = AdministrativeUnit.objects.get(code="24")
    assert "Dứa Bảo Sơn" in names(client.get(CATALOGUE, {"tinh": bac_giang.pk}))
    assert "Dứa Bảo Sơn" not in names(client.get(CATALOGUE, {"tinh": other.pk}))
