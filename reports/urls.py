from django.urls import path, re_path

from . import (
    contact_views,
    corrective_views,
    credential_views,
    document_views,
    inbox_views,
    journal_views,
    list_views,
    results_views,
    suspension_views,
    views,
)

app_name = "reports"

urlpatterns = [
    path("ban-do/", views.public_map, name="public_map"),
    path("ban-do/nhung/", views.embed_map, name="embed_map"),
    path("ban-do/du-lieu/", views.map_data, name="map_data"),
    path("ban-do/co-so/<int:pk>/", views.public_popup, name="public_popup"),
    path("ban-do/tim/", views.public_search, name="public_search"),
    path("ban-do/dia-ban/<int:pk>/", views.public_units, name="public_units"),
    path("quan-ly/", views.dashboard, name="dashboard"),
    re_path(
        r"^quan-ly/bao-cao-ket-qua\.(?P<fmt>docx|pdf)$", results_views.results_report, name="results_report"
    ),
    path("quan-ly/ban-do/", views.officer_map, name="officer_map"),
    path("quan-ly/ban-do/du-lieu/", views.officer_map_data, name="officer_map_data"),
    path("quan-ly/ban-do/co-so/<int:pk>/", views.officer_popup, name="officer_popup"),
    path("quan-ly/ban-do/tim/", views.officer_search, name="officer_search"),
    path("quan-ly/co-so/", list_views.facility_list, name="facility_list"),
    path("quan-ly/co-so/xuat/<str:fmt>/", list_views.facility_export, name="facility_export"),
    path("quan-ly/co-so/<int:pk>/", list_views.facility_detail, name="facility_detail"),
    path("quan-ly/co-so/<int:pk>/sua/", list_views.facility_edit, name="facility_edit"),
    path(
        "quan-ly/co-so/<int:pk>/nhat-ky.xlsx",
        journal_views.facility_journal_xlsx,
        name="facility_journal_xlsx",
    ),
    path(
        "quan-ly/co-so/<int:pk>/cap-lai-mat-khau/",
        credential_views.facility_password_reissue,
        name="facility_password_reissue",
    ),
    path("quan-ly/nhat-ky/", journal_views.journal, name="journal"),
    path("quan-ly/nhat-ky/xlsx/", journal_views.journal_xlsx, name="journal_xlsx"),
    path("quan-ly/co-so/<int:pk>/lien-he/", contact_views.contact_new, name="contact_new"),
    path(
        "quan-ly/co-so/<int:pk>/yeu-cau-khac-phuc/",
        corrective_views.corrective_request_new,
        name="corrective_request_new",
    ),
    path(
        "quan-ly/yeu-cau-khac-phuc/", corrective_views.corrective_request_list, name="corrective_request_list"
    ),
    path(
        "quan-ly/yeu-cau-khac-phuc/<int:pk>/", corrective_views.corrective_request, name="corrective_request"
    ),
    path(
        "quan-ly/yeu-cau-khac-phuc/<int:pk>/chap-nhan/",
        corrective_views.corrective_request_accept,
        name="corrective_request_accept",
    ),
    path(
        "quan-ly/yeu-cau-khac-phuc/<int:pk>/lam-lai/",
        corrective_views.corrective_request_return,
        name="corrective_request_return",
    ),
    path("quan-ly/xuat/<int:pk>/", list_views.export_job, name="export_job"),
    path("quan-ly/xuat/<int:pk>/tai-ve/", list_views.export_download, name="export_download"),
    path("quan-ly/thu-tai-khoan/<int:pk>/lap/", document_views.letter_batch_build, name="letter_batch_build"),
    path("quan-ly/de-xuat-tam-dung/", list_views.suspension_report, name="suspension_report"),
    path("quan-ly/de-xuat-tam-dung/xlsx/", list_views.suspension_xlsx, name="suspension_xlsx"),
    path("quan-ly/de-xuat-tam-dung/ho-so/", suspension_views.proposal_list, name="proposal_list"),
    path("quan-ly/de-xuat-tam-dung/lap/", suspension_views.proposal_new, name="proposal_new"),
    path("quan-ly/de-xuat-tam-dung/<int:pk>/", suspension_views.proposal_detail, name="proposal_detail"),
    path("quan-ly/de-xuat-tam-dung/<int:pk>/gui/", suspension_views.proposal_send_view, name="proposal_send"),
    path("quan-ly/de-xuat-tam-dung/<int:pk>/xlsx/", suspension_views.proposal_xlsx, name="proposal_xlsx"),
    path(
        "quan-ly/de-xuat-tam-dung/<int:pk>/van-ban.<str:fmt>",
        document_views.proposal_document_view,
        name="proposal_document",
    ),
    path("quan-ly/quyet-dinh/moi/", suspension_views.decision_new, name="decision_new"),
    path("quan-ly/quyet-dinh/<int:pk>/", suspension_views.decision_detail, name="decision_detail"),
    path(
        "quan-ly/co-so/<int:pk>/cho-hoat-dong-tro-lai/",
        suspension_views.facility_reopen,
        name="facility_reopen",
    ),
    path("thong-bao/", inbox_views.inbox, name="inbox"),
    path("thong-bao/<int:pk>/da-doc/", inbox_views.notification_read, name="notification_read"),
    path("thong-bao/da-doc-het/", inbox_views.notifications_read_all, name="notifications_read_all"),
    path("thong-bao/cai-dat/", inbox_views.notification_settings, name="notification_settings"),
]
