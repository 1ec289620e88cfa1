"""The fake Slack and its driver, exercised through a tiny real Bolt app over HTTP (and over
the fake's Socket Mode)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from standins.serve import serve_asgi
from standins.slack import FakeSlack, SlackDriver, SlackProtocolError

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
PROJECTS = ["Senior Frontend", "Backend Lead", "Data Engineer"]


def order_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "order",
        "title": {"type": "plain_text", "text": "Order candidates"},
        "submit": {"type": "plain_text", "text": "Order"},
        "private_metadata": "C0GENERAL",
        "blocks": [
            {
                "type": "input",
                "block_id": "project",
                "label": {"type": "plain_text", "text": "Project"},
                "element": {"type": "external_select", "action_id": "project_pick"},
            },
            {
                "type": "input",
                "block_id": "amount",
                "label": {"type": "plain_text", "text": "Amount of candidates"},
                "element": {"type": "plain_text_input", "action_id": "amount_input"},
            },
            {
                "type": "input",
                "block_id": "stage",
                "label": {"type": "plain_text", "text": "Stage"},
                "element": {
                    "type": "static_select",
                    "action_id": "stage_pick",
                    "options": [
                        {"text": {"type": "plain_text", "text": t}, "value": t.lower()}
                        for t in ("Screening", "Interview", "Offer")
                    ],
                },
            },
            {
                "type": "input",
                "block_id": "start",
                "optional": True,
                "label": {"type": "plain_text", "text": "Start date"},
                "element": {"type": "datepicker", "action_id": "start_pick"},
            },
        ],
    }


def build_bolt_app(fake: FakeSlack, seen: list[str]) -> Starlette:
    handler = AsyncSlackRequestHandler(demo_app(fake, seen))

    async def events(request: Request) -> Response:
        response: Response = await handler.handle(request)
        return response

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])


def demo_app(fake: FakeSlack, seen: list[str]) -> AsyncApp:
    app = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=fake.api_url), signing_secret=SECRET)

    @app.command("/demo")
    async def demo(ack: Any, command: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        if command["text"] == "help":
            await ack(
                text="Usage: /demo [modal]",
                blocks=[
                    {
                        "type": "section",
                        "text": {"type": "mrkdwn", "text": "Usage: `/demo [modal]`"},
                    },
                    {
                        "type": "actions",
                        "elements": [
                            {
                                "type": "button",
                                "action_id": "dismiss",
                                "text": {"type": "plain_text", "text": "Got it"},
                            }
                        ],
                    },
                ],
            )
            return
        await ack()
        seen.append(f"command:{command['text']}")
        if command["text"] == "modal":
            await client.views_open(trigger_id=command["trigger_id"], view=order_modal())
            return
        try:
            await client.chat_postMessage(
                channel=command["channel_id"],
                text="A candidate needs review",
                blocks=[
                    {"type": "section", "text": {"type": "mrkdwn", "text": "*Ada* needs review"}},
                    {
                        "type": "actions",
                        "elements": [
                            {
                                "type": "button",
                                "action_id": "approve",
                                "value": "ada-42",
                                "text": {"type": "plain_text", "text": "Approve"},
                            },
                            {
                                "type": "button",
                                "action_id": "reject",
                                "value": "ada-42",
                                "text": {"type": "plain_text", "text": "Reject"},
                            },
                        ],
                    },
                ],
            )
        except SlackApiError as e:
            await respond(f"I can't post here ({e.response['error']}). Invite me with /invite.")

    @app.action("approve")
    async def approve(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        seen.append(f"approve:{action['value']}")
        await client.chat_update(
            channel=body["channel"]["id"],
            ts=body["message"]["ts"],
            text=f"Approved by <@{body['user']['id']}>",
            blocks=[],
        )

    @app.action("dismiss")
    async def dismiss(ack: Any, respond: Any) -> None:
        await ack()
        await respond(delete_original=True)

    @app.options("project_pick")
    async def projects(ack: Any, payload: dict[str, Any]) -> None:
        seen.append(f"suggest:{payload['value']}")
        query = payload["value"].lower()
        await ack(
            options=[
                {"text": {"type": "plain_text", "text": p}, "value": f"p{i}"}
                for i, p in enumerate(PROJECTS)
                if query in p.lower()
            ]
        )

    @app.view("order")
    async def order(
        ack: Any, view: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values = view["state"]["values"]
        amount = values["amount"]["amount_input"]["value"]
        stage = values["stage"]["stage_pick"]["selected_option"]["value"]
        project = values["project"]["project_pick"]["selected_option"]["text"]["text"]
        seen.append(f"submit:{amount}:{stage}:{values['start']['start_pick']['selected_date']}")
        if not amount.isdigit():
            await ack(response_action="errors", errors={"amount": "Enter a whole number"})
            return
        if stage == "offer":
            await ack(
                response_action="push",
                view={
                    "type": "modal",
                    "callback_id": "confirm",
                    "title": {"type": "plain_text", "text": "Confirm"},
                    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Sure?"}}],
                },
            )
            return
        await ack()
        await client.chat_postMessage(
            channel=view["private_metadata"],
            text=f"<@{body['user']['id']}> ordered {amount} for {project} ({stage})",
        )

    return app


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack(signing_secret=SECRET, bot_token=TOKEN)
    async with serve_asgi(slack.app) as base_url:
        slack.base_url = base_url
        yield slack


@pytest.fixture
def seen() -> list[str]:
    return []


@pytest.fixture
async def drv(fake: FakeSlack, seen: list[str]) -> AsyncIterator[SlackDriver]:
    async with serve_asgi(build_bolt_app(fake, seen)) as app_base:
        fake.app_url = f"{app_base}/slack/events"
        async with httpx.AsyncClient(timeout=10) as http:
            yield SlackDriver(fake, http)


def web(fake: FakeSlack, token: str | None = TOKEN, **kwargs: Any) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=fake.api_url, **kwargs)


# ---------------------------------------------------------------------- through a Bolt app


async def test_command_posts_message_and_click_updates_it(
    fake: FakeSlack, drv: SlackDriver, seen: list[str]
) -> None:
    response = await drv.command("/demo", "", channel="C0GENERAL")
    assert response.status_code == 200

    posted = await drv.wait_for(lambda: fake.messages("C0GENERAL"))
    assert "*Ada* needs review" in posted[0].visible_text
    assert posted[0].ts == "1700000000.000100"

    click = await drv.click("approve")  # by action_id
    assert click.status_code == 200
    await drv.wait_for(lambda: fake.messages("C0GENERAL")[0].text.startswith("Approved"))
    message = fake.messages("C0GENERAL")[0]
    assert message.text == "Approved by <@U0ALICE>"
    assert message.blocks == [] and message.edited
    assert seen == ["command:", "approve:ada-42"]
    assert [c.method for c in fake.calls if c.ok][-1] == "chat.update"
    with pytest.raises(LookupError):
        await drv.click("Approve")  # the button is gone from what Alice sees


async def test_click_finds_button_by_text(
    fake: FakeSlack, drv: SlackDriver, seen: list[str]
) -> None:
    await drv.command("/demo")
    await drv.wait_for(lambda: fake.messages("C0GENERAL"))
    await drv.click("Approve", user="U0BOB")
    await drv.wait_for(lambda: "Approved" in fake.messages("C0GENERAL")[0].text)
    assert fake.messages("C0GENERAL")[0].text == "Approved by <@U0BOB>"
    assert "approve:ada-42" in seen


async def test_command_answer_in_http_body_is_shown_only_to_caller(
    fake: FakeSlack, drv: SlackDriver
) -> None:
    response = await drv.command("/demo", "help", channel="C0RANDOM")
    assert response.status_code == 200
    (note,) = fake.ephemerals_for("U0ALICE", "C0RANDOM")
    assert "Usage: `/demo [modal]`" in note.visible_text
    assert fake.messages("C0RANDOM") == [] and fake.ephemerals_for("U0BOB") == []
    await drv.click("Got it")
    await drv.wait_for(lambda: note.deleted)
    assert fake.ephemerals_for("U0ALICE") == []
    assert fake.responses[-1].body.get("delete_original") is True


async def test_socket_mode_delivers_commands_and_shows_the_ack_payload(
    fake: FakeSlack, seen: list[str]
) -> None:
    handler = AsyncSocketModeHandler(demo_app(fake, seen), fake.app_token)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        await fake.socket_mode.wait_connected(timeout=10)
        async with httpx.AsyncClient() as http:
            drv = SlackDriver(fake, http)
            answered = await drv.socket_command("/demo", "help", channel="C0RANDOM")
            quiet = await drv.socket_command("/demo", "from the socket")
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
    assert answered.payload is not None and answered.payload["text"] == "Usage: /demo [modal]"
    (note,) = fake.ephemerals_for("U0ALICE", "C0RANDOM")
    assert "Usage: `/demo [modal]`" in note.visible_text
    assert quiet.payload is None  # a bare ack()
    assert seen == ["command:from the socket"]
    assert fake.socket_mode.acks == [answered, quiet] and fake.socket_mode.unexpected == []
    (opened,) = [c for c in fake.calls if c.method == "apps.connections.open"]
    assert opened.token == fake.app_token and opened.response["url"].startswith("ws://")
    await fake.socket_mode.wait_disconnected(timeout=10)


async def test_socket_mode_wants_the_app_token_and_a_fresh_url(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as err:
        await web(fake).apps_connections_open(app_token=TOKEN)
    assert err.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as err:
        await web(fake).apps_connections_open(app_token="xapp-1-wrong")
    assert err.value.response["error"] == "invalid_auth"
    url = (await web(fake).apps_connections_open(app_token=fake.app_token))["url"]
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as ws:
            hello = await ws.receive_json(timeout=5)
            assert hello["type"] == "hello"
            assert hello["connection_info"] == {"app_id": fake.app_id}
            acked = fake.socket_mode.deliver("events_api", {"type": "event_callback"})
            envelope = await ws.receive_json(timeout=5)
            assert envelope["type"] == "events_api"
            assert envelope["accepts_response_payload"] is False
            assert (envelope["retry_attempt"], envelope["retry_reason"]) == (0, "")
            await ws.send_json({"envelope_id": envelope["envelope_id"]})
            assert (await asyncio.wait_for(acked, 5)).payload is None
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(url)  # each URL opens one connection
    assert fake.socket_mode.connected == 0


async def test_private_channel_answer_goes_through_response_url(
    fake: FakeSlack, drv: SlackDriver
) -> None:
    await drv.command("/demo", channel="C0PRIVATE")
    notes = await drv.wait_for(lambda: fake.ephemerals_for("U0ALICE", "C0PRIVATE"))
    assert "channel_not_found" in notes[0].text and "/invite" in notes[0].text
    assert fake.messages("C0PRIVATE") == []
    assert any(
        c.method == "chat.postMessage" and c.error == "channel_not_found" for c in fake.calls
    )
    assert fake.ephemerals_for("U0BOB") == []


async def test_modal_errors_then_submit_closes_and_posts(
    fake: FakeSlack, drv: SlackDriver, seen: list[str]
) -> None:
    await drv.command("/demo", "modal")
    view = await drv.wait_for(lambda: fake.current_view("U0ALICE"))
    assert view.title == "Order candidates"

    # Slack's client refuses to send while a required input is empty
    missing = await drv.submit(view.id, {"project": "Senior Front", "Amount": "3"})
    assert missing.status == 0
    assert missing.errors == {"Stage": "Please complete this required field."}
    assert not any(s.startswith("submit:") for s in seen)
    assert "suggest:Senior Front" in seen  # the external select asked the app for options

    bad = await drv.submit(view.id, {"amount": "lots", "stage": "Interview"})
    assert bad.status == 200 and bad.response_action == "errors"
    assert bad.errors == {"Amount of candidates": "Enter a whole number"}
    assert fake.current_view("U0ALICE") is view and not bad.closed

    good = await drv.submit(view.id, {"Amount": "3", "start": "2025-01-31"})
    assert good.closed and view.closed
    assert "submit:3:interview:2025-01-31" in seen
    posted = await drv.wait_for(lambda: fake.messages("C0GENERAL"))
    assert posted[0].text == "<@U0ALICE> ordered 3 for Senior Frontend (interview)"


async def test_response_action_push_stacks_a_view(fake: FakeSlack, drv: SlackDriver) -> None:
    await drv.command("/demo", "modal")
    view = await drv.wait_for(lambda: fake.current_view("U0ALICE"))
    result = await drv.submit(view.id, {"Project": "Backend", "Amount": "2", "Stage": "Offer"})
    assert result.response_action == "push"
    assert result.view is not None and result.view.title == "Confirm"
    stack = fake.modal_stack("U0ALICE")
    assert [v.title for v in stack] == ["Order candidates", "Confirm"]
    assert stack[1].data["previous_view_id"] == view.id and stack[1].data["root_view_id"] == view.id
    await drv.close_view(stack[1].id)
    assert fake.current_view("U0ALICE") is view


async def test_unknown_option_and_missing_label_fail_loudly(
    fake: FakeSlack, drv: SlackDriver
) -> None:
    await drv.command("/demo", "modal")
    view = await drv.wait_for(lambda: fake.current_view("U0ALICE"))
    with pytest.raises(LookupError, match="Screening"):
        await drv.submit(view.id, {"Stage": "Hired"})
    with pytest.raises(LookupError, match="labels"):
        await drv.submit(view.id, {"Salary": "1"})


async def test_url_verification_and_events_are_signed(fake: FakeSlack, drv: SlackDriver) -> None:
    response = await drv.url_verification("abc123")
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}
    bad = await drv.http.post(
        fake.app_url or "",
        content=b'{"type":"url_verification","challenge":"x"}',
        headers={"Content-Type": "application/json", **drv.sign("something else")},
    )
    assert bad.status_code == 401


# ---------------------------------------------------------------------- Web API rules


def section(text: str = "hi") -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


async def test_fifty_one_blocks_are_invalid_blocks(fake: FakeSlack) -> None:
    client = web(fake)
    ok = await client.chat_postMessage(channel="C0GENERAL", text="x", blocks=[section()] * 50)
    assert ok["ok"] and len(fake.messages("C0GENERAL")[0].blocks) == 50
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C0GENERAL", text="x", blocks=[section()] * 51)
    assert err.value.response.status_code == 200
    assert err.value.response["error"] == "invalid_blocks"
    assert "no more than 50 items" in err.value.response["errors"][0]
    assert len(fake.messages("C0GENERAL")) == 1


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        (section("x" * 3001), "3000"),
        (
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "a" * 256,
                        "text": {"type": "plain_text", "text": "Go"},
                    }
                ],
            },
            "255",
        ),
        (
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "a",
                        "value": "v" * 2001,
                        "text": {"type": "plain_text", "text": "Go"},
                    }
                ],
            },
            "2000",
        ),
        ({**section(), "block_id": "b" * 256}, "255"),
        ({"type": "fancy"}, "valid block type"),
        (section(""), "more than 0 characters"),
    ],
)
async def test_block_limits_are_enforced(
    fake: FakeSlack, block: dict[str, Any], reason: str
) -> None:
    with pytest.raises(SlackApiError) as err:
        await web(fake).chat_postMessage(channel="C0GENERAL", text="x", blocks=[block])
    assert err.value.response["error"] == "invalid_blocks"
    assert reason in " ".join(err.value.response["errors"])


async def test_text_limit_and_missing_text(fake: FakeSlack) -> None:
    client = web(fake)
    with pytest.raises(SlackApiError, match="msg_too_long"):
        await client.chat_postMessage(channel="C0GENERAL", text="x" * 40_001)
    with pytest.raises(SlackApiError, match="no_text"), pytest.warns(UserWarning, match="text"):
        await client.chat_postMessage(channel="C0GENERAL")


async def test_bad_or_missing_token(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as err:
        await web(fake, token="xoxb-wrong").chat_postMessage(channel="C0GENERAL", text="x")
    assert err.value.response["error"] == "invalid_auth"
    async with httpx.AsyncClient() as http:
        answer = await http.post(f"{fake.api_url}auth.test")
    assert answer.status_code == 200 and answer.json() == {"ok": False, "error": "not_authed"}
    assert (await web(fake).auth_test())["user_id"] == "U0BOT"
    assert fake.messages("C0GENERAL") == []


async def test_channel_membership_rules(fake: FakeSlack) -> None:
    client = web(fake)
    with pytest.raises(SlackApiError, match="channel_not_found"):
        await client.chat_postMessage(channel="C0PRIVATE", text="x")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        await client.chat_postMessage(channel="C0NOPE", text="x")
    await client.chat_postMessage(channel="C0RANDOM", text="public, chat:write.public")
    fake.chat_write_public = False
    with pytest.raises(SlackApiError, match="not_in_channel"):
        await client.chat_postMessage(channel="C0RANDOM", text="x")
    await client.conversations_join(channel="C0RANDOM")
    await client.chat_postMessage(channel="C0RANDOM", text="member now")
    assert [m.text for m in fake.messages("C0RANDOM")] == [
        "public, chat:write.public",
        "member now",
    ]


async def test_threads_keep_reply_counts(fake: FakeSlack) -> None:
    client = web(fake)
    parent = await client.chat_postMessage(channel="C0GENERAL", text="parent")
    for n in range(2):
        await client.chat_postMessage(
            channel="C0GENERAL", text=f"reply {n}", thread_ts=parent["ts"]
        )
    thread = await client.conversations_replies(channel="C0GENERAL", ts=parent["ts"])
    assert [m["text"] for m in thread["messages"]] == ["parent", "reply 0", "reply 1"]
    assert thread["messages"][0]["reply_count"] == 2
    assert [m.text for m in fake.messages("C0GENERAL")] == ["parent"]
    assert float(thread["messages"][2]["ts"]) > float(thread["messages"][1]["ts"])
    with pytest.raises(SlackApiError, match="thread_not_found"):
        await client.chat_postMessage(channel="C0GENERAL", text="x", thread_ts="1.000001")


async def test_trigger_ids_are_single_use_and_expire(fake: FakeSlack) -> None:
    client = web(fake)
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": [section()]}
    trigger = fake.new_trigger("U0ALICE")
    opened = await client.views_open(trigger_id=trigger, view=view)
    assert opened["view"]["id"] in fake.views
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        await client.views_open(trigger_id=trigger, view=view)
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        await client.views_open(trigger_id="123.456.nope", view=view)
    now = time.time()
    stale = fake.new_trigger("U0ALICE")
    fake.clock = lambda: now + 3.5
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        await client.views_open(trigger_id=stale, view=view)


async def test_view_limits_and_update_by_external_id(fake: FakeSlack) -> None:
    client = web(fake)
    long_title = {"type": "modal", "title": {"type": "plain_text", "text": "T" * 25}, "blocks": []}
    with pytest.raises(SlackApiError) as err:
        await client.views_open(trigger_id=fake.new_trigger("U0ALICE"), view=long_title)
    assert err.value.response["error"] == "invalid_arguments"
    assert "/view/title/text" in err.value.response["response_metadata"]["messages"][0]
    view = {
        "type": "modal",
        "external_id": "ext-1",
        "title": {"type": "plain_text", "text": "One"},
        "blocks": [section()] * 100,
    }
    opened = await client.views_open(trigger_id=fake.new_trigger("U0ALICE"), view=view)
    updated = await client.views_update(
        external_id="ext-1", view={**view, "title": {"type": "plain_text", "text": "Two"}}
    )
    assert updated["view"]["id"] == opened["view"]["id"]
    assert updated["view"]["hash"] != opened["view"]["hash"]
    current = fake.current_view("U0ALICE")
    assert current is not None and current.title == "Two"
    with pytest.raises(SlackApiError, match="hash_conflict"):
        await client.views_update(
            view_id=opened["view"]["id"], hash=opened["view"]["hash"], view=view
        )
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        await client.views_update(
            view_id=opened["view"]["id"], view={**view, "blocks": [section()] * 101}
        )


async def test_rate_limit_is_honoured_by_retry_handler(fake: FakeSlack) -> None:
    fake.inject_rate_limit("chat.postMessage", times=1, retry_after=1)
    client = web(fake, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    started = time.monotonic()
    answer = await client.chat_postMessage(channel="C0GENERAL", text="after the wait")
    assert answer["ok"] and time.monotonic() - started >= 0.9
    posts = [c for c in fake.calls if c.method == "chat.postMessage"]
    assert [(c.status, c.error) for c in posts] == [(429, "ratelimited"), (200, None)]
    assert [m.text for m in fake.messages("C0GENERAL")] == ["after the wait"]


async def test_rate_limit_answer_shape(fake: FakeSlack) -> None:
    fake.inject_rate_limit("users.info", times=1, retry_after=7)
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{fake.api_url}users.info",
            data={"user": "U0ALICE"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "7"
    assert answer.json() == {"ok": False, "error": "ratelimited"}


async def test_response_url_five_uses_then_refused(fake: FakeSlack) -> None:
    url = fake.new_response_url("C0GENERAL", "U0ALICE")
    async with httpx.AsyncClient() as http:
        answers = [await http.post(url, json={"text": f"note {n}"}) for n in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [404]
    assert answers[0].text == "ok" and answers[5].text == "used_url"
    assert [e.text for e in fake.ephemerals_for("U0ALICE")] == [f"note {n}" for n in range(5)]
    assert [r.status for r in fake.responses] == [200] * 5 + [404]


async def test_response_url_expires_and_replaces_original(fake: FakeSlack) -> None:
    client = web(fake)
    posted = await client.chat_postMessage(
        channel="C0GENERAL", text="original", blocks=[section("old")]
    )
    url = fake.new_response_url("C0GENERAL", "U0ALICE", original=("message", posted["ts"]))
    async with httpx.AsyncClient() as http:
        replaced = await http.post(
            url, json={"replace_original": True, "text": "new", "blocks": [section("fresh")]}
        )
        assert replaced.status_code == 200
        assert fake.messages("C0GENERAL")[0].visible_text == "fresh"
        in_channel = await http.post(url, json={"response_type": "in_channel", "text": "for all"})
        assert in_channel.status_code == 200
        assert [m.text for m in fake.messages("C0GENERAL")] == ["new", "for all"]
        deleted = await http.post(url, json={"delete_original": True})
        assert deleted.status_code == 200
        assert [m.text for m in fake.messages("C0GENERAL")] == ["for all"]
        now = time.time()
        fake.clock = lambda: now + 31 * 60
        expired = await http.post(url, json={"text": "late"})
    assert expired.status_code == 404 and expired.text == "expired_url"


# slack_sdk builds aiohttp.BasicAuth for oauth.v2.access; aiohttp deprecates it (not our code)
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_oauth_install_issues_a_working_token(fake: FakeSlack) -> None:
    anonymous = web(fake, token=None)
    with pytest.raises(SlackApiError, match="invalid_code"):
        await anonymous.oauth_v2_access(
            client_id=fake.client_id, client_secret=fake.client_secret, code="guess"
        )
    code = fake.new_oauth_code("U0BOB")
    with pytest.raises(SlackApiError, match="bad_client_secret"):
        await anonymous.oauth_v2_access(client_id=fake.client_id, client_secret="no", code=code)
    installed = await anonymous.oauth_v2_access(
        client_id=fake.client_id, client_secret=fake.client_secret, code=code
    )
    assert installed["authed_user"]["id"] == "U0BOB" and installed["team"]["id"] == "T0TEAM"
    token = installed["access_token"]
    home = {"type": "home", "blocks": [section("Welcome")]}
    published = await web(fake, token=token).views_publish(user_id="U0BOB", view=home)
    assert fake.home_views["U0BOB"].id == published["view"]["id"]
    assert fake.home_views["U0BOB"].visible_text == "Welcome"


async def test_events_hook_sees_messages(fake: FakeSlack) -> None:
    queue = fake.events.subscribe()
    await web(fake).chat_postMessage(channel="C0GENERAL", text="hello")
    event = queue.get_nowait()
    assert event.kind == "message" and event.data["text"] == "hello"
    fake.events.unsubscribe(queue)


async def test_submit_rejects_errors_for_unknown_blocks(fake: FakeSlack) -> None:
    record = await web(fake).views_open(trigger_id=fake.new_trigger("U0ALICE"), view=order_modal())
    view = fake.views[record["view"]["id"]]
    drv = SlackDriver(fake, httpx.AsyncClient())
    response = httpx.Response(200, json={"response_action": "errors", "errors": {"nope": "x"}})
    with pytest.raises(SlackProtocolError, match="nope"):
        drv._apply_submission_answer(view, response, "U0ALICE")
    await drv.http.aclose()


async def test_serve_asgi_reports_startup_failure() -> None:
    async def broken_lifespan(app: Starlette) -> AsyncIterator[None]:
        raise RuntimeError("boom")
        yield

    from contextlib import asynccontextmanager

    app = Starlette(lifespan=asynccontextmanager(broken_lifespan))
    with pytest.raises(RuntimeError, match="failed to start"):
        async with serve_asgi(app, lifespan="on"):
            pass
