from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("chu-the/", views.producer_list, name="producer_list"),
    path("chu-the/them/", views.producer_create, name="producer_create"),
    path("chu-the/<int:pk>/", views.producer_detail, name="producer_detail"),
    path("chu-the/<int:pk>/xoa/", views.producer_delete, name="producer_delete"),
    path("", views.registration_list, name="registration_list"),
    path("dang-ky/", views.registration_create, name="registration_create"),
    path("<int:pk>/", views.registration_detail, name="registration_detail"),
    path("<int:pk>/sua/", views.registration_edit, name="registration_edit"),
    path("<int:pk>/phan-nhom/", views.registration_category, name="registration_category"),
    path("<int:pk>/xoa/", views.registration_delete, name="registration_delete"),
    path("<int:pk>/lich-su/", views.registration_history, name="registration_history"),
    path("<int:pk>/tai-lieu/", views.document_upload, name="document_upload"),
    path("<int:pk>/xet/", views.registration_review, name="registration_review"),
    path("tai-lieu/<int:pk>/", views.document_download, name="document_download"),
    path("tai-lieu/<int:pk>/xoa/", views.document_delete, name="document_delete"),
    path("danh-sach-xa/", views.commune_lists, name="commune_lists"),
    path("danh-sach-xa/<int:pk>/gui/", views.commune_list_submit, name="commune_list_submit"),
    path("tiep-nhan/", views.inbox, name="inbox"),
    path("tiep-nhan/hang-loat/", views.bulk_review, name="bulk_review"),
    path("tong-hop/", views.district_list, name="district_list"),
    path("tong-hop/xuat/", views.district_list_export, name="district_list_export"),
    path("nhap-excel/", views.import_view, name="import"),
    path("nhap-excel/mau/", views.import_template, name="import_template"),
    path("gui-tinh/", views.forwarding_list, name="forwarding_list"),
    path("gui-tinh/tao/", views.forwarding_create, name="forwarding_create"),
    path("gui-tinh/<int:pk>/", views.forwarding_detail, name="forwarding_detail"),
    path("gui-tinh/<int:pk>/goi-ho-so/", views.forwarding_package, name="forwarding_package"),
    path("gui-tinh/<int:pk>/tao-lai-goi/", views.forwarding_rebuild, name="forwarding_rebuild"),
    path("gui-tinh/<int:pk>/tai-ve/", views.forwarding_download, name="forwarding_download"),
]
