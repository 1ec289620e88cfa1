from __future__ import annotations

import datetime as dt
import json
import re

from slack_sdk.models.blocks import Block as SdkBlock

from bot.leonar import Deal
from bot.services.watches import (
    DealEvent,
    Digest,
    EntryMove,
    ProjectChanges,
    ProjectDigest,
    StageChange,
    StageCount,
)
from bot.store import Watch
from bot.ui.actions import WATCH_UNWATCH
from bot.ui.blocks import Block
from bot.ui.watches import (
    deal_event_message,
    deals_watch_started,
    digest_message,
    paused_notice,
    project_change_message,
    project_url,
    stage_bars,
    watch_overview,
    watches_list,
)
from standins.slack.validation import MAX_MESSAGE_BLOCKS, block_problems

APP = "https://app.leonar.app"
NOW = 1_741_600_000.0
TODAY = dt.date(2025, 3, 10)
COUNTS = [
    StageCount("s1", "Sourced", 12),
    StageCount("s2", "Interview", 3),
    StageCount("s3", "Hired", 0),
]


def valid(blocks: list[Block]) -> str:
    """The blocks as Slack would take them (slack_sdk.models + the fake's limits); their text."""
    assert block_problems(blocks, max_blocks=MAX_MESSAGE_BLOCKS) == []
    for block in blocks:
        assert SdkBlock.parse(block) is not None
    return json.dumps(blocks, ensure_ascii=False)


def no_identifiers(text: str) -> None:
    """Recruiter words: no snake_case identifiers, no "0 things" lists (Slack's date tokens
    aside: the reader sees a date)."""
    text = re.sub(r"<!date\^[^>]*>", "", text)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
    assert not re.search(r"\b0 [a-z]+s\b", text), text


def watch(**fields: object) -> Watch:
    values: dict[str, object] = {
        "id": "w1",
        "team_id": "T1",
        "channel_id": "C1",
        "kind": "project",
        "target_id": "p1",
        "target_name": "Senior Frontend Engineers",
        "set_by_user_id": "U1",
        "key_owner": "user:T1:U1",
        "tz": None,
        "created_at": NOW - 7200,
        "last_checked_at": None,
        "next_check_at": NOW,
        "lease_owner": None,
        "lease_until": None,
        "state": None,
        "outbox": None,
        "version": 0,
        "paused_reason": None,
        "last_digest_at": None,
    }
    values.update(fields)
    return Watch(**values)  # type: ignore[arg-type]


def test_stage_bars_scale_to_the_biggest_stage() -> None:
    bars = stage_bars(COUNTS).splitlines()

    assert bars[0] == "Sourced ▇▇▇▇▇▇▇▇▇▇▇▇ 12"
    assert bars[1] == "Interview ▇▇▇ 3"
    assert bars[2] == "Hired 0"
    assert stage_bars([StageCount("s", "Offer", 1), StageCount("t", "Big", 100)]).startswith(
        "Offer ▇ 1"
    )


def test_the_overview_says_who_set_the_watch_and_links_the_project() -> None:
    text, blocks = watch_overview("Senior *Frontend*", "p 1", COUNTS, set_by="U1", app_url=APP)

    rendered = valid(blocks)
    assert "Sourced ▇" in rendered and "<@U1> set this watch" in rendered
    assert "https://app.leonar.app/projects/p%201|Open in Leonar" in rendered
    assert "Senior \u2217Frontend\u2217" in text
    no_identifiers(text)


def test_deals_watch_started_words() -> None:
    text, blocks = deals_watch_started(1, set_by="U1", reminder_days=1)
    assert "1 open deal)" in text and "within 1 day." in valid(blocks)
    none_text, _ = deals_watch_started(0, set_by="U1", reminder_days=3)
    assert "no open deals right now" in none_text
    no_identifiers(none_text)


def test_one_change_message_names_each_stage_and_who_moved() -> None:
    changes = ProjectChanges(
        "p1",
        "Senior Frontend Engineers",
        (StageChange("Sourced", 3, 2), StageChange("Interview", 2, 3)),
        (EntryMove("c1", "Amara Okafor", "Interview", "Sourced"),),
    )

    text, blocks = project_change_message(changes, app_url=APP)

    rendered = valid(blocks)
    assert text == "Senior Frontend Engineers: Sourced 3 → 2, Interview 2 → 3"
    assert "Amara Okafor → Interview" in rendered
    assert project_url(APP, "p1") in rendered


