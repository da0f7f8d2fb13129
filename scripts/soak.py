"""Soak test of the mock: mixed load at full speed for a while, then a verdict.

Starts ``python -m mock_server`` itself on 127.0.0.1 and a free port (rate limit off, exports
ready after ``--export-delay``) and drives it with ``--workers`` concurrent clients until
``--duration`` has passed: every operation under both base paths, every report type over a fixed
pool of periods, user and group filters, export jobs polled to completion and their CSV
downloaded, another token trying to read them, and a share of bad requests (malformed bodies,
the three 400s, bad tokens, unknown paths, wrong methods, oversized bodies). Every answer must have
the status its request calls for.

It passes (exit status 0) when no answer was a 5xx or otherwise unexpected, no request failed or
hung (30 s timeout), every export job completed and was downloaded, the server's RSS
(/proc/PID/status VmRSS) grew by less than ``--max-rss-growth-mb`` between the end of the
warm-up and the end, and the server stopped cleanly on SIGTERM. The last line of stdout is the
summary, e.g.::

    soak: ok duration_s=300.0 requests=123456 rps=411 5xx=0 unexpected=0 failures=0 exports=1234/1234 ...

Everything is bounded: the load stops at the deadline, every poll loop has its own deadline, and
the server is stopped (SIGTERM, then SIGKILL) whatever happens. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import httpx
from proc_tools import free_port, status_kib

from mock_server.spec import Spec

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TOKEN = "12345678-1234-1234-1234-123456789"  # the documents' token, always accepted
OTHER_TOKEN = "soak-other-token"  # a second accepted token: must never see the first one's exports
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0
EXPORT_TIMEOUT_S = 30.0  # beyond the export delay
REPORTS = "/v1/activity/reports"
STATUS_PATHS = ("/v1/activity/reports/status", "/api/public/v1/activity/reports/status")
# From the spec, not restated: its discriminator mapping and each type's x-lexer-response.
_SPEC = Spec.load(ROOT / "openapi.yaml")
EXPORT_TYPES = tuple(_SPEC.export_types())
REPORT_TYPES = tuple(t for t in _SPEC.report_request_schemas() if t not in EXPORT_TYPES)
# The pool of periods (start, length in days): bounded, so the mock's caches fill during the
# warm-up and any later growth of its memory is a leak, not a cache.
PERIODS = tuple((datetime(2019 + i % 6, 1 + (i * 5) % 12, 1 + (i * 7) % 27, tzinfo=UTC), days)
                for i, days in enumerate((1, 2, 3, 7, 14, 30, 31, 60, 90, 120, 180, 365)))  # fmt: skip
EXPORT_DAYS = (1, 7, 14)  # exports stay short: their CSVs are cached by size
FILTERS = ("none", "users", "group")  # no filter, two users, one group


@dataclass
class Tally:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)  # first few, for the report
    unexpected_count: int = 0
    failures: list[str] = field(default_factory=list)  # transport errors and timeouts
    failure_count: int = 0
    exports_started: int = 0
    exports_completed: int = 0
    csv_bytes: int = 0
    actions: Counter[str] = field(default_factory=Counter)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def note_unexpected(self, text: str) -> None:
        self.unexpected_count += 1
        if len(self.unexpected) < 10:
            self.unexpected.append(text)

    def note_failure(self, text: str) -> None:
        self.failure_count += 1
        if len(self.failures) < 10:
            self.failures.append(text)


@dataclass(frozen=True)
class Team:
    """What the load needs to know about the mock's fixture team, read from the API itself."""

    users: tuple[int, ...]
    groups: tuple[int, ...]
    nps_forms: tuple[int, ...]

    def report_body(
        self, report_type: str, period: int, days: int | None = None, filter_: str = "none"
    ) -> dict[str, Any]:
        """One body of the pool: report type x period (x export length) x filter."""
        start, length = PERIODS[period]
        end = start + timedelta(days=days or length) - timedelta(seconds=1)
        body: dict[str, Any] = {"type": report_type, "date_from": iso(start), "date_to": iso(end)}
        if report_type.startswith("nps_"):
            body.update(form=self.nps_forms[0], nps_category="all")
        if filter_ == "users":
            body["users"] = list(self.users[:2])
        elif filter_ == "group":
            body["groups"] = [self.groups[0]]
        return body

    def report_pool(self) -> list[dict[str, Any]]:
        return [
            self.report_body(report_type, period, filter_=filter_)
            for report_type in REPORT_TYPES
            for period in range(len(PERIODS))
            for filter_ in FILTERS
        ]

    def export_pool(self) -> list[dict[str, Any]]:
        return [
            self.report_body(export_type, period, days)
            for export_type in EXPORT_TYPES
            for period in range(len(PERIODS))
            for days in EXPORT_DAYS
        ]


