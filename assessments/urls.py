from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("co-so/", views.home, name="home"),
    path("kiem-tra/", views.inspect, name="inspect"),
    path("kiem-tra/templates/", views.templates_index, name="templates"),
    path("kiem-tra/templates/<slug:slug>/", views.folder, name="folder"),
    path("kiem-tra/checklist/<int:template_id>/bat-dau/", views.start, name="start"),
    path("kiem-tra/checklist/<int:template_id>/ngoai-tuyen/", views.fill_blank, name="fill_blank"),
    path(
        "kiem-tra/checklist/<int:template_id>/bat-dau-ngoai-tuyen/", views.start_queued, name="start_queued"
    ),
    path("danh-gia/<int:pk>/", views.detail, name="detail"),
    path("danh-gia/<int:pk>/dien/", views.fill, name="fill"),
    path("danh-gia/<int:pk>/muc/<int:item_id>/", views.autosave, name="autosave"),
    path("danh-gia/<int:pk>/muc/<int:item_id>/anh/", views.photo_upload, name="photo_upload"),
    path("danh-gia/<int:pk>/hoan-thanh/", views.complete, name="complete"),
    path("danh-gia/<int:pk>/ket-qua/", views.result, name="result"),
    path("danh-gia/<int:pk>/ky-xac-nhan/", views.sign, name="sign"),
    path("danh-gia/<int:pk>/ky-ngoai-tuyen/", views.sign_queued, name="sign_queued"),
    path("danh-gia/<int:pk>/in/", views.print_view, name="print"),
    path("danh-gia/<int:pk>/van-ban.<str:fmt>", views.assessment_document_view, name="document"),
    path("danh-gia/<int:pk>/bo/", views.abandon, name="abandon"),
    path("danh-gia/<int:pk>/chu-ky.png", views.signature, name="signature"),
    path("anh/<int:pk>/", views.photo, name="photo"),
    path("anh/<int:pk>/nho/", views.photo, {"thumb": True}, name="photo_thumb"),
    path("anh/<int:pk>/xoa/", views.photo_delete, name="photo_delete"),
    path("quan-ly/co-so/<int:pk>/kiem-tra-thuc-te/", views.start_inspection, name="inspection_start"),
    path("co-so/yeu-cau-khac-phuc/<int:pk>/", views.corrective_request, name="corrective_request"),
    path(
        "yeu-cau-khac-phuc/<int:pk>/van-ban.<str:fmt>",
        views.corrective_document_view,
        name="corrective_document",
    ),
    path("anh-khac-phuc/<int:pk>/", views.corrective_photo, name="corrective_photo"),
    path(
        "anh-khac-phuc/<int:pk>/nho/", views.corrective_photo, {"thumb": True}, name="corrective_photo_thumb"
    ),
    path("huong-dan/", views.guide, name="guide"),
    # The service worker's scope is its own folder: at the root it may control every page.
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
