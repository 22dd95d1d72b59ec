"""Hồ sơ theo dõi: the officer's facility page tells the facility's story, newest first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.activity import activity_record
from accounts.choices import Level, Role
from accounts.models import Action
from assessments.models import Assessment
from reports.casefile import PAGE_SIZE
from reports.contacts import contact_record
from reports.models import ContactMethod, Flag, FlagKind
from tests.factories import UserFactory, issued_facility
from tests.factories.reports import officer, signature_row

pytestmark = pytest.mark.django_db


def page_of(facility):
    return reverse("reports:facility_detail", args=[facility.pk])


@pytest.fixture
def story(commune_a):
    """A facility flagged 10 days ago, signed red 8 days ago, flag closed 2 days ago, called
    just now: four entries of four kinds."""
    now = timezone.now()
    facility = issued_facility(unit=commune_a, name="Chợ Him Lam")
    Flag.objects.create(
        facility=facility,
        kind=FlagKind.OVERDUE,
        opened_at=now - timedelta(days=10),
        closed_at=now - timedelta(days=2),
        created_at=now - timedelta(days=10),
    )
    signed = signature_row(facility, now - timedelta(days=8), level=Level.RED)
    Assessment.objects.filter(pk=signed.pk).update(signer_name="Lò Văn Minh", signer_position="Giám đốc")
    caller = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a", first_name="Quàng Thị Hoa")
    contact_record(
        officer=caller, facility=facility, method=ContactMethod.CALL, person="Ông Minh", outcome="Hẹn ký lại"
    )
    return {"facility": facility, "signed": signed, "caller": caller, "now": now}


def test_case_file_lists_flags_assessments_and_log_newest_first_with_who_and_when(client, story, commune_a):
    facility = story["facility"]
    client.force_login(officer(commune_a))
    response = client.get(page_of(facility))
    html = response.content.decode()
    assert "Hồ sơ theo dõi" in html and "<title>Hồ sơ theo dõi" in html
    kinds = [e.kind for e in response.context["timeline"].entries]
    # The contact row was written now; the flag closed 2 days ago, the signature 8, the flag opened 10.
    assert kinds == ["contact_recorded", "flag_closed", "assessment", "flag_opened"]
    entries = {e.kind: e for e in response.context["timeline"].entries}
    assert entries["contact_recorded"].who == "Quàng Thị Hoa"
    assert entries["assessment"].who == "Lò Văn Minh, Giám đốc"
    assert entries["flag_opened"].who == "SafeMap (tự động)"
    # What the officer reads: the entries in that order, each with its date and its author.
    positions = [
        html.index(s) for s in ("Ghi nhận liên hệ", "Đóng cảnh báo", "Ký tự đánh giá", "Cảnh báo: Quá hạn")
    ]
    assert positions == sorted(positions)
    opened = (story["now"] - timedelta(days=10)).astimezone(timezone.get_current_timezone())
    assert f"{opened:%d/%m/%Y %H:%M}" in html
    assert "Người thực hiện: Quàng Thị Hoa" in html and "Gọi điện — Ông Minh: Hẹn ký lại" in html
    assert reverse("assessments:detail", args=[story["signed"].pk]) in html
    assert "Không an toàn" in html


def test_case_file_keeps_the_facility_data_and_offers_the_follow_up_actions(client, story, commune_a):
    facility = story["facility"]
    client.force_login(officer(commune_a))
    html = client.get(page_of(facility)).content.decode()
    assert 'id="facility-name"' in html and "Chợ Him Lam" in html
    assert 'id="casefile-actions"' in html
    assert reverse("reports:contact_new", args=[facility.pk]) in html
    assert reverse("reports:facility_edit", args=[facility.pk]) in html
    assert 'id="facility-history"' in html  # the signed assessments, as before


def test_log_entries_link_to_their_object_and_show_old_and_new_values(client, commune_a):
    facility = issued_facility(unit=commune_a)
    other = issued_facility(unit=commune_a, name="Cơ sở khác")
    editor = officer(commune_a, first_name="Lò Thị Lan")
    activity_record(
        actor=editor,
        action=Action.FACILITY_EDITED,
        facility=facility,
        target=other,  # an object with a page of its own
        summary="Sửa thông tin",
        changes={"số người lao động": [10, 25]},
    )
    client.force_login(officer(commune_a))
    html = client.get(page_of(facility)).content.decode()
    assert "số người lao động: <del>10</del> → 25" in html
    assert "Người thực hiện: Lò Thị Lan" in html


def test_an_officer_outside_the_scope_gets_404(client, story, commune_b, other_province):
    for outsider in (officer(commune_b), officer(other_province, role=Role.PROVINCE)):
        client.force_login(outsider)
        assert client.get(page_of(story["facility"])).status_code == 404


def test_the_facility_itself_cannot_open_its_case_file(client, story):
    client.force_login(story["facility"].user)
    assert client.get(page_of(story["facility"])).status_code == 404
    home = client.get(reverse("assessments:home")).content.decode()
    assert "Hẹn ký lại" not in home and "Ông Minh" not in home


def _long_history(facility, n):
    """``n`` contacts, each with its Nhật ký row pointing at it, and as many flags."""
    actor = officer(facility.unit)
    now = timezone.now()
    for i in range(n):
        contact_record(officer=actor, facility=facility, method=ContactMethod.VISIT, outcome=f"Lần {i:03d}")
        Flag.objects.create(
            facility=facility,
            kind=FlagKind.UNSAFE,
            opened_at=now - timedelta(days=i + 2),
            closed_at=now - timedelta(days=i + 1),
            created_at=now,
        )


def test_a_long_history_pages_with_xem_them_at_a_fixed_number_of_queries(client, commune_a):
    facility = issued_facility(unit=commune_a)
    viewer = officer(commune_a)
    client.force_login(viewer)
    _long_history(facility, 3)
    client.get(page_of(facility))  # the session's first request saves it; count the next
    with CaptureQueriesContext(connection) as short:
        client.get(page_of(facility))
    _long_history(facility, PAGE_SIZE + 20)
    with CaptureQueriesContext(connection) as long:
        first = client.get(page_of(facility))
    assert len(long) == len(short), [q["sql"][:90] for q in long.captured_queries]
    assert len(first.context["timeline"].entries) == PAGE_SIZE
    assert first.context["timeline"].has_next and "Xem thêm" in first.content.decode()
    second = client.get(page_of(facility), {"trang": 2})
    # 123 contacts and 123 flags opened and closed: 369 entries, the 101st to the 200th here.
    assert len(second.context["timeline"].entries) == PAGE_SIZE and second.context["timeline"].has_next
    last = client.get(page_of(facility), {"trang": 4})
    assert len(last.context["timeline"].entries) == 3 * (PAGE_SIZE + 23) - 3 * PAGE_SIZE
    assert not last.context["timeline"].has_next
    assert client.get(page_of(facility), {"trang": "abc"}).status_code == 200


def test_an_inspection_reads_once_as_the_officers_kiem_tra_thuc_te_before_its_discrepancy_flag(
    client, commune_a
):
    from reports.flags import flags_scan
    from tests.factories.assessments import inspection, make_template, signed_assessment

    facility = issued_facility(unit=commune_a)
    signed_assessment(facility, make_template())
    inspector = officer(commune_a, first_name="Quàng Thị Hoa")
    inspection(facility, inspector, found={"1.2": False})
    flags_scan()
    client.force_login(officer(commune_a))
    response = client.get(page_of(facility))
    kinds = [e.kind for e in response.context["timeline"].entries]
    # Newest first: the flag the discrepancy opened, the signature, the start, the facility's own.
    assert kinds == ["flag_opened", "inspection_signed", "inspection_started", "assessment"]
    html = response.content.decode()
    assert html.count("Ký tự đánh giá") == 1  # the facility's, not the officer's inspection


def test_a_facility_account_is_named_by_its_facility_not_its_login(client, commune_a):
    from tests.factories.assessments import make_template, signed_assessment
    from tests.factories.corrective import answered, corrective_request

    facility = issued_facility(unit=commune_a, name="Công ty TNHH May Him Lam")
    signed_assessment(facility, make_template())
    answered(corrective_request(facility, officer(commune_a)))
    client.force_login(officer(commune_a))
    html = client.get(page_of(facility)).content.decode()
    assert "Người thực hiện: Công ty TNHH May Him Lam" in html
    assert f"Người thực hiện: {facility.user.username}" not in html


def test_the_case_file_leads_a_so_officer_from_proposal_to_decision(client, commune_a, province):
    from reports.proposals import proposal_create, proposal_send
    from tests.factories.reports import signed_facility
    from tests.factories.suspensions import province_officer

    facility = signed_facility(Level.RED, unit=commune_a)
    sở = province_officer(province)
    client.force_login(sở)
    html = client.get(page_of(facility)).content.decode()
    assert f'href="{reverse("reports:proposal_list")}#lap-de-xuat" id="action-propose"' in html
    proposal = proposal_create(by=sở, number="12/ĐX-SCT", date=timezone.localdate())
    html = client.get(page_of(facility)).content.decode()
    assert f'href="{proposal.get_absolute_url()}" id="action-propose"' in html
    proposal_send(by=sở, proposal=proposal)
    html = client.get(page_of(facility)).content.decode()
    decide = f"{reverse('reports:decision_new')}?de_xuat={proposal.pk}"
    assert f'href="{decide}" id="action-decision"' in html
    assert 'id="action-propose"' not in html


def test_no_proposal_step_for_a_commune_officer_or_a_safe_facility(client, commune_a, province):
    from tests.factories.reports import signed_facility
    from tests.factories.suspensions import province_officer

    red = signed_facility(Level.RED, unit=commune_a)
    green = signed_facility(Level.GREEN, unit=commune_a)
    client.force_login(officer(commune_a))
    assert 'id="action-propose"' not in client.get(page_of(red)).content.decode()
    client.force_login(province_officer(province))
    assert 'id="action-propose"' not in client.get(page_of(green)).content.decode()
