import pytest

from tests.factories.security import build_world

FIGURES = pytest.StashKey[dict]()


@pytest.fixture
def figures(request):
    """Counts the security tests report at the end of the run (URL × role cells, hostile
    inputs tried, 500s seen): the issue's closing note quotes them."""
    return request.config.stash.setdefault(FIGURES, {})


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def pytest_terminal_summary(terminalreporter, config):
    figures = config.stash.get(FIGURES, None)
    if figures:
        terminalreporter.write_sep("-", "security figures")
        for name, value in sorted(figures.items()):
            terminalreporter.write_line(f"{name}: {value}")
