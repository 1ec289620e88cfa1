from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from bot.commands import parse
from bot.slack.deps import Deps
from bot.slack.threads import Poster
from handlers.commands import load_subcommands
from handlers.commands.router import SUBCOMMANDS, CommandContext, dispatch, subcommand


@dataclass
class RecordingPoster:
    ephemerals: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    async def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Any = None,
        *,
        response_url: str | None = None,
    ) -> None:
        self.ephemerals.append((channel, user, text, response_url))


def _ctx(text: str, poster: RecordingPoster) -> CommandContext:
    payload = {
        "team_id": "T1",
        "user_id": "U1",
        "channel_id": "C1",
        "response_url": "https://hooks/1",
        "trigger_id": "t1",
    }
    return CommandContext(
        command=parse(text),
        payload=payload,
        deps=cast(Deps, None),
        client=cast(Any, None),
        poster=cast(Poster, poster),
    )


async def test_unbuilt_subcommand_says_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(SUBCOMMANDS, "deal", raising=False)
    poster = RecordingPoster()
    await dispatch(_ctx("deal new", poster))
    assert poster.ephemerals == [
        ("C1", "U1", "`/leonar deal` is not available yet.", "https://hooks/1")
    ]


async def test_registered_subcommand_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[CommandContext] = []

    async def handler(ctx: CommandContext) -> None:
        seen.append(ctx)

    monkeypatch.delitem(SUBCOMMANDS, "source", raising=False)
    subcommand("source")(handler)
    try:
        await dispatch(_ctx("source data engineer", RecordingPoster()))
    finally:
        del SUBCOMMANDS["source"]
    (ctx,) = seen
    assert ctx.command.titles == ("data engineer",)
    assert (ctx.team_id, ctx.user_id, ctx.channel_id, ctx.trigger_id) == ("T1", "U1", "C1", "t1")


def test_help_is_registered_by_loading_the_package() -> None:
    load_subcommands()
    assert "help" in SUBCOMMANDS


async def test_help_handler_lists_subcommands() -> None:
    load_subcommands()
    poster = RecordingPoster()
    await dispatch(_ctx("nope", poster))
    ((_, _, text, _),) = poster.ephemerals
    assert text.startswith("I don't know `nope`.")


def test_unknown_name_and_double_registration_are_refused() -> None:
    async def handler(ctx: CommandContext) -> None:
        return None

    with pytest.raises(ValueError):
        subcommand("frobnicate")
    load_subcommands()
    with pytest.raises(ValueError):
        subcommand("help")(handler)
