from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("quy-trinh/", views.procedure_page, name="procedure"),
]
