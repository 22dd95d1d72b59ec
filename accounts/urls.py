from django.urls import include, path

from . import letter_views, request_views, views

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    # Account requests: local office → province → ministry
    path("de-nghi-cap-tai-khoan/", request_views.request_list, name="account_request_list"),
    path("de-nghi-cap-tai-khoan/them/", request_views.request_new, name="account_request_new"),
    path("de-nghi-cap-tai-khoan/tai-len/", request_views.request_upload, name="account_request_upload"),
    path("de-nghi-cap-tai-khoan/mau.xlsx", request_views.request_template, name="account_request_template"),
    path("de-nghi-cap-tai-khoan/xem-xet/", request_views.request_review, name="account_request_review"),
    path("de-nghi-cap-tai-khoan/da-cap/", request_views.request_mark_issued, name="account_request_issued"),
    path("de-nghi-cap-tai-khoan/xuat.xlsx", request_views.request_export, name="account_request_export"),
    # Credential letters, each office its own
    path("thu-tai-khoan/", letter_views.letter_batch_list, name="letter_batch_list"),
    path("thu-tai-khoan/<int:pk>/tai/", letter_views.letter_batch_download, name="letter_batch_download"),
    path(
        "thu-tai-khoan/<int:pk>/cap-lai/", letter_views.letter_batch_reissue_view, name="letter_batch_reissue"
    ),
    path("quan-tri/nhap-tai-khoan/", include("accounts.importing.urls")),
]
