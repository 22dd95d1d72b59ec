"""Hoàn thành: what it asks for, and how it points at what is missing."""

import re

import pytest

from assessments.services import answer_save

pytestmark = pytest.mark.django_db


def answer(assessment, **met_by_code):
    for item in assessment.version.items_in_order():
        answer_save(
            assessment=assessment, item_id=item.pk, met=met_by_code.get(item.code.replace(".", "_"), True)
        )


def item_card(page, item):
    """The opening tag of the item's card on the fill page."""
    return re.search(rf'<div [^>]*id="item-{item.pk}"[^>]*>', page).group(0)


def test_an_unticked_item_that_needs_a_photo_does_not_block_hoan_thanh(client_facility, assessment):
    answer(assessment, **{"1_1": False})  # 1.1 needs a photo as evidence, but it is not claimed as met
    response = client_facility.post(f"/danh-gia/{assessment.pk}/hoan-thanh/")
    assert response.status_code == 302 and response.url == f"/danh-gia/{assessment.pk}/ket-qua/"
    assessment.refresh_from_db()
    assert assessment.status == "completed" and assessment.level == "red"  # 1.1 is critical


def test_a_ticked_item_without_its_photo_blocks_and_is_linked_and_marked(client_facility, assessment):
    answer(assessment)
    needs_photo = assessment.version.items_in_order().get(code="1.1")
    other = assessment.version.items_in_order().get(code="1.2")
    response = client_facility.post(f"/danh-gia/{assessment.pk}/hoan-thanh/")
    page = response.content.decode()
    assert response.status_code == 200
    link = re.search(rf'<a [^>]*href="#item-{needs_photo.pk}"[^>]*>([^<]*)</a>', page)
    assert link and link.group(1) == "Mục 1.1 “Có điểm rửa tay” cần ít nhất một ảnh chụp."
    assert "is-invalid" in item_card(page, needs_photo)
    assert "is-invalid" not in item_card(page, other)
    assert re.search(r'<input [^>]*name="met"[^>]*aria-invalid="true"', page)
    assessment.refresh_from_db()
    assert assessment.status == "draft"
