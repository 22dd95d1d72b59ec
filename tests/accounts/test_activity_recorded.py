"""The officer and admin actions of the accounts pages write their Nhật ký line, with the right
actor and values: account requests approved and returned, an import confirmed, its letters
downloaded, compiled requests exported, and facility and user edits in the Django admin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Action, Activity, Facility, ImportJob, User
from tests.factories import FacilityFactory, UserFactory, issued_facility
from tests.factories import imports as files
from tests.factories.account_requests import request_for
from tests.factories.activity import logged

pytestmark = pytest.mark.django_db
IMPORTS = "/quan-tri/nhap-tai-khoan/"


@pytest.fixture
def admin_user(db):
    return UserFactory(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_approving_and_returning_requests_logs_each_with_the_reviewer(client, province, commune_a):
    local = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a)
    one, two = (
        request_for(commune_a, local, name="Công ty Một"),
        request_for(commune_a, local, name="Công ty Hai"),
    )
    reviewer = UserFactory(role=Role.PROVINCE, unit=province, username="so")
    client.force_login(reviewer)
    client.post(reverse("account_request_review"), {"ids": [one.pk], "action": "approve"})
    client.post(
        reverse("account_request_review"), {"ids": [two.pk], "action": "reject", "note": "Sai địa chỉ"}
    )
    approved, returned = Activity.objects.order_by("id")
    assert (approved.action, approved.actor, approved.target) == (
        Action.ACCOUNT_REQUEST_APPROVED,
        reviewer,
        one,
    )
    assert approved.changes == {"trạng thái": ["Chờ Sở xem xét", "Sở đã tổng hợp, chờ cấp tài khoản"]}
    assert (returned.action, returned.target) == (Action.ACCOUNT_REQUEST_REJECTED, two)
    assert returned.changes["ghi chú của Sở"] == ["", "Sai địa chỉ"]
    assert "Công ty Hai" in returned.summary
    # A request already handled is left alone, and so is the log.
    client.post(reverse("account_request_review"), {"ids": [one.pk], "action": "approve"})
    assert Activity.objects.count() == 2


def test_confirming_an_import_and_taking_its_letters_are_logged(
    admin_client, admin_user, commune_a, commune_b, django_capture_on_commit_callbacks
):
    admin_client.post(IMPORTS, {"file": files_upload()})
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{IMPORTS}{job.pk}/xac-nhan/")
    confirmed = Activity.objects.get()
    assert (confirmed.action, confirmed.actor, confirmed.target) == (Action.IMPORT_CONFIRMED, admin_user, job)
    assert "3 dòng hợp lệ" in confirmed.summary
    assert admin_client.post(f"{IMPORTS}{job.pk}/thu-cap-tai-khoan/")["Content-Type"] == "application/zip"
    letters = Activity.objects.get(action=Action.LETTERS_DOWNLOADED)
    assert (letters.actor, letters.target) == (admin_user, job) and "3 tài khoản" in letters.summary
    admin_client.post(f"{IMPORTS}{job.pk}/thu-cap-tai-khoan/")  # refused the second time: no line
    assert Activity.objects.filter(action=Action.LETTERS_DOWNLOADED).count() == 1


def files_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ds.xlsx", files.province_file())


def test_exporting_compiled_requests_is_logged(client, commune_a):
    local = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a)
    request_for(commune_a, local, status="approved")
    ministry = UserFactory(role=Role.MINISTRY)
    client.force_login(ministry)
    client.post(reverse("account_request_export"))
    row = Activity.objects.get()
    assert (row.action, row.actor) == (Action.EXPORTED, ministry) and "1 dòng" in row.summary


def admin_facility_data(facility, **changes):
    data = {
        "name": facility.name,
        "tax_code": facility.tax_code,
        "address": facility.address,
        "unit": facility.unit_id,
        "sector": facility.sector,
        "facility_type": facility.facility_type,
        "workers": facility.workers,
        "latitude": facility.latitude,
        "longitude": facility.longitude,
        "contact_name": "",
        "contact_phone": "",
        "email": "",
        "is_active": "on",
    }
    return {**data, **changes}


def test_an_admin_edit_of_a_facility_is_logged_with_old_and_new_values(admin_client, admin_user, commune_a):
    facility = FacilityFactory(unit=commune_a, name="Chợ Điện Biên", workers=10)
    url = reverse("admin:accounts_facility_change", args=[facility.pk])
    data = admin_facility_data(facility, workers="40", name="Chợ Điện Biên Phủ")
    data.pop("is_active")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = Activity.objects.get()
    assert (row.action, row.actor, row.facility) == (Action.FACILITY_EDITED, admin_user, facility)
    assert row.changes == {
        "tên cơ sở": ["Chợ Điện Biên", "Chợ Điện Biên Phủ"],
        "số người lao động": ["10", "40"],
        "đang hoạt động": ["Có", "Không"],
    }


def test_deleting_a_facility_in_the_admin_is_logged_by_name(admin_client, admin_user, commune_a):
    facility = FacilityFactory(unit=commune_a, name="Cơ sở nhập nhầm", tax_code="5600000009")
    url = reverse("admin:accounts_facility_delete", args=[facility.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Facility.objects.filter(pk=facility.pk).exists()
    row = Activity.objects.get()
    assert (row.action, row.actor, row.facility) == (Action.FACILITY_DELETED, admin_user, None)
    assert "Cơ sở nhập nhầm" in row.summary and "5600000009" in row.summary


def test_a_facility_with_a_history_cannot_be_deleted_so_its_log_stays(admin_client, commune_a):
    facility = FacilityFactory(unit=commune_a)
    logged(facility, summary="Gọi điện", action=Action.CONTACT_RECORDED)
    admin_client.post(reverse("admin:accounts_facility_delete", args=[facility.pk]), {"post": "yes"})
    assert Facility.objects.filter(pk=facility.pk).exists()
    assert list(Activity.objects.values_list("summary", flat=True)) == ["Gọi điện"]


def test_an_admin_change_of_a_users_role_unit_and_active_is_logged(
    admin_client, admin_user, province, commune_a
):
    user = UserFactory(username="can.bo", role=Role.LOCAL_OFFICE, unit=commune_a)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    page = admin_client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    joined = timezone.localtime(user.date_joined)
    data.update(
        {
            "username": "can.bo",
            "role": Role.PROVINCE,
            "unit": province.pk,
            "date_joined_0": joined.strftime("%d/%m/%Y"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
            "email_digest": "on",
        }
    )
    for key in ("groups", "user_permissions", "zones", "sectors", "last_login", "date_joined", "is_active"):
        data.pop(key, None)  # is_active left out: the box unticked, the account locked
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = Activity.objects.get()
    assert (row.action, row.actor, row.target) == (Action.USER_EDITED, admin_user, user)
    assert row.changes == {
        "vai trò": ["Phòng Kinh tế (huyện / xã)", "Sở Công Thương"],
        "phạm vi: đơn vị hành chính": ["Phường Điện Biên Phủ", "Điện Biên"],
        "Kích hoạt": ["Có", "Không"],
    }
    assert User.objects.get(pk=user.pk).role == Role.PROVINCE


def test_an_admin_password_reset_is_logged_on_the_facility(admin_client, admin_user, commune_a):
    facility = issued_facility(unit=commune_a)
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[facility.user.pk]),
        {"password1": "Tam-thoi-2021x", "password2": "Tam-thoi-2021x", "usable_password": "true"},
    )
    assert response.status_code == 302
    row = Activity.objects.get()
    assert (row.action, row.actor, row.facility) == (Action.PASSWORD_REISSUED, admin_user, facility)
    assert "Tam-thoi-2021x" not in row.summary + str(row.changes)
