"""How answers become a level. The rules are data on the template version (``rules``); this
module only interprets them, so a province can change thresholds without a code change.

Fractions keep the band boundaries exact: 45 of 300 points is exactly 15 %, "rất ít nguy cơ",
and must not become 15.000000001 % through floating point."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import Level


class Kind(models.TextChoices):
    TICK = "tick", _("Đánh dấu nếu đáp ứng (trọng số, ngưỡng, nội dung bắt buộc)")
    RISK = "risk", _("Chỉ số nguy cơ kiểu QĐ 2194 (điểm, 5 mức nguy cơ)")


DEFAULT_TICK_RULES = {"green_min": 80, "yellow_min": 50}
# QĐ 2194/QĐ-BCĐQG: ≤15 % rất ít, 16–30 % thấp, 31–50 % trung bình, 51–80 % cao, 81–100 % rất cao.
# The mapping onto colours is ours (DESIGN.md): rất ít / thấp → Xanh, trung bình → Vàng, cao → Đỏ.
DEFAULT_RISK_RULES = {
    "bands": [
        {"upto": 15, "label": "Rất ít nguy cơ", "level": Level.GREEN.value},
        {"upto": 30, "label": "Nguy cơ lây nhiễm thấp", "level": Level.GREEN.value},
        {"upto": 50, "label": "Nguy cơ lây nhiễm trung bình", "level": Level.YELLOW.value},
        {"upto": 80, "label": "Nguy cơ lây nhiễm cao", "level": Level.RED.value},
        {"upto": 100, "label": "Nguy cơ lây nhiễm rất cao", "level": Level.RED.value},
    ]
}
LEVELS = (Level.GREEN.value, Level.YELLOW.value, Level.RED.value)


def default_rules(kind: str) -> dict:
    return dict(DEFAULT_RISK_RULES if kind == Kind.RISK else DEFAULT_TICK_RULES)


@dataclass
class Result:
    level: str
    score: Decimal  # tick: % of weight met; risk: the risk index in %
    band: str  # what the level is called for this rule kind
    unmet: list[int] = field(default_factory=list)  # item ids not met / scoring risk points
    critical: list[int] = field(default_factory=list)  # item ids that forced Đỏ


def _percent(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _number(rules: dict, key: str) -> Fraction:
    value = rules.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(_("“%s” phải là một số từ 0 đến 100.") % key)
    return Fraction(str(value))


def validate_rules(kind: str, rules: dict) -> None:
    """Raise ValueError (Vietnamese message) if the rules cannot be applied."""
    if not isinstance(rules, dict):
        raise ValueError(_("Ngưỡng xếp loại phải là một đối tượng JSON."))
    if kind == Kind.TICK:
        if _number(rules, "yellow_min") > _number(rules, "green_min"):
            raise ValueError(_("Ngưỡng Vàng (yellow_min) không được lớn hơn ngưỡng Xanh (green_min)."))
        return
    bands = rules.get("bands")
    if not isinstance(bands, list) or not bands:
        raise ValueError(_("Chỉ số nguy cơ cần danh sách các mức (bands)."))
    previous = Fraction(-1)
    for n, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or not str(band.get("label", "")).strip():
            raise ValueError(_("Mức %d cần có tên (label).") % n)
        if band.get("level") not in LEVELS:
            raise ValueError(_("Mức %d: màu (level) phải là green, yellow hoặc red.") % n)
        upto = _number(band, "upto")
        if upto <= previous:
            raise ValueError(_("Mức %d: giới hạn trên (upto) phải tăng dần.") % n)
        previous = upto
    if previous != 100:
        raise ValueError(_("Mức cuối cùng phải có giới hạn trên (upto) là 100."))


def compute(kind: str, rules: dict, items, answers: dict) -> Result:
    """``items``: the version's items (with ``options`` prefetched for the risk kind);
    ``answers``: {item_id: (met, option_id)}; a missing item counts as not met / worst answer."""
    if kind == Kind.RISK:
        return _risk(rules, items, answers)
    return _tick(rules, items, answers)


def _tick(rules, items, answers) -> Result:
    total = met = 0
    unmet, critical = [], []
    for item in items:
        total += item.weight
        if answers.get(item.id, (None, None))[0]:
            met += item.weight
        else:
            unmet.append(item.id)
            if item.critical:
                critical.append(item.id)
    score = Fraction(met, total) * 100 if total else Fraction(100)
    if critical or score < _number(rules, "yellow_min"):
        level = Level.RED
    elif score >= _number(rules, "green_min"):
        level = Level.GREEN
    else:
        level = Level.YELLOW
    return Result(
        level=level.value, score=_percent(score), band=str(level.label), unmet=unmet, critical=critical
    )


def _risk(rules, items, answers) -> Result:
    maximum = points = 0
    unmet, critical = [], []
    for item in items:
        options = {o.id: o for o in item.options.all()}
        worst = max((o.points for o in options.values()), default=0)
        maximum += worst
        chosen = options.get(answers.get(item.id, (None, None))[1])
        scored = worst if chosen is None else chosen.points
        points += scored
        if scored:
            unmet.append(item.id)
        if chosen is not None and chosen.is_critical:
            critical.append(item.id)
    index = Fraction(points, maximum) * 100 if maximum else Fraction(0)
    band = next((b for b in rules["bands"] if index <= _number(b, "upto")), rules["bands"][-1])
    level = Level.RED.value if critical else band["level"]
    return Result(level=level, score=_percent(index), band=band["label"], unmet=unmet, critical=critical)
