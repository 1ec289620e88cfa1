"""The sourcing modal's location typeahead: ``GET /sourcing/linkedin/locations`` for the account
picked in the modal (read from the view's state)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.services import sourcing
from bot.slack.deps import Deps
from bot.ui import sourcing as ui
from bot.ui.actions import SOURCING_LOCATIONS


async def on_location_suggest(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    # the options ARE the acknowledgement: find_locations answers within 2.5 s or gives up
    deps: Deps = context["deps"]
    view = body.get("view") if isinstance(body.get("view"), dict) else {}
    state = (view or {}).get("state") or {}
    values = state.get("values") if isinstance(state, dict) else None
    account = ui.selected_account(values if isinstance(values, dict) else {})
    query = str(body.get("value") or "")
    team = body.get("team") or {}
    user = body.get("user") or {}
    client = await deps.leonar_for(
        str(team.get("id") or "") if isinstance(team, dict) else None,
        str(user.get("id") or "") if isinstance(user, dict) else None,
    )
    if account is None or client is None:
        await ack(options=[])
        return
    locations = await sourcing.find_locations(
        client, query=query, account_id=account[0], api_type=account[1]
    )
    await ack(options=ui.location_options(locations))


def register(app: AsyncApp) -> None:
    app.options(SOURCING_LOCATIONS)(on_location_suggest)
