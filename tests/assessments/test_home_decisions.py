"""The facility sees its own suspension decision on its home page and downloads its file;
never another facility's."""

import pytest
from django.urls import reverse

from tests.factories import issued_facility
from tests.factories.suspensions import PDF, province_officer, suspend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    from tests.storage import isolate_media

    isolate_media(settings, tmp_path)


@pytest.fixture
def decisions(province, commune_a, commune_b):
    sở = province_officer(province, username="so.dienbien")
    mine = issued_facility(unit=commune_a, name="Của tôi")
    theirs = issued_facility(unit=commune_b, name="Của người khác")
    return (
        mine,
        theirs,
        suspend(mine, by=sở, number="45/QĐ-UBND"),
        suspend(theirs, by=sở, number="46/QĐ-UBND"),
    )


def test_the_facility_sees_its_decision_and_downloads_its_file(client, decisions):
    mine, _theirs, my_decision, _other = decisions
    client.force_login(mine.user)
    html = client.get(reverse("assessments:home")).content.decode()
    assert "Tạm dừng hoạt động" in html and "45/QĐ-UBND" in html and "Lê Thành Đô" in html
    assert 'data-colour="suspended"' in html
    response = client.get(reverse("decision_file", args=[my_decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_the_facility_never_sees_another_facilitys_decision(client, decisions):
    mine, _theirs, _mine, other = decisions
    client.force_login(mine.user)
    html = client.get(reverse("assessments:home")).content.decode()
    assert "46/QĐ-UBND" not in html
    assert client.get(reverse("decision_file", args=[other.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("decision_file", args=[other.pk])).status_code == 302  # to the login
