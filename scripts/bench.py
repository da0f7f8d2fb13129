"""`make bench`: the Connexion mock (with and without its fast paths), Prism and a bare Starlette app side
by side, under the same load.

Each round starts every server afresh, one at a time and in the same order (mock, mock without fast paths,
Prism, Starlette), as a user would run it (one process, rate limit off for the mock), times spawn -> first
200, warms it up, drives it with wrk (16 connections) on the validated `POST /activity/reports` (type
summary) and on `GET /users`, reads the server's CPU time spent per POST (utime + stime over its process
tree, during the POST load) and its peak RSS (VmHWM), and stops it. Figures are medians over the rounds;
the ratios compare medians taken in the same run, so a busy machine moves all servers alike. CPU time per
request is the steadiest figure on a busy machine: the fast paths' gain is given both ways.

stdout: a table, then as the very last line (a fixed format that users' scripts parse; POST summary figures):

    bench: mock_rps=N prism_rps=N starlette_rps=N mock/prism=R mock/starlette=R mock_p99_ms=N

Before that line, the section of scripts/bench_fixture.py: the per-test cost of the pytest fixture
``lexer_mock`` over HTTP and in process (``--fixture-tests N`` tests of each kind, 0 leaves it out).

Progress goes to stderr. `--duration 2 --rounds 1` (or env BENCH_QUICK=1) gives a short run.
wrk comes from Debian, installed by `make setup` (scripts/ensure_debian_tools.sh), which `make bench`
runs first.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bench_fixture
import yaml
from proc_tools import free_port, process_tree, status_kib

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TOKEN = "12345678-1234-1234-1234-123456789"
# One month well in the past: a valid summary request for every server.
REPORT_REQUEST: dict[str, Any] = {
    "type": "summary",
    "date_from": "2024-01-01T00:00:00Z",
    "date_to": "2024-01-31T23:59:59Z",
}
# Fails the spec (date_to missing): a validating server must not answer 200.
INVALID_REQUEST: dict[str, Any] = {"type": "summary", "date_from": "2024-01-01T00:00:00Z"}
PRISM_FLAGS = os.environ.get("BENCH_PRISM_FLAGS", "-m -v warn").split()
SERVER_ORDER = ("mock", "mock_plain", "prism", "starlette")
FAST_PATH_NAMES = ("routing", "request_validation", "operations")  # mock_server.settings.FAST_PATHS
FINAL_LINE_PREFIX = "bench: "

WRK_LUA = """\
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Auth-Api-Token"] = "{token}"
wrk.headers["Accept"] = "application/json"
{content_type}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCHJSON {{\\"requests\\":%d,\\"duration_us\\":%d,\\"p50_us\\":%.1f,\\"p99_us\\":%.1f," ..
    "\\"status_errors\\":%d,\\"socket_errors\\":%d}}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Load:
    """One wrk run's figures."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_status: int
    socket_errors: int


@dataclass
class Round:
    """One server's figures in one round."""

    startup_s: float
    peak_rss_mib: float
    post: Load
    get: Load
    post_cpu_us: float  # server CPU time per POST answered under load


@dataclass
class Server:
    """How to start one contender and where it serves the two benchmarked paths."""

    name: str
    label: str
    argv: list[str]
    prefix: str
    validates: bool
    env: dict[str, str] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes


def request(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 5.0) -> Reply:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Auth-Api-Token": TOKEN, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Reply(response.status, response.read())
    finally:
        conn.close()


def find_wrk() -> str:
    """wrk's path; `make setup` installs Debian's wrk (scripts/ensure_debian_tools.sh)."""
    found = shutil.which("wrk")
    if not found:
        sys.exit("bench: wrk is missing; run `make setup` (it installs Debian's wrk) and re-run")
    return found


def peak_rss_mib(pid: int) -> float:
    """Sum of VmHWM (peak resident set) over the process tree, in MiB."""
    total_kib = 0
    for member in process_tree(pid):
        with contextlib.suppress(OSError):
            total_kib += status_kib(member, "VmHWM") or 0
    return total_kib / 1024


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process tree, in seconds."""
    ticks = 0
    for member in process_tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group (it was started in a session of its own)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_first_200(process: subprocess.Popen[bytes], port: int, path: str, started: float) -> float:
    """Seconds from spawn to the first 200 on `path`, polling every 5 ms."""
    deadline = started + 90
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with code {process.returncode} before answering")
        try:
            if request(port, "GET", path, timeout=2).status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.005)
    raise RuntimeError("no 200 within 90 s")


def write_lua(directory: Path, name: str, method: str, body: bytes | None) -> Path:
    if body is None:
        body_lua, content_type = "nil", ""
    else:
        text = body.decode()
        if "]==]" in text:
            raise ValueError("request body would end the Lua long string")
        body_lua, content_type = f"[==[{text}]==]", 'wrk.headers["Content-Type"] = "application/json"'
    script = directory / f"{name}.lua"
    script.write_text(
        WRK_LUA.format(method=method, body=body_lua, token=TOKEN, content_type=content_type), encoding="utf-8"
    )
    return script


def run_wrk(wrk: str, args: argparse.Namespace, script: Path, url: str, duration: float) -> Load:
    argv = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    line = next((x for x in out.splitlines() if x.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    data = json.loads(line.removeprefix("BENCHJSON "))
    seconds = data["duration_us"] / 1e6
    return Load(
        rps=data["requests"] / seconds,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        requests=data["requests"],
        bad_status=data["status_errors"],
        socket_errors=data["socket_errors"],
    )


def spec_examples(spec_path: Path) -> dict[str, str]:
    """Fallback Starlette payloads when the mock is not part of the run: the spec's own examples."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))

    def example(operation: dict[str, Any], name: str | None) -> Any:
        media = operation["responses"]["200"]["content"]["application/json"]
        if "example" in media:
            return media["example"]
        examples = media["examples"]
        return examples[name if name in examples else next(iter(examples))]["value"]

    users = example(spec["paths"]["/users"]["get"], None)
    report = example(spec["paths"]["/activity/reports"]["post"], "summary")
    return {"users": json.dumps(users), "report": json.dumps(report)}


def make_servers(args: argparse.Namespace, workdir: Path) -> list[Server]:
    payloads = workdir / "payloads.json"
    python = sys.executable
    all_servers = {
        "mock": Server(
            "mock",
            "Connexion mock (python -m mock_server)",
            [python, "-m", "mock_server", "--host", HOST, "--port", "{port}", "--rate-limit", "0"],
            "/v1",
            validates=True,
        ),
        "mock_plain": Server(
            "mock_plain",
            "Connexion mock without its fast paths (--no-fast-paths)",
            [
                python,
                "-m",
                "mock_server",
                "--host",
                HOST,
                "--port",
                "{port}",
                "--rate-limit",
                "0",
                "--no-fast-paths",
            ],
            "/v1",
            validates=True,
        ),
        "prism": Server(
            "prism",
            f"Prism mock ({' '.join(PRISM_FLAGS)})",
            [
                str(ROOT / "node_modules/.bin/prism"),
                "mock",
                str(args.spec),
                "--host",
                HOST,
                "--port",
                "{port}",
                *PRISM_FLAGS,
            ],
            "",
            validates=True,
        ),
        "starlette": Server(
            "starlette",
            "bare Starlette, same JSON",
            [
                python,
                str(ROOT / "scripts/bench_starlette.py"),
                *("--host", HOST, "--port", "{port}", "--payloads", str(payloads)),
            ],
            "/v1",
            validates=False,
        ),
    }
    chosen = [all_servers[name] for name in SERVER_ORDER if name in args.servers]
    if args.each_fast_path:
        # One more mock per fast path, with only that one off: what each buys.
        mock = all_servers["mock"]
        at = chosen.index(mock) + 1 if mock in chosen else 0
        for name in reversed(FAST_PATH_NAMES):
            chosen.insert(
                at,
                Server(
                    f"mock_no_{name}",
                    f"Connexion mock without its {name} fast path (--no-fast-path {name})",
                    [*mock.argv, "--no-fast-path", name],
                    "/v1",
                    validates=True,
                ),
            )
    return chosen


def run_one(
    server: Server,
    wrk: str,
    args: argparse.Namespace,
    workdir: Path,
    on_answer: Callable[[Reply, Reply], None],
) -> Round:
    port = free_port(HOST)
    argv = [part.replace("{port}", str(port)) for part in server.argv]
    log_path = workdir / f"{server.name}.log"
    users_path = f"{server.prefix}/users"
    report_path = f"{server.prefix}/activity/reports"
    with log_path.open("ab") as log_file:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, **server.env},
            start_new_session=True,
        )
    try:
        try:
            startup = wait_first_200(process, port, users_path, started)
        except RuntimeError as exc:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{server.name}: {exc}; its output ends with:\n{tail}") from exc
        report_body = json.dumps(REPORT_REQUEST).encode()
        report = request(port, "POST", report_path, report_body)
        users = request(port, "GET", users_path)
        for what, reply in (("POST summary", report), ("GET /users", users)):
            if reply.status != 200:
                raise RuntimeError(f"{server.name}: {what} answered {reply.status}: {reply.body[:500]!r}")
        if server.validates:
            bad = request(port, "POST", report_path, json.dumps(INVALID_REQUEST).encode())
            if bad.status == 200:
                raise RuntimeError(f"{server.name}: accepted a body without date_to: it is not validating")
        on_answer(report, users)
        post_lua = write_lua(workdir, "post", "POST", report_body)
        get_lua = write_lua(workdir, "get", "GET", None)
        base = f"http://{HOST}:{port}"
        if args.warmup > 0:
            run_wrk(wrk, args, post_lua, base + report_path, args.warmup)
            run_wrk(wrk, args, get_lua, base + users_path, args.warmup)
        cpu_before = cpu_seconds(process.pid)
        post = run_wrk(wrk, args, post_lua, base + report_path, args.duration)
        post_cpu_us = (cpu_seconds(process.pid) - cpu_before) / max(1, post.requests) * 1e6
        get = run_wrk(wrk, args, get_lua, base + users_path, args.duration)
        rss = peak_rss_mib(process.pid)
    finally:
        stop(process)
    for what, load in (("POST", post), ("GET", get)):
        if load.bad_status:
            raise RuntimeError(
                f"{server.name}: {what} under load: {load.bad_status} of {load.requests} answers were not "
                "2xx; its figures would not be honest"
            )
        if load.socket_errors:
            log(f"bench: warning: {server.name}: {what}: {load.socket_errors} socket errors/timeouts")
    return Round(startup, rss, post, get, post_cpu_us)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def table(servers: list[Server], args: argparse.Namespace) -> list[str]:
    lines = [
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s --latency, "
        f"{args.rounds} round(s) alternating {' '.join(s.name for s in servers)}, medians; "
        f"POST = validated POST /activity/reports type summary",
        "",
        "| server | POST req/s | POST p50 ms | POST p99 ms | POST server CPU µs | GET /users req/s "
        "| GET p50 ms | GET p99 ms | start-up to first 200 s | peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in servers:
        r = s.rounds
        lines.append(
            f"| {s.label} "
            f"| {median([x.post.rps for x in r]):,.0f} "
            f"| {median([x.post.p50_ms for x in r]):.2f} "
            f"| {median([x.post.p99_ms for x in r]):.2f} "
            f"| {median([x.post_cpu_us for x in r]):.0f} "
            f"| {median([x.get.rps for x in r]):,.0f} "
            f"| {median([x.get.p50_ms for x in r]):.2f} "
            f"| {median([x.get.p99_ms for x in r]):.2f} "
            f"| {median([x.startup_s for x in r]):.2f} "
            f"| {median([x.peak_rss_mib for x in r]):.0f} |"
        )
    by_name = {s.name: s for s in servers}
    if "mock" in by_name and "mock_plain" in by_name:
        fast, plain = by_name["mock"].rounds, by_name["mock_plain"].rounds
        lines.append("")
        lines.append(
            "fast paths on the validated POST: "
            f"{median([x.post.rps for x in fast]) / median([x.post.rps for x in plain]):.2f}x the req/s, "
            f"{median([x.post_cpu_us for x in plain]) / median([x.post_cpu_us for x in fast]):.2f}x less "
            "server CPU per request (mock / mock_plain)"
        )
    for name in FAST_PATH_NAMES:
        without = by_name.get(f"mock_no_{name}")
        if "mock" in by_name and without is not None:
            on, off = by_name["mock"].rounds, without.rounds
            rps_gain = median([x.post.rps for x in on]) / median([x.post.rps for x in off])
            cpu_gain = median([x.post_cpu_us for x in off]) / median([x.post_cpu_us for x in on])
            lines.append(
                f"the {name} fast path alone: {rps_gain:.2f}x the req/s, {cpu_gain:.2f}x less server CPU "
                "per request"
            )
    errors = {s.name: sum(x.post.socket_errors + x.get.socket_errors for x in s.rounds) for s in servers}
    if any(errors.values()):
        lines.append("")
        lines.append("socket errors/timeouts under load: " + ", ".join(f"{k} {v}" for k, v in errors.items()))
    return lines


def final_line(servers: list[Server]) -> str:
    by_name = {s.name: s for s in servers}

    def rps(name: str) -> float:
        server = by_name.get(name)
        return median([x.post.rps for x in server.rounds]) if server else 0.0

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}" if b else "0.00"

    mock, prism, starlette = rps("mock"), rps("prism"), rps("starlette")
    mock_server = by_name.get("mock")
    # Whole milliseconds, rounded up, so the line never understates the tail.
    p99 = math.ceil(median([x.post.p99_ms for x in mock_server.rounds])) if mock_server else 0
    return (
        f"{FINAL_LINE_PREFIX}mock_rps={mock:.0f} prism_rps={prism:.0f} starlette_rps={starlette:.0f} "
        f"mock/prism={ratio(mock, prism)} mock/starlette={ratio(mock, starlette)} mock_p99_ms={p99}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    quick = os.environ.get("BENCH_QUICK") == "1"
    parser = argparse.ArgumentParser(description="Side-by-side benchmark: mock vs Prism vs bare Starlette.")
    parser.add_argument("--duration", type=float, default=2 if quick else 5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=1 if quick else 3, help="alternating rounds")
    parser.add_argument(
        "--warmup", type=float, default=1 if quick else 2, help="seconds of wrk before each measurement"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml", help="spec Prism serves")
    parser.add_argument(
        "--servers",
        default=",".join(SERVER_ORDER),
        type=lambda text: [x for x in text.split(",") if x],
        help="comma-separated subset of mock,mock_plain,prism,starlette (default: all)",
    )
    parser.add_argument(
        "--each-fast-path",
        action="store_true",
        help="also run the mock once per fast path with only that one off (what each buys)",
    )
    parser.add_argument(
        "--fixture-tests",
        type=int,
        default=50 if quick else 300,
        help="tests of each kind in the lexer_mock fixture section (scripts/bench_fixture.py); 0: none",
    )
    args = parser.parse_args(argv)
    if 0 < args.fixture_tests <= bench_fixture.WARM_UP:
        parser.error(f"--fixture-tests must be 0 or more than {bench_fixture.WARM_UP}")
    unknown = set(args.servers) - set(SERVER_ORDER)
    if unknown:
        parser.error(f"unknown server(s): {', '.join(sorted(unknown))}")
    if args.rounds < 1 or args.duration < 1:
        parser.error("--rounds and --duration must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = find_wrk()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        servers = make_servers(args, workdir)
        payloads = workdir / "payloads.json"
        if "mock" not in args.servers:
            payloads.write_text(json.dumps(spec_examples(args.spec)), encoding="utf-8")
        mock_answers: dict[str, bytes] = {}

        def keep_mock_answer(report: Reply, users: Reply) -> None:
            if not payloads.exists():
                payloads.write_text(
                    json.dumps({"report": report.body.decode(), "users": users.body.decode()}),
                    encoding="utf-8",
                )
            mock_answers.update(report=report.body, users=users.body)

        def same_json_as_mock(name: str) -> Callable[[Reply, Reply], None]:
            def check(report: Reply, users: Reply) -> None:
                if mock_answers and (report.body, users.body) != (
                    mock_answers["report"],
                    mock_answers["users"],
                ):
                    raise RuntimeError(f"{name}: its answers differ from the mock's")

            return check

        hooks = {
            "mock": keep_mock_answer,
            "starlette": same_json_as_mock("starlette"),
            **{s.name: same_json_as_mock(s.name) for s in servers if s.name.startswith("mock_")},
        }
        for number in range(1, args.rounds + 1):
            for server in servers:
                result = run_one(server, wrk, args, workdir, hooks.get(server.name, lambda _r, _u: None))
                server.rounds.append(result)
                log(
                    f"round {number}/{args.rounds} {server.name:10}: start-up {result.startup_s:.2f} s, "
                    f"POST {result.post.rps:,.0f} req/s p99 {result.post.p99_ms:.2f} ms "
                    f"({result.post_cpu_us:.0f} µs server CPU each), "
                    f"GET {result.get.rps:,.0f} req/s, peak RSS {result.peak_rss_mib:.0f} MiB"
                )
    print("\n".join(table(servers, args)))
    if args.fixture_tests:
        print("\n".join(bench_fixture.section(args.fixture_tests)))
    print(final_line(servers), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
