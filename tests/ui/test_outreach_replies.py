"""The words of outreach replies (bot/ui/outreach_replies.py)."""

from __future__ import annotations

from bot.leonar.models import EnrollResult
from bot.ui import outreach_replies as replies


def test_enroll_result_text() -> None:
    result = EnrollResult(
        enrolled=3,
        skipped_blacklisted=1,
        skipped_already_enrolled=1,
        skipped_active_elsewhere=1,
        skipped_not_found=0,
    )
    assert replies.enroll_result_text("Sequence", result) == (
        "Enrolled 3 in *Sequence*. Skipped: 1 blacklisted, 1 already enrolled, "
        "1 active in another sequence."
    )
    text = replies.enroll_result_text(
        "A<b>", result, do_not_contact=2, failures=[("contacts 1–500", "Leonar is down.")]
    )
    assert text.startswith(
        "Enrolled 3 in *A&lt;b&gt;*. Skipped: 2 marked do not contact, 1 blacklisted"
    )
    assert text.endswith(
        "\nNot enrolled because of an error (1):\n• contacts 1–500: Leonar is down."
    )


def test_tag_texts_cap_the_failure_list() -> None:
    failures = [(f"Person {i}", "gone") for i in range(12)]
    text = replies.tag_result_text("ai", tagged=28, total=40, failures=failures, created=True)
    lines = text.splitlines()
    assert lines[0] == "Tagged 28 of 40 contacts with *ai* (new tag)."
    assert lines[1] == "Could not tag 12:"
    assert lines[2] == "• Person 0: gone"
    assert lines[-1] == "• …and 2 more"
    assert len(lines) == 2 + replies.FAILURES_SHOWN + 1
    assert replies.tag_result_text("x", tagged=1, total=1) == "Tagged 1 of 1 contact with *x*."
    assert replies.tag_single_text("Sophie", "ai") == "Tagged *Sophie* with *ai*."


def test_progress_and_sent_texts() -> None:
    assert replies.progress_text("Tagging", 12, 40) == "Tagging… 12 of 40"
    paused = replies.progress_text("Tagging", 12, 40, 1_700_003_600.0)
    assert paused == (
        "Tagging… 12 of 40 (paused until <!date^1700003600^{time}|23:13 UTC> "
        "to stay within Leonar's rate limit)"
    )
    assert replies.message_sent_text("Sophie", "email") == "Sent an email to *Sophie*."
    assert replies.message_sent_text("Sophie", "linkedin", "Alice") == (
        "Sent a LinkedIn message to *Sophie* from Alice."
    )
