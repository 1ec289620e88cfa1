"""The unfurl card builder: facts without the email itself, buttons, escaping."""

from __future__ import annotations

from bot.leonar import Contact
from bot.ui.actions import CONTACT_ADD_TO_PROJECT, CONTACT_ENRICH
from bot.ui.unfurl import contact_facts, contact_unfurl, not_in_leonar_unfurl
from standins.slack.validation import block_problems


def _contact(**kw: object) -> Contact:
    return Contact.model_validate({"id": "c1", "first_name": "Sophie", "last_name": "Martin", **kw})


def test_card_says_email_on_file_without_the_email() -> None:
    contact = _contact(emails=[{"email": "s@d.com", "type": "work"}], title="Engineer")
    blocks = contact_unfurl(contact, app_url="https://app.leonar.app")
    assert block_problems(blocks, max_blocks=50) == []
    assert "s@d.com" not in str(blocks)
    assert "email on file" in str(blocks)
    assert "<https://app.leonar.app/contacts/c1|Sophie Martin>" in str(blocks)
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (CONTACT_ADD_TO_PROJECT, "c1"),
        (CONTACT_ENRICH, "c1"),
    ]


def test_facts() -> None:
    assert contact_facts(_contact()) == ["no email on file", "never contacted"]
    facts = contact_facts(
        _contact(
            do_not_contact=True,
            phones=[{"phone": "+33"}],
            last_contacted_at="2025-01-18T09:12:00Z",
        )
    )
    assert facts[0] == ":no_entry: Do not contact"
    assert ":telephone_receiver: phone on file" in facts
    assert facts[-1] == "last contacted <!date^1737191520^{date_short}|Jan 18, 2025>"


def test_text_from_leonar_and_urls_is_escaped() -> None:
    blocks = contact_unfurl(
        _contact(first_name="<!here>", title="<b>", current_company="A&B"), app_url="https://x"
    )
    assert "<!here>" not in str(blocks)
    assert "A&amp;B" in str(blocks)
    assert "&lt;script&gt;" in str(not_in_leonar_unfurl("<script>"))
