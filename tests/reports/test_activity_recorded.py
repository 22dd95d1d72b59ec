"""The officer actions of the reports pages write their Nhật ký line, with the right actor and
values, in the transaction of the change: a facility corrected (old → new), lists exported."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import Action, Activity, Facility
from reports.models import ExportJob
from tests.factories import FacilityFactory
from tests.factories.reports import officer, overdue_facility

pytestmark = pytest.mark.django_db


def edit_data(facility, **changes):
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
        "contact_name": facility.contact_name,
        "contact_phone": facility.contact_phone,
        "email": facility.email,
    }
    if facility.has_dormitory:
        data["has_dormitory"] = "on"
    return {**data, **changes}


def test_an_officers_correction_is_logged_with_old_and_new_values(client, province, commune_a, commune_b):
    facility = FacilityFactory(unit=commune_a, name="Chợ Điện Biên", workers=10)
    clerk = officer(province)
    client.force_login(clerk)
    url = reverse("reports:facility_edit", args=[facility.pk])
    response = client.post(url, edit_data(facility, workers="25", unit=commune_b.pk, has_dormitory="on"))
    assert response.status_code == 302
    row = Activity.objects.get()
    assert (row.action, row.actor, row.facility, row.target) == (
        Action.FACILITY_EDITED,
        clerk,
        facility,
        facility,
    )
    assert row.changes == {
        "số người lao động": ["10", "25"],
        "đơn vị hành chính": ["Phường Điện Biên Phủ", "Xã Mường Phăng"],
        "có ký túc xá cho người lao động": ["Không", "Có"],
    }


def test_saving_the_form_unchanged_or_invalid_logs_nothing(client, commune_a):
    facility = FacilityFactory(unit=commune_a)
    client.force_login(officer(commune_a))
    url = reverse("reports:facility_edit", args=[facility.pk])
    assert client.post(url, edit_data(facility)).status_code == 302
    assert client.post(url, edit_data(facility, workers="-3")).status_code == 200
    assert not Activity.objects.exists()


def test_the_correction_and_its_line_commit_together(client, commune_a, monkeypatch):
    facility = FacilityFactory(unit=commune_a, workers=10)
    client.force_login(officer(commune_a))

    def broken(**kwargs):
        raise RuntimeError("log down")

    monkeypatch.setattr("reports.services.activity_record", broken)
    client.raise_request_exception = False
    response = client.post(
        reverse("reports:facility_edit", args=[facility.pk]), edit_data(facility, workers="25")
    )
    assert response.status_code == 500
    assert Facility.objects.get(pk=facility.pk).workers == 10


def test_a_direct_export_is_logged_with_its_list_and_size(client, commune_a):
    overdue_facility(unit=commune_a)
    clerk = officer(commune_a)
    client.force_login(clerk)
    response = client.post(reverse("reports:facility_export", args=["csv"]) + "?state=overdue")
    b"".join(response.streaming_content)
    row = Activity.objects.get()
    assert (row.action, row.actor) == (Action.EXPORTED, clerk)
    assert row.summary == "Xuất Cơ sở quá hạn đánh giá (CSV), 1 dòng"


def test_a_background_export_is_logged_when_it_is_queued(
    client, commune_a, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    FacilityFactory.create_batch(2, unit=commune_a)
    clerk = officer(commune_a)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("reports:facility_export", args=["xlsx"]))
    row = Activity.objects.get()
    assert (row.action, row.actor, row.target) == (Action.EXPORTED, clerk, ExportJob.objects.get())
    assert row.summary == "Xuất Tất cả cơ sở (XLSX), 2 dòng"


def test_the_suspension_spreadsheet_download_is_logged(client, province):
    clerk = officer(province)
    client.force_login(clerk)
    b"".join(client.get(reverse("reports:suspension_xlsx")).streaming_content)
    row = Activity.objects.get()
    assert (row.action, row.actor) == (Action.EXPORTED, clerk)
    assert "Danh sách cơ sở đề xuất tạm dừng hoạt động" in row.summary and "(XLSX)" in row.summary


def test_export_job_and_its_line_commit_together(commune_a, monkeypatch):
    from reports.services import export_job_create

    def broken(**kwargs):
        raise RuntimeError("log down")

    monkeypatch.setattr("reports.services.activity_record", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        export_job_create(user=officer(commune_a), fmt="csv", params="", title="Tất cả", total=9)
    assert not ExportJob.objects.exists()


def test_the_log_is_written_in_vietnamese_whatever_the_officers_language(client, commune_a):
    facility = FacilityFactory(unit=commune_a, workers=10)
    client.force_login(officer(commune_a))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("reports:facility_edit", args=[facility.pk]), edit_data(facility, workers="12"))
    b"".join(client.post(reverse("reports:facility_export", args=["csv"])).streaming_content)
    edit, export = Activity.objects.order_by("id")
    assert edit.summary == "Sửa thông tin cơ sở: số người lao động"
    assert edit.changes == {"số người lao động": ["10", "12"]}
    assert export.summary == "Xuất Tất cả cơ sở (CSV), 1 dòng"
