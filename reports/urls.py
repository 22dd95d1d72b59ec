from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("ban-do/", views.public_map, name="public_map"),
    path("quan-ly/", views.dashboard, name="dashboard"),
]
