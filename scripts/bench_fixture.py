"""The per-test cost of the pytest fixture ``lexer_mock``, over HTTP and in process (a section of
`make bench`; also runs alone: `.venv/bin/python scripts/bench_fixture.py [--tests N]`).

A generated test module holds two kinds of test, interleaved (so a busy machine slows both alike):

- **request only**: sends one summary report request to the session's mock (``lexer_mock_server``,
  nothing reset) and checks the 200;
- **with lexer_mock**: the fixture (its reset before the test), the same request, one journal read.

pytest runs the module once per mode (``--lexer-mock-mode http`` and ``in-process``; rate limit
off), and a hook times each test's whole protocol (set-up, call, tear-down). The figures are
medians per kind, after the first tests (session start-up) are left out; the overhead is the
difference of the medians. Nothing here is asserted: the target (at most 2 ms over HTTP) is read
from the printed line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("http", "in-process")
WARM_UP = 10  # tests of each kind left out at the start
LINE_PREFIX = "bench-fixture: "

CONFTEST = """
import json
import os
import time

import pytest

TIMES = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.perf_counter()
    yield
    TIMES[item.name] = time.perf_counter() - started


def pytest_sessionfinish(session):
    with open(os.environ["BENCH_FIXTURE_OUT"], "w") as out:
        json.dump(TIMES, out)
"""

MODULE_HEAD = """
REPORT = {"type": "summary", "date_from": "2024-01-01T00:00:00Z", "date_to": "2024-01-31T23:59:59Z"}
HEADERS = {"Auth-Api-Token": "12345678-1234-1234-1234-123456789"}


def request_only(server):
    assert server.http.post("/v1/activity/reports", json=REPORT, headers=HEADERS).status_code == 200


def with_fixture(mock):
    assert mock.http.post("/v1/activity/reports", json=REPORT, headers=mock.headers).status_code == 200
    assert len(mock.journal()) == 1
"""

PAIR = """

def test_{n:05d}_base(lexer_mock_server):
    request_only(lexer_mock_server)


def test_{n:05d}_fixture(lexer_mock):
    with_fixture(lexer_mock)
"""


def write_suite(directory: Path, tests: int) -> Path:
    (directory / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    module = directory / "test_fixture_cost.py"
    module.write_text(MODULE_HEAD + "".join(PAIR.format(n=n) for n in range(tests)), encoding="utf-8")
    return module


def run_mode(directory: Path, mode: str) -> dict[str, float]:
    out = directory / f"times-{mode}.json"
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(directory),
        "-c", os.devnull, "--lexer-mock-mode", mode, "--lexer-mock-args", "--rate-limit 0",
        str(directory / "test_fixture_cost.py"),
    ]  # fmt: skip
    env = {**os.environ, "BENCH_FIXTURE_OUT": str(out)}
    result = subprocess.run(
        command, cwd=directory, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"pytest ({mode}) failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    times: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))
    return times


def medians(times: dict[str, float]) -> tuple[float, float, int]:
    """Median seconds of the request-only and the fixture tests, and how many of each counted."""
    ordered = sorted(times)
    base = [times[name] for name in ordered if name.endswith("_base")][WARM_UP:]
    fixture = [times[name] for name in ordered if name.endswith("_fixture")][WARM_UP:]
    return statistics.median(base), statistics.median(fixture), min(len(base), len(fixture))


def section(tests: int) -> list[str]:
    """The table and the ``bench-fixture:`` line."""
    rows: dict[str, tuple[float, float, int]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-fixture-") as tmp:
        directory = Path(tmp)
        write_suite(directory, tests)
        for mode in MODES:
            print(f"fixture: {tests} + {tests} tests, mode {mode} ...", file=sys.stderr, flush=True)
            rows[mode] = medians(run_mode(directory, mode))
    counted = min(count for _, _, count in rows.values())
    lines = [
        "",
        f"pytest fixture lexer_mock, per test (medians of {counted} tests of each kind, interleaved; "
        "summary report, rate limit off)",
        "",
        "| mode | request only ms | with lexer_mock ms (reset, request, journal read) | overhead ms |",
        "|---|---|---|---|",
    ]
    names = {"http": "HTTP (uvicorn in a thread, 127.0.0.1)", "in-process": "in process (no socket)"}
    overhead = {}
    for mode, (base, fixture, _) in rows.items():
        overhead[mode] = (fixture - base) * 1000
        lines.append(f"| {names[mode]} | {base * 1000:.2f} | {fixture * 1000:.2f} | {overhead[mode]:.2f} |")
    figures = f"http_overhead_ms={overhead['http']:.2f} in_process_overhead_ms={overhead['in-process']:.2f}"
    lines += ["", LINE_PREFIX + figures]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--tests", type=int, default=300, help="tests of each kind per mode (default: 300)")
    args = parser.parse_args(argv)
    if args.tests <= WARM_UP:
        parser.error(f"--tests must be more than {WARM_UP}")
    print("\n".join(section(args.tests)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
