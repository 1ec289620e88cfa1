"""``/leonar connect`` / ``disconnect`` end to end: signed requests → bot → fake Slack + sandbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from bot.leonar.errors import AuthenticationError
from bot.slack.interaction import interaction_of
from bot.store import fingerprint
from bot.ui.connect import (
    REFUSED_SAVED_KEY,
    ConnectStatus,
    connect_modal,
    connect_prompt,
)
from standins.harness import Stack, running_stack
from standins.leonar import ALL_SCOPES, DEFAULT_KEY
from standins.slack.state import ViewRecord

USER_KEY = "leo_user_alice_0123456789"
BOB_KEY = "leo_user_bob_9876543210"


def _view(stack: Stack, user: str = "U0ALICE") -> ViewRecord:
    view = stack.fake.current_view(user)
    assert view is not None, "no modal open"
    return view


def _view_showing(stack: Stack, user: str, words: str) -> ViewRecord | None:
    view = stack.fake.current_view(user)
    return view if view is not None and words in view.visible_text else None


async def _open_connect(stack: Stack, user: str = "U0ALICE") -> ViewRecord:
    resp = await stack.driver.command("/leonar", "connect", user=user)
    assert resp.status_code == 200
    await stack.driver.wait_for(lambda: stack.fake.current_view(user))
    return _view(stack, user)


def _install_probe(stack: Stack) -> list[str]:
    """A test-only command that does what a flow does: require_leonar, then one Leonar call."""
    outcomes: list[str] = []

    async def probe(ack: Any, context: Any) -> None:
        await ack()
        leonar = await interaction_of(context).require_leonar()
        if leonar is None:
            outcomes.append("prompted")
            return
        await leonar.projects.list(limit=1)
        outcomes.append("called")

    stack.app.state.bolt.command("/probe")(probe)
    return outcomes


async def test_connect_modal_has_the_api_key_input_and_explains_where_to_find_it(
    stack: Stack,
) -> None:
    view = await _open_connect(stack)
    assert "API key" in view.visible_text
    assert "Settings" in view.visible_text and "leo_" in view.visible_text
    # Alice is no admin: no workspace extras
    assert "workspace default" not in view.visible_text.lower()
    assert stack.leonar.requests == []


async def test_connect_with_a_good_key_stores_it_encrypted_and_uses_it(stack: Stack) -> None:
    stack.leonar.add_key(USER_KEY)
    # before connecting, Alice's requests carry the workspace default (and this process
    # remembers that for a few seconds: connecting must replace it at once)
    outcomes = _install_probe(stack)
    await stack.driver.command("/probe", "", user="U0ALICE")
    await stack.driver.wait_for(lambda: outcomes == ["called"])
    assert stack.leonar.requests[-1].key == DEFAULT_KEY
    view = await _open_connect(stack)
    result = await stack.driver.submit(view.id, {"API key": f"  {USER_KEY} "})
    assert result.status == 200 and result.errors == {}
    assert result.response_action == "update"
    assert result.view is not None and "Connected" in result.view.visible_text
    # checked with Leonar, with that key, before storing
    assert stack.leonar.requests[-1].key == USER_KEY
    assert stack.leonar.requests[-1].endpoint == "/projects"
    assert await stack.deps.db.user_keys.get("T0TEAM", "U0ALICE") == USER_KEY
    assert await stack.deps.db.user_keys.fingerprint("T0TEAM", "U0ALICE") == fingerprint(USER_KEY)

    # from now on, what Alice does carries her key; Bob still uses the workspace default
    stack.leonar.reset_requests()
    await stack.driver.command("/probe", "", user="U0ALICE")
    await stack.driver.wait_for(lambda: outcomes == ["called", "called"])
    assert stack.leonar.requests[-1].key == USER_KEY
    await stack.driver.command("/probe", "", user="U0BOB")
    await stack.driver.wait_for(lambda: len(outcomes) == 3)
    assert stack.leonar.requests[-1].key == DEFAULT_KEY


async def test_connect_with_a_bad_key_is_a_field_error_and_nothing_is_stored(
    stack: Stack,
) -> None:
    view = await _open_connect(stack)
    result = await stack.driver.submit(view.id, {"API key": "leo_not_a_real_key"})
    assert result.response_action == "errors"
    assert "Leonar refused this key" in result.errors["API key"]
    assert await stack.deps.db.user_keys.get("T0TEAM", "U0ALICE") is None
    # the modal stays open for a second try, which works
    stack.leonar.add_key(USER_KEY)
    again = await stack.driver.submit(view.id, {"API key": USER_KEY})
    assert again.response_action == "update"
    assert await stack.deps.db.user_keys.get("T0TEAM", "U0ALICE") == USER_KEY


async def test_a_malformed_key_is_refused_without_asking_leonar(stack: Stack) -> None:
    view = await _open_connect(stack)
    result = await stack.driver.submit(view.id, {"API key": "leo key with spaces"})
    assert result.response_action == "errors"
    assert "no spaces" in result.errors["API key"]
    assert stack.leonar.requests == []


async def test_a_key_lacking_a_scope_is_stored_with_a_warning(stack: Stack) -> None:
    stack.leonar.add_key(USER_KEY, scopes=set(ALL_SCOPES) - {"projects:read"})
    view = await _open_connect(stack)
    result = await stack.driver.submit(view.id, {"API key": USER_KEY})
    assert result.response_action == "update"
    assert result.view is not None
    assert "lacks some permissions" in result.view.visible_text
    assert "projects:read" in result.view.visible_text
    assert await stack.deps.db.user_keys.get("T0TEAM", "U0ALICE") == USER_KEY


async def test_a_double_submit_stores_once(stack: Stack) -> None:
    stack.leonar.add_key(USER_KEY)
    view = await _open_connect(stack)
    await stack.driver.fill(view.id, {"API key": USER_KEY})
    record = stack.fake.views[view.id]
    payload = stack.driver._base("view_submission", "U0ALICE")
    payload.update(trigger_id="t", view=stack.driver._view_payload(record), response_urls=[])
    first = await stack.driver.send_payload(payload, what="submit")
    second = await stack.driver.send_payload(payload, what="submit again")
    assert first.status_code == second.status_code == 200
    assert first.json()["response_action"] == second.json()["response_action"] == "update"
    keys = await _dedupe_keys(stack)
    assert len([k for k in keys if k.startswith(f"view-submit:{view.id}:")]) == 1


async def _dedupe_keys(stack: Stack) -> list[str]:
    async with stack.deps.db.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT key FROM dedupe_keys"))).all()
    return [str(r[0]) for r in rows]


async def test_disconnect_forgets_the_key() -> None:
    async with running_stack(leonar_api_key=None) as stack:
        stack.leonar.add_key(USER_KEY)
        await stack.deps.db.user_keys.set("T0TEAM", "U0ALICE", USER_KEY)
        # a request first, so this process remembers her key: disconnecting must forget it
        outcomes = _install_probe(stack)
        await stack.driver.command("/probe", "")
        await stack.driver.wait_for(lambda: outcomes == ["called"])
        await stack.driver.command("/leonar", "disconnect")
        (eph,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
        assert "forgot your Leonar API key" in eph.text
        assert "/leonar connect" in eph.text
        assert await stack.deps.db.user_keys.get("T0TEAM", "U0ALICE") is None

        # with no key left anywhere, features answer with the connect prompt at once
        stack.leonar.reset_requests()
        await stack.driver.command("/probe", "")
        await stack.driver.wait_for(lambda: outcomes == ["called", "prompted"])
        assert stack.leonar.requests == []


async def test_disconnect_without_a_key_says_so(stack: Stack) -> None:
    await stack.driver.command("/leonar", "disconnect", user="U0BOB")
    (eph,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0BOB"))
    assert "no saved Leonar API key" in eph.text
    assert "workspace's default key" in eph.text


async def test_no_key_prompt_has_a_connect_button_that_opens_the_modal() -> None:
    async with running_stack(leonar_api_key=None) as stack:
        outcomes = _install_probe(stack)
        await stack.driver.command("/probe", "")
        (prompt,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
        # the probe records its outcome just after the prompt was posted
        await stack.driver.wait_for(lambda: outcomes == ["prompted"])
        assert "/leonar connect" in prompt.text
        await stack.driver.click("Connect", message=prompt)
        view = await stack.driver.wait_for(lambda: stack.fake.current_view("U0ALICE"))
        assert "API key" in view.visible_text
        stack.leonar.add_key(USER_KEY)
        result = await stack.driver.submit(view.id, {"API key": USER_KEY})
        assert result.response_action == "update"
        await stack.driver.command("/probe", "")
        await stack.driver.wait_for(lambda: outcomes == ["prompted", "called"])
        assert stack.leonar.requests[-1].key == USER_KEY


async def test_a_refused_saved_key_tells_the_user_to_reconnect(stack: Stack) -> None:
    await stack.deps.db.user_keys.set("T0TEAM", "U0ALICE", "leo_revoked_since")
    _install_probe(stack)
    await stack.driver.command("/probe", "")
    (eph,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
    assert eph.text == REFUSED_SAVED_KEY


async def test_admin_sets_the_workspace_default_and_result_privacy(stack: Stack) -> None:
    stack.leonar.add_key(BOB_KEY)
    view = await _open_connect(stack, user="U0BOB")
    view = await stack.driver.wait_for(lambda: _view_showing(stack, "U0BOB", "Workspace default"))

    # the admin's workspace settings modal, pushed from the connect modal
    await stack.driver.click("Workspace settings", view_id=view.id, user="U0BOB")
    settings_view = await stack.driver.wait_for(
        lambda: _view_showing(stack, "U0BOB", "Where found emails and phone numbers go")
    )
    assert "Where found emails and phone numbers go" in settings_view.visible_text
    saved = await stack.driver.submit(
        settings_view.id,
        {"Where found emails and phone numbers go": "Everything only to the person who asked"},
    )
    assert saved.response_action == "update"
    assert (await stack.deps.db.workspaces.get("T0TEAM")).enrichment_results == "private"

    result = await stack.driver.submit(
        view.id,
        {"API key": BOB_KEY, "Workspace default": ["Set as the workspace default key"]},
        user="U0BOB",
    )
    assert result.response_action == "update"
    assert await stack.deps.db.workspaces.get_default_key("T0TEAM") == BOB_KEY
    # Alice (no own key) now uses the workspace default
    owned = await stack.deps.keys.resolve("T0TEAM", "U0ALICE")
    assert owned is not None and owned[1] == BOB_KEY


async def test_a_non_admin_cannot_set_the_workspace_default(stack: Stack) -> None:
    """A forged submission with the admin checkbox from a non-admin stores only the own key."""
    stack.leonar.add_key(USER_KEY)
    view = await _open_connect(stack)
    record = stack.fake.views[view.id]
    payload = stack.driver._base("view_submission", "U0ALICE")
    data = stack.driver._view_payload(record)
    data["state"]["values"]["connect_key"] = {
        "connect_key_input": {"type": "plain_text_input", "value": USER_KEY}
    }
    data["state"]["values"]["connect_default"] = {
        "connect_default_input": {
            "type": "checkboxes",
            "selected_options": [{"value": "workspace_default"}],
        }
    }
    payload.update(trigger_id="t", view=data, response_urls=[])
    resp = await stack.driver.send_payload(payload, what="forged submit")
    assert resp.json()["response_action"] == "update"
    assert await stack.deps.db.user_keys.get("T0TEAM", "U0ALICE") == USER_KEY
    assert await stack.deps.db.workspaces.get_default_key("T0TEAM") is None


# --- pure builders and helpers -------------------------------------------------------------


def test_connect_prompt_has_a_connect_button() -> None:
    text, blocks = connect_prompt()
    assert "/leonar connect" in text
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["leonar_connect"]


def test_connect_modal_shows_the_fingerprint_never_the_key() -> None:
    view = connect_modal(ConnectStatus("user", "abc123def456"))
    flat = str(view)
    assert "abc123def456" in flat
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["API key"]
    admin = connect_modal(ConnectStatus("none"), admin=True)
    assert "Set as the workspace default key" in str(admin)


def test_authentication_error_default_words_mention_connect() -> None:
    err = AuthenticationError("nope", status_code=401, code="invalid_api_key")
    assert "/leonar connect" in err.user_message


async def test_a_slow_leonar_is_a_field_error_within_slacks_three_seconds(stack: Stack) -> None:
    stack.leonar.add_key(USER_KEY)
    view = await _open_connect(stack)
    stack.leonar.latency = 3.0
    result = await stack.driver.submit(view.id, {"API key": USER_KEY})
    assert result.response_action == "errors"
    assert "did not answer in time" in result.errors["API key"]
    assert stack.driver.late_acks == []
    assert await stack.deps.db.user_keys.get("T0TEAM", "U0ALICE") is None
