import pytest

from accounts.choices import FacilityType
from checklists.models import templates_for
from tests.factories import FacilityFactory
from tests.factories.assessments import seed_templates

pytestmark = pytest.mark.django_db


def test_seed_has_four_templates_in_chong_dich_covid19():
    templates = seed_templates()
    assert set(templates) == {"noi-lam-viec", "ky-tuc-xa", "khu-dich-vu", "nguy-co-2194"}
    assert {t.folder.name for t in templates.values()} == {"Chống dịch Covid19"}


def test_2194_risk_index_has_15_criteria_worth_300_points_first_three_as_published():
    version = seed_templates()["nguy-co-2194"].published_version()
    items = list(version.items_in_order().prefetch_related("options"))
    assert len(items) == 15
    assert sum(max(o.points for o in i.options.all()) for i in items) == 300
    by_code = {i.code: i for i in items}
    assert by_code["CS1"].text.startswith("Số lượng người lao động làm việc tập trung")
    assert [o.points for o in by_code["CS1"].options.all()] == [1, 2, 4, 6, 8, 10]
    assert [o.points for o in by_code["CS2"].options.all()] == [0, 10]
    assert max(o.points for o in by_code["CS3"].options.all()) == 30


def test_each_facility_sees_the_checklists_for_its_type(commune_a):
    seed_templates()
    market = FacilityFactory(unit=commune_a, facility_type=FacilityType.MARKET)
    factory = FacilityFactory(unit=commune_a, facility_type=FacilityType.FACTORY, has_dormitory=False)
    factory_with_dorm = FacilityFactory(
        unit=commune_a, facility_type=FacilityType.FACTORY, has_dormitory=True
    )
    assert {t.slug for t in templates_for(market)} == {"khu-dich-vu", "nguy-co-2194"}
    assert {t.slug for t in templates_for(factory)} == {"noi-lam-viec", "nguy-co-2194"}
    assert {t.slug for t in templates_for(factory_with_dorm)} == {"noi-lam-viec", "ky-tuc-xa", "nguy-co-2194"}


def test_loading_the_seed_twice_creates_no_new_versions():
    first = {t.slug: t.versions.count() for t in seed_templates().values()}
    second = {t.slug: t.versions.count() for t in seed_templates().values()}
    assert first == second == {slug: 1 for slug in first}
