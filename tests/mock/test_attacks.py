"""The short version of scripts/attack.py: slowloris sockets, thousands of idle connections and a
huge header, each while a prober sends normal GETs on new connections. Asserts that every probe
was answered 200 and that each attack did what it says (the server closed the slow and idle
sockets, refused the huge header with 431); never a timing (docs/robustness.md has the figures).
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.support.spec_tools import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "attack.py"
LINE = re.compile(r"^attack: name=(\w+) (.*)$")


def test_normal_requests_are_answered_during_each_attack() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--short", "--mock-arg=--header-timeout=1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    figures: dict[str, dict[str, str]] = {}
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        if match:
            figures[match[1]] = dict(pair.split("=", 1) for pair in match[2].split())
    assert set(figures) == {"slowloris", "idle", "header"}, result.stdout
    for name, found in figures.items():
        assert int(found["probes"]) > 0, (name, found)
        assert found["answered"] == found["probes"], (name, found)
    assert int(figures["slowloris"]["answered_408"]) > 0, figures["slowloris"]
    assert int(figures["idle"]["closed_by_server"]) > 0, figures["idle"]  # past --max-connections
    assert figures["header"]["answered_431"] == figures["header"]["requests"], figures["header"]
    assert result.stdout.rstrip().endswith("attack: result=ok"), result.stdout
