import time_machine
from django.core import mail
from django.core.management import call_command
from django.template import engines
from django.template.loader import render_to_string

from accounts.models import period
from reports.reminders import facility_banner, reminders_send
from tests.factories import FacilityFactory
from tests.factories.flags import T0, days, facility_signed_at

DUE = T0 + period()


def send_at(when):
    with time_machine.travel(when, tick=False):
        return reminders_send()


def test_a_facility_with_an_email_is_reminded_once_before_its_due_date(commune_a):
    facility_signed_at(unit=commune_a, name="Chợ Điện Biên", email="cho@example.vn")

    assert send_at(DUE - days(3)) == 0  # too early (REMINDER_DAYS_BEFORE = 2)
    assert send_at(DUE - days(1.5)) == 1
    assert send_at(DUE - days(1)) == 0

    message = mail.outbox[0]
    assert message.to == ["cho@example.vn"]
    assert "sắp đến hạn tự đánh giá (15/03/2021)" in message.subject
    assert "Kiểm tra → TEMPLATES → Chống dịch Covid19" in message.body


def test_a_facility_is_reminded_once_when_overdue_and_again_for_its_next_due_date(commune_a):
    facility = facility_signed_at(unit=commune_a, email="cho@example.vn")
    send_at(DUE - days(1))
    assert send_at(DUE + days(0.1)) == 1
    assert send_at(DUE + days(5)) == 0
    assert "đã quá hạn" in mail.outbox[-1].subject

    facility.record_signed("green", DUE + days(6))
    assert send_at(DUE + days(6) + period() - days(1)) == 1
    assert len(mail.outbox) == 3


def test_no_email_without_an_address_or_an_account(commune_a):
    facility_signed_at(unit=commune_a, email="")
    FacilityFactory(unit=commune_a, email="chua-cap@example.vn")  # no account: nothing is due
    call_command("send_reminders")
    with time_machine.travel(DUE, tick=False):
        call_command("send_reminders")
    assert mail.outbox == []


def test_the_home_page_banner_warns_before_and_after_the_due_date(commune_a):
    facility = facility_signed_at(unit=commune_a)

    assert facility_banner(facility, now=DUE - days(3)) is None
    soon = render_to_string(
        "reports/_facility_banner.html", {"banner": facility_banner(facility, DUE - days(1))}
    )
    assert "Sắp đến hạn tự đánh giá." in soon and "15/03/2021" in soon and "còn 1 ngày" in soon
    late = render_to_string(
        "reports/_facility_banner.html", {"banner": facility_banner(facility, DUE + days(1))}
    )
    assert "Đã quá hạn tự đánh giá." in late and 'href="/kiem-tra/"' in late


def test_the_banner_template_tag_renders_for_a_facility(commune_a):
    facility = facility_signed_at(unit=commune_a)
    template = "{% load reminders %}{% facility_banner facility %}"
    with time_machine.travel(DUE + days(1), tick=False):
        html = engines["django"].from_string(template).render({"facility": facility})
    assert 'data-reminder="overdue"' in html


def test_the_overdue_email_says_what_the_map_shows(commune_a):
    facility_signed_at(unit=commune_a, email="xanh@example.vn")
    facility_signed_at(unit=commune_a, email="do@example.vn", level="red")
    assert send_at(DUE + days(0.1)) == 2  # past the due date, still inside the grace
    by_to = {m.to[0]: m for m in mail.outbox}
    green, red = by_to["xanh@example.vn"], by_to["do@example.vn"]
    assert "đang hiển thị màu xám" not in green.body
    assert "từ ngày 17/03/2021 cơ sở sẽ hiển thị màu xám" in green.body
    assert "vẫn hiển thị màu đỏ" in red.body and "màu xám" not in red.body
    assert "màu xám" not in next(c for c, t in red.alternatives if t == "text/html")
