"""Quyết định tạm dừng: recording it, its file, and the Tạm dừng hoạt động state it brings
to the maps, lists, exports, dashboard and flags."""

import gzip
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from accounts.choices import Level, MapColour
from accounts.models import Action, Activity, Decision, Facility
from reports.dashboard import colour_counts, state_counts, suspensions_in_force
from reports.flags import flags_scan
from reports.models import Flag, FlagKind, Notification, NotificationKind, Proposal
from reports.proposals import proposal_create, proposal_send
from reports.suspension import suspension_candidates
from tests.factories.assessments import jpeg_bytes
from tests.factories.reports import officer, overdue_facility, signed_facility
from tests.factories.suspensions import PDF, province_officer, suspend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    from tests.storage import isolate_media

    isolate_media(settings, tmp_path)
    cache.clear()


@pytest.fixture
def sở(province):
    return province_officer(province, username="so.dienbien")


def form(facilities, **extra):
    data = {
        "number": "45/QĐ-UBND",
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "signer": "Lê Thành Đô",
        "facilities": [f.pk for f in facilities],
        "file": SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf"),
    }
    data.update(extra)
    return data


def test_recording_a_decision_suspends_the_chosen_facilities_and_logs_each(client, sở, commune_a):
    red = signed_facility(Level.RED, unit=commune_a, name="Đỏ")
    late = overdue_facility(days_late=30, unit=commune_a, name="Trễ")
    other = signed_facility(Level.RED, unit=commune_a, name="Không chọn")
    client.force_login(sở)
    response = client.post(reverse("reports:decision_new"), form([red, late]))
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    for f in (red, late):
        f.refresh_from_db()
        assert f.suspension == decision and f.is_suspended and f.colour() == MapColour.SUSPENDED
    other.refresh_from_db()
    assert not other.is_suspended
    logged = Activity.objects.filter(action=Action.SUSPENDED).order_by("facility_id")
    assert [a.facility for a in logged] == sorted([red, late], key=lambda f: f.pk)
    assert all("45/QĐ-UBND" in a.summary and a.target == decision for a in logged)
    assert decision.file.name.endswith(".pdf") and decision.file.read() == PDF
    note = Notification.objects.get(user=sở, kind=NotificationKind.DECISION)
    assert "45/QĐ-UBND" in note.message and note.url == decision.get_absolute_url()


def test_a_decision_from_a_sent_proposal_offers_its_facilities_and_is_linked_to_it(client, sở, commune_a):
    red = signed_facility(Level.RED, unit=commune_a, name="Đỏ theo đề xuất")
    proposal = proposal_create(by=sở, number="12/ĐX-SCT", date=timezone.localdate())
    url = reverse("reports:decision_new") + f"?de_xuat={proposal.pk}"
    client.force_login(sở)
    assert client.get(url).status_code == 404  # a draft is not yet before UBND tỉnh
    proposal_send(by=sở, proposal=proposal)
    page = client.get(url).content.decode()
    assert "Đỏ theo đề xuất" in page and "checked" in page
    assert client.post(url, form([red])).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.decision == Decision.objects.get() and proposal.is_sent


