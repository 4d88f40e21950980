"""Sections of the promotion pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

_PUBLIC = ["catalogue", "product", "product_qr", "product_label", "product_photo", "page_photo", "news", "news_detail",
           "article_cover", "public_events", "sitemap", "robots", "api-schema", "api-product-list",
           "api-product-detail", "api-event-list", "api-event-detail", "api-root"]
_OFFICE_LISTS = ["office_events", "event_create", "year_report", "office_articles", "article_create", "office_courses",
                 "course_create"]
_OFFICE = ["event_edit", "event_status", "event_report", "participation_results", "participation_withdraw",
           "article_edit", "article_status", "course", "course_edit", "event"]

PAGES = {
    **{f"promotion:{name}": Page(S.PUBLIC) for name in _PUBLIC},
    **{f"promotion:{name}": Page(S.PROMOTION_OFFICE) for name in _OFFICE_LISTS},
    **{f"promotion:{name}": Page(S.PROMOTION_OFFICE, scoped=True) for name in _OFFICE},
    "promotion:api_key": Page(S.OPEN_DATA),
    "promotion:api-registration-list": Page(S.OPEN_DATA),
    "promotion:api-registration-detail": Page(S.OPEN_DATA, scoped=True),
    "promotion:api-recognition-list": Page(S.OPEN_DATA),
    "promotion:api-recognition-detail": Page(S.OPEN_DATA, scoped=True),
    "promotion:api-round-result-list": Page(S.OPEN_DATA),
    "promotion:api-round-result-detail": Page(S.OPEN_DATA, scoped=True),
}
