"""A stored search's reply rebuilt as it should look now: the cards with what happened to them
since (a note such as "✓ Added to *Project*", a detail found by an enrichment). Used when the
results are posted and whenever one card changes in place (More results, add to project, tag,
enrichment)."""

from __future__ import annotations

from bot.services.search import ResultMessage, SearchState
from bot.ui import contacts as ui
from bot.ui.contacts import Blocks


def card_notes(state: SearchState) -> dict[str, str]:
    """contact id → the lines under its card (the note, then what enrichments found)."""
    notes: dict[str, str] = {}
    for cid in set(state.notes) | set(state.found):
        lines = [line for line in (state.notes.get(cid), state.found.get(cid)) if line]
        notes[cid] = "\n".join(lines)
    return notes


def render_message(
    set_id: str, state: SearchState, message: ResultMessage, app_url: str
) -> tuple[str, Blocks]:
    """A stored results reply as it should look now (notes included)."""
    contacts = [c for c in (state.contact(cid) for cid in message.ids) if c is not None]
    footer = ui.ResultsFooter(more_offset=message.more_offset) if message.footer else None
    return ui.results_message(
        set_id,
        contacts,
        app_url=app_url,
        header=message.header,
        notes=card_notes(state),
        footer=footer,
    )
