import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["home", "login", "reports:public_map"])
def test_pages_carry_security_headers(client, url):
    r = client.get(reverse(url))
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Frame-Options"] == "DENY"
    csp = r["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert (
        "'self'" in script_src and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    )


def test_session_and_csrf_cookies_are_http_only_where_possible(client, facility_user):
    r = client.post(reverse("login"), {"username": "coso.a", "password": "Mat-khau-thu-9"})
    assert r.cookies["sessionid"]["httponly"]


def test_only_the_embeddable_map_may_be_framed(client):
    r = client.get(reverse("reports:embed_map"))
    assert r.status_code == 200
    assert "X-Frame-Options" not in r
    assert "frame-ancestors *" in r["Content-Security-Policy"]
