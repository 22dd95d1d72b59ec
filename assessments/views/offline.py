"""The installable app: its manifest and service worker (served from the root, so it may
control every facility page), the offline signature from the outbox, and the two
decorators the facility's pages wear: ``offline_ready`` (the service worker may keep this
response) and ``idempotent`` (a replayed outbox item gets its first answer again)."""

import hashlib
import json
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db import IntegrityError, OperationalError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from accounts.decorators import facility_required
from checklists.models import Template, templates_for

from ..forms import SignForm
from ..offline import (
    QueuedSignatureRefused,
    assessment_sign_queued,
    assessment_start_queued,
    receipt_for,
    receipt_keep,
)
from ..scoping import get_assessment_for_user
from ..services import AssessmentLocked, InvalidAnswer, NotCompleted

OFFLINE_HEADER = "X-SafeMap-Offline"
# What the app needs to open with no connection: kept by the service worker when it installs.
SHELL_ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/signature_pad/signature_pad.umd.min.js",
    "css/safemap.css",
    "css/assessments.css",
    "favicon.svg",
    "icons/icon-192.png",
    "js/safemap.js",
    "js/pwa/outbox-core.js",
    "js/pwa/app.js",
    "js/fill/main.js",
    "js/fill/outbox.js",
    "js/fill/saves.js",
    "js/fill/photos.js",
    "js/fill/scoring.js",
    "js/fill/offline-result.js",
    "js/fill/signature.js",
]
_version = None


def offline_ready(view):
    """Marks a facility's own page as one the service worker may keep for offline use, with
    the account it belongs to (the worker drops another account's pages). Officers' pages
    never carry the mark, so they are never kept."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.user.is_authenticated and request.user.is_facility:
            response[OFFLINE_HEADER] = str(request.user.pk)
        return response

    return wrapper


def idempotent(view):
    """An outbox item sent twice (its answer lost on the way) is answered from its receipt,
    and the change and its receipt commit together."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "")[:64]
        if not key or not request.user.is_authenticated:
            return view(request, pk, *args, **kwargs)
        seen = receipt_for(user=request.user, key=key)
        if seen is None:
            try:
                with transaction.atomic():
                    response = view(request, pk, *args, **kwargs)
                    if response.status_code < 500 and response.get("Content-Type") == "application/json":
                        receipt_keep(
                            user=request.user,
                            assessment_id=pk,
                            key=key,
                            status=response.status_code,
                            body=json.loads(response.content),
                        )
                return response
            except IntegrityError:
                # The same key at the same moment: the other request's answer stands.
                seen = _receipt_when_committed(request.user, key)
                if seen is None:
                    raise
        response = JsonResponse(seen.body, status=seen.status)
        response["Idempotent-Replayed"] = "true"
        return response

    return wrapper


def _receipt_when_committed(user, key, wait=3.0, pause=0.05):
    """The other request's receipt. On PostgreSQL it is committed by the time our insert
    fails; SQLite's shared cache (the test database) shows its row before it commits, so wait
    for it a moment (None if it never comes: that request failed, and the device retries)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            seen = receipt_for(user=user, key=key)
        except OperationalError:  # the table is still locked by that transaction
            seen = None
        if seen is not None or time.monotonic() > deadline:
            return seen
        time.sleep(pause)


@require_POST
@login_required
@idempotent
def sign_queued(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    form = SignForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"error": " ".join(errors), "code": "invalid"}, status=400)
    try:
        device_answers = json.loads(request.POST.get("answers", "[]"))
    except ValueError:
        device_answers = None
    if not isinstance(device_answers, list):
        return JsonResponse({"error": _("Câu trả lời đã ký không đọc được."), "code": "invalid"}, status=400)
    try:
        signed = assessment_sign_queued(
            assessment=assessment,
            device_answers=device_answers,
            signer_name=form.cleaned_data["signer_name"],
            signer_position=form.cleaned_data["signer_position"],
            signature_png=form.cleaned_data["signature_png"],
            device_signed_at=parse_datetime(request.POST.get("device_signed_at", "")),
            by=request.user,
        )
    except QueuedSignatureRefused as e:
        return JsonResponse({"error": str(e), "code": e.code}, status=409)
    except (AssessmentLocked, NotCompleted) as e:
        return JsonResponse({"error": str(e), "code": "locked"}, status=409)
    return JsonResponse(
        {
            "ok": True,
            "url": reverse("assessments:detail", args=[signed.pk]),
            "level": signed.level,
            "score": str(signed.score),
            "on_time": signed.on_time,
        }
    )


@require_POST
@facility_required
def start_queued(request, template_id, facility):
    """The outbox's "start" item of a checklist opened offline with no draft: answers the
    draft's id (JSON, so the outbox sends the items queued against the blank page to it)."""
    key = request.headers.get("Idempotency-Key", "")[:64]
    seen = receipt_for(user=request.user, key=key) if key else None
    if seen is None:
        template = Template.objects.filter(is_active=True, pk=template_id).first()
        if template is None or not template.applies_to(facility):
            return JsonResponse(
                {"error": _("Bộ câu hỏi này không còn dùng được cho cơ sở."), "code": "retired"}, status=404
            )
        if not key:
            return JsonResponse({"error": _("Thiếu mã gửi của thiết bị."), "code": "invalid"}, status=400)
    else:
        template = seen.assessment.template
    try:
        assessment = assessment_start_queued(facility=facility, template=template, by=request.user, key=key)
    except InvalidAnswer as e:
        return JsonResponse({"error": str(e), "code": "retired"}, status=409)
    if assessment.facility_id != facility.pk:
        raise Http404
    return JsonResponse(
        {"ok": True, "id": assessment.pk, "url": reverse("assessments:fill", args=[assessment.pk])}
    )


