"""What only the S3 storage can get wrong. These run in the MEDIA_STORAGE=s3 pass of .ci/run
(against moto_server); the storage tests of photos, signatures, exports and backups run there a
second time as well."""

import pytest
from django.core.files.storage import default_storage

from assessments.models import Photo
from tests.factories import issued_facility
from tests.factories.assessments import draft, jpeg_bytes, make_template, upload
from tests.storage import stored_files

pytestmark = [pytest.mark.s3, pytest.mark.django_db]
PUBLIC = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture
def assessment(commune_a):
    return draft(issued_facility(unit=commune_a, name="Công ty May Điện Biên"), make_template())


@pytest.fixture
def client_facility(client, assessment):
    client.force_login(assessment.facility.user)
    return client


def post_photo(client, assessment):
    item = assessment.version.items_in_order().get(code="1.1")
    return client.post(
        f"/danh-gia/{assessment.pk}/muc/{item.pk}/anh/", {"photo": upload("a.jpg", jpeg_bytes())}
    )


def test_photos_are_private_objects_served_only_through_the_app(client_facility, assessment):
    data = post_photo(client_facility, assessment).json()
    assert data["url"].startswith("/") and "amz" not in data["url"].lower()  # never a bucket link
    response = client_facility.get(data["url"])
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert len(stored_files()) == 2  # the photo and its thumbnail
    bucket = default_storage.bucket
    for name in stored_files():
        acl = bucket.Object(default_storage._normalize_name(str(name))).Acl()
        assert not [g for g in acl.grants if g["Grantee"].get("URI") in PUBLIC], name


def test_a_photo_missing_from_the_bucket_is_404_not_an_error(client_facility, assessment):
    data = post_photo(client_facility, assessment).json()
    photo = Photo.objects.get()
    default_storage.delete(photo.image.name)
    assert client_facility.get(data["url"]).status_code == 404
