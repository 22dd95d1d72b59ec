from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("co-so/", views.home, name="home"),
    path("kiem-tra/", views.inspect, name="inspect"),
    path("huong-dan/", views.guide, name="guide"),
]
