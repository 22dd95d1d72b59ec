"""Đề xuất tạm dừng as a record: who may see and edit one, the evidence behind each facility,
and the three steps (lập, sửa, gửi UBND tỉnh). Every step writes the Nhật ký, one row per
facility concerned, in the same transaction."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.activity import activity_record
from accounts.choices import Role
from accounts.models import Action, Activity, Facility
from accounts.scoping import facilities_visible_to

from .models import Flag, Proposal, ProposalIsFixed, ProposalItem
from .suspension import province_of, suspension_candidates, suspension_reason

# The follow-up a suspension rests on: contacts, requests to fix, inspections, and earlier
# decisions. (Proposal steps themselves are not evidence for the proposal.)
EVIDENCE_ACTIONS = (
    Action.CONTACT_RECORDED,
    Action.REQUEST_CREATED,
    Action.REQUEST_ANSWERED,
    Action.REQUEST_ACCEPTED,
    Action.REQUEST_RETURNED,
    Action.INSPECTION_SIGNED,
    Action.SUSPENDED,
    Action.REOPENED,
)
EVIDENCE_ROWS = 30  # per facility: the newest, enough for the document


def proposals_visible_to(user):
    """The ministry and admins see every province's; a Sở officer their own province's;
    nobody else any (the proposal is the Sở's document to UBND tỉnh)."""
    if not user.is_authenticated or not user.is_officer:
        return Proposal.objects.none()
    if user.is_national:
        return Proposal.objects.all()
    province = province_of(user) if user.role == Role.PROVINCE else None
    return Proposal.objects.filter(province=province) if province else Proposal.objects.none()


def open_proposal_of(user, facility):
    """The proposal the facility is on and UBND tỉnh has not decided yet (a draft, or sent and
    awaiting the decision), for the case file's next step; None if none."""
    if not may_draft(user):
        return None
    return (
        proposals_visible_to(user)
        .filter(items__facility=facility, decision__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def get_proposal_for_user(user, pk) -> Proposal:
    return get_object_or_404(proposals_visible_to(user).select_related("province", "created_by"), pk=pk)


def may_draft(user) -> bool:
    """Province officers (Sở) draft and send; the ministry only reads."""
    return user.is_authenticated and user.role == Role.PROVINCE and province_of(user) is not None


def get_draft_for_user(user, pk) -> Proposal:
    proposal = get_proposal_for_user(user, pk)
    if not may_draft(user):
        raise Http404
    return proposal


def proposable(user, province):
    """Facilities the user may put on a proposal: in their scope and the province, operating."""
    return facilities_visible_to(user).active().not_suspended().filter(unit__path__startswith=province.path)


def _date(value) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y}" if value else ""


def evidence_for(facility_ids, now) -> dict[int, dict]:
    """{facility id: evidence} from the flag scan and the Nhật ký, in three queries whatever
    the number of facilities. Plain text and numbers, so a snapshot reads the same for ever."""
    with translation.override("vi"):  # a document sent to UBND tỉnh
        out = {
            pk: {"flags": [], "activities": [], "level": "", "last_signed": "", "reason": ""}
            for pk in facility_ids
        }
        for f in Facility.objects.filter(pk__in=facility_ids):
            out[f.pk].update(
                level=str(f.get_level_display()),
                last_signed=_date(f.last_signed_at),
                reason=suspension_reason(f, now),
            )
        for flag in Flag.objects.filter(facility_id__in=facility_ids).order_by("-opened_at")[:2000]:
            end = flag.closed_at or now
            out[flag.facility_id]["flags"].append(
                {
                    "kind": str(flag.get_kind_display()),
                    "opened": _date(flag.opened_at),
                    "closed": _date(flag.closed_at),
                    "days": max(0, (end - flag.opened_at).days),
                }
            )
        rows = (
            Activity.objects.filter(facility_id__in=facility_ids, action__in=EVIDENCE_ACTIONS)
            .select_related("actor__facility")
            .order_by("-at", "-id")[:5000]
        )
        for a in rows:
            entries = out[a.facility_id]["activities"]
            if len(entries) < EVIDENCE_ROWS:
                entries.append(
                    {
                        "at": _date(a.at),
                        "action": str(a.get_action_display()),
                        "summary": a.summary,
                        "actor": a.actor.display_name if a.actor else "",
                    }
                )
    return out


def items_with_evidence(proposal, now):
    """The items, each with ``.facility``, ``.shown_reason`` and ``.shown_evidence``: frozen on a
    sent proposal, live on a draft."""
    items = list(
        proposal.items.select_related("facility__unit").order_by("facility__unit__path", "facility__name")
    )
    if not proposal.is_sent:
        live = evidence_for([i.facility_id for i in items], now)
        for i in items:
            i.shown_evidence = live[i.facility_id]
            i.shown_reason = i.shown_evidence["reason"]
    else:
        for i in items:
            i.shown_evidence = i.evidence
            i.shown_reason = i.reason
    return items


def _refuse_if_sent(proposal):
    if Proposal.objects.filter(pk=proposal.pk, sent_at__isnull=False).exists():
        raise ProposalIsFixed(_("Đề xuất đã gửi UBND tỉnh, không sửa được nữa."))


def _summary(proposal, text) -> str:
    return _("%(what)s số %(number)s ngày %(date)s") % {
        "what": text,
        "number": proposal.number,
        "date": f"{proposal.date:%d/%m/%Y}",
    }


@transaction.atomic
@translation.override("vi")  # what the Nhật ký and the document keep is Vietnamese
def proposal_create(*, by, number, date, now=None) -> Proposal:
    """A draft listing every current candidate of the officer's province and scope."""
    now = now or timezone.now()
    province = province_of(by)
    proposal = Proposal.objects.create(number=number, date=date, province=province, created_by=by)
    facilities = list(suspension_candidates(proposable(by, province), now))
    ProposalItem.objects.bulk_create([ProposalItem(proposal=proposal, facility=f) for f in facilities])
    for f in facilities:
        activity_record(
            actor=by,
            action=Action.PROPOSAL_CREATED,
            facility=f,
            target=proposal,
            summary=_summary(proposal, _("Đưa vào đề xuất tạm dừng")),
            at=now,
        )
    return proposal


@transaction.atomic
@translation.override("vi")  # what the Nhật ký and the document keep is Vietnamese
def proposal_update(*, by, proposal, number, date, add=(), remove=()) -> Proposal:
    """Number, date, facilities added or removed; refused once sent (ProposalIsFixed)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _refuse_if_sent(proposal)
    changes = {}
    if number != proposal.number:
        changes[_("Số văn bản")] = [proposal.number, number]
    if date != proposal.date:
        changes[_("Ngày văn bản")] = [f"{proposal.date:%d/%m/%Y}", f"{date:%d/%m/%Y}"]
    proposal.number, proposal.date = number, date
    proposal.save(update_fields=["number", "date"])
    present = set(proposal.items.values_list("facility_id", flat=True))
    added = [f for f in add if f.pk not in present]
    removed = [f for f in remove if f.pk in present]
    ProposalItem.objects.bulk_create([ProposalItem(proposal=proposal, facility=f) for f in added])
    proposal.items.filter(facility__in=removed).delete()
    for f in added:
        activity_record(
            actor=by,
            action=Action.PROPOSAL_EDITED,
            facility=f,
            target=proposal,
            summary=_summary(proposal, _("Thêm vào đề xuất tạm dừng")),
        )
    for f in removed:
        activity_record(
            actor=by,
            action=Action.PROPOSAL_EDITED,
            facility=f,
            target=proposal,
            summary=_summary(proposal, _("Bỏ khỏi đề xuất tạm dừng")),
        )
    if changes:
        kept = Facility.objects.filter(pk__in=present - {f.pk for f in removed}).order_by("pk")
        for f in kept:
            activity_record(
                actor=by,
                action=Action.PROPOSAL_EDITED,
                facility=f,
                target=proposal,
                summary=_summary(proposal, _("Sửa đề xuất tạm dừng")),
                changes=changes,
            )
    return proposal


class ProposalEmpty(ValueError):
    pass


@transaction.atomic
@translation.override("vi")  # what the Nhật ký and the document keep is Vietnamese
def proposal_send(*, by, proposal, now=None) -> Proposal:
    """Freeze each facility's reason and evidence as they stand now, then stamp the proposal
    sent: from then on the model refuses every change."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _refuse_if_sent(proposal)
    items = list(proposal.items.select_related("facility"))
    if not items:
        raise ProposalEmpty(_("Đề xuất chưa có cơ sở nào; hãy thêm cơ sở trước khi gửi."))
    evidence = evidence_for([i.facility_id for i in items], now)
    for i in items:
        i.evidence = evidence[i.facility_id]
        i.reason = i.evidence["reason"][:200]
    ProposalItem.objects.bulk_update(items, ["evidence", "reason"])
    Proposal.objects.filter(pk=proposal.pk).update(sent_at=now, sent_by=by)
    proposal.refresh_from_db()
    for i in sorted(items, key=lambda i: i.facility_id):
        activity_record(
            actor=by,
            action=Action.PROPOSAL_SENT,
            facility=i.facility,
            target=proposal,
            summary=_summary(proposal, _("Gửi UBND tỉnh đề xuất tạm dừng")),
            at=now,
        )
    return proposal
