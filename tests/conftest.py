import os
from pathlib import Path

import pytest

from tests.factories import FacilityFactory, UnitFactory, UserFactory
from tests.storage import create_bucket, isolate_media, on_s3

IN_CI = os.environ.get("CI") == "true"
FAULTS = Path(__file__).resolve().parent / "faults"


def pytest_addoption(parser):
    parser.addoption(
        "--faults",
        action="store_true",
        help="run tests/faults: stops and restarts PostgreSQL, Redis and workers of its own (slow)",
    )


def pytest_ignore_collect(collection_path, config):
    """The fault suite runs only when asked for (.ci/run does), never in the quick default run."""
    if not config.getoption("faults") and FAULTS in (collection_path, *collection_path.parents):
        return True
    return None


def pytest_collection_modifyitems(config, items):
    """Tests marked s3 run only with MEDIA_STORAGE=s3, those marked replica only with
    TEST_REPLICA_URL: .ci/run has a pass for each, so elsewhere they are left out, not skipped."""
    unavailable = [] if on_s3() else ["s3"]
    if not os.environ.get("TEST_REPLICA_URL"):
        unavailable.append("replica")
    kept, dropped = [], []
    for item in items:
        (dropped if any(item.get_closest_marker(m) for m in unavailable) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a test skipped for a missing service is a failure: the service must be there."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and call.when in ("setup", "call") and "xfail" not in report.keywords:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which counts as a failure: {report.longrepr}"


@pytest.fixture(scope="session", autouse=True)
def _s3_bucket():
    if on_s3():
        create_bucket()


@pytest.fixture(autouse=True)
def _media_of_its_own(request):
    """With MEDIA_STORAGE=s3 every test stores under a key prefix of its own."""
    if on_s3():
        isolate_media(request.getfixturevalue("settings"), None)


@pytest.fixture(autouse=True)
def _reads_on_the_primary(request, monkeypatch):
    """With TEST_REPLICA_URL the replica alias is a test mirror of the primary, which only the
    replica tests point at the real standby: elsewhere reads stay on the primary."""
    if os.environ.get("TEST_REPLICA_URL") and not request.node.get_closest_marker("replica"):
        monkeypatch.setattr("safemap.db_router.replica_alias", lambda: "default")


@pytest.fixture
def province(db):
    return UnitFactory(code="11", name="Điện Biên", kind="province")


@pytest.fixture
def commune_a(province):
    return UnitFactory(code="03127", name="Phường Điện Biên Phủ", kind="ward", parent=province)


@pytest.fixture
def commune_b(province):
    return UnitFactory(code="03151", name="Xã Mường Phăng", kind="commune", parent=province)


@pytest.fixture
def other_province(db):
    return UnitFactory(code="12", name="Lai Châu", kind="province")


@pytest.fixture
def facility_a(commune_a):
    return FacilityFactory(unit=commune_a, name="Chợ Điện Biên")


@pytest.fixture
def facility_b(commune_b):
    return FacilityFactory(unit=commune_b, name="Công ty TNHH Mường Phăng")


@pytest.fixture
def facility_user(facility_a):
    user = UserFactory(role="facility", username="coso.a")
    facility_a.issue_account(user)
    return user
