"""SearchState keeps the contacts it was given parsed, and never serves a stale one."""

from __future__ import annotations

from bot.leonar import Contact
from bot.services.search import SearchPage, SearchState


def test_a_card_renders_from_the_parsed_contact_until_its_stored_copy_is_replaced() -> None:
    sophie = Contact.model_validate({"id": "c1", "first_name": "Sophie", "last_name": "Martin"})
    state = SearchState(query="react")
    state.add_page(SearchPage(contacts=[sophie], offset=0, total=1, has_more=False))

    assert state.contact("c1") is sophie  # no second validation of what was just parsed

    # an add to project stores the contact as Leonar sent it back: that copy is what shows
    state.contacts["c1"] = {"id": "c1", "first_name": "Sophie", "last_name": "Durand"}
    again = state.contact("c1")
    assert again is not None and again.last_name == "Durand"

    # a state read back from the database validates its stored copies
    loaded = SearchState.model_validate(state.model_dump(mode="json"))
    assert loaded.contact("c1") == again
    assert loaded.contact("missing") is None
