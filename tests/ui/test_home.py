"""The Home tab builder: what each kind of person sees, and Slack's limits."""

from __future__ import annotations

from typing import Any

from bot.store.models import ActivityEntry, Job
from bot.ui.actions import CONNECT, HOME_CLOSE_DEAL, HOME_NEW_DEAL, HOME_SEARCH, HOME_SOURCE
from bot.ui.home import MAX_JOBS, HomeData, home_view, job_line
from standins.slack.validation import view_problems


def _job(status: str = "pending", result: dict[str, Any] | None = None, **kw: Any) -> Job:
    values: dict[str, Any] = {
        "id": "j1",
        "request_id": "r1",
        "contact_id": "c1",
        "contact_name": "Sophie Martin",
        "type": "work_email",
        "team_id": "T1",
        "channel_id": "C1",
        "thread_ts": "1.0",
        "status_message_ts": None,
        "requester_user_id": "U1",
        "key_owner": "env",
        "key_fingerprint": "fp",
        "status": status,
        "result": result,
        "attempts": 0,
        "next_poll_at": 0.0,
        "lease_owner": None,
        "lease_expires_at": None,
        "created_at": 1_700_000_000.0,
        "finished_at": None if status == "pending" else 1_700_000_060.0,
        "notify_state": "none",
        "notified_at": None,
        "notification_ts": None,
    }
    values.update(kw)
    return Job(**values)


def _text(view: dict[str, Any]) -> str:
    return str(view["blocks"])


def _action_ids(view: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for block in view["blocks"]:
        if "accessory" in block:
            ids.append(block["accessory"]["action_id"])
        ids += [e["action_id"] for e in block.get("elements", []) if "action_id" in e]
    return ids


def test_not_connected_has_connect_and_quick_buttons() -> None:
    view = home_view(HomeData(connection="none"))
    assert view_problems(view) == []
    assert view["type"] == "home"
    assert "Not connected to Leonar" in _text(view)
    assert _action_ids(view) == [CONNECT, HOME_SEARCH, HOME_SOURCE, HOME_NEW_DEAL, HOME_CLOSE_DEAL]


def test_own_key_has_no_connect_button() -> None:
    view = home_view(HomeData(connection="user"))
    assert CONNECT not in _action_ids(view)
    assert "Connected" in _text(view)


def test_env_key_counts_as_workspace_key() -> None:
    assert "workspace's Leonar key" in _text(home_view(HomeData(connection="env")))


def test_job_lines_say_state_and_result() -> None:
    assert job_line(_job()).startswith(
        ":hourglass_flowing_sand: Sophie Martin: work email, started <!date^1700000000^"
    )
    done = job_line(_job("completed", {"email": "sophie@doctolib.com", "confidence": 0.98}))
    assert "*sophie@doctolib.com* (98% confidence)" in done
    phone = job_line(_job("completed", {"phone": "+33612345678", "confidence": 85}, type="phone"))
    assert "phone, *+33612345678* (85% confidence)" in phone
    assert "nothing found: no email found" in job_line(
        _job("failed", {"message": "no email found"})
    )
    assert "timed out" in job_line(_job("timed_out", {}))
    assert "nothing found" in job_line(_job("completed", {}))


def test_names_and_results_from_leonar_are_escaped() -> None:
    line = job_line(_job("completed", {"email": "<!channel>@x.io"}, contact_name="<@U0BOB> & co"))
    assert "<!channel>" not in line and "<@U0BOB>" not in line
    assert "&lt;@U0BOB&gt; &amp; co" in line


def test_many_jobs_and_long_activity_stay_within_limits() -> None:
    jobs = [_job(id=f"j{i}", contact_name="N" * 300) for i in range(200)]
    activity = [ActivityEntry("T1", "U1", "A" * 5000, 1_700_000_000.0 + i) for i in range(200)]
    view = home_view(HomeData(connection="user", jobs=jobs, activity=activity))
    assert view_problems(view) == []
    assert len(view["blocks"]) <= 100
    assert _text(view).count("work email") == MAX_JOBS
    assert "Older enrichments are not shown." in _text(view)


def test_pending_jobs_come_first() -> None:
    jobs = [
        _job("completed", {"email": "a@b.co"}, contact_name="Done"),
        _job(contact_name="Waiting"),
    ]
    text = _text(home_view(HomeData(connection="user", jobs=jobs)))
    assert text.index("Waiting") < text.index("Done")
