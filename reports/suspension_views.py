"""Đề xuất tạm dừng, Quyết định tạm dừng, Cho hoạt động trở lại: the officer pages. Each view
has one shape: access-checked fetch, form, service, redirect or render."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.choices import Role
from accounts.decorators import officer_required
from accounts.models import User
from accounts.scoping import facilities_visible_to, get_facility_for_user
from accounts.suspensions import ReopenRefused, decisions_visible_to, suspension_decide, suspension_lift
from accounts.text import parse_id
from safemap.spreadsheets import Column, table_download

from .flags import flags_scan
from .models import NotificationKind, ProposalIsFixed
from .notifications import notify
from .proposal_forms import DecisionForm, ProposalEditForm, ProposalForm, ProposalSendForm, ReopenForm
from .proposals import (
    ProposalEmpty,
    get_draft_for_user,
    get_proposal_for_user,
    items_with_evidence,
    may_draft,
    proposable,
    proposal_create,
    proposal_send,
    proposal_update,
    proposals_visible_to,
)
from .suspension import document_heading, province_of, suspension_candidates


@officer_required
@require_GET
def proposal_list(request):
    ctx = {
        "proposals": proposals_visible_to(request.user).select_related("province", "created_by")[:100],
        "decisions": decisions_visible_to(request.user).select_related("created_by")[:100],
        "may_draft": may_draft(request.user),
        "form": ProposalForm(initial={"date": timezone.localdate(), "number": _default_number(request.user)}),
    }
    return render(request, "reports/proposal_list.html", ctx)


def _default_number(user):
    return document_heading(user, province_of(user))["number"].replace("…/SCT", "…/ĐX-SCT")


@officer_required
@require_POST
def proposal_new(request):
    if not may_draft(request.user):
        raise Http404
    form = ProposalForm(request.POST)
    if not form.is_valid():
        ctx = {
            "proposals": proposals_visible_to(request.user)[:100],
            "decisions": decisions_visible_to(request.user)[:100],
            "may_draft": True,
            "form": form,
        }
        return render(request, "reports/proposal_list.html", ctx, status=400)
    proposal = proposal_create(by=request.user, **form.cleaned_data)
    messages.success(request, _("Đã lập đề xuất với %(n)d cơ sở.") % {"n": proposal.items.count()})
    return redirect(proposal)


def _edit_form(request, proposal, data=None):
    province = proposal.province
    items = proposal.items.values("facility_id")
    removable = facilities_visible_to(request.user).filter(pk__in=items)
    addable = suspension_candidates(proposable(request.user, province), timezone.now()).exclude(pk__in=items)
    initial = {"number": proposal.number, "date": proposal.date}
    return ProposalEditForm(data, initial=initial, addable=addable, removable=removable)


@officer_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk):
    """The document as it goes to UBND tỉnh, with its evidence; while a draft, its edit form."""
    proposal = get_proposal_for_user(request.user, pk)
    editable = not proposal.is_sent and may_draft(request.user)
    form = (
        _edit_form(request, proposal, request.POST if request.method == "POST" else None)
        if editable
        else None
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal_update(
                    by=request.user,
                    proposal=proposal,
                    number=data["number"],
                    date=data["date"],
                    add=data["add"],
                    remove=data["remove"],
                )
            except ProposalIsFixed as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("Đã lưu đề xuất."))
            return redirect(proposal)
    now = timezone.now()
    with translation.override("vi"):
        items = items_with_evidence(proposal, now)
    heading = document_heading(proposal.created_by, proposal.province)
    ctx = {
        "proposal": proposal,
        "items": items,
        "form": form,
        "send_form": ProposalSendForm() if editable else None,
        "heading": heading,
        "issuer": settings.REPORT_ISSUER,
        "may_decide": proposal.is_sent and may_draft(request.user) and proposal.decision_id is None,
        "escalation_days": settings.ESCALATION_DAYS,
    }
    return render(request, "reports/proposal_detail.html", ctx, status=400 if form and form.errors else 200)


@officer_required
@require_POST
def proposal_send_view(request, pk):
    proposal = get_draft_for_user(request.user, pk)
    form = ProposalSendForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect(proposal)
    try:
        proposal_send(by=request.user, proposal=proposal)
    except (ProposalIsFixed, ProposalEmpty) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Đã gửi đề xuất tới UBND tỉnh; từ nay đề xuất không sửa được nữa."))
    return redirect(proposal)


PROPOSAL_COLUMNS = [
    Column(gettext_lazy("STT"), 6, "number"),
    Column(gettext_lazy("Tên cơ sở"), 40),
    Column(gettext_lazy("Mã số thuế"), 14),
    Column(gettext_lazy("Địa chỉ"), 40),
    Column(gettext_lazy("Đơn vị hành chính"), 24),
    Column(gettext_lazy("Lý do đề xuất"), 40),
    Column(gettext_lazy("Cảnh báo (số ngày mở)"), 40),
    Column(gettext_lazy("Đôn đốc, kiểm tra đã thực hiện"), 60),
]


def _flags_text(evidence):
    return "; ".join(
        f"{f['kind']} từ {f['opened']}"
        + (f" đến {f['closed']}" if f["closed"] else "")
        + f" ({f['days']} ngày)"
        for f in evidence.get("flags", [])
    )


def _activities_text(evidence):
    return "; ".join(f"{a['at']} {a['action']}: {a['summary']}" for a in evidence.get("activities", []))


@officer_required
@require_GET
def proposal_xlsx(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    with translation.override("vi"):
        items = items_with_evidence(proposal, timezone.now())
        rows = (
            (
                n,
                i.facility.name,
                i.facility.tax_code,
                i.facility.address,
                i.facility.unit.name,
                i.shown_reason,
                _flags_text(i.shown_evidence),
                _activities_text(i.shown_evidence),
            )
            for n, i in enumerate(items, start=1)
        )
        return table_download(
            rows,
            fmt="xlsx",
            columns=PROPOSAL_COLUMNS,
            stem="de-xuat-tam-dung",
            sheet_title=_("Đề xuất tạm dừng"),
            heading_rows=[
                _("Đề xuất tạm dừng hoạt động số %(number)s ngày %(date)s")
                % {"number": proposal.number, "date": f"{proposal.date:%d/%m/%Y}"}
            ],
        )


def _province_officers(province):
    return User.objects.filter(role=Role.PROVINCE, unit=province, is_active=True)


@officer_required
@require_http_methods(["GET", "POST"])
def decision_new(request):
    """Quyết định tạm dừng: from a sent proposal (?de_xuat=) or facilities chosen in scope."""
    if not may_draft(request.user):
        raise Http404
    province = province_of(request.user)
    proposal = None
    allowed = proposable(request.user, province)
    if request.GET.get("de_xuat"):
        proposal = get_proposal_for_user(request.user, _int(request.GET["de_xuat"]))
        if not proposal.is_sent:
            raise Http404
        shown = allowed.filter(pk__in=proposal.items.values("facility_id"))
        initial = {"facilities": list(shown.values_list("pk", flat=True))}
    else:
        shown = suspension_candidates(allowed, timezone.now())
        initial = {}
    bound = request.method == "POST"
    form = DecisionForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        allowed=allowed,
        shown=shown,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = suspension_decide(
            by=request.user,
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            facilities=list(data["facilities"]),
            document=data["file"],
        )
        if proposal is not None and proposal.decision_id is None:
            proposal.decision = decision
            proposal.save(update_fields=["decision"])
        ids = list(decision.facilities.values_list("pk", flat=True))
        flags_scan(facility_ids=ids)  # a suspended facility's overdue flags close now
        notify(
            _province_officers(province),
            kind=NotificationKind.DECISION,
            message=_("Quyết định tạm dừng số %(number)s: %(n)d cơ sở tạm dừng hoạt động")
            % {"number": decision.number, "n": len(ids)},
            url=reverse("reports:decision_detail", args=[decision.pk]),
        )
        messages.success(
            request, _("Đã ghi nhận quyết định; %(n)d cơ sở tạm dừng hoạt động.") % {"n": len(ids)}
        )
        return redirect(decision)
    status = 400 if form.errors else 200
    return render(request, "reports/decision_new.html", {"form": form, "proposal": proposal}, status=status)


def _int(value):
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return pk


@officer_required
@require_GET
def decision_detail(request, pk):
    decision = get_object_or_404(decisions_visible_to(request.user).select_related("created_by"), pk=pk)
    facilities = facilities_visible_to(request.user).filter(decisions=decision).select_related("unit")
    return render(request, "reports/decision_detail.html", {"decision": decision, "facilities": facilities})


@officer_required
@require_http_methods(["GET", "POST"])
def facility_reopen(request, pk):
    """Cho hoạt động trở lại: refused, with what was typed kept, until a passing result."""
    if not may_draft(request.user):
        raise Http404
    facility = get_facility_for_user(request.user, pk)
    if not facility.is_suspended:
        raise Http404
    bound = request.method == "POST"
    form = ReopenForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suspension_lift(
                by=request.user,
                facility=facility,
                number=data["number"],
                date=data["date"],
                signer=data["signer"],
                document=data["file"],
            )
        except ReopenRefused as e:
            form.add_error(None, str(e))
        else:
            flags_scan(facility_ids=[facility.pk])
            messages.success(request, _("Cơ sở đã được cho hoạt động trở lại."))
            return redirect("reports:facility_detail", facility.pk)
    ctx = {"facility": facility, "form": form}
    return render(request, "reports/facility_reopen.html", ctx, status=400 if form.errors else 200)
