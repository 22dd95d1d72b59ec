"""axe-core over every page type of the access matrix, as each role that may open it sees it, on a
phone (360 px) and a laptop (1366 px): no serious or critical violation.

The URLs come from ``tests/security/test_access_matrix.MATRIX`` (a page added there is checked
here too); each URL name is opened once per width, by the first role the matrix lets in, and
only when it answers a whole HTML document (not JSON, a file, a photo or an htmx fragment). Also
failed: landmark-unique (moderate in axe), two unnamed menus a screen reader cannot tell apart.
axe-core is vendored for the tests only (tests/e2e/vendor/axe.min.js, MPL-2.0)."""

from collections import Counter
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.security import ROLES, build_world
from tests.security.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
# Moderate in axe, but two unnamed menus on one page cannot be told apart by a screen reader.
ALSO_BLOCKING = ("landmark-unique",)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def page_types(world):
    """(label, url, role) for each URL name of the matrix that some role gets as an HTML page."""
    found = []
    for name, cases in MATRIX.items():
        for case in cases:
            expected = case.get or {}
            role = next((r for r in ROLES if expected.get(r) == 200), None)
            if role is None:
                continue
            url = reverse(name, kwargs=case.kwargs(world))
            response = world.client(role).get(url)
            body = b"" if response.streaming else response.content
            html = response["Content-Type"].startswith("text/html") and b"<html" in body[:400].lower()
            if response.status_code == 200 and html:
                found.append((f"{name} [{case.label or role}]", url, role))
                break
    return found


def session_cookie(world, role, base_url):
    if role == "anon":
        return []
    client = Client()
    client.force_login(world.users[role])
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]


def axe_violations(browser, world, live_server, width):
    """{page label: [(impact, rule id, node selectors)]} for the serious and critical violations."""
    found, seen = {}, 0
    contexts = {}
    try:
        for label, url, role in page_types(world):
            if role not in contexts:
                context = browser.new_context(
                    viewport={"width": width, "height": 800}, locale="vi-VN", bypass_csp=True
                )
                context.add_cookies(session_cookie(world, role, live_server.url))
                contexts[role] = context
            page = contexts[role].new_page()
            page.goto(live_server.url + url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)  # scripts that build the page after load (map, charts)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            page.close()
            seen += 1
            bad = [
                (v["impact"], v["id"], [" ".join(n["target"][-1:]) for n in v["nodes"]])
                for v in result["violations"]
                if v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING
            ]
            if bad:
                found[label] = bad
    finally:
        for context in contexts.values():
            context.close()
    return found, seen


def report(found, seen, width) -> str:
    counts = Counter()
    for bad in found.values():
        for impact, _rule, nodes in bad:
            counts[impact] += 1
            counts["nodes"] += len(nodes)
    lines = [
        f"axe at {width} px: {seen} pages, {len(found)} with violations: {counts['critical']} critical, "
        f"{counts['serious']} serious, {counts['moderate']} moderate (landmark-unique) rule failures "
        f"on {counts['nodes']} elements"
    ]
    for label, bad in sorted(found.items()):
        lines.append(
            f"  {label}: " + "; ".join(f"{rule} ({impact}) at {', '.join(n[:4])}" for impact, rule, n in bad)
        )
    return "\n".join(lines)


@pytest.mark.parametrize("width", [360, 1366])
def test_no_page_has_a_serious_or_critical_accessibility_violation(browser, world, live_server, width):
    found, seen = axe_violations(browser, world, live_server, width)
    summary = report(found, seen, width)
    print(summary)
    assert seen >= 30, f"only {seen} pages checked: the matrix lost its pages?\n{summary}"
    assert not found, summary
