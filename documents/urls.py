from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.register_home, name="home"),
    path("so/<str:code>/", views.register, name="register"),
    path("so/<str:code>/xuat/", views.register_export, name="export"),
    path("so/<str:code>/giu-so/", views.reserve, name="reserve"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/ban-ky/tai-len/", views.upload_signed, name="upload_signed"),
    path("phat-hanh/<slug:code>/<int:pk>/", views.issue, name="issue"),
    path("cong-khai/<int:pk>/", views.public_signed, name="public_signed"),
]
