"""The result a phone shows offline is the result the server signs: the fill page's
JavaScript scoring (static/js/fill/scoring.js, run here in Chromium) and checklists.scoring
give the same level, percentage, band, unmet and critical items for every seed checklist over
many random answer sets, also under thresholds that sit on the rounding edges."""

import random

import pytest

from checklists.models import TemplateVersion
from checklists.scoring import compute
from tests.factories.assessments import seed_templates

pytestmark = pytest.mark.django_db(transaction=True)
SETS = 400

RUN = """async ({ doc, sets }) => {
  const { score } = await import("/static/js/fill/scoring.js");
  return sets.map((answers) => score(doc, answers));
}"""


def random_answers(rng, version):
    answers = {}
    for item in version.items_in_order().prefetch_related("options"):
        roll = rng.random()
        if roll < 0.1:
            continue  # never answered
        options = [o.id for o in item.options.all()]
        met = rng.random() < 0.75 if roll > 0.2 else None
        answers[item.id] = (met, rng.choice(options) if options and roll > 0.15 else None)
    return answers


def rule_variants(version):
    """The version's own rules, then thresholds on awkward values (decimals, exact hits)."""
    yield version.rules
    if version.scoring == "tick":
        yield {"green_min": 92.86, "yellow_min": 50.5}
        yield {"green_min": 100, "yellow_min": 0}
        yield {"green_min": 75, "yellow_min": 75}
    else:
        yield {
            "bands": [
                {"upto": 15, "label": "Rất ít nguy cơ", "level": "green"},
                {"upto": 33.33, "label": "Thấp", "level": "green"},
                {"upto": 66.67, "label": "Trung bình", "level": "yellow"},
                {"upto": 100, "label": "Cao", "level": "red"},
            ]
        }


def test_offline_scoring_in_chromium_gives_the_servers_result_for_every_seed_checklist(
    live_server, phone_page
):
    seed_templates()
    rng = random.Random(2021)
    page = phone_page
    page.goto(f"{live_server.url}/huong-dan/")
    compared = 0
    seen = set()
    versions = TemplateVersion.objects.filter(status="published").select_related("template")
    assert versions.count() == 4
    for version in versions:
        items = list(version.items_in_order().prefetch_related("options"))
        answer_sets = [random_answers(rng, version) for _ in range(SETS)]
        answer_sets.append(
            {item.id: (True, item.options.first().id if item.options.exists() else None) for item in items}
        )
        answer_sets.append({})
        for rules in rule_variants(version):
            doc = {**version.scoring_document(), "rules": rules}
            js_sets = [{str(k): {"met": m, "option": o} for k, (m, o) in a.items()} for a in answer_sets]
            js = page.evaluate(RUN, {"doc": doc, "sets": js_sets})
            for answers, got in zip(answer_sets, js, strict=True):
                want = compute(version.scoring, rules, items, answers)
                assert (got["level"], got["score"]) == (want.level, str(want.score)), (
                    version,
                    rules,
                    answers,
                )
                if version.scoring == "risk":
                    assert got["band"] == want.band
                assert (got["unmet"], got["critical"]) == (want.unmet, want.critical)
                compared += 1
                seen.add((version.scoring, want.level))
    assert compared >= 4 * SETS * 2
    assert seen == {(kind, level) for kind in ("tick", "risk") for level in ("green", "yellow", "red")}
