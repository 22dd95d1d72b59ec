"""Theo dõi xử lý on the dashboard: per sub-unit, the share of flags whose facility was contacted
within 3 days, and the median days from a flag opening to its closing."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from accounts.scoping import facilities_visible_to
from reports.dashboard import dashboard_context
from reports.followup import COLUMNS, Median, followup_table
from reports.models import Flag, FlagKind
from tests.factories import FacilityFactory
from tests.factories.contacts import contact_at
from tests.factories.flags import T0, days
from tests.factories.reports import officer

pytestmark = pytest.mark.django_db

NOW = T0 + days(120)


def flag(facility, opened, closed=None, kind=FlagKind.OVERDUE):
    return Flag.objects.create(
        facility=facility, kind=kind, opened_at=opened, closed_at=closed, created_at=opened
    )


@pytest.fixture
def dataset(commune_a, commune_b, other_province):
    a1, a2, a3, a4 = (FacilityFactory(unit=commune_a) for _ in range(4))
    flag(a1, NOW - days(10), NOW - days(5))  # 5 days to close
    contact_at(a1, NOW - days(12))  # before the flag: does not count
    contact_at(a1, NOW - days(9))  # within 3 days: contacted
    flag(a2, NOW - days(20), NOW - days(17.5))  # 2.5 days: 2 whole days
    contact_at(a2, NOW - days(16))  # 4 days later: too late
    flag(a3, NOW - days(100), NOW - days(1))  # opened before the window, closed in it: 99 days
    flag(a4, NOW - days(200), NOW - days(95))  # closed before the window: in neither figure
    b1, b2 = (FacilityFactory(unit=commune_b) for _ in range(2))
    flag(b1, NOW - days(2))  # still open
    contact_at(b1, NOW - days(2) + timedelta(hours=1))
    flag(b2, NOW - days(30), NOW - days(26))  # 4 days
    contact_at(b2, NOW - days(27) - timedelta(minutes=1))  # just inside the 3 days
    elsewhere = FacilityFactory(unit=other_province)
    flag(elsewhere, NOW - days(3), NOW - days(1))
    contact_at(elsewhere, NOW - days(3))


def shown(cells):
    return [(c.value, c.detail) for c in cells]


def test_figures_per_sub_unit_and_in_total_on_a_known_dataset(dataset, province, commune_a, commune_b):
    followup = dashboard_context(officer(province, role=Role.PROVINCE), NOW)["followup"]
    assert [c.key for c in followup["columns"]] == [
        "contacted",
        "days_to_close",
        "requests_open",
        "requests_overdue",
        "inspected",
        "suspended",
    ]
    rows = {rate.label: shown(cells[:2]) for rate, cells in followup["rows"]}
    assert rows == {
        commune_a.name: [(50.0, "1/2"), (5.0, "3")],  # 2, 5 and 99 days
        commune_b.name: [(100.0, "2/2"), (4.0, "1")],
    }
    assert shown(followup["total"][:2]) == [(75.0, "3/4"), (4.5, "4")]  # 2, 4, 5, 99: between 4 and 5


def test_a_local_office_sees_only_its_own_units_figures(dataset, commune_a):
    followup = dashboard_context(officer(commune_a), NOW)["followup"]
    assert [(rate.label, shown(cells[:2])) for rate, cells in followup["rows"]] == [
        (commune_a.name, [(50.0, "1/2"), (5.0, "3")])
    ]


def test_a_unit_without_flags_shows_no_figure_rather_than_zero(province, commune_a):
    FacilityFactory(unit=commune_a)
    followup = dashboard_context(officer(province, role=Role.PROVINCE), NOW)["followup"]
    ((_rate, cells),) = followup["rows"]
    # Shares and medians of nothing are no figure; counts are zero; none of 1 inspected is 0 %.
    assert [c.value for c in cells] == [None, None, 0, 0, 0.0, 0]


def test_median_of_a_histogram():
    median = Median()
    state = median.empty()
    for days_, n in ((1, 2), (10, 1)):
        median.add(state, days_, n)
    assert median.cell(state).value == 1.0  # 1, 1, 10
    median.add(state, 7, 1)
    assert median.cell(state).value == 4.0  # 1, 1, 7, 10


def test_one_query_per_column_whatever_the_number_of_facilities(province, commune_a):
    user = officer(province, role=Role.PROVINCE)

    def count():
        facilities = facilities_visible_to(user).active()
        rates = dashboard_context(user, NOW)["rates"]
        with CaptureQueriesContext(connection) as queries:
            followup_table(facilities, rates, lambda path: path, NOW)
        return len(queries)

    f = FacilityFactory(unit=commune_a)
    flag(f, NOW - days(5), NOW - days(1))
    few = count()
    for _ in range(25):
        f = FacilityFactory(unit=commune_a)
        flag(f, NOW - days(5), NOW - days(1))
        contact_at(f, NOW - days(4))
    assert count() == few == len(COLUMNS)


def test_dashboard_page_shows_the_theo_doi_xu_ly_table(client, dataset, province):
    client.force_login(officer(province, role=Role.PROVINCE))
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Theo dõi xử lý" in html and 'id="followup-table"' in html
    assert "Cơ sở bị cảnh báo được liên hệ trong 3 ngày" in html
    assert "Số ngày trung vị từ khi cảnh báo đến khi xử lý" in html
    assert re.search(r'>75,0% <span class="small text-muted">\(3/4\)</span>\s*</td>', html)
    assert re.search(r">4,5\s*</td>", html)


def test_inspected_share_and_suspensions_show_in_the_table(province, commune_a, commune_b):
    inspected = FacilityFactory(unit=commune_a, inspected_at=NOW - days(10))
    FacilityFactory(unit=commune_a, inspected_at=NOW - days(120))  # too long ago
    FacilityFactory(unit=commune_b, suspended_at=NOW - days(5))
    followup = dashboard_context(officer(province, role=Role.PROVINCE), NOW)["followup"]
    keys = [c.key for c in followup["columns"]]
    at = {key: keys.index(key) for key in ("inspected", "suspended")}
    rows = {rate.label: cells for rate, cells in followup["rows"]}
    assert shown([rows[commune_a.name][at["inspected"]]]) == [(50.0, "1/2")]
    assert rows[commune_b.name][at["suspended"]].value == 1
    assert rows[commune_a.name][at["suspended"]].value == 0
    assert inspected.unit == commune_a


def test_each_figure_names_its_column_for_the_phone_cards(client, dataset, province):
    """On a phone the table's rows are cards (.sm-cards): each figure carries its column's name,
    the total line's too, since the header row is hidden there."""
    client.force_login(officer(province, role=Role.PROVINCE))
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("reports:dashboard")).content.decode()
    table = html[
        html.index('id="followup-table"') : html.index("</table>", html.index('id="followup-table"'))
    ]
    assert 'class="table table-sm align-middle sm-cards"' in html
    for column in COLUMNS:
        assert table.count(f'data-label="{column.label}"') >= 2, column.key  # a unit's row and the total
