from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/tien-do/", views.import_progress, name="import_progress"),
    path("<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/huy/", views.import_cancel, name="import_cancel"),
    path("<int:pk>/chay-tiep/", views.import_restart, name="import_restart"),
    path("<int:pk>/dong-can-sua.xlsx", views.import_invalid_rows, name="import_invalid_rows"),
    path("<int:pk>/thu-cap-tai-khoan/", views.import_letters, name="import_letters"),
]
