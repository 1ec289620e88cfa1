"""Which shared links are unfurled."""

from __future__ import annotations

from bot.services.unfurl import MAX_UNFURLS, LinkKind, links_to_unfurl, parse_link

APP = "https://app.leonar.app"


def test_linkedin_profiles_and_leonar_contacts_are_recognised() -> None:
    link = parse_link("https://fr.linkedin.com/in/Sophie-Martin/?trk=x", app_url=APP)
    assert link is not None and (link.kind, link.value) == (LinkKind.LINKEDIN, "sophie-martin")
    link = parse_link(f"{APP}/contacts/abc-123/", app_url=APP)
    assert link is not None and (link.kind, link.value) == (LinkKind.LEONAR, "abc-123")


def test_other_links_are_not() -> None:
    for url in (
        "https://www.linkedin.com/company/doctolib",
        "https://www.linkedin.com/in/",
        f"{APP}/projects/p1",
        f"{APP}/contacts/",
        "https://evil.example/contacts/abc",
        "https://linkedin.com.evil.example/in/sophie",
    ):
        assert parse_link(url, app_url=APP) is None, url


def test_duplicates_dropped_and_capped() -> None:
    urls = [f"https://www.linkedin.com/in/p{i}" for i in range(9)]
    links = links_to_unfurl([urls[0], *urls], app_url=APP)
    assert [link.value for link in links] == [f"p{i}" for i in range(MAX_UNFURLS)]
