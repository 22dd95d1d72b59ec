"""corrective_request_counts: open and overdue corrective requests per sub-unit, for the
dashboard's "Theo dõi xử lý" table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.scoping import facilities_visible_to
from assessments.corrective_services import request_accept
from reports.corrective import corrective_request_counts
from tests.factories import UserFactory, issued_facility
from tests.factories.corrective import answered, corrective_request

pytestmark = pytest.mark.django_db


def late(corrective):
    corrective.deadline = timezone.localdate() - timedelta(days=2)
    corrective.save()
    return corrective


def test_counts_per_sub_unit_of_the_officer_scope(province, commune_a, commune_b, other_province):
    officer = UserFactory(role="province", unit=province)
    a1, a2 = issued_facility(unit=commune_a), issued_facility(unit=commune_a)
    b = issued_facility(unit=commune_b)
    corrective_request(a1, officer)  # open, on time
    late(corrective_request(a1, officer))  # overdue
    answered(late(corrective_request(a2, officer)))  # answered: open, not overdue (waits for us)
    request_accept(request=answered(corrective_request(b, officer)), by=officer)  # closed
    late(corrective_request(b, officer))  # overdue
    ministry = UserFactory(role="ministry")
    elsewhere = issued_facility(unit=other_province)
    corrective_request(elsewhere, ministry)

    facilities = facilities_visible_to(officer).active()
    with CaptureQueriesContext(connection) as queries:
        counts = corrective_request_counts(facilities, depth=province.depth + 1)
    assert counts == {commune_a.path: (3, 1), commune_b.path: (1, 1)}
    assert len(queries) == 1
    # One level up, the ministry sees provinces.
    national = corrective_request_counts(facilities_visible_to(ministry).active(), depth=1)
    assert national == {province.path: (4, 2), other_province.path: (1, 0)}


def test_no_request_no_row(province, commune_a):
    issued_facility(unit=commune_a)
    officer = UserFactory(role="province", unit=province)
    assert corrective_request_counts(facilities_visible_to(officer), depth=2) == {}


def test_the_follow_up_table_shows_open_and_overdue_requests_per_sub_unit(province, commune_a, commune_b):
    from reports.dashboard import dashboard_context

    officer = UserFactory(role="province", unit=province)
    a = issued_facility(unit=commune_a)
    corrective_request(a, officer)
    late(corrective_request(a, officer))
    late(corrective_request(issued_facility(unit=commune_b), officer))
    followup = dashboard_context(officer, timezone.now())["followup"]
    keys = [c.key for c in followup["columns"]]
    at = keys.index("requests_open"), keys.index("requests_overdue")
    rows = {rate.label: [cells[i].value for i in at] for rate, cells in followup["rows"]}
    assert rows == {commune_a.name: [2, 1], commune_b.name: [1, 1]}
    assert [followup["total"][i].value for i in at] == [3, 2]
