from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.roles import ROLE_HOME, ROLE_SPECS, Role

from . import health, views

# Vietnamese slugs of the role home pages; the English ones of the first year redirect there.
urlpatterns = [
    path("", views.front, name="front"),
    path("lam-viec/", views.home, name="home"),
    *[path(f"lam-viec/{ROLE_SPECS[role].slug}/", views.role_home(Role(role)), name=name) for role, name in ROLE_HOME.items()],
    *[path(f"lam-viec/{role.value.replace('_', '-')}/", RedirectView.as_view(pattern_name=name, permanent=True))
      for role, name in ROLE_HOME.items()],
    path("favicon.ico", views.favicon),
    path("healthz/", health.healthz, name="healthz"),
    path("tai-khoan/", include("accounts.urls")),
    path("ho-so/", include("registrations.urls")),
    path("danh-gia/", include("evaluations.urls")),
    path("ho-tro/", include("subsidies.urls")),
    path("ke-hoach/", include("plans.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("", include("procedures.urls")),
    path("van-ban/", include("documents.urls")),
    path("", include("promotion.urls")),
    path("thong-ke/", include("stats.urls")),
    path("chu-the/", include("producers.urls")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "ocop_portal.errors.forbidden"
handler404 = "ocop_portal.errors.not_found"
