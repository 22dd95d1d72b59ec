import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Level, Role
from accounts.models import grace, period
from reports.flags import flags_scan
from reports.models import Flag, FlagKind, Notification
from reports.notifications import officers as officer_accounts
from tests.factories import FacilityFactory, UserFactory
from tests.factories.flags import T0, days, facility_signed_at

from .conftest import IN_SCOPE, needs_postgres

DUE = T0 + period()


def open_flags(facility):
    return list(Flag.objects.open().filter(facility=facility).values_list("kind", flat=True))


def test_facility_crossing_its_due_date_gets_one_flag_and_officers_in_scope_one_notification_each(
    commune_a, officers
):
    facility = facility_signed_at(unit=commune_a)

    with time_machine.travel(DUE + grace() - days(0.01), tick=False):
        assert flags_scan().opened == 0
    assert open_flags(facility) == []

    with time_machine.travel(DUE + grace() + days(0.01), tick=False):
        result = flags_scan()

    flag = Flag.objects.get(facility=facility)
    assert (flag.kind, flag.closed_at, flag.opened_at) == (FlagKind.OVERDUE, None, DUE + grace())
    notified = set(Notification.objects.filter(flag=flag).values_list("user__username", flat=True))
    assert notified == {officers[k].username for k in IN_SCOPE}
    assert result.opened == 1 and result.notified == len(IN_SCOPE)


def test_scanning_again_changes_nothing(commune_a, officers):
    facility_signed_at(unit=commune_a)
    facility_signed_at(unit=commune_a, level=Level.RED, signed_at=T0 + days(5))
    with time_machine.travel(DUE + days(8), tick=False):
        flags_scan()
    before = (
        list(Flag.objects.order_by("pk").values_list("pk", "kind", "opened_at", "closed_at")),
        list(Notification.objects.order_by("pk").values_list("pk", "user", "flag")),
    )

    for later in (DUE + days(8), DUE + days(8.5)):
        with time_machine.travel(later, tick=False):
            result = flags_scan()
        assert (result.opened, result.closed, result.notified) == (0, 0, 0)

    after = (
        list(Flag.objects.order_by("pk").values_list("pk", "kind", "opened_at", "closed_at")),
        list(Notification.objects.order_by("pk").values_list("pk", "user", "flag")),
    )
    assert after == before
    assert len(before[0]) == 3  # overdue ×2, unsafe ×1


def test_signing_a_green_assessment_closes_the_flag_at_the_signing_time(commune_a, officers):
    facility = facility_signed_at(unit=commune_a)
    with time_machine.travel(DUE + days(5), tick=False):
        flags_scan()
    signed = DUE + days(6)
    facility.record_signed(Level.GREEN, signed)

    with time_machine.travel(DUE + days(6.01), tick=False):
        result = flags_scan()

    flag = Flag.objects.get(facility=facility)
    assert result.closed == 1
    assert flag.closed_at == signed
    assert Notification.objects.filter(flag=flag).count() == len(IN_SCOPE)  # no "closed" spam


def test_a_red_assessment_opens_an_unsafe_flag_until_a_better_one_is_signed(commune_a, officers):
    facility = facility_signed_at(unit=commune_a, level=Level.RED)
    with time_machine.travel(T0 + days(1), tick=False):
        flags_scan()
    assert open_flags(facility) == [FlagKind.UNSAFE]
    assert Flag.objects.get(facility=facility).opened_at == T0

    facility.record_signed(Level.YELLOW, T0 + days(2))
    with time_machine.travel(T0 + days(2.5), tick=False):
        flags_scan()
    assert open_flags(facility) == []


def test_an_account_unused_for_one_period_is_flagged_never_assessed_only(commune_a, officers):
    facility = FacilityFactory(unit=commune_a)
    facility.issue_account(UserFactory(role=Role.FACILITY), when=T0)

    with time_machine.travel(T0 + period() - days(0.1), tick=False):
        flags_scan()
    assert open_flags(facility) == []

    with time_machine.travel(T0 + period() + grace() + days(10), tick=False):
        flags_scan()
    # Past its due date too, but one flag says why: it never assessed.
    assert open_flags(facility) == [FlagKind.NEVER_ASSESSED]
    assert Flag.objects.get(facility=facility).opened_at == T0 + period()

    facility.record_signed(Level.GREEN, T0 + period() + grace() + days(11))
    with time_machine.travel(T0 + period() + grace() + days(11.5), tick=False):
        flags_scan()
    assert open_flags(facility) == []


