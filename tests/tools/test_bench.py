"""`make bench` works end to end in a short run and ends with its fixed-format `bench:` line.

No figure is asserted (perf lives in `make bench` only); only that every server was started, answered,
was measured, and that the final line is well formed and consistent with itself.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.support.spec_tools import REPO_ROOT

FINAL = re.compile(
    r"bench: mock_rps=(?P<mock>\d+) prism_rps=(?P<prism>\d+) starlette_rps=(?P<starlette>\d+) "
    r"mock/prism=(?P<mp>\d+\.\d\d) mock/starlette=(?P<ms>\d+\.\d\d) mock_p99_ms=(?P<p99>\d+)"
)


def test_short_bench_run_prints_table_and_final_line() -> None:
    # The short run `make bench` users get with BENCH_QUICK=1, shortened further: 1 s per load, no warm-up.
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts/bench.py"),
            "--duration",
            "1",
            "--rounds",
            "1",
            "--warmup",
            "0",
            "--fixture-tests",
            "15",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.rstrip("\n").splitlines()
    match = FINAL.fullmatch(lines[-1])
    assert match, lines[-1]
    rps = {name: int(match[name]) for name in ("mock", "prism", "starlette")}
    assert all(value > 0 for value in rps.values()), rps
    # The ratios are those of the printed req/s, up to the rounding of both: each req/s is within 0.5
    # of the figure it was rounded from, and the ratio within 0.005 of its own.
    for ratio, denominator in (("mp", "prism"), ("ms", "starlette")):
        low = (rps["mock"] - 0.5) / (rps[denominator] + 0.5) - 0.005
        high = (rps["mock"] + 0.5) / (rps[denominator] - 0.5) + 0.005
        assert low <= float(match[ratio]) <= high, (lines[-1], low, high)
    assert int(match["p99"]) >= 1
    # The lexer_mock fixture's section (scripts/bench_fixture.py), just before the final line.
    fixture = re.fullmatch(
        r"bench-fixture: http_overhead_ms=-?\d+\.\d\d in_process_overhead_ms=-?\d+\.\d\d", lines[-2]
    )
    assert fixture, lines[-3:]
    assert sum(line.startswith(("| HTTP (uvicorn", "| in process")) for line in lines) == 2
    table = [line for line in lines if line.startswith("| ")][:5]  # the servers' table comes first
    assert [row.split("|")[1].strip().split()[0] for row in table[1:]] == [
        "Connexion",
        "Connexion",
        "Prism",
        "bare",
    ]
    assert "without its fast paths" in table[2]
    # The fast paths' gain, both ways, from the same run.
    assert re.search(
        r"^fast paths on the validated POST: \d+\.\d\dx the req/s, \d+\.\d\dx less ", result.stdout, re.M
    )
    # One progress line per server and round, on stderr.
    progress = re.findall(r"^round 1/1 (\w+) *: start-up ", result.stderr, re.MULTILINE)
    assert progress == ["mock", "mock_plain", "prism", "starlette"]


def test_growth_script_runs_on_a_generated_fixture_set() -> None:
    # The smallest size only: the fixture set is generated, loaded through create_app(fixtures=DIR)
    # and every computed report type answered for each period.
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts/bench_growth.py"), "--sizes", "10", "--repeat", "1"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    periods = ["1 day", "1 week", "1 month", "3 months", "12 months"]
    assert [row.split("|")[1].strip() for row in rows] == ["period", *periods] * 2
    for row in rows:
        if not row.startswith("| period"):
            assert float(row.split("|")[2].strip().replace(",", "")) > 0