def _asset_version() -> str:
    """Changes whenever a kept asset does, so the browser installs the new worker."""
    global _version
    if _version is None or settings.DEBUG:
        digest = hashlib.sha256()
        for name in SHELL_ASSETS:
            digest.update(static(name).encode())
            path = finders.find(name)
            if path:
                with open(path, "rb") as f:
                    digest.update(f.read())
        with open(finders.find("js/pwa/sw.js"), "rb") as f:
            digest.update(f.read())
        _version = digest.hexdigest()[:16]
    return _version


@cache_control(public=True, max_age=0, must_revalidate=True)
def service_worker(request):
    with open(finders.find("js/pwa/sw.js"), encoding="utf-8") as f:
        code = f.read()
    config = {
        "version": _asset_version(),
        # Modules import each other by their plain names (no build step rewrites imports to
        # the hashed ones), so those are kept too.
        "assets": list(
            dict.fromkeys(
                [static(name) for name in SHELL_ASSETS]
                + [settings.STATIC_URL + name for name in SHELL_ASSETS if name.startswith("js/")]
            )
        ),
        "core": static("js/pwa/outbox-core.js"),
        "staticUrl": settings.STATIC_URL,
        "startPattern": reverse("assessments:start", args=[0]).replace("/0/", "/(\\d+)/"),
        # Only where the home page has not warmed this checklist's blank page (offline_plan).
        "offlineStart": _(
            "Đang ngoại tuyến: bộ câu hỏi này chưa được lưu trên máy. Hãy mở trang cơ sở một lần khi có "
            "mạng để ứng dụng lưu sẵn các bộ câu hỏi; các bản đang đánh giá dở vẫn mở được khi không có mạng."
        ),
        "offlinePage": _("Đang ngoại tuyến: trang này chưa được lưu trên máy để dùng khi không có mạng."),
        "back": _("Về trang cơ sở"),
        "home": reverse("assessments:home"),
    }
    body = "self.SAFEMAP = " + json.dumps(config, ensure_ascii=False) + ";\n" + code
    return HttpResponse(body, content_type="application/javascript; charset=utf-8")


@cache_control(public=True, max_age=3600)
def manifest(request):
    def icon(size):
        return static(f"icons/icon-{size}.png")

    data = {
        "name": _("SafeMap — Bản đồ chung sống an toàn"),
        "short_name": "SafeMap",
        "description": _("Tự đánh giá an toàn phòng, chống dịch COVID-19 của cơ sở, cả khi không có mạng."),
        "lang": "vi",
        "id": reverse("assessments:home"),
        "start_url": reverse("assessments:home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": "#146c43",
        "background_color": "#ffffff",
        "icons": [
            {"src": icon(192), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": icon(512), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": icon("maskable-512"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": icon(180), "sizes": "180x180", "type": "image/png", "purpose": "any"},
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


def offline_plan(facility, drafts) -> dict:
    """What the home page asks the service worker to keep, so the official path opens with no
    connection: Kiểm tra → TEMPLATES → each folder, the fill page of each open draft, and a
    blank fill page of each other checklist (the folder's start button, a POST, is answered
    offline by a redirect to that draft, or to that blank page)."""
    templates = templates_for(facility)
    folders = {t.folder.slug for t in templates}
    pages = [reverse("assessments:inspect"), reverse("assessments:templates"), reverse("assessments:guide")]
    pages += [reverse("assessments:folder", args=[slug]) for slug in sorted(folders)]
    starts = {}
    for draft in drafts:
        if draft.is_inspection:
            continue
        fill_url = reverse("assessments:fill", args=[draft.pk])
        pages.append(fill_url)
        starts[reverse("assessments:start", args=[draft.template_id])] = fill_url
    for template in templates:
        start_url = reverse("assessments:start", args=[template.pk])
        if start_url not in starts:
            blank_url = reverse("assessments:fill_blank", args=[template.pk])
            pages.append(blank_url)
            starts[start_url] = blank_url
    return {"pages": pages, "starts": starts}
