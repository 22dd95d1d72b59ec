import pytest
from django.core.management import call_command
from django.db.models import F

from accounts.choices import FunnelStage, Level, Role
from accounts.models import Facility, User
from accounts.scoping import facilities_visible_to

pytestmark = pytest.mark.django_db


def test_demo_builds_a_province_with_every_role_and_a_mix_of_states(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in ("admin", "bo.congthuong", "so.dienbien", "pkt.dienbienphu", "bql.noongbua", "coso.demo"):
        assert username in out
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    facilities = Facility.objects.all()
    assert facilities.count() >= 300
    assert facilities.filter(user=None).exists()
    assert facilities.never_assessed().exists()
    assert facilities.overdue().exists()
    for level in (Level.GREEN, Level.YELLOW, Level.RED):
        assert facilities.filter(level=level).exists()
    assert all(f.unit.parent.code == "11" for f in facilities.select_related("unit__parent")[:50])
    local = User.objects.get(username="pkt.dienbienphu")
    assert 0 < facilities_visible_to(local).count() < facilities.count()
    assert User.objects.get(username="coso.moi").must_change_password


def test_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    before = (
        Facility.objects.count(),
        User.objects.count(),
        list(Facility.objects.values_list("level", "due_at")),
    )
    call_command("seed_demo", verbosity=0)
    assert (
        Facility.objects.count(),
        User.objects.count(),
        list(Facility.objects.values_list("level", "due_at")),
    ) == before


def test_demo_tells_the_truth_about_new_accounts_inboxes_and_examples(client):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from assessments.models import Assessment
    from reports.notifications import unread_count

    call_command("seed_demo", verbosity=0)

    fresh = Facility.objects.get(user__username="coso.moi")
    assert fresh.last_signed_at is None and fresh.level == Level.NONE
    assert not Assessment.objects.filter(facility=fresh).exists()
    assert not fresh.is_overdue() and not fresh.flags.exists()

    for username in ("so.dienbien", "so.qlcn", "pkt.dienbienphu", "bql.noongbua", "bo.congthuong"):
        assert 0 < unread_count(User.objects.get(username=username)) <= 5, username

    client.force_login(User.objects.get(username="pkt.dienbienphu"))
    response = client.get(reverse("account_request_template"))
    example = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )[1]
    assert not Facility.objects.filter(tax_code=example[1]).exists()

    # The demo offices carry what the suspension document prints.
    client.force_login(User.objects.get(username="so.qlcn"))
    html = client.get(reverse("reports:suspension_report")).content.decode()
    assert "UBND TỈNH ĐIỆN BIÊN" in html and "Điện Biên Phủ, ngày" in html and "Số: …/SCT-QLCN" in html
    client.force_login(User.objects.get(username="bql.noongbua"))
    assert "UBND TỈNH ĐIỆN BIÊN" in client.get(reverse("reports:suspension_report")).content.decode()


def _followup_state():
    from accounts.models import Activity, Decision, ImportLetterBatch
    from assessments.corrective import CorrectiveRequest
    from assessments.models import Assessment
    from reports.models import Contact, Flag
    from reports.proposal_models import Proposal

    return (
        sorted(CorrectiveRequest.objects.values_list("facility_id", "status")),
        Contact.objects.count(),
        Assessment.objects.inspections().signed().count(),
        Flag.objects.open().filter(kind="discrepancy").count(),
        sorted((p.number, p.is_sent) for p in Proposal.objects.all()),
        Decision.objects.count(),
        Activity.objects.count(),
        ImportLetterBatch.objects.count(),
    )


def test_demo_shows_the_followup_loop_and_rollout_funnel(client):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Activity, Decision
    from assessments.corrective import CorrectiveRequest, RequestStatus
    from assessments.models import Assessment
    from reports.models import Contact, Flag
    from reports.proposal_models import Proposal

    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()

    contact = Contact.objects.get()
    assert contact.next_step_on == today + timedelta(days=1)
    assert Flag.objects.open().filter(facility=contact.facility).exists()

    demo = Facility.objects.get(user__username="coso.demo")
    waiting = CorrectiveRequest.objects.filter(status=RequestStatus.OPEN)
    assert waiting.filter(facility=demo).exists()
    assert all(today < r.deadline <= today + timedelta(days=7) for r in waiting)
    answered = CorrectiveRequest.objects.get(status=RequestStatus.ANSWERED)
    assert answered.responses.get().photos.count() == 1

    inspection = Assessment.objects.inspections().signed().get()
    assert inspection.discrepancy_count >= 1
    assert Flag.objects.open().filter(kind="discrepancy", facility=inspection.facility).exists()

    draft, sent = Proposal.objects.get(sent_at=None), Proposal.objects.exclude(sent_at=None).get()
    assert draft.items.exists() and sent.items.count() == 1
    decision = Decision.objects.get()
    assert decision.file.name.endswith(".pdf") and decision.file_is_pdf
    assert sent.decision == decision
    suspended = Facility.objects.get(suspended_at__isnull=False)
    assert suspended.suspension == decision
    # Made by the services: each step is in the suspended facility's Nhật ký.
    actions = set(Activity.objects.filter(facility=suspended).values_list("action", flat=True))
    assert {"proposal_created", "proposal_sent", "suspended"} <= actions

    # Every stage of the start-up funnel has facilities, with dates in order.
    stages = set(Facility.objects.with_stage().values_list("stage", flat=True))
    assert stages == set(FunnelStage.values)
    issued = Facility.objects.filter(account_issued_at__isnull=False)
    assert not issued.filter(first_login_at__lt=F("letter_downloaded_at")).exists()
    assert not issued.filter(first_signed_at__lt=F("first_started_at")).exists()

    from accounts.importing.batches import letter_batches_held_by

    local = User.objects.get(username="pkt.dienbienphu")
    pending = letter_batches_held_by(local).get()
    assert pending.downloaded_at is None and pending.is_available

    client.force_login(demo.user)
    home = client.get(reverse("assessments:home")).content.decode()
    assert waiting.get(facility=demo).facility_url() in home


def test_demo_followup_twice_adds_nothing():
    call_command("seed_demo", verbosity=0)
    before = _followup_state()
    call_command("seed_demo", verbosity=0)
    assert _followup_state() == before
