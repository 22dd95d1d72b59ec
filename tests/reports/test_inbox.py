import pytest
import time_machine
from django.urls import reverse

from accounts.choices import Level, Role
from reports.flags import flags_scan
from reports.models import Notification
from tests.factories import UserFactory
from tests.factories.flags import T0, days, facility_signed_at

NOW = T0 + days(20)
INBOX = reverse("reports:inbox")


@pytest.fixture
def flagged(commune_a, commune_b, officers):
    facility_signed_at(unit=commune_a, name="Chợ Điện Biên")
    facility_signed_at(
        unit=commune_b, name="Công ty TNHH Mường Phăng", level=Level.RED, signed_at=NOW - days(1)
    )
    with time_machine.travel(NOW, tick=False):
        flags_scan()


def login(client, user):
    client.force_login(user)


def test_inbox_lists_the_officers_own_notifications_with_an_unread_count(client, flagged, officers):
    login(client, officers["local_a"])
    response = client.get(INBOX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chợ Điện Biên" in page and "Quá hạn đánh giá" in page and "17/03/2021" in page
    assert "Mường Phăng" not in page
    assert '<span class="badge rounded-pill text-bg-danger" data-unread>1</span>' in page


def test_notifications_of_a_facility_no_longer_in_scope_are_hidden(client, flagged, officers, commune_b):
    local_a = officers["local_a"]
    local_a.unit = commune_b
    local_a.save(update_fields=["unit"])
    login(client, local_a)
    page = client.get(INBOX).content.decode()
    assert "Chợ Điện Biên" not in page and "data-unread" not in page


def test_marking_one_notification_read_clears_it_from_the_badge(client, flagged, officers):
    login(client, officers["province"])
    notification = Notification.objects.filter(user=officers["province"]).first()
    response = client.post(reverse("reports:notification_read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "data-unread>1<" in client.get(INBOX).content.decode()


def test_unread_notifications_come_first_so_the_badge_count_is_on_the_first_screen(client, flagged, officers):
    """One scan tells of many flags at the same moment; the officer who follows the badge must
    find the new ones at the top, not among the hundreds already read."""
    officer = officers["province"]
    login(client, officer)
    first, second = Notification.objects.filter(user=officer).order_by("-created_at", "-id")
    first.read_at = NOW
    first.save(update_fields=["read_at"])
    page = client.get(INBOX).content.decode()
    unread, read = second.flag.facility.name, first.flag.facility.name
    assert page.index(unread) < page.index(read)


def test_an_officer_cannot_mark_someone_elses_notification(client, flagged, officers):
    login(client, officers["local_b"])
    notification = Notification.objects.get(user=officers["local_a"])
    response = client.post(reverse("reports:notification_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_empties_the_badge(client, flagged, officers):
    login(client, officers["ministry"])
    response = client.post(reverse("reports:notifications_read_all"), follow=True)
    page = response.content.decode()
    assert "Đã đánh dấu 2 thông báo là đã đọc." in page
    assert "data-unread" not in page


def test_marking_read_needs_post(client, flagged, officers):
    login(client, officers["ministry"])
    assert client.get(reverse("reports:notifications_read_all")).status_code == 405


def test_facilities_and_visitors_have_no_inbox(client, flagged):
    assert client.get(INBOX).status_code == 302  # to login
    login(client, UserFactory(role=Role.FACILITY))
    assert client.get(INBOX).status_code == 404


def test_officer_turns_the_daily_email_off_and_on(client, officers):
    officer = officers["province"]
    login(client, officer)
    url = reverse("reports:notification_settings")
    assert "Nhận email tổng hợp" in client.get(url).content.decode()

    response = client.post(url, {}, follow=True)
    assert "Đã lưu cài đặt thông báo." in response.content.decode()
    officer.refresh_from_db()
    assert officer.email_digest is False

    client.post(url, {"email_digest": "on"})
    officer.refresh_from_db()
    assert officer.email_digest is True


def test_inbox_reads_in_english_after_the_language_switch(client, flagged, officers):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    login(client, officers["local_a"])
    page = client.get(INBOX).content.decode()
    assert "Mark all as read" in page and "Notification settings" in page
    assert "Assessment overdue" in page and "since 17/03/2021" in page
    assert "Đánh dấu tất cả đã đọc" not in page and "đang mở" not in page