def rss_mb(pid: int) -> float:
    kib = status_kib(pid, "VmRSS")
    if kib is None:
        raise RuntimeError(f"no VmRSS for process {pid}")
    return kib / 1024


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Load:
    def __init__(
        self, client: httpx.AsyncClient, base: str, team: Team, rng: random.Random, tally: Tally
    ) -> None:
        self.client = client
        self.base = base
        self.team = team
        self.rng = rng
        self.tally = tally
        self.actions: list[tuple[Callable[[], Awaitable[None]], int]] = [
            (self.list_reference_data, 15),
            (self.report, 45),
            (self.filtered_report, 10),
            (self.export, 8),
            (self.bad_body, 6),
            (self.business_rule_400, 5),
            (self.bad_token, 4),
            (self.unknown_path, 3),
            (self.wrong_method, 3),
            (self.foreign_export_status, 1),
        ]
        self._choices = [action for action, _ in self.actions]
        self._weights = [weight for _, weight in self.actions]

    # ------------------------------------------------------------------ plumbing
    async def call(
        self,
        method: str,
        path: str,
        expected: int | tuple[int, ...],
        token: str | None = TOKEN,
        **kwargs: Any,
    ) -> httpx.Response | None:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Auth-Api-Token"] = token
        wanted = (expected,) if isinstance(expected, int) else expected
        self.tally.requests += 1
        try:
            response = await self.client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            self.tally.note_failure(f"{method} {path}: {type(exc).__name__}: {exc}")
            return None
        self.tally.statuses[response.status_code] += 1
        if response.status_code not in wanted or not self.well_formed(response):
            self.tally.note_unexpected(
                f"{method} {path} -> {response.status_code} (wanted {wanted}): {response.text[:200]}"
            )
            return None
        return response

    @staticmethod
    def well_formed(response: httpx.Response) -> bool:
        """Errors are JSON in the Error shape; JSON answers parse."""
        if response.headers.get("content-type", "").startswith("text/csv"):
            return response.status_code == 200
        try:
            payload = response.json()
        except ValueError:
            return False
        if response.status_code >= 400:
            return isinstance(payload, dict) and set(payload) == {"error", "message"}
        return True

    def body(self, report_type: str, filter_: str = "none") -> dict[str, Any]:
        """A body from the pool (exports: a short period)."""
        period = self.rng.randrange(len(PERIODS))
        days = self.rng.choice(EXPORT_DAYS) if report_type in EXPORT_TYPES else None
        return self.team.report_body(report_type, period, days, filter_)

    # ------------------------------------------------------------------ the actions
    async def list_reference_data(self) -> None:
        await self.call("GET", self.rng.choice(("/v1/users", "/v1/groups", "/v1/forms")), 200)

    async def report(self) -> None:
        await self.call("POST", REPORTS, 200, json=self.body(self.rng.choice(REPORT_TYPES)))

    async def filtered_report(self) -> None:
        body = self.body(self.rng.choice(REPORT_TYPES), self.rng.choice(FILTERS[1:]))
        await self.call("POST", REPORTS, 200, json=body)

    async def export(self, body: dict[str, Any] | None = None) -> None:
        body = body or self.body(self.rng.choice(EXPORT_TYPES))
        started = await self.call("POST", REPORTS, 200, json=body)
        if started is None:
            return
        job = started.json()
        self.tally.exports_started += 1
        status_path = self.rng.choice(STATUS_PATHS)
        deadline = time.monotonic() + EXPORT_TIMEOUT_S
        while job["status"] != "complete":
            if time.monotonic() > deadline:
                self.tally.note_failure(f"export {job['token']} not complete after {EXPORT_TIMEOUT_S:.0f} s")
                return
            await asyncio.sleep(0.05)
            polled = await self.call("GET", status_path, 200, params={"token": job["token"]})
            if polled is None:
                return
            job = polled.json()
        url = str(job["url"])
        if not url.startswith(self.base + "/"):  # loopback only: never follow a URL elsewhere
            self.tally.note_unexpected(f"export URL outside the mock: {url}")
            return
        download = await self.call("GET", url.removeprefix(self.base), 200, token=None)
        if download is None:
            return
        if not download.content.count(b"\r\n") >= 1:
            self.tally.note_unexpected(f"export CSV without a header line: {download.content[:200]!r}")
            return
        self.tally.exports_completed += 1
        self.tally.csv_bytes += len(download.content)

    async def bad_body(self) -> None:
        bad: list[tuple[bytes, dict[str, str], int]] = [
            (b"{not json", {"Content-Type": "application/json"}, 404),
            (b'{"type": "summ\xff"}', {"Content-Type": "application/json"}, 404),
            (b"", {"Content-Type": "application/json"}, 404),
            (b"[]", {"Content-Type": "application/json"}, 404),
            (b"[" * 5000 + b"]" * 5000, {"Content-Type": "application/json"}, 404),
            (json.dumps(self.body("summary")).encode(), {"Content-Type": "text/plain"}, 404),
            (json.dumps({**self.body("summary"), "date_from": "2019-02-30T00:00:00Z"}).encode(), {}, 404),
            (json.dumps({**self.body("summary"), "colour": "blue"}).encode(), {}, 404),
        ]
        content, headers, expected = self.rng.choice(bad)
        headers = {"Content-Type": "application/json", **headers}
        if self.rng.random() < 0.02:  # now and then a body over the 1 MiB limit
            content, expected = b" " * (2 * 1024 * 1024), 413
        await self.call("POST", REPORTS, expected, content=content, headers=headers)

    async def business_rule_400(self) -> None:
        future = datetime.now(UTC) + timedelta(days=2)
        body = self.rng.choice(
            [
                {"type": "summary", "date_from": "2020-01-01T00:00:00Z", "date_to": "2021-06-01T00:00:00Z"},
                {"type": "summary", "date_from": iso(future), "date_to": iso(future + timedelta(days=1))},
                {**self.body("summary"), "type": "team_volume"},
            ]
        )
        await self.call("POST", REPORTS, 400, json=body)

    async def bad_token(self) -> None:
        token = self.rng.choice([None, "", "not-a-token", "x" * 5000])
        await self.call("GET", "/v1/users", 401, token=token)

    async def unknown_path(self) -> None:
        await self.call("GET", self.rng.choice(["/v1/nope", "/", "/v1/users/1", "/_mock/nope"]), 404)

    async def wrong_method(self) -> None:
        method, path = self.rng.choice([("DELETE", "/v1/users"), ("GET", REPORTS), ("PUT", "/v1/forms")])
        response = await self.call(method, path, 405)
        if response is not None and not response.headers.get("allow"):
            self.tally.note_unexpected(f"{method} {path}: 405 without Allow")

    async def foreign_export_status(self) -> None:
        """A job of TOKEN is unknown to OTHER_TOKEN."""
        started = await self.call("POST", REPORTS, 200, json=self.body("case_details"))
        if started is None:
            return
        token = started.json()["token"]
        await self.call("GET", STATUS_PATHS[0], 404, token=OTHER_TOKEN, params={"token": token})

    # ------------------------------------------------------------------ driving
    async def warm_up(self, reports: list[dict[str, Any]], exports: list[dict[str, Any]]) -> None:
        """These pool bodies once each (the workers share the pool out between them)."""
        for body in reports:
            await self.call("POST", REPORTS, 200, json=body)
        for body in exports:
            await self.export(body)

    async def run_until(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            action = self.rng.choices(self._choices, self._weights)[0]
            self.tally.actions[action.__name__] += 1
            await action()


async def read_team(client: httpx.AsyncClient) -> Team:
    headers = {"Auth-Api-Token": TOKEN}
    users = (await client.get("/v1/users", headers=headers)).json()
    groups = (await client.get("/v1/groups", headers=headers)).json()
    forms = (await client.get("/v1/forms", headers=headers)).json()
    nps = tuple(form["id"] for form in forms if form["nps"])
    if not users or not groups or not nps:
        raise RuntimeError("the fixture team needs users, groups and an NPS survey for the soak")
    return Team(tuple(u["id"] for u in users), tuple(g["id"] for g in groups), nps)


@dataclass
class Result:
    tally: Tally
    elapsed: float
    rss_warm: float
    rss_end: float
    rss_peak: float


async def drive(base: str, pid: int, args: argparse.Namespace) -> Result:
    limits = httpx.Limits(max_connections=args.workers, max_keepalive_connections=args.workers)
    timeout = httpx.Timeout(REQUEST_TIMEOUT_S)
    tally = Tally()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        team = await read_team(client)
        loads = [
            Load(client, base, team, random.Random(args.seed * 1000 + i), tally) for i in range(args.workers)
        ]
        started = time.monotonic()
        warm_until = started + args.warmup
        end = started + args.duration
        # Every body of the pool once, so the mock's caches hold all they will ever hold...
        reports, exports = team.report_pool(), team.export_pool()
        n = len(loads)
        await asyncio.gather(*(load.warm_up(reports[i::n], exports[i::n]) for i, load in enumerate(loads)))
        # ...then the mix, until the warm-up time is up.
        await asyncio.gather(*(load.run_until(warm_until) for load in loads))
        rss_warm = rss_peak = rss_mb(pid)
        progress_every = max(5.0, args.duration / 10)
        next_report = time.monotonic() + progress_every

        async def sample() -> None:
            nonlocal rss_peak, next_report
            while time.monotonic() < end:
                await asyncio.sleep(min(1.0, max(0.0, end - time.monotonic())))
                rss = rss_mb(pid)
                rss_peak = max(rss_peak, rss)
                if time.monotonic() >= next_report:
                    next_report += progress_every
                    print(
                        f"soak: {time.monotonic() - started:.0f}s requests={tally.requests} rss_mb={rss:.1f}",
                        file=sys.stderr,
                        flush=True,
                    )

        await asyncio.gather(sample(), *(load.run_until(end) for load in loads))
        elapsed = time.monotonic() - started
        rss_end = rss_mb(pid)
    return Result(tally, elapsed, rss_warm, rss_end, max(rss_peak, rss_end))


def start_server(port: int, export_delay: float, log: IO[bytes]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "mock_server", "--host", HOST, "--port", str(port), "--rate-limit", "0",
        "--export-delay", str(export_delay), "--token", OTHER_TOKEN, "--log-level", "warning",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_serving(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the mock exited with status {proc.returncode} before serving")
        try:
            httpx.get(f"{base}/v1/openapi.json", timeout=2)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the mock did not answer within {START_TIMEOUT_S:.0f} s") from None
            time.sleep(0.05)


def stop_server(proc: subprocess.Popen[bytes]) -> int | None:
    """SIGTERM, then SIGKILL after 30 s; the exit status after SIGTERM (None if it had to be killed)."""
    if proc.poll() is not None:
        return proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        return None


def print_tail(log: IO[bytes]) -> None:
    """The end of the mock's output, to stderr."""
    log.seek(0)
    print(log.read().decode(errors="replace")[-3000:], file=sys.stderr)


def verdict(result: Result, stop_status: int | None, args: argparse.Namespace) -> list[str]:
    tally = result.tally
    problems = []
    if tally.server_errors:
        problems.append(f"{tally.server_errors} answers were 5xx")
    if tally.unexpected_count:
        problems.append(f"{tally.unexpected_count} unexpected answers, e.g. {tally.unexpected[:3]}")
    if tally.failure_count:
        problems.append(f"{tally.failure_count} requests failed, e.g. {tally.failures[:3]}")
    if tally.exports_started == 0:
        problems.append("no export job was started")
    if tally.exports_completed != tally.exports_started:
        problems.append(f"only {tally.exports_completed} of {tally.exports_started} export jobs completed")
    growth = result.rss_end - result.rss_warm
    if growth >= args.max_rss_growth_mb:
        problems.append(f"RSS grew by {growth:.1f} MB (limit {args.max_rss_growth_mb:g} MB)")
    if stop_status != 0:
        problems.append(f"the mock did not stop cleanly on SIGTERM (exit status {stop_status})")
    return problems


def summary(result: Result, problems: list[str]) -> str:
    tally = result.tally
    fields = {
        "duration_s": f"{result.elapsed:.1f}",
        "requests": tally.requests,
        "rps": round(tally.requests / result.elapsed) if result.elapsed else 0,
        "5xx": tally.server_errors,
        "unexpected": tally.unexpected_count,
        "failures": tally.failure_count,
        "exports": f"{tally.exports_completed}/{tally.exports_started}",
        "csv_mb": f"{tally.csv_bytes / 1e6:.1f}",
        "rss_warm_mb": f"{result.rss_warm:.1f}",
        "rss_end_mb": f"{result.rss_end:.1f}",
        "rss_peak_mb": f"{result.rss_peak:.1f}",
        "rss_growth_mb": f"{result.rss_end - result.rss_warm:.1f}",
        "statuses": ",".join(f"{status}:{count}" for status, count in sorted(tally.statuses.items())),
    }
    text = " ".join(f"{key}={value}" for key, value in fields.items())
    return f"soak: {'ok' if not problems else 'FAILED'} {text}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--duration", type=float, default=300.0, help="seconds of load (default: %(default)s)")
    p.add_argument(
        "--warmup",
        type=float,
        help="seconds of load before the RSS baseline (default: a quarter, at most 60)",
    )
    p.add_argument("--workers", type=int, default=8, help="concurrent clients (default: %(default)s)")
    p.add_argument(
        "--export-delay", type=float, default=0.2, help="the mock's --export-delay (default: %(default)s)"
    )
    p.add_argument(
        "--max-rss-growth-mb",
        type=float,
        default=20.0,
        help="allowed RSS growth after the warm-up (default: 20)",
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the request mix (default: %(default)s)")
    args = p.parse_args(argv)
    if args.duration <= 0 or args.workers < 1:
        p.error("--duration must be > 0 and --workers >= 1")
    if args.warmup is None:
        args.warmup = min(60.0, args.duration / 4)
    if not 0 <= args.warmup < args.duration:
        p.error("--warmup must be >= 0 and shorter than --duration")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    port = free_port(HOST)
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile() as log:
        proc = start_server(port, args.export_delay, log)
        stop_status: int | None = None
        try:
            wait_until_serving(base, proc)
            print(
                f"soak: {args.duration:g}s against {base} (pid {proc.pid}), {args.workers} workers, "
                f"warm-up {args.warmup:g}s",
                file=sys.stderr,
                flush=True,
            )
            result = asyncio.run(drive(base, proc.pid, args))
        except Exception:
            stop_server(proc)
            print_tail(log)
            raise
        finally:
            stop_status = stop_server(proc)
        problems = verdict(result, stop_status, args)
        if problems:
            print_tail(log)
            for problem in problems:
                print(f"soak: problem: {problem}", file=sys.stderr)
    print(summary(result, problems), flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
