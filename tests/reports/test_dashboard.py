import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Level, Role
from accounts.models import period
from reports.dashboard import dashboard_context
from tests.factories import FacilityFactory, UserFactory
from tests.factories.reports import (
    never_assessed_facility,
    officer,
    overdue_facility,
    signature_row,
    signed_facility,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province, commune_a, commune_b):
    return {
        "green_a": signed_facility(Level.GREEN, unit=commune_a),
        "red_a": signed_facility(Level.RED, unit=commune_a),
        "late_a": overdue_facility(unit=commune_a),
        "new_b": never_assessed_facility(unit=commune_b),
        "yellow_b": signed_facility(Level.YELLOW, unit=commune_b),
        "no_account_b": FacilityFactory(unit=commune_b),
    }


def test_counts_by_colour_and_state_cover_the_scope(world, province):
    ctx = dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())
    assert {c: n for c, _label, n in ctx["colours"]} == {
        "green": 1,
        "yellow": 1,
        "red": 1,
        "grey": 3,
        "suspended": 0,
    }
    states = ctx["states"]
    assert (states["total"], states["overdue"], states["unsafe"], states["never"], states["no_account"]) == (
        6,
        1,
        1,
        1,
        1,
    )


def test_reporting_rate_per_sub_unit_is_signed_in_the_period_over_expected(
    world, province, commune_a, commune_b
):
    rates = {
        r.label: r for r in dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())["rates"]
    }
    a, b = rates[commune_a.name], rates[commune_b.name]
    assert (a.expected, a.reported, a.reporting_rate) == (3, 2, 66.7)
    assert (b.expected, b.reported, b.reporting_rate) == (2, 1, 50.0)


def test_a_late_signature_counts_as_reported_but_not_on_time(province, commune_a):
    signed_facility(Level.GREEN, unit=commune_a)
    signed_facility(Level.GREEN, unit=commune_a, on_time=False)
    rates = dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())["rates"]
    (a,) = rates
    assert (a.expected, a.reported, a.on_time, a.reporting_rate, a.on_time_rate) == (2, 2, 1, 100.0, 50.0)


def test_a_local_office_sees_only_its_own_figures(world, commune_a):
    ctx = dashboard_context(officer(commune_a), timezone.now())
    assert ctx["states"]["total"] == 3
    assert [r.label for r in ctx["rates"]] == [commune_a.name]


def test_trend_covers_the_last_periods_with_the_current_one_last(world, province):
    trend = dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())["trend"]
    assert len(trend) == 6
    assert trend[-1].reported == 3
    assert trend[-1].label == timezone.localtime().strftime("%d/%m")


def test_dashboard_page_shows_table_and_charts(client, world, province, commune_a):
    client.force_login(officer(province, role=Role.PROVINCE))
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Tỷ lệ báo cáo theo đơn vị" in html and commune_a.name in html
    assert html.count("<svg") == 2 and "66,7%" in html
    assert 'data-state-count="overdue">1<' in html


def test_dashboard_is_for_officers_only(client, facility_user):
    assert client.get(reverse("reports:dashboard")).status_code == 302
    client.force_login(facility_user)
    assert client.get(reverse("reports:dashboard")).status_code == 404
    client.force_login(UserFactory(role=Role.MINISTRY))
    assert client.get(reverse("reports:dashboard")).status_code == 200


def test_trend_counts_each_facility_once_per_period_against_the_accounts_issued_by_then(province, commune_a):
    now = timezone.now()
    p = period()
    veteran = FacilityFactory(unit=commune_a)
    veteran.issue_account(UserFactory(role=Role.FACILITY), when=now - 7 * p)
    newcomer = FacilityFactory(unit=commune_a)
    newcomer.issue_account(UserFactory(role=Role.FACILITY), when=now - p / 2)
    for at, on_time in [
        (now - 5.5 * p, True),
        (now - 2.5 * p, True),
        (now - 2.2 * p, False),
        (now - p / 10, False),
    ]:
        signature_row(veteran, at, on_time=on_time)
    signature_row(newcomer, now - p / 5)
    signature_row(newcomer, now + p / 5)  # a clock ahead of ours: not in any period yet

    trend = dashboard_context(officer(province, role=Role.PROVINCE), now)["trend"]

    assert [(r.expected, r.reported, r.on_time) for r in trend] == [
        (1, 1, 1),
        (1, 0, 0),
        (1, 0, 0),
        (1, 1, 1),  # signed twice, once on time: one facility, on time
        (1, 0, 0),
        (2, 2, 1),
    ]


def test_every_facility_is_in_exactly_one_colour_and_a_stale_red_stays_red(world, province, commune_a):
    overdue_facility(level=Level.RED, days_late=20, unit=commune_a)  # stopped assessing while unsafe
    overdue_facility(level=Level.YELLOW, unit=commune_a)
    ctx = dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())
    colours = {c: n for c, _label, n in ctx["colours"]}
    states = ctx["states"]
    assert colours == {"green": 1, "yellow": 1, "red": 2, "grey": 4, "suspended": 0}
    assert sum(colours.values()) == states["total"] == 8
    assert colours["red"] == states["unsafe"]  # "Đỏ" and "Không an toàn" count the same facilities
    assert states["overdue"] == 3


def test_the_list_of_each_colour_holds_as_many_rows_as_the_dashboard_counts(
    client, world, province, commune_a
):
    overdue_facility(level=Level.RED, days_late=20, unit=commune_a)
    user = officer(province, role=Role.PROVINCE)
    client.force_login(user)
    ctx = dashboard_context(user, timezone.now())
    listed = {}
    for colour, _label, n in ctx["colours"]:
        listed[colour] = (
            client.get(reverse("reports:facility_list"), {"colour": colour}).context["page"].paginator.count
        )
        assert listed[colour] == n, colour
    assert (
        sum(listed.values()) == client.get(reverse("reports:facility_list")).context["page"].paginator.count
    )
    unsafe = client.get(reverse("reports:facility_list"), {"state": "unsafe"}).context["page"]
    assert unsafe.paginator.count == ctx["states"]["unsafe"] == listed["red"]
