from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.cli import MANIFEST_PLACEHOLDER, main, manifest_path
from bot.slack.app import BOT_SCOPES

ROOT = Path(__file__).resolve().parent.parent


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_manifest_is_the_repository_file() -> None:
    assert manifest_path() == ROOT / "app_manifest.yml"


def test_manifest_has_the_required_keys() -> None:
    m = _load(manifest_path().read_text())
    assert m["display_information"]["name"] == "Leonar"
    assert m["features"]["bot_user"]["display_name"]
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert m["features"]["app_home"]["messages_tab_enabled"] is True
    (command,) = m["features"]["slash_commands"]
    assert command["command"] == "/leonar"
    assert command["description"] and command["usage_hint"]
    assert set(m["features"]["unfurl_domains"]) == {"linkedin.com", "app.leonar.app"}
    shortcuts = {s["callback_id"]: s["type"] for s in m["features"]["shortcuts"]}
    assert shortcuts == {
        "search_leonar": "global",
        "add_to_leonar_project": "message",
        "save_leonar_note": "message",
    }
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "link_shared",
        "app_uninstalled",
        "tokens_revoked",
    }
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["settings"]["socket_mode_enabled"] is False
    assert m["settings"]["token_rotation_enabled"] is False


def test_manifest_scopes_are_the_ones_oauth_asks_for() -> None:
    m = _load(manifest_path().read_text())
    assert m["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)


def test_manifest_command_fills_every_url(capsys: Any) -> None:
    assert main(["manifest", "--url", "https://bot.acme.io/"]) == 0
    out = capsys.readouterr().out
    assert MANIFEST_PLACEHOLDER not in out
    m = _load(out)
    events = "https://bot.acme.io/slack/events"
    assert m["features"]["slash_commands"][0]["url"] == events
    assert m["settings"]["event_subscriptions"]["request_url"] == events
    assert m["settings"]["interactivity"]["request_url"] == events
    assert m["settings"]["interactivity"]["message_menu_options_url"] == events
    assert m["oauth_config"]["redirect_urls"] == ["https://bot.acme.io/slack/oauth_redirect"]


def test_manifest_command_rejects_a_url_without_scheme(capsys: Any) -> None:
    assert main(["manifest", "--url", "bot.acme.io"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "--url" in err
