from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("don-vi/", views.switch_unit, name="switch_unit"),
    path("tac-vu/<uuid:pk>/", views.job_status, name="job_status"),
    path("tac-vu/<uuid:pk>/tai-ve/", views.job_download, name="job_download"),
]
