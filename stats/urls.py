from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.staff_stats, name="staff"),
    path("tai-ve/", views.staff_download, name="staff_download"),
    path("cong-khai/", views.public_stats, name="public"),
    path("cong-khai/tai-ve/", views.public_download, name="public_download"),
    path("chi-tieu/", views.targets_edit, name="targets"),
    path("bao-cao/", views.report, name="report"),
]
