"""Kiểm tra thực tế: an officer starts an inspection from a facility's page, confirms or
corrects what the facility claimed, adds photos, signs; the result is the facility's level
until its next self-assessment, and every claimed-met item found not met is a discrepancy."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Action, Activity
from assessments.models import Assessment, AssessmentKind
from tests.assessments.test_sign import signature_data_url
from tests.factories import UserFactory
from tests.factories.assessments import inspection, jpeg_bytes, signed_assessment, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(facility, template):
    """The facility's signed self-assessment: everything ticked, so green."""
    return signed_assessment(facility, template)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def start(client, facility):
    return client.post(reverse("assessments:inspection_start", args=[facility.pk]))


def items_of(assessment):
    return {item.code: item for item in assessment.version.items_in_order()}


def sign_through_pages(client, inspection_draft, *, found):
    """What the officer does on the phone: correct items, photo the one that needs it,
    Hoàn thành, Ký xác nhận."""
    items = items_of(inspection_draft)
    for code, met in found.items():
        url = reverse("assessments:autosave", args=[inspection_draft.pk, items[code].pk])
        assert client.post(url, {"met": "1" if met else "0"}).status_code == 200
    photo_url = reverse("assessments:photo_upload", args=[inspection_draft.pk, items["1.1"].pk])
    assert client.post(photo_url, {"photo": upload("kt.jpg", jpeg_bytes())}).status_code == 200
    response = client.post(reverse("assessments:complete", args=[inspection_draft.pk]))
    assert response["Location"] == reverse("assessments:result", args=[inspection_draft.pk])
    response = client.post(
        reverse("assessments:sign", args=[inspection_draft.pk]),
        {
            "signer_name": "Nguyễn Văn Kiểm",
            "signer_position": "Chuyên viên",
            "signature": signature_data_url(),
        },
    )
    assert response["Location"] == reverse("assessments:detail", args=[inspection_draft.pk])
    inspection_draft.refresh_from_db()
    return inspection_draft


def test_an_inspection_starts_from_the_latest_self_assessment_pre_filled(
    officer_client, officer, facility, claimed
):
    response = start(officer_client, facility)

    draft = Assessment.objects.inspections().get()
    assert response["Location"] == reverse("assessments:fill", args=[draft.pk])
    assert (draft.based_on, draft.version, draft.created_by) == (claimed, claimed.version, officer)
    assert draft.answer_map() == claimed.answer_map()
    assert not draft.photos.exists()  # the facility's photos stay on its own record
    page = officer_client.get(response["Location"]).content.decode()
    assert "Kiểm tra thực tế" in page
    assert page.count('data-claimed="met"') == 3
    logged = Activity.objects.get(action=Action.INSPECTION_STARTED)
    assert (logged.actor, logged.facility, logged.target) == (officer, facility, draft)


def test_starting_again_resumes_the_same_inspection(officer_client, facility, claimed):
    first = start(officer_client, facility)["Location"]
    assert start(officer_client, facility)["Location"] == first
    assert Assessment.objects.inspections().count() == 1
    assert Activity.objects.filter(action=Action.INSPECTION_STARTED).count() == 1


def test_a_facility_that_never_signed_cannot_be_inspected_yet(officer_client, facility):
    response = start(officer_client, facility)
    assert response["Location"] == reverse("reports:facility_detail", args=[facility.pk])
    page = officer_client.get(response["Location"]).content.decode()
    assert "chưa có bản tự đánh giá nào đã ký xác nhận" in page
    assert not Assessment.objects.inspections().exists()


def test_discrepancies_are_listed_on_the_signed_inspection(officer_client, facility, claimed):
    start(officer_client, facility)
    signed = sign_through_pages(
        officer_client, Assessment.objects.inspections().get(), found={"1.2": False, "1.3": False}
    )

    assert signed.is_signed and signed.digest_matches()
    assert signed.discrepancy_count == 2
    page = officer_client.get(reverse("assessments:detail", args=[signed.pk])).content.decode()
    assert 'id="discrepancy-items"' in page
    assert "Đeo khẩu trang" in page and "Khử khuẩn hằng ngày" in page
    assert "2 nội dung cơ sở tự đánh giá là đáp ứng nhưng thực tế không đáp ứng" in page


def test_an_item_the_facility_already_admitted_is_not_a_discrepancy(
    officer_client, facility, template, claimed
):
    from assessments.services import assessment_complete, assessment_sign, photo_add
    from tests.assessments.test_sign import answer_all
    from tests.factories.assessments import draft, signature_png

    # The facility's next self-assessment admits 1.3 is not done; the officer finds the same.
    second = draft(facility, template)
    answer_all(second, except_codes=("1.3",))
    photo_add(
        assessment=second,
        item_id=items_of(second)["1.1"].pk,
        upload=upload("a.jpg", jpeg_bytes()),
        by=facility.user,
    )
    assessment_complete(assessment=second)
    assessment_sign(
        assessment=second,
        signer_name="A",
        signer_position="B",
        signature_png=signature_png(),
        by=facility.user,
    )
    start(officer_client, facility)
    draft_ = Assessment.objects.inspections().get()
    assert draft_.based_on_id == second.pk != claimed.pk
    assert draft_.answer_map()[items_of(draft_)["1.3"].pk][0] is False
    signed = sign_through_pages(officer_client, draft_, found={})
    assert signed.discrepancy_count == 0


