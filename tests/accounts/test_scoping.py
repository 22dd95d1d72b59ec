import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import Role, Sector
from accounts.scoping import facilities_visible_to, holds_every_facility, units_visible_to
from tests.factories import FacilityFactory, UnitFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province, commune_a, commune_b, other_province):
    far_commune = UnitFactory(code="03400", name="Xã Xa", parent=other_province)
    zone = ZoneFactory(unit=commune_a)
    return {
        "a_industry": FacilityFactory(unit=commune_a, sector=Sector.INDUSTRY, zone=zone),
        "a_trade": FacilityFactory(unit=commune_a, sector=Sector.TRADE),
        "b_industry": FacilityFactory(unit=commune_b, sector=Sector.INDUSTRY),
        "far": FacilityFactory(unit=far_commune, sector=Sector.INDUSTRY),
        "zone": zone,
    }


def names(user):
    return set(facilities_visible_to(user).values_list("pk", flat=True))


def test_provincial_officer_sees_whole_province_and_nothing_outside(world, province):
    officer = UserFactory(role=Role.PROVINCE, unit=province)
    assert names(officer) == {world["a_industry"].pk, world["a_trade"].pk, world["b_industry"].pk}


def test_division_officer_sees_only_its_sectors(world, province):
    officer = UserFactory(role=Role.PROVINCE, unit=province, sectors=[Sector.INDUSTRY])
    assert names(officer) == {world["a_industry"].pk, world["b_industry"].pk}


def test_local_office_sees_only_its_commune(world, commune_a):
    officer = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a)
    assert names(officer) == {world["a_industry"].pk, world["a_trade"].pk}


def test_zone_board_sees_only_facilities_in_its_zones(world):
    board = UserFactory(role=Role.ZONE_BOARD, zones=[world["zone"]])
    assert names(board) == {world["a_industry"].pk}


def test_zone_board_without_zones_sees_nothing(world):
    assert names(UserFactory(role=Role.ZONE_BOARD)) == set()


def test_ministry_and_admin_see_everything(world):
    everything = {f.pk for k, f in world.items() if k != "zone"}
    assert names(UserFactory(role=Role.MINISTRY)) == everything
    assert names(UserFactory(role=Role.ADMIN)) == everything


def test_facility_sees_only_itself(world):
    user = UserFactory(role=Role.FACILITY)
    world["a_trade"].issue_account(user)
    assert names(user) == {world["a_trade"].pk}


def test_officer_without_unit_sees_nothing(world):
    assert names(UserFactory(role=Role.PROVINCE)) == set()
    assert names(UserFactory(role=Role.LOCAL_OFFICE)) == set()


def test_inactive_officer_sees_nothing(world, province):
    officer = UserFactory(role=Role.PROVINCE, unit=province, is_active=False)
    assert names(officer) == set()


def test_units_visible_to_local_office_is_its_subtree(world, commune_a, province):
    officer = UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a)
    assert list(units_visible_to(officer)) == [commune_a]
    assert province not in units_visible_to(officer)


def test_only_national_users_hold_every_facility(province, commune_a):
    # Queries for these users skip the scope join, so a wrong answer here would show
    # another area's flags and notifications: every other kind of user must say no.
    zone_board = UserFactory(role=Role.ZONE_BOARD)
    zone_board.zones.add(ZoneFactory(unit=commune_a))
    everyone = {
        "ministry": UserFactory(role=Role.MINISTRY),
        "admin": UserFactory(role=Role.ADMIN),
        "superuser": UserFactory(role=Role.FACILITY, is_superuser=True),
        "province": UserFactory(role=Role.PROVINCE, unit=province),
        "division": UserFactory(role=Role.PROVINCE, unit=province, sectors=[Sector.INDUSTRY]),
        "local": UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a),
        "local without unit": UserFactory(role=Role.LOCAL_OFFICE),
        "zone board": zone_board,
        "zone board without zones": UserFactory(role=Role.ZONE_BOARD),
        "facility": UserFactory(role=Role.FACILITY),
        "inactive ministry": UserFactory(role=Role.MINISTRY, is_active=False),
        "anonymous": AnonymousUser(),
    }
    holding = {name for name, user in everyone.items() if holds_every_facility(facilities_visible_to(user))}
    assert holding == {"ministry", "admin", "superuser"}
