"""The map scripts' options, read from django-leaflet's ``LEAFLET_CONFIG``: the one place that
names the tiles, centre, zoom range and bounds. django-leaflet checks that setting when the app
loads (a bad centre or zoom stops startup); its template tags are not used because SafeMap
vendors Leaflet 1.9.4 with the clustering scripts built against it (README, "Map")."""

from django.conf import settings


def leaflet_options(**overrides) -> dict:
    """For ``json_script``: the first of django-leaflet's TILES is the base layer (none when
    TILES is empty: offline, tests); SPATIAL_EXTENT (minx, miny, maxx, maxy) bounds panning."""
    config = settings.LEAFLET_CONFIG
    tiles = config.get("TILES") or []
    if isinstance(tiles, str):  # django-leaflet also accepts a bare URL
        tiles = [("", tiles, {})]
    url, options = (tiles[0][1], tiles[0][2] or {}) if tiles else ("", {})
    extent = config.get("SPATIAL_EXTENT")
    return {
        "tileUrl": url,
        "attribution": options.get("attribution", "") if isinstance(options, dict) else "",
        "center": list(config["DEFAULT_CENTER"]),
        "zoom": config["DEFAULT_ZOOM"],
        "minZoom": config["MIN_ZOOM"],
        "maxZoom": config["MAX_ZOOM"],
        "maxBounds": [[extent[1], extent[0]], [extent[3], extent[2]]] if extent else None,
        **overrides,
    }
