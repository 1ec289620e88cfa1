"""page_chunks counts each card as CARD_BLOCKS + a divider without rendering it: the count
must stay true for every kind of contact, with or without a note."""

from __future__ import annotations

from bot.leonar import Contact
from bot.ui.contacts import CARD_BLOCKS, MAX_MESSAGE_BLOCKS, contact_card, page_chunks
from standins.leonar import SandboxState


def test_every_card_has_card_blocks_blocks_with_or_without_a_note() -> None:
    contacts = [Contact.model_validate(c) for c in SandboxState.demo().contacts.values()]
    contacts.append(Contact.model_validate({"id": "bare"}))
    for contact in contacts:
        for note in (None, "✓ Added to *Senior Frontend* · Interview"):
            assert len(contact_card(contact, app_url="https://app.example", note=note)) == (
                CARD_BLOCKS
            )


def test_a_page_is_split_to_stay_within_slacks_50_blocks() -> None:
    contacts = [Contact.model_validate({"id": f"c{i}"}) for i in range(25)]
    chunks = page_chunks(contacts)
    assert [len(c) for c in chunks] == [12, 12, 1]
    for chunk in chunks:
        assert 1 + len(chunk) * (CARD_BLOCKS + 1) + 1 <= MAX_MESSAGE_BLOCKS
