from django.urls import path

from . import views

app_name = "subsidies"

urlpatterns = [
    path("", views.entitlement_list, name="list"),
    path("de-xuat/", views.entitlement_propose_all, name="propose_all"),
    path("<int:pk>/", views.entitlement_detail, name="detail"),
    path("<int:pk>/de-xuat/", views.entitlement_propose, name="propose"),
    path("<int:pk>/phe-duyet/", views.entitlement_approve, name="approve"),
    path("<int:pk>/chi-tra/", views.entitlement_pay, name="pay"),
    path("<int:pk>/huy/", views.entitlement_cancel, name="cancel"),
    path("<int:pk>/dieu-chinh/", views.entitlement_reverse, name="reverse"),
    path("chinh-sach/", views.policy_list, name="policies"),
    path("tinh-bo-sung/", views.retroactive, name="retroactive"),
    path("ngan-sach/", views.budget, name="budget"),
    path("ngan-sach/them-nguon/", views.budget_source_add, name="budget_source_add"),
    path("ngan-sach/<int:pk>/phan-bo/", views.budget_allocate, name="budget_allocate"),
    path("ngan-sach/<int:pk>/chi/", views.budget_spend, name="budget_spend"),
    path("ngan-sach/xuat/", views.budget_export, name="budget_export"),
    path("bao-cao/", views.report, name="report"),
]
