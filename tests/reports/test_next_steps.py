"""Hẹn bước tiếp theo: when the day an officer set comes, that officer is told once in the inbox
and finds the facility under "Hẹn liên hệ hôm nay" in the morning digest."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.contacts import next_steps_remind
from reports.digests import digests_send
from reports.models import Notification, NotificationKind
from reports.notifications import inbox_for
from reports.tasks import remind_next_steps_task
from tests.factories import issued_facility
from tests.factories.contacts import contact_at
from tests.factories.flags import T0, days, notified_officer

pytestmark = pytest.mark.django_db

MORNING = T0 + days(3) - timedelta(hours=2, minutes=10)  # Thursday 4 March, 06:50 in Điện Biên


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def test_the_officer_is_reminded_in_the_inbox_once_when_the_day_comes(commune_a):
    me = notified_officer(username="pkt.a", role="local", unit=commune_a)
    colleague = notified_officer(username="so.dienbien", unit=commune_a.parent)
    facility = issued_facility(unit=commune_a, name="Chợ Him Lam")
    contact = contact_at(facility, T0, officer=me, next_step_on=MORNING.date())
    contact_at(
        issued_facility(unit=commune_a, name="Quán Mường Thanh"),
        T0,
        officer=me,
        next_step_on=MORNING.date() + timedelta(days=1),
    )

    with time_machine.travel(MORNING - days(1), tick=False):
        assert next_steps_remind() == 0  # not yet
    with time_machine.travel(MORNING, tick=False):
        assert next_steps_remind() == 1
        assert next_steps_remind() == 0  # a second run the same day, or an hour later
        remind_next_steps_task.apply()
    note = Notification.objects.get()
    assert note.user == me and note.kind == NotificationKind.NEXT_STEP and note.facility == facility
    assert note.message == "Đến hẹn liên hệ với Chợ Him Lam (hẹn ngày 04/03/2021)"
    assert note.url == reverse("reports:facility_detail", args=[facility.pk])
    assert list(inbox_for(me)) == [note] and not inbox_for(colleague).exists()
    contact.refresh_from_db()
    assert contact.reminded_at == MORNING


def test_a_missed_day_is_still_reminded_but_only_while_the_facility_is_in_scope(commune_a, commune_b):
    me = notified_officer(username="pkt.a", role="local", unit=commune_a)
    moved = issued_facility(unit=commune_a, name="Cơ sở đã chuyển địa bàn")
    kept = issued_facility(unit=commune_a, name="Chợ Him Lam")
    contact_at(moved, T0, officer=me, next_step_on=T0.date() + timedelta(days=1))
    contact_at(kept, T0, officer=me, next_step_on=T0.date() + timedelta(days=1))
    moved.unit = commune_b
    moved.save()
    with time_machine.travel(MORNING, tick=False):  # the run on the day itself did not happen
        assert next_steps_remind() == 1
    assert Notification.objects.get().facility == kept


def test_reminding_costs_the_same_queries_for_many_contacts_as_for_one(commune_a):
    me = notified_officer(username="pkt.a", role="local", unit=commune_a)
    contact_at(issued_facility(unit=commune_a), T0, officer=me, next_step_on=MORNING.date())
    with time_machine.travel(MORNING, tick=False), CaptureQueriesContext(connection) as one:
        next_steps_remind()
    for _ in range(30):
        contact_at(issued_facility(unit=commune_a), T0, officer=me, next_step_on=MORNING.date())
    with (
        time_machine.travel(MORNING + timedelta(hours=1), tick=False),
        CaptureQueriesContext(connection) as many,
    ):
        assert next_steps_remind() == 30
    assert len(many) == len(one)


def test_the_next_step_is_reminded_from_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["remind-next-steps"]
    assert entry["task"] == "reports.tasks.remind_next_steps_task"
    digest = settings.CELERY_BEAT_SCHEDULE["send-digests"]["schedule"]
    assert min(entry["schedule"].hour) < min(digest.hour)  # reminded before the digest goes out


def test_the_digest_lists_todays_next_steps_even_with_no_flag_open(commune_a):
    me = notified_officer(username="pkt.a", role="local", unit=commune_a)
    other = notified_officer(username="pkt.khac", role="local", unit=commune_a)
    today = issued_facility(unit=commune_a, name="Chợ Him Lam")
    contact_at(today, T0, officer=me, next_step_on=MORNING.date(), outcome="Hẹn gọi lại")
    contact_at(
        issued_facility(unit=commune_a, name="Quán ngày mai"),
        T0,
        officer=me,
        next_step_on=MORNING.date() + timedelta(days=1),
    )
    with time_machine.travel(MORNING + timedelta(minutes=10), tick=False):
        assert digests_send() == 1  # mine only: the other officer has nothing open or due
    message = mail.outbox[0]
    assert message.to == [me.email] and other.email not in message.to
    assert message.subject == "SafeMap: 1 hẹn liên hệ hôm nay"
    assert "Hẹn liên hệ hôm nay (1)" in message.body
    assert "Chợ Him Lam (Phường Điện Biên Phủ)" in message.body
    assert settings.SITE_URL + reverse("reports:facility_detail", args=[today.pk]) in message.body
    assert "Quán ngày mai" not in message.body and "cảnh báo đang mở:" not in message.body
    html = html_of(message)
    assert "Hẹn liên hệ hôm nay" in html and "Chợ Him Lam" in html and "Hẹn gọi lại" in html
