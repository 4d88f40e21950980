"""News articles: Markdown rendered and sanitised (no script ever runs), publication state."""

import datetime

import pytest
from django.utils import timezone

from promotion.content import render_markdown
from promotion.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE = (
    "## Tiêu đề\n\nĐoạn **đậm**.\n\n<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n[bấm](javascript:alert(2))\n\n<a href="https://ocop.vn" onclick="evil()">link</a>\n\n'
    '<iframe src="https://evil.example"></iframe><svg onload="alert(3)"></svg>'
)


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(HOSTILE)
    assert "<h2>Tiêu đề</h2>" in html and "<strong>đậm</strong>" in html
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg"):
        assert bad not in lowered, bad
    assert 'href="https://ocop.vn"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_article_page_never_carries_a_script(client):
    article = make_article(title="Tin <script>alert(9)</script>", summary="<img src=x onerror=alert(1)>", body=HOSTILE)
    page = client.get(f"/tin-tuc/{article.slug}/").content.decode()
    assert "<h2>Tiêu đề</h2>" in page
    assert "<script>alert" not in page and "<img src=x onerror" not in page
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in page
    assert 'onerror="alert(1)"' not in page and "javascript:alert" not in page


def test_only_published_articles_are_public(client):
    published = make_article(title="Đã đăng")
    draft = make_article(title="Bản nháp", status=Article.Status.DRAFT)
    scheduled = make_article(title="Hẹn giờ", published_at=timezone.now() + datetime.timedelta(days=2))
    listing = client.get("/tin-tuc/").content.decode()
    assert "Đã đăng" in listing and "Bản nháp" not in listing and "Hẹn giờ" not in listing
    assert client.get(f"/tin-tuc/{published.slug}/").status_code == 200
    assert client.get(f"/tin-tuc/{draft.slug}/").status_code == 404
    assert client.get(f"/tin-tuc/{scheduled.slug}/").status_code == 404


def test_article_page_has_title_and_description(client):
    article = make_article(title="Ngày hội OCOP", summary="Tóm tắt ngày hội")
    page = client.get(f"/tin-tuc/{article.slug}/").content.decode()
    assert "<title>Ngày hội OCOP" in page and 'content="Tóm tắt ngày hội"' in page


def test_cover_image_served_for_published_articles_only(client):
    from django.core.files.base import ContentFile

    article = make_article(title="Có ảnh")
    article.cover_image.save("bia.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    assert client.get(f"/tin-tuc/{article.slug}/anh-bia/").status_code == 200
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert client.get(f"/tin-tuc/{article.slug}/anh-bia/").status_code == 404


def test_cover_image_can_be_cleared():
    from django.core.files.base import ContentFile

    from accounts.tests.factories import make_user
    from promotion.services import article_update

    article = make_article(title="Có ảnh bìa")
    article.cover_image.save("bia.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    article_update(article=article, actor=make_user("agriculture_office"), data={"cover_image": False})
    article.refresh_from_db()
    assert not article.cover_image and article.cover_image.name == ""
