"""What a slow phone network downloads: pages compressed, an icon instead of a 404 on every page,
guide screenshots that are small and do not shift the layout, a translation catalogue the browser
keeps, and a print view a phone can read and leave."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.choices import Role
from tests.factories import UserFactory
from tests.factories.assessments import make_template, signed_assessment

pytestmark = pytest.mark.django_db


def test_pages_are_sent_gzipped_to_browsers_that_accept_it(client):
    response = client.get("/huong-dan/", headers={"accept-encoding": "gzip, deflate, br"})
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert "Hướng dẫn" in page
    assert len(response.content) < len(page.encode()) / 2


def test_each_gzipped_page_carries_a_different_csrf_token_mask(client):
    """BREACH needs a secret repeated byte for byte across responses; the masked token is not."""
    tokens = set()
    for _ in range(2):
        response = client.get("/dang-nhap/", headers={"accept-encoding": "gzip"})
        page = gzip.decompress(response.content).decode()
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    assert len(tokens) == 2


def test_files_that_are_compressed_already_keep_their_length(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    facility = UserFactory(role=Role.FACILITY)
    template = make_template()
    from tests.factories import FacilityFactory

    fac = FacilityFactory()
    fac.issue_account(facility)
    assessment = signed_assessment(fac, template)
    client.force_login(facility)
    response = client.get(f"/danh-gia/{assessment.pk}/chu-ky.png", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_favicon_is_linked_from_every_page_and_answers_at_the_root(client):
    page = client.get("/dang-nhap/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert icon.endswith(".svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")
    assert (Path(settings.BASE_DIR) / "static" / "favicon.ico").stat().st_size > 0


def test_guide_screenshots_are_webp_with_their_size_given(client):
    page = client.get("/huong-dan/").content.decode()
    shots = re.findall(r'<img class="guide-shot"[^>]*>', page)
    assert len(shots) == 10
    for tag in shots:
        src = re.search(r'src="/static/([^"]+)"', tag).group(1)
        assert src.endswith(".webp"), src
        assert (Path(settings.BASE_DIR) / "static" / src).exists(), src
        assert 'width="360"' in tag and 'height="740"' in tag, tag


def test_javascript_catalogue_is_cached_and_revalidated_per_language(client):
    first = client.get("/jsi18n/")
    assert "max-age=86400" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    again = client.get("/jsi18n/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/jsi18n/", headers={"if-none-match": first["ETag"]})
    assert english.status_code == 200, "a Vietnamese copy must not be confirmed for an English reader"


def test_print_view_fits_a_phone_and_leads_back_to_the_assessment(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from tests.factories import FacilityFactory

    user = UserFactory(role=Role.FACILITY)
    fac = FacilityFactory()
    fac.issue_account(user)
    assessment = signed_assessment(fac, make_template())
    client = Client()
    client.force_login(user)
    page = client.get(f"/danh-gia/{assessment.pk}/in/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert f'href="/danh-gia/{assessment.pk}/" data-back' in page


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/quan-ly/", "Tổng quan"),
        ("/quan-ly/co-so/?state=overdue", "Quá hạn đánh giá"),
        ("/quan-ly/co-so/", "Tất cả cơ sở"),
        ("/thong-bao/", "Thông báo"),
        ("/huong-dan/", "Hướng dẫn"),
    ],
)
def test_menu_marks_the_page_the_officer_is_on(client, province, url, current):
    client.force_login(UserFactory(role=Role.PROVINCE, unit=province))
    page = client.get(url).content.decode()
    marked = re.findall(r'aria-current="page"[^>]*>([^<]+)<', page)
    assert marked == [current]


def test_main_menu_is_a_named_navigation_landmark(client):
    page = client.get("/dang-nhap/").content.decode()
    assert re.search(r'<nav class="navbar[^"]*"[^>]* aria-label="Menu chính"', page)
