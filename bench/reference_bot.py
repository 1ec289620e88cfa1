"""The floor for this stack: a bare Bolt AsyncApp on starlette/uvicorn doing a search by hand.

    python -m bench.reference_bot --port 8790 --slack-api-url URL --leonar-url URL

One ``/leonar search <words>`` listener: it acks, posts the parent message ("Searching…"),
calls Leonar's ``POST /contacts/search`` once (httpx, one pooled client), updates the parent
with the count and posts the cards as thread replies (5 per message, the last with a More
button): the same Slack calls the bot makes for a search, built as plain dicts, with nothing
stored. ``bench/flows.py`` measures the bot's CPU per flow against this one's per search.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette

from bench._servers import bolt_starlette

BOT_TOKEN = "xoxb-bench-token"
LEONAR_KEY = "leo_sandbox"
PER_MESSAGE = 5
PAGE = 10


def card(contact: dict[str, Any]) -> list[dict[str, Any]]:
    """One contact: name, title and company, location, and two buttons."""
    name = " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p)
    title = contact.get("job_title") or contact.get("headline") or ""
    company = contact.get("company_name") or ""
    line = f"*{name or 'Unnamed'}*\n{title}{' at ' + company if company else ''}"
    if contact.get("location"):
        line += f"\n{contact['location']}"
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": line}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"ref_{verb}",
                    "text": {"type": "plain_text", "text": label},
                    "value": str(contact.get("id")),
                }
                for verb, label in (("enrich", "Enrich"), ("add", "Add to project"))
            ],
        },
        {"type": "divider"},
    ]


def create_app(secret: str, slack_api_url: str, leonar_url: str) -> Starlette:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=slack_api_url)
    bolt = AsyncApp(signing_secret=secret, client=client)
    leonar = httpx.AsyncClient(
        base_url=leonar_url,
        headers={"Authorization": f"Bearer {LEONAR_KEY}"},
        timeout=30.0,
        # idle connections dropped before the server's 5 s keep-alive closes them under a request
        limits=httpx.Limits(max_connections=500, max_keepalive_connections=500, keepalive_expiry=3),
    )

    @bolt.command("/leonar")
    async def on_command(ack: Any, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        words = str(command.get("text") or "").removeprefix("search").strip()
        channel = command["channel_id"]
        parent = await client.chat_postMessage(
            channel=channel, text=f"Searching Leonar for *{words}*…"
        )
        answer = await leonar.post("/contacts/search", json={"query": words, "limit": PAGE})
        body = answer.json()
        contacts, total = body.get("data") or [], (body.get("meta") or {}).get("total")
        await client.chat_update(
            channel=channel, ts=parent["ts"], text=f"{total} contacts for *{words}*"
        )
        for start in range(0, len(contacts), PER_MESSAGE):
            blocks = [b for c in contacts[start : start + PER_MESSAGE] for b in card(c)]
            if start + PER_MESSAGE >= len(contacts):
                blocks.append(
                    {
                        "type": "actions",
                        "elements": [
                            {
                                "type": "button",
                                "action_id": "ref_more",
                                "text": {"type": "plain_text", "text": "More results"},
                                "value": str(start + PER_MESSAGE),
                            }
                        ],
                    }
                )
            await client.chat_postMessage(
                channel=channel, thread_ts=parent["ts"], text="Contacts", blocks=blocks
            )

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await leonar.aclose()

    return bolt_starlette(bolt, lifespan=lifespan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the reference Bolt bot")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", default="bench-signing-secret")
    parser.add_argument("--slack-api-url", required=True)
    parser.add_argument("--leonar-url", required=True)
    args = parser.parse_args(argv)
    app = create_app(args.secret, args.slack_api_url, args.leonar_url)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", proxy_headers=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
