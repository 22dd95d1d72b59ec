import pytest

from tests.factories import UserFactory, issued_facility
from tests.factories.assessments import draft, make_template
from tests.storage import isolate_media


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores photos and signatures in a media area of its own (folder or S3 prefix)."""
    isolate_media(settings, tmp_path)


@pytest.fixture
def template(db):
    return make_template()


@pytest.fixture
def facility(commune_a):
    return issued_facility(unit=commune_a, name="Công ty May Điện Biên")


@pytest.fixture
def other_facility(commune_b):
    return issued_facility(unit=commune_b, name="Công ty Khác")


@pytest.fixture
def assessment(facility, template):
    return draft(facility, template)


@pytest.fixture
def client_facility(client, facility):
    client.force_login(facility.user)
    return client


@pytest.fixture
def officer(province):
    return UserFactory(role="province", unit=province)
