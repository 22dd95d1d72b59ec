"""Error pages in Vietnamese, without a traceback; a lost database says "try again" (503)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client
from django.views.defaults import permission_denied

from safemap.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_address_shows_the_vietnamese_not_found_page(client):
    r = client.get("/khong-co-trang-nay/")
    assert r.status_code == 404
    assert "Không tìm thấy trang" in r.content.decode()


def test_stale_form_shows_a_vietnamese_page_asking_to_reload(facility_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(facility_user)
    r = browser.post("/dang-xuat/")
    assert r.status_code == 403
    assert "Phiên làm việc đã hết hạn" in r.content.decode()


def test_forbidden_page_is_in_vietnamese(rf):
    r = permission_denied(rf.get("/"), PermissionDenied())
    assert r.status_code == 403
    assert "Không có quyền truy cập" in r.content.decode()


def _handled(exc, rf):
    """What handler500 returns while Django handles ``exc``, as it does."""
    try:
        raise exc
    except Exception:
        return server_error(rf.get("/"))


def test_a_bug_shows_the_vietnamese_error_page_without_details(rf):
    r = _handled(ZeroDivisionError("secret detail"), rf)
    body = r.content.decode()
    assert r.status_code == 500
    assert "Đã có lỗi xảy ra" in body and "không bị mất" in body
    assert "Traceback" not in body and "secret detail" not in body and "ZeroDivisionError" not in body


def test_a_lost_database_asks_to_retry_shortly(rf):
    r = _handled(OperationalError("connection refused"), rf)
    assert r.status_code == 503
    assert int(r["Retry-After"]) > 0
    assert "Hệ thống đang tạm gián đoạn" in r.content.decode()
    assert "connection refused" not in r.content.decode()


def test_not_found_page_follows_the_language_switch(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    r = client.get("/khong-co-trang-nay/")
    assert r.status_code == 404
    assert "Page not found" in r.content.decode() and "Không tìm thấy trang" not in r.content.decode()
