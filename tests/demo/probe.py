"""A tiny Slack app surface added to the running bot for the demo tests: a modal with every input
kind, its options and submission listeners, and a message with a button. It lets the page's
modal and click paths be tested whatever features the bot has today."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from standins.harness import BOT_TOKEN, Stack

Json = dict[str, Any]
COMPANIES = {"co_doctolib": "Doctolib", "co_qonto": "Qonto", "co_alan": "Alan"}
#: text from Leonar data as the bot would send it (escaped) and raw (a bug): both must stay text
EVIL_ESCAPED = "&lt;img src=x onerror=\"document.title='pwned'\"&gt;"
EVIL_RAW = "<img src=x onerror=\"document.title='pwned'\">"


def _plain(text: str) -> Json:
    return {"type": "plain_text", "text": text}


def _option(text: str, value: str) -> Json:
    return {"text": _plain(text), "value": value}


def _input(block_id: str, label: str, element: Json, *, optional: bool = False) -> Json:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "optional": optional,
        "element": {"action_id": "value", **element},
    }


PROBE_VIEW: Json = {
    "type": "modal",
    "callback_id": "demo_probe",
    "title": _plain("Probe deal"),
    "submit": _plain("Save"),
    "close": _plain("Cancel"),
    "blocks": [
        {"type": "header", "text": _plain(f"Header {EVIL_RAW}")},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Careful* with {EVIL_ESCAPED}"}},
        _input("title", "Title", {"type": "plain_text_input"}),
        _input("amount", "Amount", {"type": "number_input", "is_decimal_allowed": True}),
        _input("close_date", "Close date", {"type": "datepicker"}),
        _input(
            "currency",
            "Currency",
            {"type": "static_select", "options": [_option("EUR", "eur"), _option("USD", "usd")]},
        ),
        _input(
            "company",
            "Company",
            {"type": "external_select", "action_id": "probe_company", "min_query_length": 2},
        ),
        _input(
            "tags",
            "Tags",
            {
                "type": "multi_static_select",
                "options": [_option("frontend", "t1"), _option("senior", "t2")],
            },
            optional=True,
        ),
        _input(
            "outcome",
            "Outcome",
            {"type": "radio_buttons", "options": [_option("Won", "won"), _option("Lost", "lost")]},
        ),
        _input(
            "notify",
            "Notify",
            {"type": "checkboxes", "options": [_option("Tell the team", "team")]},
            optional=True,
        ),
    ],
}


def summary(values: Json) -> str:
    def entry(block: str) -> Json:
        value: Json = next(iter(values[block].values()))
        return value

    def option(block: str) -> str:
        picked = entry(block).get("selected_option")
        return str(picked["value"]) if picked else "-"

    def options(block: str) -> str:
        return ",".join(o["value"] for o in entry(block).get("selected_options") or []) or "-"

    return " | ".join(
        [
            str(entry("title").get("value")),
            str(entry("amount").get("value")),
            str(entry("close_date").get("selected_date")),
            option("currency"),
            option("company"),
            options("tags"),
            option("outcome"),
            options("notify"),
        ]
    )


def install_probe(stack: Stack) -> list[Json]:
    """Add the probe listeners to the running bot; returns the list of received payloads."""
    bolt: AsyncApp = stack.app.state.bolt
    received: list[Json] = []

    @bolt.view("demo_probe")
    async def on_submit(ack: AsyncAck, view: Json, client: AsyncWebClient) -> None:
        values = view["state"]["values"]
        received.append({"type": "view_submission", "values": values})
        if values["title"]["value"].get("value") == "bad":
            await ack(response_action="errors", errors={"title": "Pick another title."})
            return
        await ack()
        await client.chat_postMessage(channel="C0GENERAL", text=f"probe saved: {summary(values)}")

    @bolt.options("probe_company")
    async def on_options(ack: AsyncAck, payload: Json) -> None:
        query = str(payload.get("value") or "").lower()
        received.append({"type": "block_suggestion", "query": query})
        await ack(
            options=[
                _option(name, value) for value, name in COMPANIES.items() if query in name.lower()
            ]
        )

    @bolt.action("probe_button")
    async def on_click(ack: AsyncAck, body: Json, client: AsyncWebClient) -> None:
        await ack()
        action = body["actions"][0]
        received.append({"type": "block_actions", "action": action})
        message = body["message"]
        await client.chat_postMessage(
            channel=body["channel"]["id"],
            thread_ts=message["ts"],
            text=f"clicked {action['value']} by <@{body['user']['id']}>",
        )

    return received


async def web_api(stack: Stack, method: str, **args: Any) -> Json:
    """Call the fake Slack's Web API with the bot's token, as the bot does."""
    data = {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in args.items()}
    response = await stack.http.post(
        f"{stack.fake.api_url}{method}",
        data=data,
        headers={"Authorization": f"Bearer {BOT_TOKEN}"},
    )
    body: Json = response.json()
    assert body.get("ok"), body
    return body


async def open_probe(stack: Stack, user: str = "U0ALICE") -> str:
    """Open the probe modal for ``user`` as the bot would (views.open); returns the view id."""
    body = await web_api(
        stack, "views.open", trigger_id=stack.fake.new_trigger(user), view=PROBE_VIEW
    )
    view_id: str = body["view"]["id"]
    return view_id


async def post_probe_message(stack: Stack) -> str:
    """A bot message with two cards, each with a button of the same action_id."""
    blocks: list[Json] = []
    for n, name in ((1, "Sophie Martin"), (2, "Thomas Dubois")):
        blocks += [
            {
                "type": "section",
                "block_id": f"card{n}",
                "text": {"type": "mrkdwn", "text": f"*{name}*"},
            },
            {
                "type": "actions",
                "block_id": f"act{n}",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "probe_button",
                        "text": _plain("Poke"),
                        "value": f"contact-{n}",
                    }
                ],
            },
        ]
    body = await web_api(
        stack, "chat.postMessage", channel="C0GENERAL", text="cards", blocks=blocks
    )
    ts: str = body["ts"]
    return ts
