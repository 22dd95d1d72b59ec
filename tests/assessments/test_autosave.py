import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Answer
from assessments.services import answer_save
from checklists.models import Item
from tests.factories.assessments import draft, make_template

pytestmark = pytest.mark.django_db


def items(assessment):
    return {i.code: i for i in assessment.version.items_in_order()}


def test_ticking_and_writing_a_note_are_saved_at_once(client_facility, assessment):
    item = items(assessment)["1.2"]
    url = f"/danh-gia/{assessment.pk}/muc/{item.pk}/"
    assert client_facility.post(url, {"met": "1"}).json()["ok"]
    assert client_facility.post(url, {"note": "Phát khẩu trang ở cổng"}).json()["ok"]
    answer = Answer.objects.get(assessment=assessment, item=item)
    assert (answer.met, answer.note) == (True, "Phát khẩu trang ở cổng")
    client_facility.post(url, {"met": "0"})
    answer.refresh_from_db()
    assert (answer.met, answer.note) == (False, "Phát khẩu trang ở cổng")


def test_reopening_the_fill_page_shows_what_was_saved(client_facility, assessment):
    item = items(assessment)["1.3"]
    client_facility.post(f"/danh-gia/{assessment.pk}/muc/{item.pk}/", {"met": "1", "note": "Sáng 7 giờ"})
    page = client_facility.get(f"/danh-gia/{assessment.pk}/dien/").content.decode()
    assert "Sáng 7 giờ" in page
    assert page.count("checked") == 1


def test_an_item_of_another_template_is_refused(client_facility, assessment):
    foreign = make_template("khac").published_version().items_in_order().first()
    response = client_facility.post(f"/danh-gia/{assessment.pk}/muc/{foreign.pk}/", {"met": "1"})
    assert response.status_code == 400
    assert "không thuộc bộ câu hỏi" in response.json()["error"]
    assert not Answer.objects.exists()


def test_a_risk_answer_must_be_one_of_the_criterion_options(client_facility, facility):
    template = make_template(
        "rui-ro",
        scoring="risk",
        rules={
            "bands": [
                {"upto": 50, "label": "Thấp", "level": "green"},
                {"upto": 100, "label": "Cao", "level": "red"},
            ]
        },
        sections=[
            {
                "title": "A",
                "items": [
                    {
                        "code": "CS1",
                        "text": "Số người",
                        "options": [{"text": "Ít", "points": 0}, {"text": "Nhiều", "points": 10}],
                    },
                    {
                        "code": "CS2",
                        "text": "Mật độ",
                        "options": [{"text": "Thưa", "points": 0}, {"text": "Dày", "points": 10}],
                    },
                ],
            }
        ],
    )
    a = draft(facility, template)
    cs1, cs2 = a.version.items_in_order()
    wrong = cs2.options.first()
    response = client_facility.post(f"/danh-gia/{a.pk}/muc/{cs1.pk}/", {"option": wrong.pk})
    assert response.status_code == 400
    right = cs1.options.last()
    assert client_facility.post(f"/danh-gia/{a.pk}/muc/{cs1.pk}/", {"option": right.pk}).status_code == 200
    assert Answer.objects.get(assessment=a, item=cs1).option == right


def test_too_long_note_is_refused_in_vietnamese(client_facility, assessment):
    item = items(assessment)["1.2"]
    response = client_facility.post(f"/danh-gia/{assessment.pk}/muc/{item.pk}/", {"note": "x" * 2001})
    assert response.status_code == 400
    assert "Ghi chú dài quá" in response.json()["error"]


def test_another_facilitys_draft_is_404_and_untouched(client, other_facility, template, assessment):
    client.force_login(other_facility.user)
    item = items(assessment)["1.2"]
    assert client.post(f"/danh-gia/{assessment.pk}/muc/{item.pk}/", {"met": "1"}).status_code == 404
    assert client.get(f"/danh-gia/{assessment.pk}/dien/").status_code == 404
    assert not Answer.objects.exists()


def test_officer_in_scope_cannot_write_a_draft(client, officer, assessment):
    client.force_login(officer)
    item = items(assessment)["1.2"]
    assert client.post(f"/danh-gia/{assessment.pk}/muc/{item.pk}/", {"met": "1"}).status_code == 404
    assert not Answer.objects.exists()


def test_a_save_after_hoan_thanh_needs_a_new_hoan_thanh(client_facility, assessment):
    for item in items(assessment).values():
        answer_save(assessment=assessment, item_id=item.pk, met=True)
    assessment.status = "completed"
    assessment.save(update_fields=["status"])
    item = items(assessment)["1.2"]
    client_facility.post(f"/danh-gia/{assessment.pk}/muc/{item.pk}/", {"met": "0"})
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert (
        client_facility.get(f"/danh-gia/{assessment.pk}/ky-xac-nhan/").url
        == f"/danh-gia/{assessment.pk}/dien/"
    )


def test_an_autosave_uses_at_most_six_queries(client_facility, assessment):
    item = Item.objects.filter(section__version=assessment.version).first()
    url = f"/danh-gia/{assessment.pk}/muc/{item.pk}/"
    client_facility.post(url, {"met": "1"})  # first save inserts; later ones update
    with CaptureQueriesContext(connection) as queries:
        response = client_facility.post(url, {"met": "0", "note": "Hết xà phòng"})
    assert response.status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries]
