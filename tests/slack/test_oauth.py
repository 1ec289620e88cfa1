"""Multi-workspace install: /slack/install → Slack → /slack/oauth_redirect → commands work."""

from __future__ import annotations

import re

from standins.harness import Stack, running_stack


async def test_install_then_use() -> None:
    async with running_stack(
        slack_bot_token=None, slack_client_id="1111.2222", slack_client_secret="fake-client-secret"
    ) as stack:
        health = (await stack.http.get(f"{stack.bot_url}/healthz")).json()
        assert health["oauth"] is True

        install = await stack.http.get(f"{stack.bot_url}/slack/install")
        assert install.status_code == 200
        match = re.search(r"state=([\w-]+)", install.text)
        assert match, install.text
        code = stack.fake.new_oauth_code("U0BOB")
        done = await stack.http.get(
            f"{stack.bot_url}/slack/oauth_redirect",
            params={"code": code, "state": match.group(1)},
            # the state cookie is Secure; over plain loopback HTTP send it by hand
            headers={"Cookie": install.headers["set-cookie"].split(";", 1)[0]},
        )
        assert done.status_code == 200, done.text
        assert [c.method for c in stack.fake.calls if c.method == "oauth.v2.access"]

        token = await stack.deps.bot_token("T0TEAM")
        assert token is not None and token in stack.fake.valid_tokens

        resp = await stack.driver.command("/leonar", "help")
        assert resp.status_code == 200
        (eph,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals)
        assert "/leonar search" in eph.text
        assert any(c.token == token for c in stack.fake.calls if c.method == "auth.test")


async def test_without_oauth_the_install_routes_do_not_exist(stack: Stack) -> None:
    resp = await stack.http.get(f"{stack.bot_url}/slack/install")
    assert resp.status_code == 404
