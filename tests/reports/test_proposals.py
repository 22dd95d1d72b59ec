"""Đề xuất tạm dừng as a record: lập, sửa, gửi UBND tỉnh; fixed once sent."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.activity import activity_record
from accounts.choices import Level, Role
from accounts.models import Action, Activity
from reports.flags import flags_scan
from reports.models import Proposal, ProposalIsFixed, ProposalItem
from tests.factories.reports import officer, overdue_facility, signed_facility
from tests.factories.suspensions import province_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, province, commune_a, commune_b, other_province):
    settings.ESCALATION_DAYS = 10
    sở = province_officer(province, username="so.dienbien")
    world = {
        "sở": sở,
        "red": signed_facility(Level.RED, unit=commune_b, name="Cơ sở Không An Toàn"),
        "late": overdue_facility(days_late=20, unit=commune_a, name="Cơ sở Quá Hạn"),
        "green": signed_facility(Level.GREEN, unit=commune_a, name="Cơ sở An Toàn"),
        "elsewhere": signed_facility(Level.RED, unit=other_province, name="Cơ sở Tỉnh Khác"),
    }
    flags_scan()
    activity_record(
        actor=sở,
        action=Action.CONTACT_RECORDED,
        facility=world["late"],
        summary="Gọi điện cho giám đốc, hẹn tự đánh giá trong tuần",
    )
    return world


def create(client, world, number="12/ĐX-SCT", date="01/11/2026"):
    client.force_login(world["sở"])
    response = client.post(reverse("reports:proposal_new"), {"number": number, "date": date})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Proposal.objects.latest("pk")


def test_a_new_proposal_lists_the_candidates_of_the_province_with_reason_and_evidence(client, world):
    proposal = create(client, world)
    assert {i.facility.name for i in proposal.items.all()} == {"Cơ sở Không An Toàn", "Cơ sở Quá Hạn"}
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "12/ĐX-SCT" in html and "ngày 01 tháng 11 năm 2026" in html
    assert "Gọi điện cho giám đốc, hẹn tự đánh giá trong tuần" in html  # the contact, from the log
    assert "Quá hạn đánh giá" in html  # the flag, with its days open
    assert "Dự thảo" in html
    listed = client.get(reverse("reports:proposal_list")).content.decode()
    assert "12/ĐX-SCT" in listed and "Dự thảo" in listed
    logged = Activity.objects.filter(action=Action.PROPOSAL_CREATED)
    assert {a.facility.name for a in logged} == {"Cơ sở Không An Toàn", "Cơ sở Quá Hạn"}
    assert all(a.target == proposal and "12/ĐX-SCT" in a.summary for a in logged)


def test_a_draft_takes_a_new_number_date_and_loses_a_facility_and_the_log_says_so(client, world):
    proposal = create(client, world)
    response = client.post(
        proposal.get_absolute_url(),
        {"number": "13/ĐX-SCT", "date": "02/11/2026", "remove": [world["red"].pk]},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.number == "13/ĐX-SCT" and f"{proposal.date:%d/%m/%Y}" == "02/11/2026"
    assert [i.facility for i in proposal.items.all()] == [world["late"]]
    removed = Activity.objects.get(action=Action.PROPOSAL_EDITED, facility=world["red"])
    assert "Bỏ khỏi" in removed.summary
    renumbered = Activity.objects.get(action=Action.PROPOSAL_EDITED, facility=world["late"])
    assert renumbered.changes["Số văn bản"] == ["12/ĐX-SCT", "13/ĐX-SCT"]


def test_a_future_date_is_refused_and_the_typed_number_kept(client, world):
    client.force_login(world["sở"])
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = client.post(
        reverse("reports:proposal_new"), {"number": "99/ĐX-SCT", "date": f"{tomorrow:%d/%m/%Y}"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày văn bản không được sau hôm nay." in html and 'value="99/ĐX-SCT"' in html
    assert not Proposal.objects.exists()


def test_sending_freezes_the_evidence_and_later_follow_up_does_not_change_it(client, world):
    proposal = create(client, world)
    response = client.post(reverse("reports:proposal_send", args=[proposal.pk]), {"confirm": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.is_sent and proposal.sent_by == world["sở"]
    item = proposal.items.get(facility=world["late"])
    assert item.evidence["activities"][0]["summary"] == "Gọi điện cho giám đốc, hẹn tự đánh giá trong tuần"
    assert item.evidence["flags"][0]["days"] >= 20 and item.reason.startswith("Quá hạn đánh giá")
    assert Activity.objects.filter(action=Action.PROPOSAL_SENT, object_id=proposal.pk).count() == 2
    activity_record(
        actor=world["sở"],
        action=Action.CONTACT_RECORDED,
        facility=world["late"],
        summary="Liên hệ sau khi gửi",
    )
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Đã gửi UBND tỉnh" in html
    assert "Liên hệ sau khi gửi" not in html  # the snapshot, not today's log
    assert "Gọi điện cho giám đốc" in html
    assert 'id="proposal-edit"' not in html


def test_a_sent_proposal_refuses_every_change_in_the_views_and_the_models(client, world):
    proposal = create(client, world)
    client.post(reverse("reports:proposal_send", args=[proposal.pk]), {"confirm": "on"})
    before = list(proposal.items.order_by("pk").values_list("facility_id", "reason"))
    response = client.post(
        proposal.get_absolute_url(),
        {"number": "14/ĐX-SCT", "date": "02/11/2026", "remove": [world["red"].pk]},
    )
    assert response.status_code == 404
    client.post(
        reverse("reports:proposal_send", args=[proposal.pk]), {"confirm": "on"}
    )  # a second send: refused
    proposal.refresh_from_db()
    assert proposal.number == "12/ĐX-SCT"
    assert list(proposal.items.order_by("pk").values_list("facility_id", "reason")) == before
    assert Activity.objects.filter(action=Action.PROPOSAL_SENT).count() == 2
    proposal.number = "15/ĐX-SCT"
    with pytest.raises(ProposalIsFixed):
        proposal.save()
    with pytest.raises(ProposalIsFixed):
        proposal.delete()
    item = proposal.items.first()
    item.reason = "khác"
    with pytest.raises(ProposalIsFixed):
        item.save()
    with pytest.raises(ProposalIsFixed):
        item.delete()
    with pytest.raises(ProposalIsFixed):
        ProposalItem.objects.filter(proposal=proposal).update(reason="khác")
    with pytest.raises(ProposalIsFixed):
        ProposalItem.objects.filter(proposal=proposal).delete()
    with pytest.raises(ProposalIsFixed):
        ProposalItem.objects.create(proposal=proposal, facility=world["green"])


def test_the_xlsx_of_a_proposal_holds_its_facilities_and_no_formula(client, world):
    world["late"].name = '=HYPERLINK("http://x","bấm")'
    world["late"].save()
    proposal = create(client, world)
    response = client.get(reverse("reports:proposal_xlsx", args=[proposal.pk]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("Gọi điện cho giám đốc" in v for v in values)
    cell = next(c for row in ws.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"


def test_a_local_office_and_another_province_see_no_proposal(client, world, commune_a, other_province):
    proposal = create(client, world)
    for user in (officer(commune_a), province_officer(other_province, username="so.laichau")):
        client.force_login(user)
        assert client.get(proposal.get_absolute_url()).status_code == 404
        assert (
            client.post(reverse("reports:proposal_send", args=[proposal.pk]), {"confirm": "on"}).status_code
            == 404
        )
    client.force_login(officer(commune_a, username="pkt.a2"))
    assert (
        client.post(reverse("reports:proposal_new"), {"number": "1", "date": "01/11/2026"}).status_code == 404
    )
    assert Proposal.objects.count() == 1 and not proposal.__class__.objects.get().is_sent
    client.force_login(officer(None, role=Role.MINISTRY, username="bo"))
    assert client.get(proposal.get_absolute_url()).status_code == 200  # the ministry reads
    assert (
        client.post(reverse("reports:proposal_send", args=[proposal.pk]), {"confirm": "on"}).status_code
        == 404
    )


def test_sending_needs_the_officers_confirmation_and_without_it_nothing_is_sent(client, world):
    proposal = create(client, world)
    response = client.post(reverse("reports:proposal_send", args=[proposal.pk]), follow=True)
    assert "Hãy đánh dấu xác nhận đã kiểm tra danh sách trước khi gửi UBND tỉnh." in response.content.decode()
    proposal.refresh_from_db()
    assert not proposal.is_sent
    assert 'id="proposal-edit"' in response.content.decode()  # still a draft, still editable
