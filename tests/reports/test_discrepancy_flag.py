"""The scan's Tự đánh giá không đúng thực tế flag: open while the facility's latest signed
inspection found claimed-met items not met and no self-assessment has been signed since."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from reports.flags import flags_scan
from reports.models import Flag, FlagKind
from tests.factories import UserFactory, issued_facility
from tests.factories.assessments import inspection, make_template, signed_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(db):
    return make_template()


@pytest.fixture
def officer(province):
    return UserFactory(role=Role.PROVINCE, unit=province)


@pytest.fixture
def facility(commune_a, template):
    facility = issued_facility(unit=commune_a, name="Công ty May Điện Biên")
    signed_assessment(facility, template)
    return facility


def open_kinds(facility):
    return set(Flag.objects.open().filter(facility=facility).values_list("kind", flat=True))


def test_a_discrepancy_opens_the_flag_from_the_inspection_date(facility, officer):
    signed = inspection(facility, officer, found={"1.2": False})
    flags_scan()
    flag = Flag.objects.get(facility=facility, kind=FlagKind.DISCREPANCY)
    assert flag.is_open and flag.opened_at == signed.signed_at
    assert flag.get_kind_display() == "Tự đánh giá không đúng thực tế"


def test_an_inspection_that_confirms_the_claims_opens_nothing(facility, officer):
    inspection(facility, officer)
    flags_scan()
    assert open_kinds(facility) == set()


def test_the_next_self_assessment_closes_it_when_signed(facility, officer, template):
    inspection(facility, officer, found={"1.2": False})
    flags_scan()
    later = signed_assessment(facility, template)
    assert flags_scan().closed == 1
    flag = Flag.objects.get(kind=FlagKind.DISCREPANCY)
    assert flag.closed_at == later.signed_at


def test_a_later_inspection_without_discrepancies_closes_it(facility, officer, province):
    inspection(facility, officer, found={"1.2": False})
    flags_scan()
    inspection(facility, UserFactory(role=Role.PROVINCE, unit=province))
    flags_scan()
    assert FlagKind.DISCREPANCY not in open_kinds(facility)


def test_an_unsafe_inspection_opens_the_unsafe_flag_at_its_own_date(facility, officer):
    signed = inspection(facility, officer, found={"1.1": False})  # a critical item
    flags_scan()
    assert open_kinds(facility) == {FlagKind.UNSAFE, FlagKind.DISCREPANCY}
    assert Flag.objects.get(kind=FlagKind.UNSAFE).opened_at == signed.signed_at


def test_the_scan_query_count_does_not_grow_with_inspected_facilities(
    commune_a, commune_b, template, officer
):
    def scan_queries(n):
        Flag.objects.all().delete()
        for i in range(n):
            facility = issued_facility(unit=commune_a if i % 2 else commune_b)
            signed_assessment(facility, template)
            inspection(facility, officer, found={"1.2": False})
        with CaptureQueriesContext(connection) as queries:
            result = flags_scan()
        assert result.opened >= n
        return len(queries)

    assert scan_queries(2) == scan_queries(6)
