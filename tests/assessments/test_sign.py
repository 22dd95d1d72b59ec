"""Hoàn thành → result → Ký xác nhận, and what signing locks."""

import base64
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from assessments.models import Answer, Assessment, Photo
from assessments.scoping import assessments_visible_to
from assessments.services import answer_save
from tests.factories import UserFactory
from tests.factories.assessments import jpeg_bytes, upload
from tests.storage import stored_files

pytestmark = pytest.mark.django_db


def signature_data_url(blank=False) -> str:
    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(img).line([(10, 80), (80, 20), (150, 90), (280, 30)], fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    img.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def answer_all(assessment, met=True, except_codes=()):
    for item in assessment.version.items_in_order():
        answer_save(assessment=assessment, item_id=item.pk, met=met and item.code not in except_codes)


def add_required_photo(client, assessment):
    item = assessment.version.items_in_order().get(code="1.1")
    client.post(f"/danh-gia/{assessment.pk}/muc/{item.pk}/anh/", {"photo": upload("a.jpg", jpeg_bytes())})


def complete_and_sign(client, assessment, **overrides):
    client.post(f"/danh-gia/{assessment.pk}/hoan-thanh/")
    data = {"signer_name": "Lò Văn Minh", "signer_position": "Giám đốc", "signature": signature_data_url()}
    return client.post(f"/danh-gia/{assessment.pk}/ky-xac-nhan/", {**data, **overrides})


def test_hoan_thanh_names_the_item_that_lacks_a_required_photo(client_facility, assessment):
    answer_all(assessment)
    response = client_facility.post(f"/danh-gia/{assessment.pk}/hoan-thanh/", follow=True)
    page = response.content.decode()
    assert "Mục 1.1 “Có điểm rửa tay” cần ít nhất một ảnh chụp." in page
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_result_shows_level_score_and_unmet_items_with_notes(client_facility, assessment):
    answer_all(assessment, except_codes=("1.3",))
    item = assessment.version.items_in_order().get(code="1.3")
    answer_save(assessment=assessment, item_id=item.pk, note="Chưa có hóa chất khử khuẩn")
    add_required_photo(client_facility, assessment)
    response = client_facility.post(f"/danh-gia/{assessment.pk}/hoan-thanh/", follow=True)
    page = response.content.decode()
    assert "Kết quả kiểm tra" in page
    assert 'data-level="yellow"' in page and "Có rủi ro" in page and "75,0 %" in page  # 3 of 4 weight
    assert "Chưa có hóa chất khử khuẩn" in page
    assessment.refresh_from_db()
    assert (assessment.level, str(assessment.score)) == ("yellow", "75.00")


def test_signing_locks_and_updates_the_facility_in_the_same_step(client_facility, assessment, facility):
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    before = timezone.now()
    response = complete_and_sign(client_facility, assessment)
    assert response.url == f"/danh-gia/{assessment.pk}/"
    assessment.refresh_from_db()
    facility.refresh_from_db()
    assert assessment.status == "signed" and assessment.digest_matches()
    assert (facility.level, facility.colour()) == ("green", "green")
    assert facility.last_signed_at == assessment.signed_at >= before
    assert facility.due_at == assessment.signed_at + timedelta(days=14)
    page = client_facility.get(response.url).content.decode()
    assert "Đã ký xác nhận" in page and "Lò Văn Minh" in page and "Giám đốc" in page
    signature = client_facility.get(f"/danh-gia/{assessment.pk}/chu-ky.png")
    assert signature["Content-Type"] == "image/png"


def test_a_signed_assessment_refuses_crafted_posts_and_stays_unchanged(client_facility, assessment, media):
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    complete_and_sign(client_facility, assessment)
    assessment.refresh_from_db()
    digest, files = assessment.digest, stored_files()
    item = assessment.version.items_in_order().get(code="1.2")
    response = client_facility.post(f"/danh-gia/{assessment.pk}/muc/{item.pk}/", {"met": "0", "note": "sửa"})
    assert response.status_code == 409
    assert "đã ký xác nhận" in response.json()["error"]
    response = client_facility.post(
        f"/danh-gia/{assessment.pk}/muc/{item.pk}/anh/", {"photo": upload("b.jpg", jpeg_bytes())}
    )
    assert response.status_code == 409
    photo = Photo.objects.get()
    assert client_facility.post(f"/anh/{photo.pk}/xoa/").status_code == 409
    response = complete_and_sign(client_facility, assessment, signer_name="Người khác")
    assert client_facility.get(f"/danh-gia/{assessment.pk}/dien/").url == f"/danh-gia/{assessment.pk}/"
    assessment.refresh_from_db()
    assert (assessment.digest, assessment.signer_name) == (digest, "Lò Văn Minh")
    assert Answer.objects.get(assessment=assessment, item=item).met is True
    assert stored_files() == files


def test_tampering_after_signing_is_detected_by_the_digest(client_facility, assessment):
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    complete_and_sign(client_facility, assessment)
    Answer.objects.filter(assessment=assessment).update(note="thêm sau khi ký")
    assert not Assessment.objects.get(pk=assessment.pk).digest_matches()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"signature": ""}, "Vui lòng ký tên vào khung chữ ký."),
        ({"signature": signature_data_url(blank=True)}, "Vui lòng ký tên vào khung chữ ký."),
        ({"signature": "data:image/png;base64,PHN2Zz4="}, "Chữ ký không đọc được"),
        ({"signer_position": ""}, "Vui lòng nhập chức vụ người ký."),
    ],
)
def test_bad_signature_form_keeps_what_was_typed(client_facility, assessment, facility, overrides, message):
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    response = complete_and_sign(client_facility, assessment, **overrides)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and 'value="Lò Văn Minh"' in page
    facility.refresh_from_db()
    assert facility.level == ""


