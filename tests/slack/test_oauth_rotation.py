"""Multi-workspace install with token rotation: expiring bot tokens are refreshed (Bolt for
requests, ``Deps.bot_token`` for work outside requests) and the new ones are saved."""

from __future__ import annotations

import re
from typing import Any

from standins.harness import Stack, running_stack

OAUTH: dict[str, Any] = {
    "slack_bot_token": None,
    "slack_client_id": "1111.2222",
    "slack_client_secret": "fake-client-secret",
}


async def _install(stack: Stack, user: str = "U0BOB") -> None:
    install = await stack.http.get(f"{stack.bot_url}/slack/install")
    assert install.status_code == 200
    match = re.search(r"state=([\w-]+)", install.text)
    assert match, install.text
    done = await stack.http.get(
        f"{stack.bot_url}/slack/oauth_redirect",
        params={"code": stack.fake.new_oauth_code(user), "state": match.group(1)},
        headers={"Cookie": install.headers["set-cookie"].split(";", 1)[0]},
    )
    assert done.status_code == 200, done.text


def _refreshes(stack: Stack) -> list[str]:
    return [
        str(c.args.get("refresh_token"))
        for c in stack.fake.calls
        if c.method == "oauth.v2.access" and c.args.get("grant_type") == "refresh_token" and c.ok
    ]


async def test_expiring_tokens_are_rotated_and_saved() -> None:
    async with running_stack(**OAUTH) as stack:
        stack.fake.token_rotation = True
        stack.fake.token_ttl = 60  # well inside the 2 h refresh margin: every use rotates
        await _install(stack)
        installed = await stack.deps.db.installation_store.async_find_bot(
            enterprise_id=None, team_id="T0TEAM"
        )
        assert installed is not None and installed.bot_refresh_token
        first_token = installed.bot_token

        # a request: Bolt refreshes the token before the listener runs
        resp = await stack.driver.command("/leonar", "help", user="U0ALICE")
        assert resp.status_code == 200
        await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
        assert _refreshes(stack) == [installed.bot_refresh_token]
        after_request = await stack.deps.db.installation_store.async_find_bot(
            enterprise_id=None, team_id="T0TEAM"
        )
        assert after_request is not None and after_request.bot_token != first_token
        assert after_request.bot_token in stack.fake.valid_tokens

        # work outside a request (the poller): Deps.bot_token rotates with the saved refresh token
        token = await stack.deps.bot_token("T0TEAM")
        assert _refreshes(stack)[-1] == after_request.bot_refresh_token
        saved = await stack.deps.db.installation_store.async_find_bot(
            enterprise_id=None, team_id="T0TEAM"
        )
        assert saved is not None and token == saved.bot_token
        assert token not in (first_token, after_request.bot_token)


async def test_non_expiring_tokens_are_not_rotated() -> None:
    async with running_stack(**OAUTH) as stack:
        stack.fake.token_rotation = True  # 12 h tokens: far from the 2 h margin
        await _install(stack)
        await stack.driver.command("/leonar", "help")
        await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
        token = await stack.deps.bot_token("T0TEAM")
        assert token is not None and token in stack.fake.valid_tokens
        assert _refreshes(stack) == []


async def test_a_bad_oauth_code_installs_nothing() -> None:
    async with running_stack(**OAUTH) as stack:
        install = await stack.http.get(f"{stack.bot_url}/slack/install")
        match = re.search(r"state=([\w-]+)", install.text)
        assert match
        done = await stack.http.get(
            f"{stack.bot_url}/slack/oauth_redirect",
            params={"code": "code-forged", "state": match.group(1)},
            headers={"Cookie": install.headers["set-cookie"].split(";", 1)[0]},
        )
        assert done.status_code >= 400
        assert await stack.deps.bot_token("T0TEAM") is None


async def test_a_forged_state_is_refused() -> None:
    async with running_stack(**OAUTH) as stack:
        done = await stack.http.get(
            f"{stack.bot_url}/slack/oauth_redirect",
            params={"code": stack.fake.new_oauth_code("U0BOB"), "state": "forged-state"},
        )
        assert done.status_code >= 400
        assert not [c for c in stack.fake.calls if c.method == "oauth.v2.access"]
        assert await stack.deps.bot_token("T0TEAM") is None
