"""Shared pieces of the load, fault and soak benchmarks: subprocesses, ports, a throwaway
PostgreSQL database, percentiles, /proc sampling, the summary rows the runner prints, and
enrichment jobs created in the bot's database the way the enrich service does (bench/faults.py,
bench/poller_scale.py)."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx
from cryptography.fernet import Fernet

from bot.store import KeyOwner, NewJob, fingerprint
from standins.harness import SIGNING_SECRET, Stack
from standins.leonar import DEFAULT_KEY, Enrichment, SandboxState
from standins.leonar_data import NO_EMAIL_CONTACT_ID

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench-token"
LEONAR_KEY = "leo_sandbox"
#: the channel and user of the jobs the fault and poller benchmarks create
CHANNEL = "C0GENERAL"
USER = "U0ALICE"


@dataclass
class Row:
    """One line of the runner's summary table."""

    bench: str
    metric: str
    value: str
    target: str = ""
    met: bool | None = None

    def cells(self) -> list[str]:
        verdict = "" if self.met is None else ("yes" if self.met else "NO")
        return [self.bench, self.metric, self.value, self.target, verdict]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, bench: str, metric: str, value: str, target: str = "", met: bool | None = None
    ) -> None:
        self.rows.append(Row(bench, metric, value, target, met))


def print_table(rows: list[Row]) -> None:
    header = ["bench", "metric", "value", "target", "met"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.5) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds == seconds else "n/a"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({model}), {mem_kb / 1024 / 1024:.0f} GiB, Linux; "
        f"load average at start {load}"
    )


class Proc:
    """A server subprocess with its output in a log file; stop() ends only this process group."""

    def __init__(self, name: str, argv: list[str], env: Mapping[str, str], port: int) -> None:
        self.name = name
        self.argv = argv
        self.env = {**os.environ, **env}
        self.port = port
        self.log_path = Path(tempfile.gettempdir()) / f"bench-{name}-{port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> Proc:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603  (our own interpreter and scripts)
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    async def wait_ready(self, path: str | None = "/healthz", timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2.0) as http:
            while time.monotonic() < deadline:
                if self.proc is not None and self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited: see {self.log_path}")
                try:
                    if path is None:
                        with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                            return
                    else:
                        r = await http.get(f"http://127.0.0.1:{self.port}{path}")
                        if r.status_code < 500:
                            return
                except (OSError, httpx.HTTPError):
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError(f"{self.name} not ready within {timeout}s: see {self.log_path}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to this process's group (its uvicorn workers too)."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is None:
            return
        self.kill(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.proc.wait(5)

    def children(self) -> list[int]:
        """The pids of the process and its direct children (uvicorn workers)."""
        if self.proc is None:
            return []
        pids = [self.proc.pid]
        with contextlib.suppress(OSError):
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
            pids += [int(p) for p in text.split()]
        return pids


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def leonar_bot(*args: str) -> list[str]:
    return [str(VENV_BIN / "leonar-bot"), *args]


def bot_env(
    *, port: int, slack_port: int, leonar_port: int, database_url: str, **extra: str
) -> dict[str, str]:
    env = {
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": f"http://127.0.0.1:{slack_port}/api/",
        "LEONAR_API_URL": f"http://127.0.0.1:{leonar_port}/api/v1",
        "LEONAR_API_KEY": LEONAR_KEY,
        "DATABASE_URL": database_url,
        "ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "PORT": str(port),
    }
    env.update(extra)
    return env


@contextlib.asynccontextmanager
async def throwaway_pg() -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one run (dropped afterwards); yields its URL."""
    import asyncpg  # type: ignore[import-untyped]

    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin = await asyncpg.connect(PG_ADMIN_DSN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def open_sockets(pids: list[int]) -> int:
    count = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                        count += 1
    return count


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y) points (0 for fewer than two)."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    den = sum((p[0] - mx) ** 2 for p in points)
    return sum((p[0] - mx) * (p[1] - my) for p in points) / den if den else 0.0


# --- enrichment jobs on a running_stack ------------------------------------------------------


def sandbox_state() -> SandboxState:
    """The demo sandbox with a rate limit and credits that never bind."""
    state = SandboxState.demo()
    state.rate_limit = 10_000_000
    state.credits = 10_000_000
    return state


def url_port(url: str) -> int:
    port = urlparse(url).port
    assert port is not None
    return port


async def start_thread(stack: Stack) -> str:
    """A parent message in CHANNEL for the jobs' notifications; returns its ts."""
    poster = stack.deps.poster(await stack.deps.slack_client(None))
    return (await poster.start_thread(CHANNEL, "bench: enrichments")).ts


def worker_env(stack: Stack, database_url: str, **extra: str) -> dict[str, str]:
    """Environment of a `leonar-bot worker` subprocess talking to ``stack``'s sandbox and fake
    Slack (served from the bench process) on ``database_url``."""
    token = stack.settings.slack_bot_token
    return bot_env(
        port=free_port(),
        slack_port=url_port(stack.slack_url),
        leonar_port=url_port(stack.leonar_url),
        database_url=database_url,
        SLACK_BOT_TOKEN=token.get_secret_value() if token else "",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        POLLER="off",
        **extra,
    )


async def create_jobs(
    stack: Stack,
    count: int,
    *,
    thread_ts: str,
    delay: float = 1.0,
    prefix: str = "job",
    delays: Sequence[float] | None = None,
    concurrency: int = 1,
    now: float | None = None,
) -> list[str]:
    """``count`` pending enrichments (sandbox + bot database), all started at the same instant
    ``now`` (default: the call's start; a later instant lets a large batch be inserted before
    it); returns the job ids. Each completes ``delay`` seconds after it started, or, with
    ``delays``, ``delays[i]`` seconds (each job then has its own copy of the sandbox contact,
    since the sandbox times enrichments per contact). ``concurrency``: inserts in flight."""
    if delays is not None and len(delays) != count:
        raise ValueError("one delay per job")
    state = stack.leonar
    now = time.time() if now is None else now
    per_contact: dict[str, float] = {}
    if delays is None:
        state.enrichment_delay = delay
    else:
        fallback = state.enrichment_delay
        state.enrichment_delay_for = lambda contact_id, _type: per_contact.get(contact_id, fallback)
    template = state.contacts[NO_EMAIL_CONTACT_ID]
    news: list[NewJob] = []
    for i in range(count):
        request_id = f"{prefix}-{i}-{random.randrange(1 << 30)}"
        contact_id = NO_EMAIL_CONTACT_ID
        if delays is not None:
            contact = copy.deepcopy(template)
            contact_id = contact["id"] = f"{prefix}-contact-{i}"
            state.contacts[contact_id] = contact
            per_contact[contact_id] = delays[i]
        state.enrichments[request_id] = Enrichment(
            id=request_id, contact_id=contact_id, type="work_email", created_at=now
        )
        news.append(
            NewJob(
                request_id=request_id,
                contact_id=contact_id,
                contact_name="Bench Contact",
                type="work_email",
                team_id=stack.fake.team_id,
                requester_user_id=USER,
                key_owner=KeyOwner.env(),
                key_fingerprint=fingerprint(DEFAULT_KEY),
                channel_id=CHANNEL,
                thread_ts=thread_ts,
                next_poll_at=now + 0.5,
            )
        )
    ids: list[str] = []
    for start in range(0, count, max(1, concurrency)):
        chunk = news[start : start + max(1, concurrency)]
        jobs = await asyncio.gather(*(stack.deps.db.jobs.create(n, now=now) for n in chunk))
        ids += [job.id for job in jobs]
    return ids
