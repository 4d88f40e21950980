from django.urls import path

from . import views

app_name = "producers"
urlpatterns = [
    path("", views.home, name="home"),
    path("tham-gia/", views.join, name="join"),
    path("ho-so/moi/", views.registration_create, name="registration_create"),
    path("ho-so/<int:pk>/", views.registration_detail, name="registration"),
    path("ho-so/<int:pk>/sua/", views.registration_edit, name="registration_edit"),
    path("ho-so/<int:pk>/tai-lieu/", views.document_upload, name="document_upload"),
    path("ho-so/<int:pk>/gui-xa/", views.registration_send, name="registration_send"),
    path("tai-lieu/<int:pk>/", views.document_download, name="document_download"),
    path("tai-lieu/<int:pk>/xoa/", views.document_delete, name="document_delete"),
    path("cong-nhan/<int:pk>/", views.certificate, name="certificate"),
    path("cong-nhan/<int:pk>/<slug:purpose>/<slug:fmt>/", views.recognition_paper, name="recognition_paper"),
    path("trang-san-pham/<int:pk>/", views.page_propose, name="page_propose"),
    path("anh/<int:pk>/", views.page_photo, name="page_photo"),
    path("xa/dai-dien/", views.representative_list, name="representatives"),
    path("xa/moi/<int:pk>/", views.invite, name="invite"),
    path("xa/loi-moi/<int:pk>/huy/", views.invitation_cancel, name="invitation_cancel"),
    path("xa/dai-dien/<int:pk>/thu-hoi/", views.representative_revoke, name="representative_revoke"),
    path("xa/ho-so/", views.intake_list, name="intake_list"),
    path("xa/ho-so/<int:pk>/", views.intake, name="intake"),
    path("duyet-trang/", views.page_review_list, name="page_reviews"),
    path("duyet-trang/<int:pk>/", views.page_review, name="page_review"),
    path("duyet-trang/anh/<int:pk>/", views.page_review_photo, name="page_review_photo"),
]
