"""The import rules in pyproject.toml ([tool.importlinter]) are a check that fails the build:
scripts/test runs `lint-imports`. These tests show the check passes on the tree as it is and
fails when a lower app imports a higher one or an app's modules import each other in a circle."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["accounts", "checklists", "assessments", "reports", "safemap"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint)], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def tree(tmp_path):
    """A copy of the project's packages and import rules to break."""
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_every_import_rule():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout
    assert "3 kept, 0 broken" in result.stdout


def test_a_lower_app_importing_a_higher_one_fails_the_check(tree):
    with (tree / "accounts" / "text.py").open("a") as f:
        f.write("\nfrom reports import exports  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "accounts is not allowed to import reports" in result.stdout


def test_a_circle_inside_an_app_fails_the_check(tree):
    with (tree / "accounts" / "text.py").open("a") as f:
        f.write("\nfrom accounts import scoping  # noqa\n")  # scoping → models → text → scoping
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "No cycles are allowed in accounts" in result.stdout
