from django.urls import path

from . import inbox_views, views

app_name = "reports"

urlpatterns = [
    path("ban-do/", views.public_map, name="public_map"),
    path("quan-ly/", views.dashboard, name="dashboard"),
    path("thong-bao/", inbox_views.inbox, name="inbox"),
    path("thong-bao/<int:pk>/da-doc/", inbox_views.notification_read, name="notification_read"),
    path("thong-bao/da-doc-het/", inbox_views.notifications_read_all, name="notifications_read_all"),
    path("thong-bao/cai-dat/", inbox_views.notification_settings, name="notification_settings"),
]