def test_a_file_that_is_neither_pdf_nor_image_is_refused_and_the_rest_is_kept(client, sở, commune_a):
    red = signed_facility(Level.RED, unit=commune_a, name="Đỏ")
    client.force_login(sở)
    data = form(
        [red], file=SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    )
    response = client.post(reverse("reports:decision_new"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "không phải là PDF hay ảnh" in html and "qd.pdf" in html
    assert 'value="45/QĐ-UBND"' in html and 'value="Lê Thành Đô"' in html
    assert re.search(rf'value="{red.pk}"[^>]*checked', html)  # the chosen facility stays chosen
    assert not Decision.objects.exists()
    red.refresh_from_db()
    assert not red.is_suspended


def test_a_missing_or_oversized_file_is_refused(client, sở, commune_a, settings):
    red = signed_facility(Level.RED, unit=commune_a)
    client.force_login(sở)
    missing = form([red])
    del missing["file"]
    assert (
        "Hãy chọn bản quét quyết định"
        in client.post(reverse("reports:decision_new"), missing).content.decode()
    )
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 50
    big = form([red], file=SimpleUploadedFile("qd.pdf", PDF + b" " * 100))
    assert "quá lớn" in client.post(reverse("reports:decision_new"), big).content.decode()
    assert not Decision.objects.exists()


def test_a_scanned_image_is_stored_re_encoded_without_its_metadata(client, sở, commune_a):
    red = signed_facility(Level.RED, unit=commune_a)
    client.force_login(sở)
    exif = Image.Exif()
    exif[0x010E] = "GPS ở đây"
    scan = SimpleUploadedFile(
        "scan.png", jpeg_bytes((800, 1100), exif=exif.tobytes()), content_type="image/png"
    )
    assert client.post(reverse("reports:decision_new"), form([red], file=scan)).status_code == 302
    stored = Decision.objects.get().file
    assert stored.name.endswith(".jpg") and "scan" not in stored.name
    img = Image.open(stored.open("rb"))
    assert img.format == "JPEG" and not img.getexif()


def test_facilities_outside_the_officers_scope_cannot_be_suspended(client, sở, other_province, commune_a):
    elsewhere = signed_facility(Level.RED, unit=other_province)
    client.force_login(sở)
    response = client.post(reverse("reports:decision_new"), form([elsewhere]))
    assert response.status_code == 400
    assert not Decision.objects.exists()
    client.force_login(officer(commune_a))  # a local office records no decision
    assert client.post(reverse("reports:decision_new"), form([elsewhere])).status_code == 404


def test_the_public_map_and_its_popup_show_the_suspension(client, sở, commune_a):
    red = signed_facility(Level.RED, unit=commune_a, name="Tạm dừng")
    green = signed_facility(Level.GREEN, unit=commune_a, name="Xanh")
    decision = suspend(red, by=sở)
    response = client.get(reverse("reports:map_data"))
    body = response.content
    data = json.loads(gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body)
    ids, fid = [], 0
    for step in data["id"]:
        fid += step
        ids.append(fid)
    colours = dict(zip(ids, data["c"], strict=True))
    assert colours == {red.pk: "4", green.pk: "0"}
    popup = client.get(reverse("reports:public_popup", args=[red.pk])).json()
    assert popup["colour"] == "suspended" and popup["level"] == "Tím — Tạm dừng hoạt động"
    assert (
        popup["suspension"]
        == f"Tạm dừng hoạt động theo Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}"
    )
    page = client.get(reverse("reports:public_map")).content.decode()
    assert "Tím — Tạm dừng hoạt động" in page and 'data-count="suspended"' in page


def test_lists_filters_exports_and_dashboard_count_the_suspended_apart(client, sở, province, commune_a):
    red = signed_facility(Level.RED, unit=commune_a, name="Đỏ tạm dừng")
    signed_facility(Level.RED, unit=commune_a, name="Đỏ còn hoạt động")
    suspend(red, by=sở)
    client.force_login(sở)
    listed = client.get(reverse("reports:facility_list"), {"state": "suspended"}).content.decode()
    assert "Đỏ tạm dừng" in listed and "Đỏ còn hoạt động" not in listed
    by_colour = client.get(reverse("reports:facility_list"), {"colour": "suspended"}).content.decode()
    assert "Đỏ tạm dừng" in by_colour and "Đỏ còn hoạt động" not in by_colour
    response = client.post(reverse("reports:facility_export", args=["xlsx"]))
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    column = rows[0].index("Tình trạng hoạt động")
    states = {r[1]: r[column] for r in rows[1:]}
    assert states == {"Đỏ tạm dừng": "Tạm dừng hoạt động", "Đỏ còn hoạt động": "Đang hoạt động"}
    scope = Facility.objects.all()
    counts = {c: n for c, _label, n in colour_counts(scope, timezone.now())}
    assert (counts["suspended"], counts["red"]) == (1, 1)
    assert state_counts(scope, timezone.now())["suspended"] == 1
    assert 'data-colour-count="suspended">1<' in client.get(reverse("reports:dashboard")).content.decode()


def test_suspensions_in_force_are_counted_per_sub_unit(sở, province, commune_a, commune_b):
    a1, a2 = (signed_facility(Level.RED, unit=commune_a) for _ in range(2))
    b1 = signed_facility(Level.RED, unit=commune_b)
    signed_facility(Level.RED, unit=commune_b)  # not suspended
    suspend(a1, a2, b1, by=sở)
    assert suspensions_in_force(Facility.objects.all(), province.depth + 1) == {
        commune_a.path: 2,
        commune_b.path: 1,
    }
    assert suspensions_in_force(Facility.objects.all(), province.depth) == {province.path: 3}


def test_a_suspended_facility_is_not_chased_for_its_due_date_nor_proposed_again(
    sở, province, commune_a, settings
):
    """The scan ignores suspended facilities for overdue and never assessed (they are not
    operating); the unsafe flag stays, the result it records still stands."""
    settings.ESCALATION_DAYS = 10
    late = overdue_facility(days_late=30, unit=commune_a)
    red = signed_facility(Level.RED, unit=commune_a)
    flags_scan()
    assert Flag.objects.open().filter(facility=late, kind=FlagKind.OVERDUE).exists()
    suspend(late, red, by=sở)
    flags_scan()
    assert not Flag.objects.open().filter(facility=late).exists()
    assert Flag.objects.open().filter(facility=red, kind=FlagKind.UNSAFE).exists()
    assert list(suspension_candidates(Facility.objects.all(), timezone.now())) == []


def test_colour_in_sql_and_python_agree_for_a_suspended_facility(sở, commune_a):
    for level in (Level.GREEN, Level.RED):
        suspend(signed_facility(level, unit=commune_a), by=sở)
    suspend(overdue_facility(unit=commune_a), by=sở)
    for f in Facility.objects.with_colour():
        assert f.map_colour == f.colour() == MapColour.SUSPENDED


def test_the_case_file_shows_the_suspension_and_its_timeline_links_the_decision(client, sở, commune_a):
    red = signed_facility(Level.RED, unit=commune_a)
    decision = suspend(red, by=sở, number="47/QĐ-UBND")
    client.force_login(sở)
    html = client.get(reverse("reports:facility_detail", args=[red.pk])).content.decode()
    assert 'id="facility-suspension"' in html and "47/QĐ-UBND" in html
    assert decision.get_absolute_url() in html
    assert reverse("reports:facility_reopen", args=[red.pk]) in html  # the Sở may lift it
    client.force_login(officer(commune_a))
    html = client.get(reverse("reports:facility_detail", args=[red.pk])).content.decode()
    assert "47/QĐ-UBND" in html and reverse("reports:facility_reopen", args=[red.pk]) not in html
