from django.urls import path

from . import views, views_support

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sao-chep/", views.plan_copy, name="plan_copy"),
    path("<int:pk>/giam-sat/", views.remark_create, name="remark_create"),
    path("giam-sat/<int:pk>/tra-loi/", views.remark_answer, name="remark_answer"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/ket-qua/", views.task_link, name="task_link"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("ho-tro-chu-the/", views_support.case_list, name="case_list"),
    path("ho-tro-chu-the/moi/", views_support.case_create, name="case_create"),
    path("ho-tro-chu-the/<int:pk>/", views_support.case_detail, name="case_detail"),
]
