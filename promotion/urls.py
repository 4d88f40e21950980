from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import api
from .caching import cache_public_page
from .sitemaps import SITEMAPS
from .views import office, open_data, public

app_name = "promotion"

router = DefaultRouter()
router.register("products", api.ProductViewSet, basename="api-product")
router.register("events", api.EventViewSet, basename="api-event")
router.register("province/registrations", api.ForwardedRegistrationViewSet, basename="api-registration")
router.register("province/recognitions", api.RecognitionViewSet, basename="api-recognition")
router.register("province/round-results", api.RoundResultViewSet, basename="api-round-result")

urlpatterns = [
    # Public site
    path("san-pham/", public.catalogue, name="catalogue"),
    path("san-pham/<slug:slug>/", public.product_detail, name="product"),
    path("san-pham/<slug:slug>/qr.<str:fmt>", public.product_qr, name="product_qr"),
    path("san-pham/<slug:slug>/nhan-qr/", public.product_label, name="product_label"),
    path("san-pham/<slug:slug>/anh/<int:pk>/", public.product_photo, name="product_photo"),
    path("san-pham/<slug:slug>/anh-trang/<int:pk>/", public.page_photo, name="page_photo"),
    path("tin-tuc/", public.news_list, name="news"),
    path("tin-tuc/<slug:slug>/", public.news_detail, name="news_detail"),
    path("tin-tuc/<slug:slug>/anh-bia/", public.article_cover, name="article_cover"),
    path("su-kien/", public.public_events, name="public_events"),
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public.robots_txt, name="robots"),
    # Open-data API
    path("du-lieu-mo/khoa-api/", open_data.api_key, name="api_key"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include(router.urls)),
    # Back office
    path("xuc-tien/su-kien/", office.office_events, name="office_events"),
    path("xuc-tien/su-kien/them/", office.event_create, name="event_create"),
    path("xuc-tien/su-kien/<int:pk>/", office.event_detail, name="event"),
    path("xuc-tien/su-kien/<int:pk>/sua/", office.event_edit, name="event_edit"),
    path("xuc-tien/su-kien/<int:pk>/trang-thai/", office.event_status, name="event_status"),
    path("xuc-tien/su-kien/<int:pk>/bao-cao.<str:fmt>", office.event_report, name="event_report"),
    path("xuc-tien/bao-cao-nam/<int:year>.<str:fmt>", office.year_report, name="year_report"),
    path("xuc-tien/tham-gia/<int:pk>/ket-qua/", office.participation_results, name="participation_results"),
    path("xuc-tien/tham-gia/<int:pk>/rut/", office.participation_withdraw, name="participation_withdraw"),
    path("xuc-tien/tin-bai/", office.office_articles, name="office_articles"),
    path("xuc-tien/tin-bai/them/", office.article_create, name="article_create"),
    path("xuc-tien/tin-bai/<int:pk>/", office.article_edit, name="article_edit"),
    path("xuc-tien/tin-bai/<int:pk>/trang-thai/", office.article_status, name="article_status"),
    path("xuc-tien/tap-huan/", office.office_courses, name="office_courses"),
    path("xuc-tien/tap-huan/them/", office.course_create, name="course_create"),
    path("xuc-tien/tap-huan/<int:pk>/", office.course_detail, name="course"),
    path("xuc-tien/tap-huan/<int:pk>/sua/", office.course_edit, name="course_edit"),
]