def test_printable_a4_copy_carries_the_signature(client_facility, assessment):
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    complete_and_sign(client_facility, assessment)
    page = client_facility.get(f"/danh-gia/{assessment.pk}/in/").content.decode()
    assert "css/print.css" in page and f"/danh-gia/{assessment.pk}/chu-ky.png" in page
    assert "PHIẾU TỰ ĐÁNH GIÁ" in page


def test_officer_in_scope_sees_history_photos_and_signature_outsider_does_not(
    client, client_facility, assessment, facility, officer, other_province
):
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    complete_and_sign(client_facility, assessment)
    photo = Photo.objects.get()
    client.force_login(officer)
    assert list(assessments_visible_to(officer)) == [assessment]
    page = client.get(f"/danh-gia/{assessment.pk}/").content.decode()
    assert "Đã ký xác nhận" in page and "khớp" in page
    assert client.get(f"/anh/{photo.pk}/").status_code == 200
    assert client.get(f"/anh/{photo.pk}/xoa/").status_code == 405
    outsider = UserFactory(role="province", unit=other_province)
    client.force_login(outsider)
    assert client.get(f"/danh-gia/{assessment.pk}/").status_code == 404
    assert client.get(f"/anh/{photo.pk}/").status_code == 404
    assert client.get(f"/danh-gia/{assessment.pk}/chu-ky.png").status_code == 404


def test_facility_home_shows_colour_due_date_and_history(client_facility, assessment, facility):
    answer_all(assessment)
    add_required_photo(client_facility, assessment)
    complete_and_sign(client_facility, assessment)
    facility.refresh_from_db()
    page = client_facility.get("/co-so/").content.decode()
    assert 'data-colour="green"' in page
    assert facility.due_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in page
    assert "còn 14 ngày" in page
    assert f"/danh-gia/{assessment.pk}/" in page and "Lò Văn Minh" in page


def test_signing_records_whether_it_was_on_time(facility, template, settings, media):
    from tests.factories.assessments import signed_assessment

    assert signed_assessment(facility, template).on_time is True
    facility.refresh_from_db()
    facility.due_at = timezone.now() - timedelta(days=settings.ASSESSMENT_GRACE_DAYS + 1)
    facility.save(update_fields=["due_at"])
    assert signed_assessment(facility, template).on_time is False


def test_signing_closes_the_facilitys_overdue_flag_without_waiting_for_the_next_scan(
    facility, template, media, django_capture_on_commit_callbacks
):
    from reports.flags import flags_scan
    from reports.models import Flag
    from tests.factories.assessments import signed_assessment

    signed_assessment(facility, template)
    facility.refresh_from_db()
    facility.due_at = timezone.now() - timedelta(days=5)
    facility.save(update_fields=["due_at"])
    flags_scan()
    assert Flag.objects.open().filter(facility=facility, kind="overdue").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        signed_assessment(facility, template)
    assert Flag.objects.open().filter(facility=facility).count() == 0


def test_signing_red_opens_the_unsafe_flag_at_once_through_a_queued_scan(
    client_facility, assessment, facility, django_capture_on_commit_callbacks
):
    from reports.models import Flag

    answer_all(assessment, met=False)
    add_required_photo(client_facility, assessment)
    with django_capture_on_commit_callbacks(execute=True):
        response = complete_and_sign(client_facility, assessment)
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.level == "red"
    # Eager Celery in tests: the scan queued after the commit has already run.
    assert Flag.objects.open().filter(facility=facility, kind="unsafe").exists()


def test_an_optional_checklist_is_kept_but_sets_neither_colour_nor_due_date(facility, template, media):
    from reports.dashboard import signed_since
    from tests.factories.assessments import make_template, signed_assessment

    signed_assessment(facility, template)  # the required one: green, due in a period
    facility.refresh_from_db()
    level, due = facility.level, facility.due_at
    optional = make_template("tu-chon", required=False)
    record = signed_assessment(facility, optional, met=False)
    assert record.is_signed and record.level == "red"
    facility.refresh_from_db()
    assert (facility.level, facility.due_at) == (level, due)
    counted = signed_since(type(facility).objects.filter(pk=facility.pk), timezone.now() - timedelta(days=1))
    assert list(counted.values_list("template__slug", flat=True)) == [template.slug]
