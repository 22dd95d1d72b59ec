import pytest
from django.urls import reverse

from tests.factories.reports import officer

pytestmark = pytest.mark.django_db


def test_public_map_shows_legend_filters_and_embed_snippet(client, province):
    response = client.get(reverse("reports:public_map"))
    html = response.content.decode()
    for text in ("Xanh — An toàn", "Vàng — Có rủi ro", "Đỏ — Không an toàn", "Xám — Chưa đánh giá / Quá hạn"):
        assert text in html
    assert 'name="q"' in html and 'name="unit"' in html and 'name="state"' in html
    assert "&lt;iframe src=&quot;" in html or '&lt;iframe src="' in html
    assert reverse("reports:embed_map") in html
    assert response["X-Frame-Options"] == "DENY"


def test_only_the_embeddable_map_may_be_framed(client, province):
    response = client.get(reverse("reports:embed_map"))
    assert response.status_code == 200
    assert not response.has_header("X-Frame-Options")
    assert b'id="map"' in response.content


def test_map_pages_use_only_vendored_scripts(client, province):
    html = client.get(reverse("reports:public_map")).content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/supercluster/supercluster.min.js" in html
    assert "https://" not in html.split("<body")[0]
    assert "cdn" not in html.lower()


def test_officer_map_needs_an_officer(client, commune_a, facility_user):
    url = reverse("reports:officer_map")
    assert client.get(url).status_code == 302
    client.force_login(facility_user)
    assert client.get(url).status_code == 404
    client.force_login(officer(commune_a))
    response = client.get(url)
    assert response.status_code == 200
    assert reverse("reports:officer_map_data") in response.content.decode()


def test_officer_map_unit_filter_offers_only_units_in_scope(client, commune_a, commune_b):
    client.force_login(officer(commune_a))
    html = client.get(reverse("reports:officer_map")).content.decode()
    assert commune_a.name in html
    assert commune_b.name not in html
