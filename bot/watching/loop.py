"""The watch loop: channels hear when a watched project or the open deals change.

Leonar sends no webhooks, so this loop is the event source. It runs beside the enrichment poller
(inside ``web`` with ``POLLER=inline``, or in ``leonar-bot worker``). Each tick it claims the
watches that are due under a lease (bot.store.watches; renewed every third of it while the worker
lives) and for each one:

- finds the setter's key again (``KeyResolver.key_for``); gone (disconnected) or refused by
  Leonar (401): the watch pauses and the channel is told once who can start it again and how;
- spends the key only while more than ``POLLER_BUDGET_RESERVE`` of its hourly budget is left and
  no 429 is pending (people's commands keep their reserve); otherwise it waits for the reset;
- checks (bot.watching.checks) and, when something changed, tells the channel exactly once:
  ``save_state`` (compare-and-set with the outbox) → post with ``{watch_id, version}`` metadata →
  ``mark_told``; an outbox found still set is posted only where the channel does not show it;
- is due again after the rate plan's interval: ``WATCH_INTERVAL``, stretched when many watches
  share the key so that together they use at most ``WATCH_BUDGET_SHARE`` of its budget.

Every ``digest_every`` seconds it also looks for channels whose weekly digest is due (Monday 09:00
in the timezone of whoever set the channel's first watch) and posts it, once per week.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.leonar.budget import RateBudgets, key_fingerprint
from bot.leonar.client import LeonarClient
from bot.leonar.errors import AuthenticationError, LeonarError, NotFoundError, RateLimitError
from bot.services.watch_plan import digest_due, effective_interval, zone
from bot.slack.deps import Deps
from bot.slack.threads import Poster
from bot.store import Watch
from bot.store.leases import LeasedWorker
from bot.ui.watches import paused_notice
from bot.watching.checks import CheckResult, check_deals, check_project
from bot.watching.telling import already_posted, post_outbox, tell_digest

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0
KEY_GONE = "the Leonar key it used is no longer connected."
KEY_REFUSED = "Leonar refused the key it used (it was revoked or changed)."
PROJECT_GONE = "the project is no longer in Leonar."


def budget_ready(budgets: RateBudgets, fingerprint: str, *, now: float, reserve: float) -> float:
    """0 when the key may be spent now; else when to look again (a 429's end, the reset)."""
    if budgets.reserve_ok(fingerprint, reserve):
        return 0.0
    state = budgets.get(fingerprint)
    later = [state.blocked_until, state.reset_at] if state is not None else []
    return max([t for t in later if t is not None and t > now] or [now + 60.0])


class WatchLoop(LeasedWorker):
    """Claims due watches and tells their channels what changed, once."""

    def __init__(
        self,
        deps: Deps,
        *,
        worker_id: str | None = None,
        clock: Callable[[], float] = time.time,
        lease_seconds: float = LEASE_SECONDS,
        tick_seconds: float | None = None,
        batch: int = 50,
        digest_every: float = 60.0,
    ) -> None:
        interval = deps.settings.watch_interval
        self.tick_seconds = tick_seconds if tick_seconds is not None else min(5.0, interval / 4)
        super().__init__(
            deps.db.watches,
            name="watch loop",
            id_prefix="watcher",
            worker_id=worker_id,
            clock=clock,
            lease_seconds=lease_seconds,
            every=self.tick_seconds,
        )
        self.deps = deps
        self.settings = deps.settings
        self.batch = batch
        self.digest_every = digest_every
        self.checks = 0
        self.posted = 0
        self._slack: dict[str, Poster] = {}
        self._last_digest_look = float("-inf")

    # ------------------------------------------------------------------ one tick
    # run() ticks until stop() (bot.store.leases.LeasedWorker), then releases the leases.

    async def step(self) -> int:
        return await self.tick()

    async def tick(self) -> int:
        """Check the due watches (and due digests); returns how many watches were checked."""
        now = self.clock()
        watches = await self.deps.db.watches.claim_due(
            worker_id=self.worker_id, now=now, limit=self.batch, lease_seconds=self.lease_seconds
        )
        for watch in watches:
            if self.stopping.is_set():
                break
            try:
                await self.handle(watch)
            except Exception:  # one watch must not stop the others; its lease runs out
                log.exception("watch=%s check failed", watch.id)
        if now - self._last_digest_look >= self.digest_every:
            self._last_digest_look = now
            await self.digests()
        return len(watches)

    async def _poster(self, team_id: str) -> Poster:
        poster = self._slack.get(team_id)
        if poster is None:
            poster = self.deps.poster(await self.deps.slack_client(team_id))
            self._slack[team_id] = poster
        return poster

    # ------------------------------------------------------------------ one watch

    async def handle(self, watch: Watch) -> None:
        """One claimed watch: finish an interrupted telling, then check it."""
        poster = await self._poster(watch.team_id)
        version = watch.version
        if watch.outbox is not None:
            await self._resume_outbox(poster, watch)
        key = await self.deps.keys.key_for(watch.owner)
        if not key:
            await self._pause_watch(poster, watch, KEY_GONE)
            return
        fingerprint = key_fingerprint(key)
        now = self.clock()
        wait = budget_ready(
            self.deps.budgets, fingerprint, now=now, reserve=self.settings.poller_budget_reserve
        )
        if wait:
            await self._done(watch, wait)
            return
        result = await self._check(
            poster, watch, self.deps.background_leonar(key, clock=self.clock)
        )
        if result is None:
            return
        self.checks += 1
        if result.changed:
            await self._tell(poster, watch, version, result)
        elif result.state != watch.state:
            await self.deps.db.watches.save_state(watch.id, version=version, state=result.state)
        await self._done(watch, now + await self._interval(watch, fingerprint, result.calls))

    async def _check(
        self, poster: Poster, watch: Watch, client: LeonarClient
    ) -> CheckResult | None:
        """Read Leonar; None when the check could not be made (paused or rescheduled)."""
        try:
            if watch.kind == "deals":
                today = dt.datetime.fromtimestamp(self.clock(), zone(watch.tz)).date()
                return await check_deals(
                    client, watch, today=today, reminder_days=self.settings.deal_reminder_days
                )
            return await check_project(client, watch, app_url=self.settings.leonar_app_url)
        except AuthenticationError:
            await self._pause_watch(poster, watch, KEY_REFUSED)
        except NotFoundError:
            await self._pause_watch(poster, watch, PROJECT_GONE)
        except RateLimitError as exc:
            blocked = self.deps.budgets.blocked_until(client.fingerprint)
            log.info("watch=%s rate limited (%s)", watch.id, type(exc).__name__)
            await self._done(watch, max(blocked or 0.0, self.clock() + self.tick_seconds))
        except LeonarError as exc:
            log.info("watch=%s not checked (%s)", watch.id, type(exc).__name__)
            await self._done(watch, self.clock() + self.settings.watch_interval)
        return None

    async def _interval(self, watch: Watch, fingerprint: str, calls: int) -> float:
        """The rate plan: the key's watches together spend at most WATCH_BUDGET_SHARE."""
        state = self.deps.budgets.get(fingerprint)
        return effective_interval(
            await self.deps.db.watches.count_for_key_owner(watch.key_owner),
            calls,
            self.settings.watch_interval,
            state.limit if state is not None else None,
            self.settings.watch_budget_share,
        )

    async def _done(self, watch: Watch, next_check_at: float) -> None:
        await self.deps.db.watches.checked(
            watch.id, worker_id=self.worker_id, next_check_at=next_check_at, now=self.clock()
        )

    # ------------------------------------------------------------------ telling

    async def _tell(self, poster: Poster, watch: Watch, version: int, result: CheckResult) -> None:
        saved = await self.deps.db.watches.save_state(
            watch.id, version=version, state=result.state, outbox={"posts": result.posts}
        )
        if saved is None:
            log.info("watch=%s: another worker told this change", watch.id)
            return
        await self._post(poster, watch, saved, result.posts, skip=set())

    async def _resume_outbox(self, poster: Poster, watch: Watch) -> None:
        """A check told by a worker that died before ``mark_told``: post what is missing."""
        posts = list((watch.outbox or {}).get("posts") or [])
        skip = await already_posted(poster, watch, watch.version)
        if skip is None:
            skip = set(range(len(posts)))
        log.info(
            "watch=%s: resuming version %d (%d in the channel)", watch.id, watch.version, len(skip)
        )
        await self._post(poster, watch, watch.version, posts, skip=skip)

    async def _post(
        self,
        poster: Poster,
        watch: Watch,
        version: int,
        posts: list[dict[str, Any]],
        skip: set[int],
    ) -> None:
        try:
            self.posted += await post_outbox(poster, watch, version, posts, skip=skip)
        except SlackApiError as exc:
            # the channel is gone or the bot was removed: the change is dropped, not retried
            log.warning("watch=%s: could not post (%s)", watch.id, type(exc).__name__)
        await self.deps.db.watches.mark_told(watch.id, version=version)

    async def _pause_watch(self, poster: Poster, watch: Watch, reason: str) -> None:
        if not await self.deps.db.watches.pause(watch.id, reason=reason):
            return
        log.info("watch=%s paused: %s", watch.id, reason)
        try:
            await poster.start_thread(watch.channel_id, *paused_notice(watch, reason))
        except SlackApiError as exc:
            log.warning("watch=%s: pause not told (%s)", watch.id, type(exc).__name__)

    # ------------------------------------------------------------------ the weekly digest

    async def digests(self) -> int:
        """Post every channel's weekly digest that is due; returns how many were posted."""
        now = self.clock()
        told = 0
        for holder in await self.deps.db.watches.digest_holders():
            since = holder.last_digest_at or holder.created_at
            week_start = digest_due(since, now, holder.tz)
            if week_start is None:
                continue
            if not await self.deps.db.watches.mark_digest(
                holder.id, week_start=week_start, now=now
            ):
                continue
            try:
                told += await self.post_digest(holder)
            except (SlackApiError, LeonarError) as exc:
                log.warning("digest of watch=%s not posted (%s)", holder.id, type(exc).__name__)
        return told

    async def post_digest(self, holder: Watch) -> int:
        key = await self.deps.keys.key_for(holder.owner)
        if not key:
            return 0
        watches = await self.deps.db.watches.list_for_channel(holder.team_id, holder.channel_id)
        today = dt.datetime.fromtimestamp(self.clock(), zone(holder.tz)).date()
        await tell_digest(
            await self._poster(holder.team_id),
            self.deps.background_leonar(key, clock=self.clock),
            self.deps.db,
            watches,
            app_url=self.settings.leonar_app_url,
            today=today,
        )
        return 1
