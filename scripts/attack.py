"""Bounded attacks on the mock's HTTP layer, with a normal client's latency measured during each.

    .venv/bin/python scripts/attack.py            # the full attacks, about 2.5 minutes
    .venv/bin/python scripts/attack.py --short    # a few seconds each (what make test runs)

It starts its own ``python -m mock_server`` on 127.0.0.1 (rate limit off; ``--mock-arg`` passes more
flags) and runs, one after the other:

- ``slowloris``: 500 sockets that send a request head a few bytes at a time and never end it, for 60 s;
  a socket the server closes is opened again at once, so 500 are always trying;
- ``idle``: 20,000 connections that send ``GET /v1/users HTTP/1.1\\r\\nHost: x\\r\\n`` and then nothing,
  opened as fast as the machine allows (from several processes: one process may open at most its
  file-descriptor limit) and held for 30 s;
- ``header``: a request whose header is 80 MB, sent again as soon as it is answered, for 20 s.

Meanwhile a prober sends a normal ``GET /v1/users`` every 20 ms, each on a new connection (the costly
case under connection attacks), from its own process, and records status and latency. One line per
attack::

    attack: name=slowloris probes=N answered=N p50_ms=X p99_ms=X max_ms=X attacker=...

``answered`` counts 200s; the exit status is 0 only when every probe was answered (the short run's
test asserts that, never a timing). Loopback only: the target is always 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proc_tools import free_port

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TOKEN = "12345678-1234-1234-1234-123456789"
PROBE = (
    f"GET /v1/users HTTP/1.1\r\nHost: {HOST}\r\nAuth-Api-Token: {TOKEN}\r\nConnection: close\r\n\r\n".encode()
)
IDLE_HEAD = b"GET /v1/users HTTP/1.1\r\nHost: x\r\n"
PROBE_TIMEOUT_S = 10.0  # a probe not answered by then counts as unanswered
START_TIMEOUT_S = 60.0
PER_PROCESS = 10_000  # idle connections per attacker process (under the 20,000 fd limit of this machine)


@dataclass(frozen=True)
class Attack:
    name: str
    seconds: float
    size: int  # sockets (slowloris, idle) or header megabytes (header)


FULL = (Attack("slowloris", 60, 500), Attack("idle", 30, 20_000), Attack("header", 20, 80))
SHORT = (Attack("slowloris", 2.5, 50), Attack("idle", 2, 2_000), Attack("header", 1.5, 8))


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    return soft


# ---------------------------------------------------------------------- the attackers (child processes)
async def slowloris(port: int, sockets: int, seconds: float) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    counts = {"connections": 0, "closed_by_server": 0, "answered_408": 0}

    async def one(index: int) -> None:
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(HOST, port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            counts["connections"] += 1
            try:
                writer.write(b"GET /v1/users HTTP/1.1\r\nHost: x\r\n")
                line = 0
                while time.monotonic() < deadline:
                    read = asyncio.ensure_future(reader.read(65536))
                    done, _ = await asyncio.wait({read}, timeout=1.0)
                    if done:
                        data = read.result()
                        counts["closed_by_server"] += 1
                        if data.startswith(b"HTTP/1.1 408 "):
                            counts["answered_408"] += 1
                        break
                    read.cancel()
                    line += 1
                    writer.write(b"X-%d-%d: %d\r\n" % (index, line, line))  # one more header line a second
            except OSError:
                counts["closed_by_server"] += 1
            finally:
                writer.close()

    await asyncio.gather(*(one(i) for i in range(sockets)))
    return counts


async def idle(port: int, connections: int, seconds: float) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    held: list[socket.socket] = []
    failed = 0
    loop = asyncio.get_running_loop()
    for _ in range(connections):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, (HOST, port)), timeout=5)
            await loop.sock_sendall(sock, IDLE_HEAD)
        except (OSError, TimeoutError):
            failed += 1
            sock.close()
            continue
        held.append(sock)
        if time.monotonic() > deadline:
            break
    opened = len(held)
    ramp_end_ms = round(time.monotonic() * 1000)
    ramp_ms = ramp_end_ms - round((deadline - seconds) * 1000)
    await asyncio.sleep(max(0.0, deadline - time.monotonic()))
    closed = 0
    for sock in held:
        try:
            closed += sock.recv(1, socket.MSG_PEEK) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        sock.close()
    # ramp_end: when the last connection was open (CLOCK_MONOTONIC is one clock for all processes).
    return {
        "opened": opened,
        "failed": failed,
        "closed_by_server": closed,
        "ramp_ms": ramp_ms,
        "ramp_end_ms": ramp_end_ms,
    }


async def header(port: int, megabytes: int, seconds: float) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    request = b"GET /v1/users HTTP/1.1\r\nHost: x\r\nX-Huge: " + b"a" * (megabytes * 1_000_000) + b"\r\n\r\n"
    counts = {"requests": 0, "answered_431": 0}
    loop = asyncio.get_running_loop()
    while time.monotonic() < deadline:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, (HOST, port))
            counts["requests"] += 1
            with contextlib.suppress(OSError):  # refused after the cap: the rest cannot be sent
                await loop.sock_sendall(sock, request)
            answer = await asyncio.wait_for(loop.sock_recv(sock, 65536), timeout=PROBE_TIMEOUT_S)
            counts["answered_431"] += answer.startswith(b"HTTP/1.1 431 ")
        except (OSError, TimeoutError):
            pass
        finally:
            sock.close()
    return counts


def run_attacker(kind: str, port: int, size: int, seconds: float) -> None:
    raise_fd_limit()
    job = {"slowloris": slowloris, "idle": idle, "header": header}[kind]
    print(json.dumps(asyncio.run(job(port, size, seconds))), flush=True)


# ---------------------------------------------------------------------- the prober (a child process too)
def probe_once(port: int) -> tuple[int, float]:
    """Status (0: none) and seconds of one normal GET on a new connection."""
    started = time.perf_counter()
    try:
        with socket.create_connection((HOST, port), timeout=PROBE_TIMEOUT_S) as sock:
            sock.sendall(PROBE)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
    except OSError:
        return 0, time.perf_counter() - started
    elapsed = time.perf_counter() - started
    try:
        return int(answer.split(b" ", 2)[1]), elapsed
    except (IndexError, ValueError):
        return 0, elapsed


def run_prober(port: int, seconds: float, interval: float) -> None:
    deadline = time.monotonic() + seconds
    results: list[tuple[int, float, float]] = []  # status, seconds, when it started (monotonic)
    while time.monotonic() < deadline:
        started = time.monotonic()
        results.append((*probe_once(port), started))
        time.sleep(interval)
    print(json.dumps(results), flush=True)


# ---------------------------------------------------------------------- the harness
def child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *args], stdout=subprocess.PIPE, text=True
    )


def last_json(proc: subprocess.Popen[str], timeout: float) -> Any:
    out, _ = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"a child process of the attack failed (exit {proc.returncode})")
    return json.loads(out.strip().splitlines()[-1])


@contextlib.contextmanager
def mock(port: int, extra: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    log = tempfile.TemporaryFile()  # noqa: SIM115  # closed in the finally below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mock_server",
            "--host",
            HOST,
            "--port",
            str(port),
            "--rate-limit",
            "0",
            *extra,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while probe_once(port)[0] != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("the mock did not start:\n" + log.read().decode(errors="replace")[-3000:])
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_attack(attack: Attack, port: int, interval: float) -> bool:
    if attack.name == "idle":
        workers = -(-attack.size // PER_PROCESS)
        sizes = [attack.size // workers + (1 if i < attack.size % workers else 0) for i in range(workers)]
    else:
        sizes = [attack.size]
    attackers = [child("_attacker", attack.name, str(port), str(size), str(attack.seconds)) for size in sizes]
    prober = child("_prober", str(port), str(attack.seconds), str(interval))
    probes = last_json(prober, attack.seconds + 120)
    reports = [last_json(proc, attack.seconds + 120) for proc in attackers]
    attacker: dict[str, int] = {}
    for report in reports:
        for key, value in report.items():
            combine = max if key.startswith("ramp") else sum_of
            attacker[key] = combine(attacker.get(key, 0), value)
    answered = sum(1 for status, _, _ in probes if status == 200)
    figures = " ".join(f"{key}={value}" for key, value in attacker.items() if key != "ramp_end_ms")
    print(
        f"attack: name={attack.name} size={attack.size} seconds={attack.seconds:g} probes={len(probes)} "
        f"answered={answered} {latency(probes)} {figures}",
        flush=True,
    )
    if "ramp_end_ms" in attacker:  # the same probes: while the connections were being opened, and after
        ramp_end = attacker["ramp_end_ms"] / 1000
        ramp = [probe for probe in probes if probe[2] < ramp_end]
        held = [probe for probe in probes if probe[2] >= ramp_end]
        print(f"attack: name={attack.name}-opening probes={len(ramp)} {latency(ramp)}", flush=True)
        print(f"attack: name={attack.name}-held probes={len(held)} {latency(held)}", flush=True)
    return bool(probes) and answered == len(probes)


def sum_of(a: int, b: int) -> int:
    return a + b


def latency(probes: list[list[float]]) -> str:
    times_ms = [seconds * 1000 for status, seconds, _ in probes if status == 200] or [float("nan")]
    p50, p99 = statistics.median(times_ms), percentile(times_ms, 0.99)
    return f"p50_ms={p50:.1f} p99_ms={p99:.1f} max_ms={max(times_ms):.1f}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_attacker":
        run_attacker(argv[1], int(argv[2]), int(argv[3]), float(argv[4]))
        return 0
    if argv and argv[0] == "_prober":
        run_prober(int(argv[1]), float(argv[2]), float(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="a few seconds per attack (make test)")
    parser.add_argument("--only", choices=[a.name for a in FULL], action="append", help="run only these")
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between probes (default 0.02)")
    parser.add_argument(
        "--mock-arg", action="append", default=[], help="one more flag for the mock (repeatable)"
    )
    args = parser.parse_args(argv)
    attacks = [a for a in (SHORT if args.short else FULL) if not args.only or a.name in args.only]
    port = free_port(HOST)
    ok = True
    with mock(port, args.mock_arg) as proc:
        for attack in attacks:
            ok = run_attack(attack, port, args.interval) and ok
            if proc.poll() is not None:
                print(f"attack: the mock exited with status {proc.returncode}", flush=True)
                return 1
            time.sleep(0.5)  # let the server close what the attack left behind
    print(f"attack: result={'ok' if ok else 'unanswered probes'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
