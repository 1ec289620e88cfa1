from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "LEONAR_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_without_signing_secret_names_it_in_one_line() -> None:
    proc = _run("serve", SLACK_BOT_TOKEN="xoxb-1")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "SLACK_SIGNING_SECRET" in lines[0]
    assert "Traceback" not in proc.stderr


def test_serve_without_bot_token_names_it() -> None:
    proc = _run("serve", SLACK_SIGNING_SECRET="s")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "leonar-bot: SLACK_BOT_TOKEN is required but not set"
    ]


def test_malformed_setting_is_one_line() -> None:
    proc = _run("serve", SLACK_SIGNING_SECRET="s", SLACK_BOT_TOKEN="xoxb-1", PORT="eighty")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "PORT" in lines[0], proc.stderr


def test_bad_encryption_key_is_one_line() -> None:
    proc = _run(
        "serve", SLACK_SIGNING_SECRET="s", SLACK_BOT_TOKEN="xoxb-1", ENCRYPTION_KEY="not-a-key"
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "ENCRYPTION_KEY" in lines[0], proc.stderr


def test_socket_needs_app_token() -> None:
    proc = _run("socket", SLACK_BOT_TOKEN="xoxb-1")
    assert proc.returncode == 2
    assert "SLACK_APP_TOKEN" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_demo_takes_port_from_env_and_flag_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import cli

    seen: list[int] = []
    monkeypatch.setattr("standins.demo.run_demo", lambda port, **_: seen.append(port))
    monkeypatch.setenv("PORT", "4567")
    assert cli.main(["demo"]) == 0
    assert cli.main(["demo", "--port", "4600"]) == 0
    monkeypatch.delenv("PORT")
    assert cli.main(["demo"]) == 0
    assert seen == [4567, 4600, 3000]