def test_deal_messages() -> None:
    moved = deal_event_message(DealEvent("moved", "d", "Doctolib", "Qualified", "Proposal"))
    won = deal_event_message(DealEvent("won", "d", "Doctolib", amount=42000, currency="EUR"))
    lost = deal_event_message(DealEvent("lost", "d", "Doctolib"))
    disq = deal_event_message(DealEvent("disqualified", "d", "Doctolib"))
    soon = deal_event_message(
        DealEvent("closing", "d", "Doctolib", close_date=dt.date(2025, 3, 12), days_left=2)
    )
    tomorrow = deal_event_message(
        DealEvent("closing", "d", "Doctolib", close_date=TODAY, days_left=1)
    )

    assert "*Doctolib* Qualified → Proposal" in valid(moved[1])
    assert won[0] == "Doctolib was won: €42,000 signed"
    assert ":tada: *Doctolib* was won" in valid(won[1])
    assert lost[0] == "Doctolib was lost" and disq[0] == "Doctolib was disqualified"
    assert "expected to close in 2 days (<!date^1741780800^{date_short}|Mar 12, 2025>)" in soon[0]
    assert "close tomorrow" in tomorrow[0]
    for text, blocks in (won, lost, disq, soon):
        valid(blocks)
        no_identifiers(text)


def test_the_watches_list_has_an_unwatch_button_each() -> None:
    watches = [
        watch(last_checked_at=NOW - 300),
        watch(id="w2", kind="deals", target_id="", target_name="", paused_reason="key gone"),
    ]

    text, blocks = watches_list(watches, now=NOW)

    rendered = valid(blocks)
    assert text == "This channel watches 2 things."
    buttons = [b["accessory"] for b in blocks if "accessory" in b]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (WATCH_UNWATCH, "w1"),
        (WATCH_UNWATCH, "w2"),
    ]
    assert "Set by <@U1> · last checked 5 minutes ago" in rendered
    assert "*Open deals*" in rendered and "paused: key gone" in rendered
    one, _ = watches_list([watch()], now=NOW)
    assert one == "This channel watches 1 thing."


def test_an_empty_watches_list_says_how_to_start() -> None:
    text, blocks = watches_list([], now=NOW)
    valid(blocks)
    assert "`/leonar watch deals`" in text
    no_identifiers(text)


def test_the_paused_notice_says_who_can_fix_it_and_how() -> None:
    text, blocks = paused_notice(watch(), "the Leonar key of <@U1> was disconnected.")

    rendered = valid(blocks)
    assert "`/leonar watch Senior Frontend Engineers`" in rendered
    assert "<@U1>, or anyone with a Leonar key, can start it again" in rendered
    assert "&lt;@U1&gt;" in rendered  # the reason is shown as written, never as a mention
    assert text == "I stopped watching Senior Frontend Engineers."
    deals_text, deals_blocks = paused_notice(watch(kind="deals"), "key gone")
    assert "`/leonar watch deals`" in valid(deals_blocks)


def test_the_digest_sums_up_projects_and_deals_closing_soon() -> None:
    deal = Deal.model_validate(
        {
            "id": "d",
            "title": "Qonto",
            "amount": 60000,
            "currency": "EUR",
            "expected_close_date": "2025-03-13",
            "status": "open",
        }
    )
    digest = Digest(
        (
            ProjectDigest("p1", "Frontend", tuple(COUNTS), (StageChange("Interview", 1, 3),)),
            ProjectDigest("p2", "Data", tuple(COUNTS), ()),
        ),
        (deal,),
    )

    text, blocks = digest_message(digest, app_url=APP, today=TODAY)

    rendered = valid(blocks)
    assert text == "Weekly digest: 2 projects, 1 deal closing soon."
    assert "This week: Interview 1 → 3" in rendered and "No change this week." in rendered
    assert "1 open deal closing in the next 14 days" in rendered
    assert "*Qonto* · closes in 3 days (<!date^1741867200^{date_short}|Mar 13, 2025>) · €60,000" in rendered
    empty_text, empty_blocks = digest_message(Digest((), ()), app_url=APP, today=TODAY)
    valid(empty_blocks)
    no_identifiers(empty_text)
