from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("dot/moi/", views.round_create, name="round_create"),
    path("dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("dot/<int:pk>/xep-san-pham/", views.round_assign, name="round_assign"),
    path("dot/<int:pk>/gui-tinh/", views.round_forward, name="round_forward"),
    path("dot/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("dot/<int:pk>/huy/", views.round_cancel, name="round_cancel"),
    path("dot/<int:pk>/<str:action>/", views.round_action, name="round_action"),
    path("dot/<int:pk>/bien-ban.pdf", views.round_minutes_pdf, name="round_minutes"),
    path("dot/<int:pk>/ket-qua.xlsx", views.round_results_xlsx, name="round_results"),
    path("cham-diem/", views.my_entries, name="my_entries"),
    path("cham-diem/<int:pk>/", views.score_entry, name="score_entry"),
    path("cham-diem/<int:pk>/tong-diem/", views.score_preview, name="score_preview"),
    path("phieu/<int:pk>/in.pdf", views.scorecard_pdf, name="scorecard_pdf"),
    path("san-pham-dot/<int:pk>/ket-luan/", views.entry_conclusion, name="entry_conclusion"),
    path("phieu/<int:pk>/mo-lai/", views.scorecard_reopen, name="scorecard_reopen"),
    path("hoi-dong/", views.council_list, name="council_list"),
    path("hoi-dong/moi/", views.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", views.council_detail, name="council_detail"),
    path("bo-tieu-chi/", views.criteria_list, name="criteria_list"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/xuat.xlsx", views.criteria_export, name="criteria_export"),
    path("bo-tieu-chi/<int:pk>/nhap/", views.criteria_import, name="criteria_import"),
    path("phieu-cham/<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("de-nghi-cong-nhan/", views.proposal_list, name="proposal_list"),
    path("de-nghi-cong-nhan/<int:pk>/cong-nhan/", views.recognition_create, name="recognition_create"),
    path("de-nghi-cong-nhan/<int:pk>/hieu-luc/", views.recognition_validity, name="recognition_validity"),
    path("de-nghi-cong-nhan/<int:pk>/khong-cong-nhan/", views.recognition_refuse, name="recognition_refuse"),
    path("de-nghi-trung-uong/", views.centre_proposal_list, name="centre_proposal_list"),
    path("de-nghi-trung-uong/<int:pk>/cong-nhan/", views.centre_recognition_create, name="centre_recognition_create"),
    path("cong-nhan/", views.recognition_list, name="recognition_list"),
    path("cong-nhan/<int:pk>/", views.recognition_detail, name="recognition_detail"),
    path("gop-y/", views.feedback_list, name="feedback_list"),
    path("ket-qua-xa/", views.my_commune_results, name="my_commune_results"),
    path("ket-qua-xa/<int:commune>/<int:year>/", views.commune_results, name="commune_results"),
    path("gop-y/<int:pk>/thong-bao.pdf", views.feedback_pdf, name="feedback_pdf"),
]