def test_facilities_without_an_account_are_not_flagged(commune_a, officers):
    FacilityFactory(unit=commune_a)
    with time_machine.travel(T0 + days(100), tick=False):
        assert flags_scan().opened == 0


def test_a_deactivated_facility_has_its_flags_closed(commune_a, officers):
    facility = facility_signed_at(unit=commune_a, level=Level.RED)
    with time_machine.travel(DUE + days(5), tick=False):
        flags_scan()
    assert sorted(open_flags(facility)) == [FlagKind.OVERDUE, FlagKind.UNSAFE]
    facility.is_active = False
    facility.save(update_fields=["is_active"])

    with time_machine.travel(DUE + days(6), tick=False):
        flags_scan()
    assert open_flags(facility) == []
    assert set(Flag.objects.values_list("closed_at", flat=True)) == {DUE + days(6)}


def test_a_flag_that_comes_back_is_a_new_flag_and_history_is_kept(commune_a, officers):
    facility = facility_signed_at(unit=commune_a)
    with time_machine.travel(DUE + days(3), tick=False):
        flags_scan()
    facility.record_signed(Level.GREEN, DUE + days(4))
    with time_machine.travel(DUE + period() + days(10), tick=False):
        flags_scan()

    flags = list(Flag.objects.filter(facility=facility).order_by("opened_at"))
    assert [(f.opened_at, f.closed_at) for f in flags] == [
        (DUE + grace(), DUE + days(4)),
        (DUE + days(4) + period() + grace(), None),
    ]
    # Officers hear about the second episode too.
    assert Notification.objects.filter(user=officers["province"]).count() == 2


def test_the_number_of_queries_does_not_grow_with_the_number_of_facilities(commune_a, commune_b, officers):
    def scan_queries(n):
        Flag.objects.all().delete()
        for i in range(n):
            facility_signed_at(
                unit=commune_a if i % 2 else commune_b, level=Level.RED if i % 3 else Level.GREEN
            )
        with time_machine.travel(DUE + days(3), tick=False), CaptureQueriesContext(connection) as queries:
            result = flags_scan()
        assert result.opened >= n
        return len(queries)

    assert scan_queries(2) == scan_queries(20)


def test_scan_flags_command_reports_what_it_did(commune_a, officers, capsys):
    facility_signed_at(unit=commune_a)
    with time_machine.travel(DUE + days(3), tick=False):
        call_command("scan_flags")
    assert "Đã mở 1 cảnh báo, đóng 0 cảnh báo, gửi 3 thông báo." in capsys.readouterr().out


@pytest.mark.postgres
@needs_postgres
def test_officers_are_listed_through_their_partial_index_not_by_reading_every_facility_account(officers):
    # The index serves only queries whose condition implies its own: this fails if the
    # officer listing and the index drift apart (then each scan reads every account).
    sql, params = officer_accounts().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "user_officer_idx" in plan


def test_a_scan_of_some_facilities_leaves_the_others_to_the_full_scan(commune_a, officers):
    signing = facility_signed_at(unit=commune_a)
    other = facility_signed_at(unit=commune_a)
    with time_machine.travel(DUE + days(3), tick=False):
        result = flags_scan(facility_ids=[signing.pk])
        assert (result.opened, open_flags(signing), open_flags(other)) == (1, [FlagKind.OVERDUE], [])
        assert Notification.objects.count() == len(IN_SCOPE)
        signing.record_signed(Level.GREEN, DUE + days(3))
        other.record_signed(Level.RED, DUE + days(3))
        result = flags_scan(facility_ids=[signing.pk])
        assert (result.opened, result.closed, open_flags(signing), open_flags(other)) == (0, 1, [], [])
        assert flags_scan().opened == 1
    assert open_flags(other) == [FlagKind.UNSAFE]
