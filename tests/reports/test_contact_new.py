"""Ghi nhận liên hệ: an officer in scope records how, with whom, what came of it and the next step."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Action, Activity
from reports.models import Contact
from tests.factories import issued_facility
from tests.factories.reports import officer

pytestmark = pytest.mark.django_db


def url_of(facility):
    return reverse("reports:contact_new", args=[facility.pk])


@pytest.fixture
def facility(commune_a):
    return issued_facility(unit=commune_a, name="Chợ Him Lam")


def test_form_offers_exactly_the_four_ways_of_contact(client, facility):
    client.force_login(officer(facility.unit))
    html = client.get(url_of(facility)).content.decode()
    for label in ("Gọi điện", "Đến trực tiếp", "Công văn", "Tin nhắn"):
        assert label in html
    assert list(Contact._meta.get_field("method").choices) == [
        ("call", "Gọi điện"),
        ("visit", "Đến trực tiếp"),
        ("letter", "Công văn"),
        ("message", "Tin nhắn"),
    ]


def test_recording_a_contact_stores_it_writes_the_log_and_returns_to_the_case_file(client, facility):
    me = officer(facility.unit, first_name="Quàng Thị Hoa")
    client.force_login(me)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url_of(facility),
        {
            "method": "visit",
            "person": "Ông Lò Văn Minh",
            "outcome": "Cơ sở hứa ký đánh giá trong tuần",
            "next_step_on": f"{tomorrow:%d/%m/%Y}",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("reports:facility_detail", args=[facility.pk])
    contact = Contact.objects.get()
    assert (contact.officer, contact.facility, contact.method) == (me, facility, "visit")
    assert contact.next_step_on == tomorrow and contact.reminded_at is None
    row = Activity.objects.get()
    assert row.action == Action.CONTACT_RECORDED and row.target == contact and row.actor == me
    assert row.facility == facility
    assert (
        row.summary
        == f"Đến trực tiếp — Ông Lò Văn Minh: Cơ sở hứa ký đánh giá trong tuần · Hẹn bước tiếp theo {tomorrow:%d/%m/%Y}"
    )
    html = response.content.decode()
    assert "Đã ghi nhận liên hệ." in html and "Cơ sở hứa ký đánh giá trong tuần" in html


def test_a_next_step_in_the_past_is_refused_in_vietnamese_and_the_form_keeps_what_was_typed(client, facility):
    client.force_login(officer(facility.unit))
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url_of(facility),
        {
            "method": "call",
            "person": "Bà Lò Thị Hạnh",
            "outcome": "Không nghe máy",
            "next_step_on": f"{yesterday:%d/%m/%Y}",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Ngày hẹn bước tiếp theo ({yesterday:%d/%m/%Y}) đã qua" in html
    assert 'value="Bà Lò Thị Hạnh"' in html and "Không nghe máy" in html
    assert f'value="{yesterday:%d/%m/%Y}"' in html
    assert re.search(r'name="method" value="call"\s+id="id_method_0" required checked', html)
    assert not Contact.objects.exists() and not Activity.objects.exists()


def test_a_missing_outcome_and_a_bad_date_get_their_own_vietnamese_errors(client, facility):
    client.force_login(officer(facility.unit))
    html = client.post(
        url_of(facility),
        {"method": "letter", "person": "Giám đốc", "outcome": "  ", "next_step_on": "31/02/2027"},
    ).content.decode()
    assert "Hãy ghi kết quả liên hệ." in html
    assert "Ngày hẹn bước tiếp theo không đúng dạng dd/mm/yyyy." in html
    assert 'value="Giám đốc"' in html and 'value="31/02/2027"' in html
    html = client.post(url_of(facility), {"method": "fax", "outcome": "x"}).content.decode()
    assert "Hãy chọn một hình thức liên hệ trong danh sách." in html
    assert not Contact.objects.exists()


def test_today_is_a_valid_next_step(client, facility):
    client.force_login(officer(facility.unit))
    today = timezone.localdate()
    response = client.post(
        url_of(facility), {"method": "message", "outcome": "Đã nhắn", "next_step_on": f"{today:%d/%m/%Y}"}
    )
    assert response.status_code == 302 and Contact.objects.get().next_step_on == today


def test_an_officer_outside_the_scope_gets_404_and_records_nothing(
    client, facility, commune_b, other_province
):
    for outsider in (officer(commune_b), officer(other_province, role="province")):
        client.force_login(outsider)
        assert client.get(url_of(facility)).status_code == 404
        assert client.post(url_of(facility), {"method": "call", "outcome": "x"}).status_code == 404
    assert not Contact.objects.exists()


def test_a_facility_can_neither_record_nor_read_contacts(client, facility):
    writer = officer(facility.unit)
    client.force_login(writer)
    client.post(url_of(facility), {"method": "call", "person": "Ông Minh", "outcome": "Ghi chú nội bộ"})
    assert Contact.objects.count() == 1
    client.force_login(facility.user)
    assert client.get(url_of(facility)).status_code == 404
    assert client.post(url_of(facility), {"method": "call", "outcome": "x"}).status_code == 404
    assert client.get(reverse("reports:facility_detail", args=[facility.pk])).status_code == 404
    for page in (reverse("assessments:home"), reverse("assessments:inspect")):
        assert "Ghi chú nội bộ" not in client.get(page).content.decode()
    assert Contact.objects.count() == 1
