import pytest
from django.core.exceptions import ValidationError

from checklists.models import Item, PublishedVersionError
from checklists.services import version_new_draft, version_publish
from tests.factories import issued_facility
from tests.factories.assessments import draft, make_template

pytestmark = pytest.mark.django_db


def test_published_version_cannot_be_edited():
    version = make_template().published_version()
    item = Item.objects.filter(section__version=version).first()
    item.text = "Sửa lén"
    with pytest.raises(PublishedVersionError):
        item.save()
    with pytest.raises(PublishedVersionError):
        item.delete()
    version.rules = {"green_min": 10, "yellow_min": 5}
    with pytest.raises(PublishedVersionError):
        version.save()


def test_editing_makes_a_new_draft_and_past_assessments_keep_their_version(commune_a):
    facility = issued_facility(unit=commune_a)
    template = make_template()
    v1 = template.published_version()
    old = draft(facility, template)
    v2 = version_new_draft(template=template)
    assert (v2.number, v2.status) == (2, "draft")
    item = Item.objects.filter(section__version=v2, code="1.1").get()
    item.text = "Có điểm rửa tay ở mọi lối vào"
    item.save()
    version_publish(version=v2)
    assert template.published_version() == v2
    old.refresh_from_db()
    assert old.version == v1
    assert Item.objects.get(section__version=v1, code="1.1").text == "Có điểm rửa tay"


def test_a_version_without_items_cannot_be_published():
    template = make_template()
    v2 = version_new_draft(template=template)
    Item.objects.filter(section__version=v2).delete()
    with pytest.raises(ValidationError, match="chưa có nội dung"):
        version_publish(version=v2)
