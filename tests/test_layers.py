"""The import-linter contracts of pyproject.toml: they hold for the code, and they break on an
import against the direction (checked by adding one such import to the real import graph)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from importlinter.application import use_cases
from importlinter.application.app_config import settings
from importlinter.configuration import configure

ROOT = Path(__file__).resolve().parent.parent


class _GraphPlus:
    """The real graph builder, with extra imports added to what it finds."""

    def __init__(self, inner: Any, extra: list[tuple[str, str]]) -> None:
        self.inner = inner
        self.extra = extra

    def build(self, **kwargs: Any) -> Any:
        graph = self.inner.build(**kwargs)
        for importer, imported in self.extra:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
        return graph


def _lint(monkeypatch: pytest.MonkeyPatch, *extra: tuple[str, str]) -> bool:
    configure()
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(settings, "GRAPH_BUILDER", _GraphPlus(settings.GRAPH_BUILDER, list(extra)))
    passed = use_cases.lint_imports(
        config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True
    )
    return bool(passed)


def test_the_code_keeps_every_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _lint(monkeypatch)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("bot.ui.contacts", "bot.slack.threads"),  # a pure builder reaching for Slack posting
        ("bot.services.search", "bot.ui.contacts"),  # a service rendering Block Kit
        ("bot.leonar.resources", "bot.leonar.client"),  # the client's cycle
        ("bot.slack.app", "handlers.commands.leonar"),  # the app factory finding listeners
        ("bot.flows.search", "standins.leonar"),  # the runtime using a stand-in
        ("handlers.actions.enrich", "handlers.commands.leonar"),  # a listener using another
    ],
)
def test_an_import_against_the_direction_breaks_a_contract(
    monkeypatch: pytest.MonkeyPatch, importer: str, imported: str
) -> None:
    assert not _lint(monkeypatch, (importer, imported))
