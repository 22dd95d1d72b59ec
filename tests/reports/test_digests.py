import time_machine
from django.core import mail
from django.core.management import call_command

from accounts.choices import Level
from reports.digests import digests_send
from reports.flags import flags_scan
from tests.factories.flags import T0, days, facility_signed_at

from .conftest import IN_SCOPE

NOW = T0 + days(20)


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def scan_then_send():
    with time_machine.travel(NOW, tick=False):
        flags_scan()
        return digests_send()


def test_digest_lists_only_open_flags_in_scope_grouped_by_unit(commune_a, commune_b, officers):
    facility_signed_at(unit=commune_a, name="Chợ Điện Biên")
    facility_signed_at(
        unit=commune_b, name="Công ty TNHH Mường Phăng", level=Level.RED, signed_at=NOW - days(1)
    )
    fixed = facility_signed_at(unit=commune_a, name="Nhà hàng Him Lam")
    with time_machine.travel(NOW - days(2), tick=False):
        flags_scan()  # Him Lam is flagged overdue…
    fixed.record_signed(Level.GREEN, NOW - days(1))  # …then signs: its flag closes

    scan_then_send()

    by_user = {m.to[0]: m for m in mail.outbox}
    province = by_user[officers["province"].email]
    assert "2 cảnh báo đang mở" in province.subject
    text = province.body
    assert text.index("Phường Điện Biên Phủ") < text.index("Chợ Điện Biên") < text.index("Xã Mường Phăng")
    # Due 15/03, the flag opened after the grace (17/03): days overdue count from the due date.
    assert "Chợ Điện Biên: Quá hạn đánh giá, từ 15/03/2021 (6 ngày)" in text
    assert "Công ty TNHH Mường Phăng: Không an toàn" in text
    assert "Him Lam" not in text and "Him Lam" not in html_of(province)
    assert "<h3" in html_of(province) and "Chợ Điện Biên" in html_of(province)

    local_b = by_user[officers["local_b"].email]
    assert "Mường Phăng" in local_b.body and "Chợ Điện Biên" not in local_b.body
    local_a = by_user[officers["local_a"].email]
    assert "Chợ Điện Biên" in local_a.body and "Mường Phăng" not in local_a.body


def test_no_digest_at_all_when_no_flag_is_open(commune_a, officers):
    facility_signed_at(unit=commune_a, signed_at=NOW - days(1))  # assessed yesterday: fine

    assert scan_then_send() == 0
    assert mail.outbox == []


def test_no_digest_for_officers_with_nothing_open_in_their_scope(commune_a, officers):
    facility_signed_at(unit=commune_a)  # overdue: industry, commune A

    assert scan_then_send() == len(IN_SCOPE)
    recipients = {m.to[0] for m in mail.outbox}
    assert officers["trade_only"].email not in recipients
    assert officers["local_b"].email not in recipients
    assert officers["retired"].email not in recipients


def test_officers_who_turned_the_digest_off_get_no_email(commune_a, officers):
    facility_signed_at(unit=commune_a)
    officers["province"].email_digest = False
    officers["province"].save(update_fields=["email_digest"])

    scan_then_send()

    assert officers["province"].email not in {m.to[0] for m in mail.outbox}
    assert officers["ministry"].email in {m.to[0] for m in mail.outbox}


def test_running_the_digest_twice_in_a_day_sends_it_once(commune_a, officers):
    facility_signed_at(unit=commune_a)
    scan_then_send()
    sent = len(mail.outbox)

    with time_machine.travel(NOW + days(0.2), tick=False):
        call_command("send_digests")
    assert len(mail.outbox) == sent
    with time_machine.travel(NOW + days(1), tick=False):
        call_command("send_digests")
    assert len(mail.outbox) == 2 * sent


def test_digest_is_in_vietnamese_with_a_link_to_turn_it_off(commune_a, officers, settings):
    settings.SITE_URL = "https://safemap.example.gov.vn"
    settings.LANGUAGE_CODE = "en"
    facility_signed_at(unit=commune_a)
    scan_then_send()
    message = mail.outbox[0]
    assert "Kính gửi" in message.body
    assert "https://safemap.example.gov.vn/thong-bao/cai-dat/" in message.body
    assert 'href="https://safemap.example.gov.vn/thong-bao/cai-dat/"' in html_of(message)
