"""axe-core over every page type of the access matrix, as each role that may open it sees it, on a
phone (360 px) and a laptop (1366 px): no serious or critical violation.

The URLs come from ``tests/security/test_access_matrix.MATRIX`` (a page added there is checked
here too); each URL name is opened once per width, by the first role the matrix lets in, and
only when it answers a whole HTML document (not JSON, a file, a photo or an htmx fragment). Pages
whose look depends on who opens them or on the state of the case (a facility with an open request
and a decision, an inspection being filled, each level's dashboard) are added in ``STATES``. Also
failed: landmark-unique (moderate in axe), two unnamed menus a screen reader cannot tell apart, and
a page wider than the screen (WCAG 1.4.10 Reflow: nothing may need a sideways scroll at 360 px).
axe-core is vendored for the tests only (tests/e2e/vendor/axe.min.js, MPL-2.0)."""

from collections import Counter
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.corrective import corrective_request
from tests.factories.security import ROLES, build_world
from tests.security.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
# Moderate in axe, but two unnamed menus on one page cannot be told apart by a screen reader.
ALSO_BLOCKING = ("landmark-unique",)


# (URL name, kwargs from the world, role, label): the same page in another state or as another role.
STATES = [
    ("assessments:home", lambda w: {}, "fac_a", "suspended, with an open request"),
    (
        "assessments:corrective_request",
        lambda w: {"pk": w.obj["corr_b"].pk},
        "fac_b",
        "B open: the answer form",
    ),
    ("assessments:fill", lambda w: {"pk": w.obj["a_inspection"].pk}, "province", "inspection being filled"),
    ("reports:dashboard", lambda w: {}, "province", "province"),
    ("reports:dashboard", lambda w: {}, "zone", "zone board"),
    ("reports:dashboard", lambda w: {}, "ministry", "ministry"),
    ("reports:facility_detail", lambda w: {"pk": w.obj["fac_b"].pk}, "province", "B: open request, proposed"),
    ("reports:inbox", lambda w: {}, "province", "a flag's notification"),
    ("reports:proposal_detail", lambda w: {"pk": w.obj["proposal_sent"].pk}, "province", "sent"),
    ("reports:journal", lambda w: {}, "admin", "admin"),
    ("letter_batch_list", lambda w: {}, "admin", "admin"),
    ("letter_batch_list", lambda w: {}, "zone", "zone board"),
]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    # A's home then shows both a decision (A is suspended) and a request still to answer.
    corrective_request(world.obj["fac_a"], world.users["province"], text="Lắp biển chỉ dẫn lối thoát")
    return world


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
    for name, kwargs, role, label in STATES:
        found.append((f"{name} [{label}]", reverse(name, kwargs=kwargs(world)), role))
    return found


def session_cookie(world, role, base_url):
    if role == "anon":
        return []
    client = Client()
    client.force_login(world.users[role])
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]


# The elements sticking out past the right edge, when the page scrolls sideways (fixed ones and
# the contents of a scrolling box such as .table-responsive or the map do not count).
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const scrolls = (e) => ["auto", "scroll", "hidden"].includes(getComputedStyle(e).overflowX);
  return [...document.body.querySelectorAll("*")].filter((e) => {
    if (e.getBoundingClientRect().right <= width + 1) return false;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return false;
    return true;
  }).slice(0, 4).map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : ""));
}"""


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
            overflow = page.evaluate(WIDER_THAN_SCREEN)
            page.close()
            seen += 1
            bad = [
                (v["impact"], v["id"], [" ".join(n["target"][-1:]) for n in v["nodes"]])
                for v in result["violations"]
                if v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING
            ]
            if overflow:
                bad.append(("serious", "reflow (page wider than the screen)", overflow))
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
