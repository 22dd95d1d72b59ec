"""Cho hoạt động trở lại: only after a passing result signed after the suspension; the
facility then returns to its colour."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Level, MapColour
from accounts.models import Action, Activity, Decision, DecisionKind
from tests.factories import issued_facility
from tests.factories.assessments import inspection, make_template, signed_assessment
from tests.factories.reports import officer
from tests.factories.suspensions import province_officer, suspend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    from tests.storage import isolate_media

    isolate_media(settings, tmp_path)


@pytest.fixture
def case(province, commune_a):
    sở = province_officer(province, username="so.dienbien")
    facility = issued_facility(unit=commune_a, name="Cơ sở Tạm Dừng")
    template = make_template()
    signed_assessment(facility, template, met=False)  # red
    suspend(facility, by=sở, number="45/QĐ-UBND")
    facility.refresh_from_db()
    return sở, facility, template


def reopen_form(**extra):
    return {
        "number": "80/QĐ-UBND",
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "signer": "Lê Thành Đô",
        **extra,
    }


def test_reopening_without_a_passing_result_is_refused_and_what_was_typed_is_kept(client, case):
    sở, facility, template = case
    client.force_login(sở)
    url = reverse("reports:facility_reopen", args=[facility.pk])
    assert "Chỉ cho hoạt động trở lại khi" in client.get(url).content.decode()
    response = client.post(url, reopen_form())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa thể cho hoạt động trở lại" in html
    assert 'value="80/QĐ-UBND"' in html and 'value="Lê Thành Đô"' in html
    facility.refresh_from_db()
    assert facility.is_suspended and facility.colour() == MapColour.SUSPENDED
    assert not Decision.objects.filter(kind=DecisionKind.REOPEN).exists()
    assert not Activity.objects.filter(action=Action.REOPENED).exists()


def test_a_red_result_signed_after_the_suspension_is_not_a_passing_one(client, case):
    sở, facility, template = case
    signed_assessment(facility, template, met=False)
    client.force_login(sở)
    response = client.post(reverse("reports:facility_reopen", args=[facility.pk]), reopen_form())
    assert response.status_code == 400
    facility.refresh_from_db()
    assert facility.level == Level.RED and facility.is_suspended


def test_after_a_passing_signed_assessment_the_facility_reopens_and_returns_to_its_colour(client, case):
    sở, facility, template = case
    signed_assessment(facility, template, met=True)
    facility.refresh_from_db()
    assert facility.colour() == MapColour.SUSPENDED  # signing alone does not lift the decision
    client.force_login(sở)
    response = client.post(reverse("reports:facility_reopen", args=[facility.pk]), reopen_form())
    assert response.status_code == 302
    facility.refresh_from_db()
    assert not facility.is_suspended and facility.suspension is None
    assert facility.colour() == facility.level != MapColour.SUSPENDED
    lift = Decision.objects.get(kind=DecisionKind.REOPEN)
    assert list(lift.facilities.all()) == [facility] and lift.number == "80/QĐ-UBND"
    logged = Activity.objects.get(action=Action.REOPENED)
    assert logged.facility == facility and logged.target == lift
    assert "80/QĐ-UBND" in logged.summary and "45/QĐ-UBND" in logged.summary
    detail = client.get(reverse("reports:facility_detail", args=[facility.pk])).content.decode()
    assert 'id="facility-suspension"' not in detail


def test_only_a_province_officer_in_scope_lifts_a_suspension(client, case, commune_a, other_province):
    _sở, facility, template = case
    signed_assessment(facility, template, met=True)
    url = reverse("reports:facility_reopen", args=[facility.pk])
    for user in (officer(commune_a), province_officer(other_province, username="so.laichau")):
        client.force_login(user)
        assert client.post(url, reopen_form()).status_code == 404
    facility.refresh_from_db()
    assert facility.is_suspended


def test_a_passing_kiem_tra_thuc_te_after_the_suspension_also_allows_reopening(client, case):
    sở, facility, template = case
    items = template.published_version().items_in_order()
    inspection(facility, sở, found={item.code: True for item in items})
    facility.refresh_from_db()
    assert facility.level != Level.RED and facility.inspected_at > facility.suspended_at
    client.force_login(sở)
    response = client.post(reverse("reports:facility_reopen", args=[facility.pk]), reopen_form())
    assert response.status_code == 302
    facility.refresh_from_db()
    assert not facility.is_suspended and facility.colour() != MapColour.SUSPENDED
