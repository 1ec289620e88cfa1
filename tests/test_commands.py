from __future__ import annotations

import pytest

from bot.commands import SUBCOMMANDS, WATCH_SUBCOMMANDS, parse, tokenize


def test_empty_text_is_help() -> None:
    assert parse("").name == "help"
    assert parse(None).name == "help"
    assert parse("   ").unknown is None


def test_unknown_subcommand_is_help_naming_the_word() -> None:
    cmd = parse("frobnicate all the things")
    assert cmd.name == "help"
    assert cmd.unknown == "frobnicate"


def test_subcommand_is_case_insensitive() -> None:
    assert parse("HELP").name == "help"
    assert parse("Search john").name == "search"


def test_search_words() -> None:
    cmd = parse("search react developer")
    assert (cmd.name, cmd.query, cmd.location) == ("search", "react developer", None)


def test_search_with_quoted_words_and_location() -> None:
    cmd = parse('search "react typescript" in "New York"')
    assert cmd.query == "react typescript"
    assert cmd.location == "New York"


def test_search_location_follows_the_last_in() -> None:
    cmd = parse("search head of growth in fintech in Paris")
    assert cmd.query == "head of growth in fintech"
    assert cmd.location == "Paris"


def test_search_quoted_in_is_not_a_location() -> None:
    cmd = parse('search "engineer in training"')
    assert cmd.query == "engineer in training"
    assert cmd.location is None


def test_search_trailing_in_is_part_of_the_query() -> None:
    cmd = parse("search designers in")
    assert cmd.query == "designers in"
    assert cmd.location is None


def test_search_typographic_quotes() -> None:
    cmd = parse("search \u201creact typescript\u201d in \u201cNew York\u201d")
    assert cmd.query == "react typescript"
    assert cmd.location == "New York"


def test_unclosed_quote_runs_to_the_end() -> None:
    assert [t.value for t in tokenize('a "b c')] == ["a", "b c"]


def test_source_titles_split_on_commas() -> None:
    assert parse("source data engineer, ml engineer").titles == ("data engineer", "ml engineer")


def test_source_titles_quoted() -> None:
    assert parse('source "data engineer" "ml engineer"').titles == ("data engineer", "ml engineer")


def test_source_single_title_and_none() -> None:
    assert parse("source data engineer").titles == ("data engineer",)
    assert parse("source").titles == ()


@pytest.mark.parametrize(
    ("text", "kind", "contact"),
    [
        ("enrich jane@acme.com", "work_email", "jane@acme.com"),
        ("enrich phone jane@acme.com", "phone", "jane@acme.com"),
        ("enrich personal_email Jane Doe", "personal_email", "Jane Doe"),
        ("enrich work_email c_123", "work_email", "c_123"),
        (
            "enrich https://www.linkedin.com/in/jane",
            "work_email",
            "https://www.linkedin.com/in/jane",
        ),
        ('enrich "phone"', "work_email", "phone"),
    ],
)
def test_enrich(text: str, kind: str, contact: str) -> None:
    cmd = parse(text)
    assert (cmd.name, cmd.enrich_type, cmd.contact) == ("enrich", kind, contact)


def test_enrich_without_contact() -> None:
    cmd = parse("enrich phone")
    assert cmd.enrich_type == "phone"
    assert cmd.contact is None


def test_slack_escaped_links_and_entities_are_unescaped() -> None:
    assert parse("enrich <mailto:jane@acme.com|jane@acme.com>").contact == "jane@acme.com"
    assert parse("add <https://linkedin.com/in/jane>").contact == "https://linkedin.com/in/jane"
    assert parse("search R&amp;D &lt;lead&gt;").query == "R&D <lead>"


def test_add_contact() -> None:
    cmd = parse("add Jane Doe")
    assert (cmd.name, cmd.contact) == ("add", "Jane Doe")
    assert parse("add").contact is None


@pytest.mark.parametrize(
    ("text", "action", "deal"),
    [
        ("deal new", "new", None),
        ("deal close", "close", None),
        ("deal close Acme expansion", "close", "Acme expansion"),
        ('deal move "Acme expansion"', "move", "Acme expansion"),
        ("deal", None, None),
        ("deal explode", None, None),
    ],
)
def test_deal(text: str, action: str | None, deal: str | None) -> None:
    cmd = parse(text)
    assert (cmd.name, cmd.action, cmd.deal) == ("deal", action, deal)


def test_connect_and_disconnect() -> None:
    assert parse("connect").name == "connect"
    assert parse("disconnect").name == "disconnect"


def test_every_subcommand_parses_to_itself() -> None:
    for name in SUBCOMMANDS:
        assert parse(name).name == name


def test_rest_keeps_the_text_after_the_subcommand() -> None:
    cmd = parse('search  "a b"  in c')
    assert cmd.rest == '"a b"  in c'
    assert cmd.args == ("a b", "in", "c")


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("watch Senior Frontend Engineers", "project", "Senior Frontend Engineers"),
        ('watch "Data Engineers – Lyon"', "project", "Data Engineers – Lyon"),
        ("watch 5b0e2c1e-7f1a", "project", "5b0e2c1e-7f1a"),
        ("watch deals", "deals", None),
        ("watch DEALS", "deals", None),
        ('watch "deals"', "project", "deals"),
        ("watch deals pipeline", "project", "deals pipeline"),
        ("watch", None, None),
        ("watch   ", None, None),
        ("unwatch deals", "deals", None),
        ("unwatch Backend Python Engineers", "project", "Backend Python Engineers"),
        ("unwatch", None, None),
    ],
)
def test_watch_and_unwatch(text: str, kind: str | None, target: str | None) -> None:
    cmd = parse(text)
    assert (cmd.name, cmd.watch_kind, cmd.target) == (text.split()[0], kind, target)


def test_watches_and_digest_take_no_target() -> None:
    for name in WATCH_SUBCOMMANDS:
        assert parse(name).name == name
    assert parse("Watches").name == "watches"
    assert parse("digest now").name == "digest"
    assert parse("digest").watch_kind is None and parse("watches").target is None
    assert not set(WATCH_SUBCOMMANDS) & set(SUBCOMMANDS)
