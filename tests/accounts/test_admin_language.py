"""A Vietnamese admin sees a Vietnamese Django admin: model names, field labels, permissions,
Django's own screens and django-axes' (locale/vi/LC_MESSAGES/django.po fills what Django's and
axes' catalogs lack; compiled with the other catalogs)."""

import contextlib
import html
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory, issued_facility

pytestmark = pytest.mark.django_db

# Lines of the admin that are plain ASCII and still not English: names, data, and Vietnamese
# words without diacritics.
NOT_ENGLISH = {"admin", "coso.x", "SafeMap", "English", "Email", "Email:", "<unknown>", "/dang-nhap/", "cur"}
NOT_ENGLISH |= {"Xem", "Xem trang web"}


def visible_lines(response) -> list[str]:
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<option[^>]*>", " ", response.content.decode())
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    return [line.strip() for line in text.splitlines() if line.strip()]


def looks_english(line: str) -> bool:
    if line in NOT_ENGLISH or re.fullmatch(r"user\d+", line):  # the factories' usernames
        return False
    return bool(re.fullmatch(r"[\x20-\x7e]+", line) and re.search(r"[A-Za-z]{3}", line))


def english_model_names() -> set[str]:
    names = set()
    with translation.override("en"):
        for model in admin.site._registry:
            names |= {str(model._meta.verbose_name), str(model._meta.verbose_name_plural)}
        names |= {str(c.verbose_name) for c in apps.get_app_configs() if c.models_module}
    return {name for name in names if name.isascii()}  # our own names are Vietnamese in the source


@pytest.fixture
def superuser_client(client, commune_a):
    issued_facility(unit=commune_a)
    UserFactory(username="admin", role="admin", is_staff=True, is_superuser=True)
    # Something in each of django-axes' lists: a failed login, then a successful one.
    client.post(reverse("login"), {"username": "admin", "password": "sai"})
    client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    client.post(reverse("login"), {"username": "coso.khong-co", "password": "sai"})
    return client


def admin_pages():
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        for view in ("changelist", "add"):
            with contextlib.suppress(NoReverseMatch):
                pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"))
    return pages


def test_every_admin_list_and_form_is_vietnamese(superuser_client):
    user = UserFactory(username="coso.x")
    pages = [*admin_pages(), reverse("admin:accounts_user_change", args=[user.pk])]
    english_names = english_model_names()
    found = {}
    for url in pages:
        r = superuser_client.get(url)
        if r.status_code == 403 and url.endswith("/add/"):
            continue  # a log nobody adds to by hand
        assert r.status_code == 200, url
        lines = visible_lines(r)
        bad = [line for line in lines if looks_english(line) or line.startswith("Can ") or " | Can " in line]
        text = "\n".join(lines)
        bad += [name for name in english_names if re.search(rf"(?i)\b{re.escape(name)}\b", text)]
        if bad:
            found[url] = sorted(set(bad))
    assert not found, "\n".join(f"{url}: {bad}" for url, bad in found.items())


def test_axes_lists_have_vietnamese_names_on_the_admin_index(superuser_client):
    page = "\n".join(visible_lines(superuser_client.get(reverse("admin:index"))))
    for name in ("Lượt đăng nhập sai", "Nhật ký đăng nhập sai", "Nhật ký đăng nhập", "Khóa đăng nhập"):
        assert name in page
    assert "Access attempts" not in page and "Axes" not in page


def test_admin_buttons_say_what_they_do_in_vietnamese(superuser_client):
    """Django's own vi catalog says "Thêm vào cơ sở" ("add into the facility") for Add facility,
    and "Bản ghi nhớ" ("memo") for History."""
    facility = issued_facility(name="Chợ Mường Thanh")
    changelist = "\n".join(visible_lines(superuser_client.get(reverse("admin:accounts_facility_changelist"))))
    assert "Thêm cơ sở" in changelist and "Thêm vào" not in changelist
    index = "\n".join(visible_lines(superuser_client.get(reverse("admin:index"))))
    assert "Thêm" in index and "Thêm vào" not in index
    change = superuser_client.get(reverse("admin:accounts_facility_change", args=[facility.pk]))
    page = "\n".join(visible_lines(change))
    assert "Lịch sử" in page and "Bản ghi nhớ" not in page
