"""Both rule kinds, every band boundary, and critical items."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from checklists.scoring import DEFAULT_RISK_RULES, Kind, compute, validate_rules
from tests.factories.assessments import seed_templates

TICK = {"green_min": 80, "yellow_min": 50}


@dataclass
class FakeOptions:
    items: list

    def all(self):
        return self.items


@dataclass
class FakeOption:
    id: int
    points: int
    is_critical: bool = False


@dataclass
class FakeItem:
    id: int
    weight: int = 1
    critical: bool = False
    options: FakeOptions = field(default_factory=lambda: FakeOptions([]))


def tick(met_weight, total=100, critical_met=True):
    """A checklist of weight ``total`` with ``met_weight`` met; item 0 is critical (weight 1)."""
    items = [FakeItem(0, weight=1, critical=True)] + [FakeItem(i) for i in range(1, total)]
    answers = {0: (critical_met, None)}
    for i in range(1, total):
        answers[i] = (i < met_weight, None)
    return compute(Kind.TICK, TICK, items, answers)


@pytest.mark.parametrize(
    ("met", "level"),
    [(100, "green"), (80, "green"), (79, "yellow"), (50, "yellow"), (49, "red"), (1, "red")],
)
def test_tick_thresholds_are_inclusive_at_the_lower_bound(met, level):
    result = tick(met)
    assert result.score == Decimal(met)
    assert result.level == level


def test_unmet_critical_item_is_red_even_with_a_high_score():
    result = tick(100, critical_met=False)
    assert result.score == Decimal(99)
    assert result.level == "red"
    assert result.critical == [0]


def test_tick_weights_count_not_item_numbers():
    items = [FakeItem(1, weight=8), FakeItem(2, weight=2)]
    result = compute(Kind.TICK, TICK, items, {1: (True, None)})
    assert (result.score, result.level, result.unmet) == (Decimal(80), "green", [2])


def test_unanswered_tick_item_counts_as_not_met():
    items = [FakeItem(1), FakeItem(2)]
    assert compute(Kind.TICK, TICK, items, {1: (True, None)}).score == Decimal(50)


def risk(points, critical=False):
    """One criterion worth 300 points, the chosen answer scoring ``points``."""
    options = [FakeOption(1, points, critical), FakeOption(2, 300)]
    return compute(Kind.RISK, DEFAULT_RISK_RULES, [FakeItem(1, options=FakeOptions(options))], {1: (None, 1)})


@pytest.mark.parametrize(
    ("points", "index", "band", "level"),
    [
        (0, "0.00", "Rất ít nguy cơ", "green"),
        (45, "15.00", "Rất ít nguy cơ", "green"),
        (46, "15.33", "Nguy cơ lây nhiễm thấp", "green"),
        (90, "30.00", "Nguy cơ lây nhiễm thấp", "green"),
        (91, "30.33", "Nguy cơ lây nhiễm trung bình", "yellow"),
        (150, "50.00", "Nguy cơ lây nhiễm trung bình", "yellow"),
        (151, "50.33", "Nguy cơ lây nhiễm cao", "red"),
        (240, "80.00", "Nguy cơ lây nhiễm cao", "red"),
        (241, "80.33", "Nguy cơ lây nhiễm rất cao", "red"),
        (300, "100.00", "Nguy cơ lây nhiễm rất cao", "red"),
    ],
)
def test_risk_index_bands_follow_2194_boundaries(points, index, band, level):
    result = risk(points)
    assert (result.score, result.band, result.level) == (Decimal(index), band, level)


def test_critical_answer_makes_a_low_risk_index_red():
    result = risk(0, critical=True)
    assert result.band == "Rất ít nguy cơ"
    assert result.level == "red"


def test_unanswered_criterion_counts_its_worst_points():
    options = FakeOptions([FakeOption(1, 0), FakeOption(2, 30)])
    result = compute(Kind.RISK, DEFAULT_RISK_RULES, [FakeItem(1, options=options)], {})
    assert result.score == Decimal(100)


@pytest.mark.parametrize(
    ("kind", "rules", "message"),
    [
        (Kind.TICK, {"green_min": 50, "yellow_min": 80}, "không được lớn hơn"),
        (Kind.TICK, {"green_min": 120, "yellow_min": 50}, "từ 0 đến 100"),
        (Kind.RISK, {"bands": []}, "danh sách các mức"),
        (Kind.RISK, {"bands": [{"upto": 50, "label": "A", "level": "green"}]}, "là 100"),
        (Kind.RISK, {"bands": [{"upto": 100, "label": "A", "level": "blue"}]}, "green, yellow hoặc red"),
    ],
)
def test_bad_rules_are_refused_in_vietnamese(kind, rules, message):
    with pytest.raises(ValueError, match=message):
        validate_rules(kind, rules)


@pytest.mark.django_db
def test_seeded_2194_template_scores_from_its_own_rules():
    version = seed_templates()["nguy-co-2194"].published_version()
    items = list(version.items_in_order().prefetch_related("options"))
    best = {i.id: (None, min(i.options.all(), key=lambda o: o.points).id) for i in items}
    assert version.score(best).level == "green"
    worst = {i.id: (None, max(i.options.all(), key=lambda o: o.points).id) for i in items}
    result = version.score(worst)
    assert (result.score, result.band, result.level) == (Decimal(100), "Nguy cơ lây nhiễm rất cao", "red")
    cs3 = next(i for i in items if i.code == "CS3")
    case_on_site = next(o for o in cs3.options.all() if o.is_critical)
    assert version.score({**best, cs3.id: (None, case_on_site.id)}).level == "red"
