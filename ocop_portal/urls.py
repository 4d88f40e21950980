from django.contrib import admin
from django.urls import include, path

from accounts.roles import ROLE_HOME, Role

from . import health, views

urlpatterns = [
    path("", views.front, name="front"),
    path("lam-viec/", views.home, name="home"),
    *[path(f"lam-viec/{role.value.replace('_', '-')}/", views.role_home(Role(role)), name=name) for role, name in ROLE_HOME.items()],
    path("healthz/", health.healthz, name="healthz"),
    path("tai-khoan/", include("accounts.urls")),
    path("ho-so/", include("registrations.urls")),
    path("danh-gia/", include("evaluations.urls")),
    path("ho-tro/", include("subsidies.urls")),
    path("van-ban/", include("documents.urls")),
    path("", include("promotion.urls")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "ocop_portal.errors.forbidden"
handler404 = "ocop_portal.errors.not_found"
