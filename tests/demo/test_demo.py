"""The demo server's JSON API: everything goes to the bot as Slack would send it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from standins.demo import banner
from standins.demo_view import slack_typed_text, unfurl_links
from tests.demo.conftest import DemoSite
from tests.demo.probe import install_probe, open_probe, post_probe_message, web_api


async def state(demo: DemoSite, user: str = "U0ALICE") -> dict[str, Any]:
    response = await demo.http.get("/api/state", params={"user": user})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def wait_state(demo: DemoSite, predicate: Any, user: str = "U0ALICE") -> dict[str, Any]:
    for _ in range(250):
        current = await state(demo, user)
        if predicate(current):
            return current
        await asyncio.sleep(0.02)
    raise AssertionError(f"state never matched; last: {json.dumps(current)[:2000]}")


def test_typed_text_is_escaped_and_links_wrapped_like_slack() -> None:
    assert slack_typed_text("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert (
        slack_typed_text("see https://www.linkedin.com/in/sophie?x=1&y=2 now")
        == "see <https://www.linkedin.com/in/sophie?x=1&amp;y=2> now"
    )


def test_only_the_manifest_unfurl_domains_are_shared() -> None:
    links = unfurl_links(
        "https://www.linkedin.com/in/sophie https://example.com/x https://app.leonar.app/contacts/1"
        " https://notlinkedin.com/a"
    )
    assert [link["url"] for link in links] == [
        "https://www.linkedin.com/in/sophie",
        "https://app.leonar.app/contacts/1",
    ]
    assert links[0]["domain"] == "www.linkedin.com"


def test_banner_names_the_url_and_what_to_try() -> None:
    text = banner("http://127.0.0.1:3000")
    assert "http://127.0.0.1:3000" in text
    for needle in ("/leonar search react in Paris", "Enrich", "/leonar source", "/leonar deal new"):
        assert needle in text
    assert "Ctrl-C" in text


async def test_state_lists_the_workspace(demo: DemoSite) -> None:
    body = await state(demo)
    names = {c["name"]: c for c in body["channels"]}
    assert {"general", "secret-hiring", "random"} <= set(names)
    assert names["general"]["bot_member"] is True
    assert names["secret-hiring"]["is_private"] is True
    assert names["secret-hiring"]["bot_member"] is False
    assert body["messages"]["C0GENERAL"] == []
    assert body["view"] is None
    assert body["users"]["U0ALICE"]["real_name"] == "Alice Martin"


async def test_slash_command_reaches_the_bot_and_answers_only_the_person(demo: DemoSite) -> None:
    response = await demo.http.post(
        "/api/command", json={"channel": "C0GENERAL", "text": "/leonar help"}
    )
    assert response.json() == {"ok": True, "status": 200}
    alice = await wait_state(demo, lambda s: s["messages"]["C0GENERAL"])
    (help_message,) = alice["messages"]["C0GENERAL"]
    assert help_message["ephemeral"] is True
    assert "/leonar search" in json.dumps(help_message["blocks"]) + help_message["text"]
    bob = await state(demo, "U0BOB")
    assert bob["messages"]["C0GENERAL"] == []


async def test_other_slash_commands_are_refused_like_slack_does(demo: DemoSite) -> None:
    before = len(demo.stack.fake.calls)
    response = await demo.http.post(
        "/api/command", json={"channel": "C0GENERAL", "text": "/giphy x"}
    )
    assert response.json()["client_error"] == "/giphy is not a valid command."
    assert len(demo.stack.fake.calls) == before


async def test_plain_message_is_posted_as_the_person(demo: DemoSite) -> None:
    response = await demo.http.post(
        "/api/command",
        json={"channel": "C0GENERAL", "text": "a <b> https://www.linkedin.com/in/sophie"},
    )
    assert response.status_code == 200 and response.json()["ok"] is True
    body = await state(demo)
    (message,) = body["messages"]["C0GENERAL"]
    assert message["user"] == "U0ALICE" and message["bot"] is False
    assert message["text"] == "a &lt;b&gt; <https://www.linkedin.com/in/sophie>"


async def test_bad_requests_are_refused(demo: DemoSite) -> None:
    assert (await demo.http.get("/api/state", params={"user": "U0BOT"})).status_code == 400
    missing = await demo.http.post("/api/command", json={"text": "/leonar help"})
    assert missing.status_code == 400
    unknown = await demo.http.post("/api/command", json={"channel": "C0NOPE", "text": "hi"})
    assert unknown.status_code == 400
    closed = await demo.http.post("/api/close", json={"view_id": "V0NOPE"})
    assert closed.status_code == 400


async def test_click_by_block_and_action_id_reaches_the_right_card(demo: DemoSite) -> None:
    received = install_probe(demo.stack)
    ts = await post_probe_message(demo.stack)
    response = await demo.http.post(
        "/api/click", json={"ts": ts, "block_id": "act2", "action_id": "probe_button"}
    )
    assert response.json() == {"ok": True, "status": 200}
    (click,) = [r for r in received if r["type"] == "block_actions"]
    assert click["action"]["value"] == "contact-2"
    after = await wait_state(demo, lambda s: s["threads"].get(f"C0GENERAL:{ts}"))
    assert after["threads"][f"C0GENERAL:{ts}"][0]["text"] == "clicked contact-2 by <@U0ALICE>"
    (parent,) = after["messages"]["C0GENERAL"]
    assert parent["reply_count"] == 1


async def test_modal_suggest_errors_and_submit(demo: DemoSite) -> None:
    received = install_probe(demo.stack)
    view_id = await open_probe(demo.stack)
    body = await state(demo)
    assert body["view"]["id"] == view_id and body["view_depth"] == 1

    suggested = await demo.http.post(
        "/api/suggest",
        json={
            "view_id": view_id,
            "block_id": "company",
            "action_id": "probe_company",
            "query": "qo",
        },
    )
    (qonto,) = suggested.json()["options"]
    assert qonto["value"] == "co_qonto"
    short = await demo.http.post(
        "/api/suggest",
        json={
            "view_id": view_id,
            "block_id": "company",
            "action_id": "probe_company",
            "query": "q",
        },
    )
    assert short.json()["options"] == []

    values: dict[str, Any] = {
        "title": {"value": {"value": "bad"}},
        "amount": {"value": {"value": "12.5"}},
        "close_date": {"value": {"selected_date": "2026-03-31"}},
        "currency": {
            "value": {"selected_option": body["view"]["blocks"][5]["element"]["options"][1]}
        },
        "company": {"probe_company": {"selected_option": qonto}},
        "outcome": {
            "value": {
                "selected_option": {"text": {"type": "plain_text", "text": "Won"}, "value": "won"}
            }
        },
    }
    first = await demo.http.post("/api/submit", json={"view_id": view_id, "state": values})
    assert first.json()["errors"] == {"title": "Pick another title."}
    assert first.json()["closed"] is False

    values["amount"] = {"value": {"value": "lots"}}
    local = await demo.http.post("/api/submit", json={"view_id": view_id, "state": values})
    assert local.json()["errors"] == {"amount": "Please enter a number."}
    submissions = [r for r in received if r["type"] == "view_submission"]
    assert len(submissions) == 1  # Slack's client refused the number before sending

    values["amount"] = {"value": {"value": "12.5"}}
    values["title"] = {"value": {"value": "Acme"}}
    done = await demo.http.post("/api/submit", json={"view_id": view_id, "state": values})
    assert done.json() == {"ok": True, "errors": {}, "closed": True}
    after = await wait_state(demo, lambda s: s["messages"]["C0GENERAL"])
    assert after["view"] is None
    assert after["messages"]["C0GENERAL"][0]["text"] == (
        "probe saved: Acme | 12.5 | 2026-03-31 | usd | co_qonto | - | won | -"
    )


async def test_close_ends_the_modal(demo: DemoSite) -> None:
    install_probe(demo.stack)
    view_id = await open_probe(demo.stack)
    response = await demo.http.post("/api/close", json={"view_id": view_id})
    assert response.json()["ok"] is True
    assert (await state(demo))["view"] is None


async def test_event_stream_reports_changes(demo: DemoSite) -> None:
    async def read_changes(stream: httpx.Response, out: list[str]) -> None:
        async for line in stream.aiter_lines():
            if line.startswith("data:"):
                out.append(line)
                if len(out) == 2:
                    return

    seen: list[str] = []
    async with demo.http.stream("GET", "/api/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        reader = asyncio.create_task(read_changes(stream, seen))
        while not seen:
            await asyncio.sleep(0.02)
        assert seen == ["data: []"]
        await demo.http.post("/api/command", json={"channel": "C0GENERAL", "text": "/leonar help"})
        await asyncio.wait_for(reader, timeout=10)
    assert "ephemeral" in seen[1]


@pytest.mark.parametrize(
    "path", ["/", "/static/blockkit.js", "/static/demo.js", "/static/demo.css"]
)
async def test_page_and_assets_are_served(demo: DemoSite, path: str) -> None:
    response = await demo.http.get(path)
    assert response.status_code == 200
    assert len(response.content) > 500


def test_cli_demo_takes_a_port_and_an_enrichment_delay() -> None:
    from bot.cli import build_parser

    args = build_parser().parse_args(["demo", "--port", "3999", "--enrichment-delay", "2"])
    assert (args.port, args.enrichment_delay) == (3999, 2.0)
    defaults = build_parser().parse_args(["demo"])
    # no --port: PORT from the environment, else 3000, decided when the demo starts
    assert (defaults.port, defaults.enrichment_delay) == (None, 8.0)


async def test_invite_adds_the_app_to_the_channel_like_slack(demo: DemoSite) -> None:
    fake = demo.stack.fake
    assert not fake.bot_in("C0PRIVATE")
    invite = {"channel": "C0PRIVATE", "text": "/invite @Leonar"}
    assert (await demo.http.post("/api/command", json=invite)).json()["ok"] is True
    assert fake.bot_in("C0PRIVATE")
    body = await state(demo)
    assert "joined #secret-hiring" in body["messages"]["C0PRIVATE"][-1]["text"]
    assert next(c for c in body["channels"] if c["id"] == "C0PRIVATE")["bot_member"] is True

    again = (await demo.http.post("/api/command", json=invite)).json()
    assert again == {"ok": True, "added": []}
    nobody = {"channel": "C0PRIVATE", "text": "/invite @nobody"}
    assert "nobody" in (await demo.http.post("/api/command", json=nobody)).json()["client_error"]


async def test_client_notices_are_only_for_their_person_in_time_order(demo: DemoSite) -> None:
    await demo.http.post("/api/command", json={"channel": "C0GENERAL", "text": "/giphy x"})
    await demo.http.post("/api/command", json={"channel": "C0GENERAL", "text": "hello"})
    alice = [
        (m["text"], m.get("client", False)) for m in (await state(demo))["messages"]["C0GENERAL"]
    ]
    assert alice == [("/giphy is not a valid command.", True), ("hello", False)]
    bob = [m["text"] for m in (await state(demo, "U0BOB"))["messages"]["C0GENERAL"]]
    assert bob == ["hello"]


async def test_app_home_opens_with_the_view_the_bot_publishes(demo: DemoSite) -> None:
    assert (await state(demo))["home"] is None
    response = await demo.http.post("/api/home", json={"user": "U0ALICE"})
    assert response.json() == {"ok": True, "status": 200}
    body = await wait_state(demo, lambda s: s["home"])
    assert body["home"]["type"] == "home" and body["home"]["blocks"]
    assert (await state(demo, "U0BOB"))["home"] is None


async def test_photos_are_served_by_the_demo(demo: DemoSite) -> None:
    urls = [p["picture_url"] for p in demo.stack.leonar.profiles if p.get("picture_url")]
    assert urls and all(u.startswith(f"{demo.url}/photos/") for u in urls)
    sophie = next(u for u in urls if u.endswith("/sophie-martin.svg"))
    response = await demo.http.get(sophie)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert ">SM</text>" in response.text


async def test_only_people_edits_are_marked_edited(demo: DemoSite) -> None:
    ts = await post_probe_message(demo.stack)
    await web_api(demo.stack, "chat.update", channel="C0GENERAL", ts=ts, text="cards, updated")
    (message,) = (await state(demo))["messages"]["C0GENERAL"]
    assert message["text"] == "cards, updated" and message["edited"] is False
