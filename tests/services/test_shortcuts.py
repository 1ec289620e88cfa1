"""What the message shortcut finds in a message."""

from __future__ import annotations

from bot.services.shortcuts import contact_reference


def test_linkedin_link_wins_over_email() -> None:
    message = {
        "text": "<mailto:a@b.co|a@b.co> or <https://www.linkedin.com/in/sophie-martin|her profile>"
    }
    assert contact_reference(message) == "https://www.linkedin.com/in/sophie-martin"


def test_email_from_slack_markup() -> None:
    assert contact_reference({"text": "mail <mailto:Camille@X.io|Camille@X.io>"}) == "camille@x.io"


def test_link_only_in_rich_text_blocks() -> None:
    message = {
        "text": "see this",
        "blocks": [
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_section",
                        "elements": [
                            {"type": "link", "url": "https://linkedin.com/in/jean-dupont"}
                        ],
                    }
                ],
            }
        ],
    }
    assert contact_reference(message) == "https://linkedin.com/in/jean-dupont"


def test_nothing_found() -> None:
    assert contact_reference({"text": "linkedin.com/company/x and @someone"}) is None
    assert contact_reference({}) is None
