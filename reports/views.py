import gzip

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.formats import date_format
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from accounts.decorators import officer_required
from accounts.models import AdminUnit, Facility
from accounts.scoping import facilities_visible_to, get_facility_for_user, units_visible_to
from safemap.db_router import read_on_replica
from safemap.mapconfig import leaflet_options

from . import mapdata
from .dashboard import dashboard_context
from .filters import FacilityFilterForm
from .public import PublicFilterForm, search_results, top_depth, unit_children


def _public_facilities():
    return Facility.objects.filter(is_active=True)


def _map_config(request, *, data_url, popup_url, search_url, units_url=None, embed=False):
    return leaflet_options(
        dataUrl=data_url, popupUrl=popup_url, searchUrl=search_url, unitsUrl=units_url, embed=embed
    )


def _public_map_context(request, *, embed):
    form = PublicFilterForm(request.GET or None)
    config = _map_config(
        request,
        data_url=reverse("reports:map_data"),
        popup_url=reverse("reports:public_popup", args=[0]),
        search_url=reverse("reports:public_search"),
        units_url=reverse("reports:public_units", args=[0]),
        embed=embed,
    )
    return {"form": form, "config": config, "officer": False}


@require_GET
def public_map(request):
    ctx = _public_map_context(request, embed=False)
    ctx["embed_url"] = settings.SITE_URL.rstrip("/") + reverse("reports:embed_map")
    return render(request, "reports/public_map.html", ctx)


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed_map(request):
    """The one page other sites may show in an iframe (the Sở's website)."""
    return render(request, "reports/embed_map.html", _public_map_context(request, embed=True))


def _map_form(request, public):
    if public:
        return PublicFilterForm(request.GET)
    return FacilityFilterForm(request.GET, units=units_visible_to(request.user))


def _map_data_response(request, facilities, *, scope_key, public):
    now = timezone.now()
    form = _map_form(request, public)
    facilities = mapdata.located(form.filter(facilities, now))
    fingerprint, last_modified = mapdata.validators(facilities, now)
    etag = quote_etag(mapdata.etag_for(fingerprint, f"{scope_key}|{form.querystring()}"))
    response = get_conditional_response(
        request, etag=etag, last_modified=last_modified and int(last_modified.timestamp())
    )
    if response is None:
        body = mapdata.cached_build(facilities, etag, now)
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(body, content_type="application/json")
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(body), content_type="application/json")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    # Revalidate every time: a facility that just signed must not wait for a cache to expire.
    response["Cache-Control"] = ("public" if public else "private") + ", no-cache"
    patch_vary_headers(response, ["Accept-Encoding"] if public else ["Accept-Encoding", "Cookie"])
    return response


@require_GET
def map_data(request):
    return read_on_replica(
        lambda db: _map_data_response(
            request, _public_facilities().using(db), scope_key="public", public=True
        )
    )


def _search_response(request, facilities, *, public):
    """The matches of a search, for the list beside the map; no search, no list."""
    form = _map_form(request, public)
    if not (form.is_valid() and form.cleaned_data["q"]):
        return JsonResponse({"n": 0, "results": []})
    response = JsonResponse(search_results(mapdata.located(form.filter(facilities))))
    # Fetched afresh each time, like the map data: a colour in the list must match the dot.
    response["Cache-Control"] = ("public" if public else "private") + ", no-cache"
    return response


@require_GET
def public_search(request):
    return _search_response(request, _public_facilities(), public=True)


@require_GET
def public_units(request, pk):
    """The units below a province, for the Địa bàn menu: it lists provinces only, so the page
    does not carry the country's 3,300 communes."""
    units = AdminUnit.objects.all()
    province = get_object_or_404(units, pk=pk, depth=top_depth(units))
    response = JsonResponse({"units": unit_children(province)})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def public_popup(request, pk):
    """What the public may know about one facility, and nothing more."""
    facility = get_object_or_404(_public_facilities(), pk=pk)
    return JsonResponse(_public_summary(facility))


def _public_summary(facility):
    colour = facility.colour()
    return {
        "name": facility.name,
        "address": facility.address,
        "colour": colour,
        "level": str(facility.colour_label()),
        "last_assessed": date_format(timezone.localtime(facility.last_signed_at), "SHORT_DATE_FORMAT")
        if facility.last_signed_at
        else None,
        # Public on purpose (issue 13): the map tells visitors an officer checked it on site.
        "inspected": _("Đã kiểm tra thực tế ngày %(date)s")
        % {"date": date_format(timezone.localtime(facility.inspected_at), "SHORT_DATE_FORMAT")}
        if facility.inspected_at
        else None,
    }


@officer_required
@require_GET
def officer_map(request):
    form = FacilityFilterForm(request.GET or None, units=units_visible_to(request.user))
    config = _map_config(
        request,
        data_url=reverse("reports:officer_map_data"),
        popup_url=reverse("reports:officer_popup", args=[0]),
        search_url=reverse("reports:officer_search"),
    )
    return render(request, "reports/officer_map.html", {"form": form, "config": config, "officer": True})


@officer_required
@require_GET
def officer_map_data(request):
    facilities = facilities_visible_to(request.user)
    return read_on_replica(
        lambda db: _map_data_response(
            request, facilities.using(db), scope_key=f"user:{request.user.pk}", public=False
        )
    )


@officer_required
@require_GET
def officer_search(request):
    return _search_response(request, facilities_visible_to(request.user), public=False)


@officer_required
@require_GET
def officer_popup(request, pk):
    facility = get_facility_for_user(request.user, pk)
    summary = _public_summary(facility)
    summary.update(
        {
            "tax_code": facility.tax_code,
            "unit": facility.unit.name,
            "contact_name": facility.contact_name,
            "contact_phone": facility.contact_phone,
            "due": date_format(timezone.localtime(facility.due_at), "SHORT_DATE_FORMAT")
            if facility.due_at
            else None,
            "url": reverse("reports:facility_detail", args=[facility.pk]),
        }
    )
    return JsonResponse(summary)


@officer_required
@require_GET
def dashboard(request):
    return render(request, "reports/dashboard.html", dashboard_context(request.user, timezone.now()))
