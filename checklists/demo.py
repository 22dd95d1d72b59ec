"""Loads the seed templates (the four "Chống dịch Covid19" checklists). Importing an
unchanged file does nothing, so this is safe to run again."""

from pathlib import Path

from .transfer import import_template, loads

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_FILES = ["noi-lam-viec.json", "ky-tuc-xa.json", "khu-dich-vu.json", "nguy-co-2194.json"]


def load_seed_templates():
    return [import_template(loads((SEED_DIR / name).read_bytes()))[0] for name in SEED_FILES]


def seed(stdout=None) -> list:
    load_seed_templates()
    return []
