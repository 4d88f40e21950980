from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("xac-thuc-hai-lop/dang-ky/", views.two_factor_setup, name="two_factor_setup"),
    path("xac-thuc-hai-lop/", views.two_factor_verify, name="two_factor_verify"),
    path("xac-thuc-hai-lop/ma-du-phong/", views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("bao-mat/", views.security, name="security"),
    path("tac-vu/<uuid:pk>/", views.job_status, name="job_status"),
    path("tac-vu/<uuid:pk>/tai-ve/", views.job_download, name="job_download"),
]
