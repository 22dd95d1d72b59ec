import pytest
from django.core.management import call_command

from accounts.models import Facility
from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_demo_gives_facilities_signed_assessments_matching_their_level(capsys):
    call_command("seed_demo")
    signed = list(Assessment.objects.signed().select_related("facility"))
    assert len(signed) >= 40
    assert all(a.level == a.facility.level and a.digest_matches() for a in signed)
    demo = Facility.objects.get(user__username="coso.demo")
    assert demo.assessments.signed().exists() and demo.level
    call_command("seed_demo")
    assert Assessment.objects.count() == len(signed)
