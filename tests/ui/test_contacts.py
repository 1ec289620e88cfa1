"""The contact card and the search thread builders (pure)."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block

from bot.leonar.models import Contact
from bot.ui.actions import (
    CONTACT_ADD_TO_PROJECT,
    CONTACT_ENRICH,
    CONTACT_MORE,
    RESULTS_ENROLL_ALL,
    RESULTS_MORE,
    RESULTS_TAG_ALL,
    VERB_ENRICH_PHONE,
    VERB_ENROLL,
    VERB_LINK_DEAL,
    VERB_MESSAGE,
    VERB_NOTE,
    VERB_TAG,
    contact_verb_value,
)
from bot.ui.contacts import (
    MAX_MESSAGE_BLOCKS,
    ResultsFooter,
    added_note,
    contact_card,
    count_phrase,
    no_results,
    page_chunks,
    result_set_of_block,
    results_message,
    results_parent,
    safe_url,
)

APP = "https://app.leonar.app"


def jane(**overrides: Any) -> Contact:
    data: dict[str, Any] = {
        "id": "c-1",
        "first_name": "Jane",
        "last_name": "Doe",
        "title": "Senior Engineer",
        "current_company": "Acme",
        "location": "Paris, France",
        "linkedin_profile": "https://www.linkedin.com/in/jane-doe",
        "tags": ["frontend", "senior"],
        "global_status": "in_sequence",
    }
    data.update(overrides)
    return Contact.model_validate(data)


def mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            out.append(text["text"])
        for element in block.get("elements") or []:
            if element.get("type") == "mrkdwn":
                out.append(element["text"])
    return out


def elements(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_card_shows_everything_a_recruiter_needs() -> None:
    blocks = contact_card(jane(), app_url=APP)
    text = "\n".join(mrkdwn_texts(blocks))
    assert "*<https://app.leonar.app/contacts/c-1|Jane Doe>*" in text
    assert "Senior Engineer at Acme" in text
    assert "📍 Paris, France" in text and "frontend, senior" in text
    assert "Status: In sequence" in text
    assert "<https://www.linkedin.com/in/jane-doe|LinkedIn>" in text
    assert "<https://app.leonar.app/contacts/c-1|Open in Leonar>" in text
    assert "Do not contact" not in text
    for block in blocks:  # every block is valid Block Kit
        Block.parse(block)
    buttons = elements(blocks)
    assert buttons[CONTACT_ENRICH]["value"] == "c-1"
    assert buttons[CONTACT_ADD_TO_PROJECT]["value"] == "c-1"
    options = [o["value"] for o in buttons[CONTACT_MORE]["options"]]
    assert options == [
        contact_verb_value(v, "c-1")
        for v in (VERB_ENRICH_PHONE, VERB_ENROLL, VERB_TAG, VERB_MESSAGE, VERB_LINK_DEAL, VERB_NOTE)
    ]
    menu = buttons[CONTACT_MORE]
    # a select, not an overflow: an overflow holds at most 5 options and the card has 6
    assert menu["type"] == "static_select" and menu["placeholder"]["text"] == "More…"
    assert [o["text"]["text"] for o in menu["options"]] == [
        "Find phone",
        "Enroll in sequence",
        "Tag",
        "Send message",
        "Link to deal",
        "Add note",
    ]


def test_do_not_contact_card_offers_no_outreach_and_says_why() -> None:
    for contact in (jane(do_not_contact=True), jane(global_status="do_not_contact")):
        blocks = contact_card(contact, app_url=APP)
        text = "\n".join(mrkdwn_texts(blocks))
        assert "🚫 *Do not contact*" in text
        verbs = [o["value"].split(":")[0] for o in elements(blocks)[CONTACT_MORE]["options"]]
        assert VERB_ENROLL not in verbs and VERB_MESSAGE not in verbs
        assert VERB_TAG in verbs and VERB_ENRICH_PHONE in verbs and VERB_NOTE in verbs


def test_hostile_texts_cannot_ping_or_reformat() -> None:
    evil = jane(
        first_name="<!channel>",
        last_name="*bold*",
        title="<@U0BOB> & _co_",
        current_company="~strike~",
        tags=["`code`"],
        location="> quote",
        linkedin_profile="https://linkedin.com/in/x|<!here>",
    )
    blocks = contact_card(evil, app_url=APP, note=added_note("<!everyone>", "*Stage*"))
    text = "\n".join(mrkdwn_texts(blocks))
    for raw in ("<!channel>", "<@U0BOB>", "<!here>", "<!everyone>", "*bold*", "_co_", "~strike~"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text and "&lt;@U0BOB&gt; &amp;" in text
    assert "∗bold∗" in text  # look-alike asterisks: shown, never bold
    assert "|<!here>" not in text and "x%7C%3C!here%3E|LinkedIn>" in text


def test_missing_fields_and_bad_links_are_left_out() -> None:
    bare = Contact.model_validate({"id": "c-2", "linkedin_profile": "javascript:alert(1)"})
    blocks = contact_card(bare, app_url=APP)
    text = "\n".join(mrkdwn_texts(blocks))
    assert "Unnamed contact" in text and "LinkedIn" not in text and "javascript" not in text
    assert len(blocks) == 3
    assert safe_url("www.linkedin.com/in/x") == "https://www.linkedin.com/in/x"
    assert safe_url("ftp://x") is None


def test_note_is_shown_without_adding_blocks() -> None:
    plain = contact_card(jane(), app_url=APP)
    noted = contact_card(jane(), app_url=APP, note=added_note("Frontend", "Interview"))
    assert len(noted) == len(plain)
    assert "✓ Added to *Frontend* · Interview" in noted[0]["text"]["text"]
    assert added_note("Frontend", None, already=True) == "✓ Already in *Frontend*"


def test_results_message_carries_the_result_set() -> None:
    contacts = [jane(id=f"c-{i}") for i in range(3)]
    text, blocks = results_message(
        "SET123",
        contacts,
        app_url=APP,
        header="Results 1–3 of 3",
        notes={"c-1": "✓ Added"},
        footer=ResultsFooter(more_offset=10),
    )
    assert "Jane Doe" in text
    card_ids = [b["block_id"] for b in blocks if b["type"] != "divider" and "block_id" in b]
    assert {result_set_of_block(i) for i in card_ids if i.startswith("rs:")} == {"SET123"}
    footer = elements(blocks)
    assert footer[RESULTS_MORE]["value"] == "SET123:10"
    assert footer[RESULTS_ENROLL_ALL]["value"] == "SET123"
    assert footer[RESULTS_TAG_ALL]["value"] == "SET123"
    assert any("✓ Added" in t for t in mrkdwn_texts(blocks))
    assert len({b.get("block_id") for b in blocks if "block_id" in b}) == len(
        [b for b in blocks if "block_id" in b]
    )
    _, no_more = results_message("S", contacts, app_url=APP, footer=ResultsFooter())
    assert RESULTS_MORE not in elements(no_more)


def test_pages_are_split_to_stay_within_fifty_blocks() -> None:
    contacts = [jane(id=f"c-{i}") for i in range(25)]
    chunks = page_chunks(contacts)
    assert [c.id for chunk in chunks for c in chunk] == [c.id for c in contacts]
    assert len(chunks) > 1
    for index, chunk in enumerate(chunks):
        _, blocks = results_message(
            "S",
            chunk,
            app_url=APP,
            header="h" if index == 0 else None,
            notes={c.id: "✓ Added to *P* · Stage" for c in chunk},
            footer=ResultsFooter(more_offset=25) if index == len(chunks) - 1 else None,
        )
        assert len(blocks) <= MAX_MESSAGE_BLOCKS
    # a normal page of ten fits one message
    assert len(page_chunks(contacts[:10])) == 1


def test_parent_texts() -> None:
    text, blocks = results_parent(
        "react typescript", "Paris", "U0ALICE", total=12, shown=10, has_more=True
    )
    assert text == "12 contacts for *react typescript* in Paris"
    assert "<@U0ALICE> searched" in mrkdwn_texts(blocks)[1]
    assert count_phrase(None, 10, True) == "10+ contacts"
    assert count_phrase(1, 1, False) == "1 contact"
    text, blocks = no_results("rust wasm", "Lyon")
    assert text == "No contacts for *rust wasm* in Lyon"
    assert "drop the location (`/leonar search rust wasm`)" in mrkdwn_texts(blocks)[1]


def test_without_more_button_keeps_the_other_buttons() -> None:
    from bot.ui.actions import RESULTS_MORE
    from bot.ui.contacts import without_more_button

    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "card"}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": RESULTS_MORE,
                    "text": {"type": "plain_text", "text": "More"},
                },
                {
                    "type": "button",
                    "action_id": "results_tag_all",
                    "text": {"type": "plain_text", "text": "Tag all"},
                },
            ],
        },
        {"type": "actions", "elements": [{"type": "button", "action_id": RESULTS_MORE}]},
    ]
    kept = without_more_button(blocks)
    assert [b["type"] for b in kept] == ["section", "actions"]
    assert [e["action_id"] for e in kept[1]["elements"]] == ["results_tag_all"]
    assert len(blocks[1]["elements"]) == 2  # the input is left alone
