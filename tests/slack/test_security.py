"""Security and identity end to end: allow-list and user group, signatures, every no-key path,
secrets never in logs or the database, log redaction, key rotation."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import inspect, text

from bot.cli import main
from bot.log import MASK, SecretRedactor, install_redaction
from bot.store import Database
from bot.ui.help import not_allowed_text
from standins.harness import BOT_TOKEN, SIGNING_SECRET, Stack, running_stack
from standins.leonar import DEFAULT_KEY
from standins.leonar_data import NO_EMAIL_CONTACT_ID, SOPHIE_CONTACT_ID
from standins.slack.state import ViewRecord

USER_KEY = "leo_user_secret_alice_42"


def _ephemeral_texts(stack: Stack, user: str) -> list[str]:
    return [e.text for e in stack.fake.ephemerals_for(user)]


# --- who may use the bot -----------------------------------------------------------------


async def test_allow_list_refuses_others_with_a_clear_ephemeral() -> None:
    async with running_stack(allowed_users="U0BOB") as stack:
        resp = await stack.driver.command("/leonar", "search sophie", user="U0ALICE")
        assert resp.status_code == 200
        answer = resp.json()
        assert answer["response_type"] == "ephemeral"
        assert answer["text"] == not_allowed_text()
        assert stack.leonar.requests == []
        assert stack.fake.messages("C0GENERAL") == []

        # a click on someone else's message: refused to the clicker alone, nothing done
        await stack.driver.command("/leonar", "search sophie", user="U0BOB")
        await stack.driver.wait_for(lambda: stack.fake.messages("C0GENERAL"))
        parent = stack.fake.messages("C0GENERAL")[0]
        replies = await stack.driver.wait_for(lambda: stack.fake.replies("C0GENERAL", parent.ts))
        stack.leonar.reset_requests()
        calls = len(stack.fake.calls)
        await stack.driver.click("Enrich", message=replies[0], user="U0ALICE")
        texts = await stack.driver.wait_for(
            lambda: (t := _ephemeral_texts(stack, "U0ALICE")) and len(t) == 2 and t
        )
        assert texts == [not_allowed_text(), not_allowed_text()]
        assert stack.leonar.requests == []
        assert [c.method for c in stack.fake.calls[calls:]] == []


async def test_allowed_usergroup_lets_its_members_in() -> None:
    async with running_stack(allowed_usergroup="S0RECRUIT") as stack:
        stack.fake.usergroups["S0RECRUIT"] = ["U0ALICE"]
        await stack.driver.command("/leonar", "help", user="U0ALICE")
        (text_seen,) = await stack.driver.wait_for(lambda: _ephemeral_texts(stack, "U0ALICE"))
        assert "/leonar search" in text_seen

        resp = await stack.driver.command("/leonar", "help", user="U0BOB")
        assert resp.json()["text"] == not_allowed_text()
        # members are remembered for a while: one usergroups.users.list for both requests
        lookups = [c for c in stack.fake.calls if c.method == "usergroups.users.list"]
        assert len(lookups) == 1 and lookups[0].args["usergroup"] == "S0RECRUIT"


async def test_allow_list_and_usergroup_combine_and_a_missing_group_fails_closed() -> None:
    async with running_stack(allowed_users="U0BOB", allowed_usergroup="S0GONE") as stack:
        await stack.driver.command("/leonar", "help", user="U0BOB")
        await stack.driver.wait_for(lambda: _ephemeral_texts(stack, "U0BOB"))
        resp = await stack.driver.command("/leonar", "help", user="U0ALICE")
        assert resp.json()["text"] == not_allowed_text()


# --- request signatures ------------------------------------------------------------------


def _command_body() -> str:
    return urlencode(
        {
            "command": "/leonar",
            "text": "help",
            "user_id": "U0ALICE",
            "channel_id": "C0GENERAL",
            "team_id": "T0TEAM",
            "trigger_id": "t",
        }
    )


async def _post(stack: Stack, body: str, headers: dict[str, str]) -> int:
    resp = await stack.http.post(
        f"{stack.bot_url}/slack/events",
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
    )
    return resp.status_code


@pytest.mark.parametrize(
    "case", ["unsigned", "wrong secret", "tampered body", "six minutes old", "from the future"]
)
async def test_bad_signatures_are_refused_without_side_effects(stack: Stack, case: str) -> None:
    body = _command_body()
    headers = stack.driver.sign(body)
    if case == "unsigned":
        headers = {}
    elif case == "wrong secret":
        ts = headers["X-Slack-Request-Timestamp"]
        forged = SignatureVerifier("not-the-secret").generate_signature(timestamp=ts, body=body)
        headers["X-Slack-Signature"] = str(forged)
    elif case == "tampered body":
        body = body.replace("help", "search")
    elif case == "six minutes old":
        headers = stack.driver.sign(body, timestamp=str(int(time.time()) - 6 * 60))
    else:
        headers = stack.driver.sign(body, timestamp=str(int(time.time()) + 6 * 60))
    assert await _post(stack, body, headers) == 401
    assert stack.fake.calls == [] and stack.fake.responses == []
    assert stack.leonar.requests == []


async def test_a_signature_within_the_five_minute_window_is_accepted(stack: Stack) -> None:
    body = _command_body()
    headers = stack.driver.sign(body, timestamp=str(int(time.time()) - 4 * 60))
    assert await _post(stack, body, headers) == 200


# --- every feature path without a key answers with the connect prompt --------------------


@pytest.mark.parametrize(
    "command",
    [
        "search sophie",
        f"enrich {SOPHIE_CONTACT_ID}",
        "add Sophie",
        "source data engineer",
        "deal new",
    ],
)
async def test_without_any_key_every_command_says_how_to_connect(command: str) -> None:
    async with running_stack(leonar_api_key=None) as stack:
        await stack.driver.command("/leonar", command)

        def prompted() -> list[str]:
            shown = _ephemeral_texts(stack, "U0ALICE")
            shown += [v.visible_text for v in stack.fake.views.values() if v.user == "U0ALICE"]
            shown += [m.visible_text for m in stack.fake.all_messages()]
            return [t for t in shown if "/leonar connect" in t]

        await stack.driver.wait_for(prompted)
        assert stack.leonar.requests == []


# --- no secret in logs or in the database ------------------------------------------------


async def _dump_database(stack: Stack) -> str:
    """Every row of every table, as text (bytes decoded leniently)."""
    chunks: list[str] = []
    async with stack.deps.db.engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        for table in tables:
            rows = (await conn.execute(text(f'SELECT * FROM "{table}"'))).all()
            for row in rows:
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        chunks.append(bytes(value).decode("latin-1"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


async def test_no_secret_in_logs_or_database_after_connect_search_and_enrich(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_stack(enrichment_poll_interval=0.2) as stack:
        stack.leonar.enrichment_delay = 0.3
        stack.leonar.add_key(USER_KEY)
        await stack.driver.command("/leonar", "connect")
        view = await stack.driver.wait_for(lambda: stack.fake.current_view("U0ALICE"))
        bad = await stack.driver.submit(view.id, {"API key": "leo_wrong_key_zz"})
        assert bad.errors
        done = await stack.driver.submit(view.id, {"API key": USER_KEY})
        assert done.response_action == "update"

        await stack.driver.command("/leonar", "search sophie")
        parent = (await stack.driver.wait_for(lambda: stack.fake.messages("C0GENERAL")))[0]
        await stack.driver.wait_for(lambda: stack.fake.replies("C0GENERAL", parent.ts))
        await stack.driver.command("/leonar", f"enrich {NO_EMAIL_CONTACT_ID}")
        await stack.driver.wait_for(
            lambda: [m for m in stack.fake.all_messages() if "<@U0ALICE>" in m.text], timeout=15
        )
        assert stack.leonar.requests_to("POST", f"/contacts/{NO_EMAIL_CONTACT_ID}/enrich")
        assert {r.key for r in stack.leonar.requests[-3:]} == {USER_KEY}
        dump = await _dump_database(stack)
        settings = stack.settings
        assert settings.encryption_key is not None
        secrets = {
            "bot token": BOT_TOKEN,
            "signing secret": SIGNING_SECRET,
            "user key": USER_KEY,
            "refused key": "leo_wrong_key_zz",
            "workspace key": DEFAULT_KEY,
            "encryption key": settings.encryption_key.get_secret_value(),
        }
    logs = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    assert len(caplog.records) > 20  # the flow did log (at DEBUG), so the check means something
    for name, secret in secrets.items():
        assert secret not in logs, f"{name} in the logs"
        assert secret not in dump, f"{name} in the database"


# --- log redaction -----------------------------------------------------------------------


def test_redactor_masks_tokens_keys_and_known_secrets() -> None:
    redactor = SecretRedactor(["sup3r-signing-secret"])
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "token %s key %s secret %s", None, None
    )
    record.args = ("xoxb-123-456-abc", "leo_live_abcDEF123", "sup3r-signing-secret")
    redactor.filter(record)
    message = record.getMessage()
    assert "xoxb-123" not in message and "leo_live" not in message and "sup3r" not in message
    assert message.count(MASK) == 3
    for token in ("xoxp-1-2", "xapp-1-A0-123", "xoxe.xoxb-1-abc", "xoxe-1-refresh"):
        assert redactor.redact(f"got {token} here") == f"got {MASK} here"
    assert (
        redactor.redact("an ordinary sentence about leonar") == "an ordinary sentence about leonar"
    )


def test_redaction_covers_exceptions_and_every_handler(caplog: pytest.LogCaptureFixture) -> None:
    install_redaction()
    log = logging.getLogger("tests.security")
    try:
        raise RuntimeError("Bearer leo_in_a_traceback_123")
    except RuntimeError:
        log.exception("failed with xoxb-in-message-1")
    assert "leo_in_a_traceback" not in caplog.text
    assert "xoxb-in-message" not in caplog.text
    assert MASK in caplog.text


# --- encryption key rotation -------------------------------------------------------------


async def test_rotate_keys_cli_reencrypts_under_the_new_key(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    url = f"sqlite+aiosqlite:///{tmp_path / 'rot.db'}"
    async with Database(url, encryption_keys=[old]) as db:
        await db.migrate()
        await db.user_keys.set("T1", "U1", USER_KEY)
        await db.workspaces.set_default_key("T1", "leo_workspace_default_1")

    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ENCRYPTION_KEY", f"{new},{old}")
    for name in ("LEONAR_API_KEY", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    # the CLI runs its own event loop: run it in a thread
    code = await asyncio.to_thread(main, ["rotate-keys"])
    assert code == 0
    assert "re-encrypted 2 stored key(s)" in capsys.readouterr().out

    async with Database(url, encryption_keys=[new]) as db:  # the old key is gone now
        assert await db.user_keys.get("T1", "U1") == USER_KEY
        assert await db.workspaces.get_default_key("T1") == "leo_workspace_default_1"
    assert os.environ["ENCRYPTION_KEY"].startswith(new)


def test_rotate_keys_without_encryption_key_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ENCRYPTION_KEY", raising=False)
    assert main(["rotate-keys"]) == 2
    err = capsys.readouterr().err
    assert "ENCRYPTION_KEY" in err and "Traceback" not in err


# --- privacy: where enrichment results go ------------------------------------------------


def _view_showing(stack: Stack, words: str, user: str = "U0BOB") -> ViewRecord | None:
    view = stack.fake.current_view(user)
    return view if view is not None and words in view.visible_text else None


async def test_private_enrichment_results_reach_only_the_requester() -> None:
    email = "thomas.dubois@backmarket.com"
    async with running_stack(enrichment_poll_interval=0.2) as stack:
        stack.leonar.enrichment_delay = 0.3
        # an admin chooses "only the requester" in the workspace settings (from /leonar connect)
        await stack.driver.command("/leonar", "connect", user="U0BOB")
        connect = await stack.driver.wait_for(lambda: _view_showing(stack, "Workspace default"))
        await stack.driver.click("Workspace settings", view_id=connect.id, user="U0BOB")
        settings_view = await stack.driver.wait_for(
            lambda: _view_showing(stack, "Where found emails and phone numbers go")
        )
        saved = await stack.driver.submit(
            settings_view.id,
            {"Where found emails and phone numbers go": "Everything only to the person who asked"},
        )
        assert saved.response_action == "update"

        await stack.driver.command("/leonar", f"enrich {NO_EMAIL_CONTACT_ID}")
        found = await stack.driver.wait_for(
            lambda: [e for e in stack.fake.ephemerals_for("U0ALICE") if email in e.visible_text],
            timeout=15,
        )
        assert found[0].channel == "C0GENERAL"
        public = [
            m
            for m in stack.fake.messages("C0GENERAL", include_replies=True)
            if email in m.visible_text
        ]
        assert public == []
        # the DM follows the ephemeral
        dms = await stack.driver.wait_for(
            lambda: [m for m in stack.fake.all_messages() if email in m.visible_text]
        )
        assert [stack.fake.channels[m.channel].is_im for m in dms] == [True]
        assert stack.fake.ephemerals_for("U0BOB") == []


def test_redaction_keeps_arguments_for_formatters_that_unpack_them() -> None:
    redactor = SecretRedactor()
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s" %d',
        ("127.0.0.1:5000", "GET", "/x?token=xoxb-1-2-3", 200),
        None,
    )
    redactor.filter(record)
    assert isinstance(record.args, tuple) and len(record.args) == 4
    assert record.args[3] == 200
    assert record.getMessage() == f'127.0.0.1:5000 - "GET /x?token={MASK}" 200'
