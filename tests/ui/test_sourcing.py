"""Pure builders of LinkedIn sourcing: the modal read back, cards, paging controls, texts."""

from __future__ import annotations

from typing import Any

from bot.leonar import ConnectedAccount, ProjectSummary
from bot.services.sourcing import (
    AddOutcome,
    ProfileMark,
    ProfileStatus,
    SourcingSearch,
    SourcingSet,
)
from bot.ui import sourcing as ui
from bot.ui.actions import CONTACT_ENRICH, PROFILE_ADD, PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE
from standins.slack.validation import block_problems, view_problems


def profile(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "profile_id": f"urn:li:member:{i}",
        "first_name": f"Ada{i}",
        "last_name": "Lovelace",
        "headline": "Engineer at Analytical Engines",
        "picture_url": f"https://media.licdn.com/p{i}.jpg",
        "location": "Paris, Île-de-France, France",
        "linkedin_url": f"https://www.linkedin.com/in/ada-{i}",
        "current_job": {"title": "Engineer", "company_name": "Analytical Engines"},
        "total_years_experience": 8.2,
        **extra,
    }


def make_set(count: int = 3, *, has_more: bool = False, **search: Any) -> SourcingSet:
    params: dict[str, Any] = {
        "account_id": "acc",
        "api_type": "recruiter",
        "job_titles": ["Software Engineer"],
        "project_id": "p1",
        "project_name": "Frontend <team>",
        **search,
    }
    return SourcingSet(
        team_id="T1",
        user_id="U1",
        search=SourcingSearch(**params),
        total_count=count,
        filtered_count=count,
        has_more=has_more,
        next_page=2 if has_more else None,
        profiles=[profile(i) for i in range(count)],
        marks=[ProfileMark() for _ in range(count)],
    )


def test_modal_is_valid_and_prefilled() -> None:
    accounts = [
        ConnectedAccount(id="a1", name="Alice", api_status={"recruiter": "active"}),
    ]
    projects = [ProjectSummary(id=f"p{i}", name="P" * 90) for i in range(3)]
    view = ui.sourcing_modal(accounts, projects, titles=("Data Engineer", "ML Engineer"))
    assert view_problems(view) == []
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks["titles"]["element"]["initial_value"] == "Data Engineer, ML Engineer"
    assert blocks["account"]["element"]["initial_option"]["value"] == "a1|recruiter"
    assert blocks["locations"]["element"]["min_query_length"] == 2
    assert view_problems(ui.no_account_view()) == [] and view_problems(ui.loading_view()) == []


def test_large_pages_are_split_under_fifty_blocks() -> None:
    page = make_set(40)
    plan = ui.plan_card_messages(page)
    assert len(plan) > 1
    assert [i for r in plan for i in r] == list(range(40))
    for indices in plan:
        _, blocks = ui.cards_message("set1", page, indices)
        assert len(blocks) <= 50
        assert block_problems(blocks, max_blocks=50) == []


def test_card_states_and_escaping() -> None:
    page = make_set(3)
    page.profiles[0] |= {"first_name": "<@U1> & co", "linkedin_url": "https://x.test/a|b"}
    page.marks[1] = ProfileMark(status=ProfileStatus.ADDED, contact_id="c-9", stage="Sourced")
    page.marks[2] = ProfileMark(status=ProfileStatus.IN_PROJECT)

    new, added, already = (ui.card_blocks("s", i, page) for i in range(3))
    assert "&lt;@U1&gt; &amp; co" in new[0]["text"]["text"]
    assert "<https://x.test/a|b>" not in str(new)  # unsafe URL: not made a link
    assert new[0]["accessory"]["type"] == "image"
    assert new[2]["elements"][0]["action_id"] == PROFILE_ADD
    assert new[2]["elements"][0]["value"] == "s:0"
    assert "✓ Added to *Frontend &lt;team&gt;* · Sourced" == added[2]["text"]["text"]
    assert added[2]["accessory"] == {
        "type": "button",
        "action_id": CONTACT_ENRICH,
        "text": {"type": "plain_text", "text": "Enrich", "emoji": True},
        "value": "c-9",
    }
    assert "Already in project" in already[2]["elements"][0]["text"]
    assert "8.2 years of experience" in new[1]["elements"][0]["text"]
    assert block_problems(new + added + already, max_blocks=50) == []


def test_controls_offer_add_all_and_next_page_only_when_useful() -> None:
    page = make_set(2, has_more=True)
    _, blocks = ui.controls_message("s", page)
    ids = [e["action_id"] for e in blocks[-1]["elements"]]
    assert ids == [PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE]

    page.marks = [ProfileMark(status=ProfileStatus.ADDED) for _ in page.marks]
    page.next_set_id = "s2"
    _, blocks = ui.controls_message("s", page)
    assert all(b["type"] != "actions" for b in blocks)


def test_parent_and_confirmation_texts() -> None:
    page = make_set(
        3, job_titles=["Data Engineer", "ML Engineer"], locations={"1": "Lyon, France"}, years_min=2
    )
    page.total_count, page.filtered_count = 342, 340
    text, _ = ui.parent_message(page)
    assert text == (
        "Found 342 profiles (340 not yet in *Frontend &lt;team&gt;*) for *Data Engineer* or "
        "*ML Engineer* in Lyon with at least 2 years of experience"
    )
    empty = make_set(0)
    assert ui.parent_message(empty)[0].startswith("No LinkedIn profiles found")

    outcome = AddOutcome(set_id="s", set=page, added=[(0, "c1")], skipped=[1], stage="Sourced")
    said = ui.added_text(outcome)
    assert "Added *Ada0 Lovelace* to *Frontend &lt;team&gt;* (stage *Sourced*)" in said
    assert "Skipped *Ada1 Lovelace*: already in" in said
