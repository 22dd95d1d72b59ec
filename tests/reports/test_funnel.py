"""The dashboard's Khởi động section and the list's stage filter it links to."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import FunnelStage, Role
from reports.dashboard import dashboard_context
from tests.factories import UnitFactory
from tests.factories.funnel import facility_at_stage
from tests.factories.reports import officer

pytestmark = pytest.mark.django_db

S = FunnelStage


@pytest.fixture
def world(province, commune_a, commune_b):
    """Commune A: one or more facilities at every stage; commune B: a few; another province:
    facilities the officers here must never count."""
    for stage, n in [(S.NOT_ISSUED, 1), (S.NOT_RECEIVED, 2), (S.NOT_LOGGED_IN, 3), (S.NO_OWN_PASSWORD, 1)]:
        for i in range(n):
            facility_at_stage(stage, days_at_stage=10 + i, unit=commune_a)
    for stage in (S.NOT_STARTED, S.NOT_SIGNED, S.SIGNED, S.SIGNED):
        facility_at_stage(stage, unit=commune_a)
    facility_at_stage(S.NOT_LOGGED_IN, unit=commune_a, is_active=False)  # counted nowhere
    facility_at_stage(S.NOT_LOGGED_IN, unit=commune_b)
    facility_at_stage(S.SIGNED, unit=commune_b)
    facility_at_stage(S.NOT_RECEIVED, unit=commune_b)
    elsewhere = UnitFactory(code="12", name="Lai Châu", kind="province")
    for stage in FunnelStage.values:
        facility_at_stage(stage, unit=UnitFactory(code=f"12{stage[:3]}", kind="commune", parent=elsewhere))


def listed(client, query):
    response = client.get(reverse("reports:facility_list") + "?" + query)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def links(html):
    """(href, count) of every stage count the Khởi động table links."""
    return re.findall(r'data-stage-count="\w+"><a href="([^"]+)">(\d+)</a>', html)


@pytest.mark.parametrize("who", ["commune", "province"])
def test_every_stage_count_equals_what_the_filtered_list_shows(client, world, commune_a, province, who):
    user = officer(commune_a) if who == "commune" else officer(province, role=Role.PROVINCE)
    client.force_login(user)
    ctx = dashboard_context(user, timezone.now())
    checked = 0
    for row in ctx["funnel_rows"]:
        for stage, n in row.stage_counts():
            assert listed(client, f"unit={row.unit_id}&stage={stage}") == n, (row.label, stage)
            checked += 1
    for stage, n in ctx["funnel_total"].stage_counts():
        assert listed(client, f"stage={stage}") == n, stage
    assert checked == 7 * (1 if who == "commune" else 2)
    # The page's links are those lists, with those numbers.
    html = client.get(reverse("reports:dashboard")).content.decode()
    found = links(html)
    assert found
    for href, n in found:
        assert listed(client, href.split("?", 1)[1].replace("&amp;", "&")) == int(n)


def test_counts_per_stage_share_logged_in_and_signed_per_sub_unit(world, province, commune_a, commune_b):
    ctx = dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())
    rows = {r.label: r for r in ctx["funnel_rows"]}
    assert set(rows) == {commune_a.name, commune_b.name}
    a = rows[commune_a.name]
    assert a.stages == {
        S.NOT_ISSUED: 1,
        S.NOT_RECEIVED: 2,
        S.NOT_LOGGED_IN: 3,
        S.NO_OWN_PASSWORD: 1,
        S.NOT_STARTED: 1,
        S.NOT_SIGNED: 1,
        S.SIGNED: 2,
    }
    # 10 issued accounts: 5 have logged in (or got further), 2 signed.
    assert (a.issued, a.logged_in, a.signed, a.logged_in_share, a.signed_share) == (10, 5, 2, 50.0, 20.0)
    b = rows[commune_b.name]
    assert (b.issued, b.logged_in_share, b.signed_share) == (3, 33.3, 33.3)
    assert ctx["funnel_total"].issued == 13


def test_a_commune_office_sees_only_its_own_funnel(world, commune_a, commune_b):
    ctx = dashboard_context(officer(commune_a), timezone.now())
    assert [r.label for r in ctx["funnel_rows"]] == [commune_a.name]
    assert ctx["funnel_total"].stages[S.NOT_LOGGED_IN] == 3
    stuck_units = {f.unit for _s, _l, facilities in ctx["funnel_stuck"] for f in facilities}
    assert stuck_units == {commune_a.name}


def test_stuck_longest_lists_the_oldest_per_stage_with_the_days_waited(world, province, commune_a):
    oldest = facility_at_stage(S.NOT_LOGGED_IN, days_at_stage=40, unit=commune_a, name="Công ty Chờ Lâu")
    ctx = dashboard_context(officer(province, role=Role.PROVINCE), timezone.now())
    stuck = {stage: facilities for stage, _label, facilities in ctx["funnel_stuck"]}
    assert S.SIGNED not in stuck
    waiting = stuck[S.NOT_LOGGED_IN]
    assert len(waiting) == 5  # 3 + 1 + the new one in the province, at most 5
    assert (waiting[0].pk, waiting[0].days) == (oldest.pk, 40)
    assert [f.days for f in waiting] == sorted((f.days for f in waiting), reverse=True)
    assert [f.days for f in stuck[S.NOT_ISSUED]] == [10]


def test_the_section_links_each_stuck_facility_to_its_page(client, world, province):
    client.force_login(officer(province, role=Role.PROVINCE))
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Khởi động" in html and "Cơ sở chờ lâu nhất ở mỗi giai đoạn" in html
    stuck = dashboard_context(officer(province, role=Role.PROVINCE, username="so.2"), timezone.now())[
        "funnel_stuck"
    ]
    for _stage, _label, facilities in stuck:
        for f in facilities:
            assert reverse("reports:facility_detail", args=[f.pk]) in html


def test_the_funnel_takes_the_same_number_of_queries_whatever_the_facilities(province, commune_a):
    user = officer(province, role=Role.PROVINCE)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            dashboard_context(user, timezone.now())
        return len(captured)

    facility_at_stage(S.NOT_LOGGED_IN, unit=commune_a)
    few = queries()
    for stage in FunnelStage.values:
        for _ in range(3):
            facility_at_stage(stage, unit=UnitFactory(kind="commune", parent=province))
    assert queries() == few


def test_the_list_of_one_stage_shows_the_longest_waiting_first_with_first_login(client, commune_a):
    recent = facility_at_stage(S.NOT_STARTED, days_at_stage=2, unit=commune_a, name="Công ty Mới")
    old = facility_at_stage(S.NOT_STARTED, days_at_stage=30, unit=commune_a, name="Công ty Cũ")
    facility_at_stage(S.SIGNED, unit=commune_a, name="Công ty Đã Ký")
    client.force_login(officer(commune_a))
    response = client.get(reverse("reports:facility_list") + "?stage=not_started")
    assert [f.pk for f in response.context["page"]] == [old.pk, recent.pk]
    html = response.content.decode()
    assert "Cơ sở – Đã đăng nhập, chưa đánh giá" in html
    assert "Công ty Đã Ký" not in html
    assert timezone.localtime(old.first_login_at).strftime("%d/%m/%Y") in html
    assert "30 ngày" in html


def test_an_unknown_stage_lists_nothing_rather_than_everything(client, world, commune_a):
    client.force_login(officer(commune_a))
    assert listed(client, "stage=bogus") == 0


def test_a_zone_board_counts_only_its_zones_facilities_and_its_totals_match_its_lists(
    client, world, commune_a
):
    from reports.public import PublicFilterForm
    from tests.factories import UserFactory, ZoneFactory

    zone = ZoneFactory(unit=commune_a)
    in_zone = [facility_at_stage(S.NOT_LOGGED_IN, unit=commune_a, zone=zone) for _ in range(2)]
    board = UserFactory(role=Role.ZONE_BOARD, zones=[zone])
    client.force_login(board)
    ctx = dashboard_context(board, timezone.now())
    assert ctx["funnel_total"].stages[S.NOT_LOGGED_IN] == len(in_zone)
    assert sum(ctx["funnel_total"].stages.values()) == len(in_zone)
    assert all(row.unit_id is None for row in ctx["funnel_rows"])  # no unit of its own to filter by
    for stage, n in ctx["funnel_total"].stage_counts():
        assert listed(client, f"stage={stage}") == n
    # Whether a facility has logged in is not public: the public map takes no stage filter.
    assert "stage" not in PublicFilterForm({"stage": "no_login"}).fields