def test_the_signed_result_becomes_the_facility_level_but_not_its_due_date(
    officer_client, officer, facility, claimed
):
    facility.refresh_from_db()
    due_before = facility.due_at
    start(officer_client, facility)
    # 1.1 is critical: found not met, the facility is Không an toàn.
    signed = sign_through_pages(officer_client, Assessment.objects.inspections().get(), found={"1.1": False})

    facility.refresh_from_db()
    assert (facility.level, facility.inspected_at) == ("red", signed.signed_at)
    assert facility.due_at == due_before
    assert facility.last_signed_at == claimed.signed_at
    logged = Activity.objects.get(action=Action.INSPECTION_SIGNED)
    assert logged.target == signed and logged.actor == officer
    assert "Không an toàn" in logged.summary and "1 nội dung không đúng với tự đánh giá" in logged.summary


def test_the_next_self_assessment_supersedes_the_inspection(officer, facility, template, claimed):
    inspection(facility, officer, found={"1.1": False})
    facility.refresh_from_db()
    assert facility.level == "red" and facility.inspection_is_current

    later = signed_assessment(facility, template)
    facility.refresh_from_db()
    assert facility.level == later.level == "green"
    assert not facility.inspection_is_current
    assert facility.inspected_at is not None  # still shown as the date it was last checked


def test_a_signed_inspection_is_never_altered(officer_client, officer, facility, claimed):
    signed = inspection(facility, officer, found={"1.2": False})
    item = items_of(signed)["1.2"]
    response = officer_client.post(reverse("assessments:autosave", args=[signed.pk, item.pk]), {"met": "1"})
    assert response.status_code == 409
    assert officer_client.get(reverse("assessments:fill", args=[signed.pk]))["Location"] == reverse(
        "assessments:detail", args=[signed.pk]
    )
    signed.refresh_from_db()
    assert signed.digest_matches() and signed.answer_map()[item.pk][0] is False


def test_an_officer_outside_the_scope_gets_404(client, facility, claimed, other_province):
    outsider = UserFactory(role=Role.PROVINCE, unit=other_province)
    client.force_login(outsider)
    assert start(client, facility).status_code == 404
    assert not Assessment.objects.inspections().exists()


def test_another_officer_cannot_write_an_inspection_they_did_not_start(
    client, officer, facility, claimed, province
):
    draft = inspection(facility, officer, sign=False)
    colleague = UserFactory(role=Role.PROVINCE, unit=province)
    client.force_login(colleague)
    assert client.get(reverse("assessments:fill", args=[draft.pk])).status_code == 404
    item = items_of(draft)["1.2"]
    assert (
        client.post(reverse("assessments:autosave", args=[draft.pk, item.pk]), {"met": "0"}).status_code
        == 404
    )


def test_a_facility_cannot_start_see_or_edit_an_inspection(client_facility, officer, facility, claimed):
    assert start(client_facility, facility).status_code == 404
    draft = inspection(facility, officer, sign=False)
    item = items_of(draft)["1.2"]
    for url in (
        reverse("assessments:fill", args=[draft.pk]),
        reverse("assessments:detail", args=[draft.pk]),
        reverse("assessments:result", args=[draft.pk]),
        reverse("assessments:sign", args=[draft.pk]),
    ):
        assert client_facility.get(url).status_code == 404, url
    response = client_facility.post(reverse("assessments:autosave", args=[draft.pk, item.pk]), {"met": "0"})
    assert response.status_code == 404
    assert draft.answer_map()[item.pk][0] is True
    assert "Kiểm tra thực tế" not in client_facility.get(reverse("assessments:home")).content.decode()


def test_the_facility_sees_the_result_on_its_home_page(client_facility, officer, facility, claimed):
    signed = inspection(facility, officer, found={"1.2": False})
    page = client_facility.get(reverse("assessments:home")).content.decode()
    assert 'id="facility-inspection"' in page
    assert timezone.localtime(signed.signed_at).strftime("%d/%m/%Y") in page
    assert officer.unit.name in page  # the officer's unit (no office set)
    assert signed.get_level_display() in page
    assert "1 nội dung tự đánh giá không đúng thực tế" in page and "Đeo khẩu trang" in page
    # Read-only: the signed inspection itself stays officers' record.
    assert client_facility.get(reverse("assessments:detail", args=[signed.pk])).status_code == 404


def test_the_officer_facility_page_has_the_button_and_lists_the_inspection(
    officer_client, officer, facility, claimed
):
    signed = inspection(facility, officer)
    page = officer_client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert reverse("assessments:inspection_start", args=[facility.pk]) in page
    assert reverse("assessments:detail", args=[signed.pk]) in page
    assert 'id="inspected-at"' in page


def test_the_dashboard_rates_do_not_count_inspections_as_reports(officer, facility, claimed):
    from reports.dashboard import signed_since

    inspection(facility, officer)
    since = timezone.now() - timedelta(days=1)
    assert list(signed_since(type(facility).objects.all(), since)) == [claimed]
    assert Assessment.objects.filter(kind=AssessmentKind.INSPECTION).count() == 1
