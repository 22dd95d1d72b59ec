"""django-leaflet's LEAFLET_CONFIG is the one source of the maps' tiles, centre, zoom and bounds."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import FacilityFactory
from tests.factories.reports import officer

pytestmark = pytest.mark.django_db

TILES = "https://tiles.example.vn/{z}/{x}/{y}.png"


def config_of(html, name):
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def leaflet(settings):
    settings.LEAFLET_CONFIG = {
        **settings.LEAFLET_CONFIG,
        "TILES": [("Nền", TILES, {"attribution": "© Bản đồ Việt"})],
        "DEFAULT_CENTER": (10.776, 106.700),
        "DEFAULT_ZOOM": 11,
        "MIN_ZOOM": 5,
        "MAX_ZOOM": 17,
        "SPATIAL_EXTENT": (102.1, 8.2, 109.5, 23.4),
    }


def test_public_and_embedded_maps_take_tiles_centre_zoom_and_bounds_from_leaflet_config(client, leaflet):
    for name in ("reports:public_map", "reports:embed_map"):
        cfg = config_of(client.get(reverse(name)).content.decode(), "map-config")
        assert (cfg["tileUrl"], cfg["attribution"]) == (TILES, "© Bản đồ Việt")
        assert (cfg["center"], cfg["zoom"], cfg["minZoom"], cfg["maxZoom"]) == ([10.776, 106.7], 11, 5, 17)
        assert cfg["maxBounds"] == [[8.2, 102.1], [23.4, 109.5]]  # Leaflet's [[south, west], [north, east]]


def test_location_picker_uses_the_same_config_and_centres_on_a_located_facility(client, commune_a, leaflet):
    located = FacilityFactory(unit=commune_a, latitude=21.39, longitude=103.02)
    client.force_login(officer(commune_a))
    cfg = config_of(
        client.get(reverse("reports:facility_edit", args=[located.pk])).content.decode(), "pick-config"
    )
    assert (cfg["tileUrl"], cfg["maxZoom"], cfg["maxBounds"]) == (TILES, 17, [[8.2, 102.1], [23.4, 109.5]])
    assert (cfg["center"], cfg["zoom"]) == ([21.39, 103.02], 15)
