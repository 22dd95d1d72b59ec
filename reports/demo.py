"""Demo flags: run one scan over the demo facilities so officers see flags and an inbox."""

from .flags import flags_scan


def seed() -> list:
    flags_scan()
    return []
