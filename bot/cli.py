"""``leonar-bot``: serve, socket, worker, demo, sandbox, migrate, rotate-keys, manifest.

A missing or malformed setting stops start-up with one line on stderr naming the variable and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.log import configure_logging, install_redaction
from bot.settings import ConfigError, load_settings

EXIT_CONFIG = 2
MANIFEST_PLACEHOLDER = "https://leonar-bot.example.com"
MANIFEST_FILE = "app_manifest.yml"


def manifest_path() -> Path:
    """app_manifest.yml at the repository root (next to the ``bot`` package)."""
    return Path(__file__).resolve().parent.parent / MANIFEST_FILE


def render_manifest(url: str, template: str | None = None) -> str:
    """The manifest with every placeholder URL replaced by ``url`` (scheme and host, no path)."""
    base = url.strip().rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise ConfigError(f"--url must start with https:// (got {url!r})")
    text = template if template is not None else manifest_path().read_text(encoding="utf-8")
    return text.replace(MANIFEST_PLACEHOLDER, base)


def _multiprocess_metrics_dir() -> None:
    """Several web processes: each writes its metrics under ``PROMETHEUS_MULTIPROC_DIR`` and
    ``GET /metrics`` adds them up. A directory given by the operator is emptied (figures of a
    previous run must not count); otherwise a fresh one is made. Set before any worker starts."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        directory = Path(given)
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="leonar-bot-metrics-")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = load_settings()
    settings.require_for_serve()
    configure_logging(settings)
    port = args.port or settings.port
    workers = args.workers or int(os.environ.get("WEB_CONCURRENCY") or 1)
    if workers > 1:
        _multiprocess_metrics_dir()  # before prometheus_client is imported (bot.metrics)
    from bot.main import create_app

    options: dict[str, Any] = {
        "host": args.host,
        "port": port,
        "proxy_headers": True,
        # uvicorn waits this long for requests in progress; the lifespan then gives acked
        # follow-up work SHUTDOWN_GRACE seconds (bot/slack/asgi.py)
        "timeout_graceful_shutdown": settings.shutdown_grace,
    }
    if settings.log_format == "json":
        options["log_config"] = None  # uvicorn's loggers go through the JSON handler
    if workers > 1:
        # each worker process builds its own app (own httpx client and database engine)
        uvicorn.run("bot.main:create_app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(settings, freeze_heap=True), **options)
    return 0


def _socket(_args: argparse.Namespace) -> int:
    from bot.main import run_socket
    from bot.slack.socket_mode import check_socket_settings

    settings = load_settings()
    check_socket_settings(settings)
    configure_logging(settings)
    try:
        asyncio.run(run_socket(settings))
    except KeyboardInterrupt:
        return 0
    return 0


def _worker(_args: argparse.Namespace) -> int:
    from bot.main import run_worker_loops

    settings = load_settings()
    configure_logging(settings)
    try:
        asyncio.run(run_worker_loops(settings))
    except KeyboardInterrupt:
        return 0
    return 0


def _port_from_env(default: int) -> int:
    """``PORT`` as every process reads it; ``default`` when unset or empty."""
    raw = os.environ.get("PORT", "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"PORT must be a port number, got {raw!r}") from None


def _demo(args: argparse.Namespace) -> int:
    from standins.demo import run_demo

    if args.port is None:
        args.port = _port_from_env(3000)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        run_demo(args.port, enrichment_delay=args.enrichment_delay)
    except OSError as exc:
        print(f"leonar-bot: cannot serve the demo on port {args.port}: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return 0


def _sandbox(args: argparse.Namespace) -> int:
    from standins.leonar import run_sandbox

    run_sandbox(args.port, os.environ.get("LEONAR_API_KEY") or None)
    return 0


def _rotate_keys(_args: argparse.Namespace) -> int:
    """Re-encrypt every stored Leonar key under the first ENCRYPTION_KEY (old keys still decrypt)."""
    from bot.store import Database

    settings = load_settings()
    configure_logging(settings)
    settings.require("encryption_key")

    async def run() -> int:
        async with Database.from_settings(settings) as db:
            await db.migrate()
            return await db.reencrypt_all()

    count = asyncio.run(run())
    print(
        f"leonar-bot: re-encrypted {count} stored key(s) under the first ENCRYPTION_KEY; "
        "the old keys can now be removed from ENCRYPTION_KEY."
    )
    return 0


def _doctor(_args: argparse.Namespace) -> int:
    """Check the settings against the database, Slack and Leonar (bot/doctor.py)."""
    from bot.doctor import run_doctor

    settings = load_settings()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_redaction(settings)
    return run_doctor(settings, print)


def _migrate(_args: argparse.Namespace) -> int:
    """Upgrade the database to the newest schema (what serve and worker also do at start)."""
    from bot.store import Database

    settings = load_settings()
    configure_logging(settings)

    async def run() -> tuple[str, list[str]]:
        async with Database.from_settings(settings) as db:
            return db.url, await db.migrate()

    url, applied = asyncio.run(run())
    done = f"applied {', '.join(applied)}" if applied else "already up to date"
    print(f"leonar-bot: database {url}: {done}.")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    sys.stdout.write(render_manifest(args.url))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leonar-bot", description="The Leonar Slack bot and its tools."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve HTTP mode (POST /slack/events, GET /healthz)")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=None, help="default: $PORT or 3000")
    serve.add_argument("--workers", type=int, default=None, help="default: $WEB_CONCURRENCY or 1")
    serve.set_defaults(func=_serve)

    sub.add_parser("socket", help="run in Socket Mode (needs SLACK_APP_TOKEN)").set_defaults(
        func=_socket
    )
    sub.add_parser(
        "worker", help="run the background enrichment poller and watch loop alone"
    ).set_defaults(func=_worker)
    demo = sub.add_parser("demo", help="the whole bot on embedded defaults, no account needed")
    demo.add_argument(
        "--port", type=int, default=None, help="the page's port (default: $PORT, else 3000)"
    )
    demo.add_argument(
        "--enrichment-delay",
        type=float,
        default=8.0,
        help="seconds the Leonar sandbox takes to finish an enrichment (default 8)",
    )
    demo.set_defaults(func=_demo)

    sandbox = sub.add_parser("sandbox", help="the Leonar sandbox alone (in-memory API, demo data)")
    sandbox.add_argument("--port", type=int, default=8787)
    sandbox.set_defaults(func=_sandbox)

    sub.add_parser(
        "rotate-keys",
        help="re-encrypt stored Leonar keys under the first ENCRYPTION_KEY (after adding a new one)",
    ).set_defaults(func=_rotate_keys)

    sub.add_parser(
        "doctor", help="check the settings against the database, Slack and Leonar (exit 1 if not)"
    ).set_defaults(func=_doctor)
    sub.add_parser(
        "migrate", help="upgrade the database schema to this release (serve and worker do it too)"
    ).set_defaults(func=_migrate)

    manifest = sub.add_parser("manifest", help="print app_manifest.yml for your public URL")
    manifest.add_argument("--url", required=True, help="e.g. https://leonar-bot.example.org")
    manifest.set_defaults(func=_manifest)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except ConfigError as exc:
        print(f"leonar-bot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return result


if __name__ == "__main__":
    sys.exit(main())
