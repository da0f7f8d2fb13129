"""A 20-second run of scripts/soak.py (the full soak is 5 minutes: ``python scripts/soak.py``).

The script starts its own mock, drives mixed load at full speed, and exits 0 only if no answer
was a 5xx or unexpected, every export job completed and was downloaded, the server's RSS grew by
less than 20 MB after the warm-up, and it stopped cleanly on SIGTERM. Its last stdout line is
the summary, checked here field by field.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.support.spec_tools import REPO_ROOT

DURATION_S = 20
MAX_RSS_GROWTH_MB = 20.0


def test_soak_20_seconds() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/soak.py", "--duration", str(DURATION_S)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=DURATION_S + 180,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr[-3000:]
    last = lines[-1]
    assert result.returncode == 0, f"{last}\n{result.stderr[-3000:]}"
    assert last.startswith("soak: ok "), last
    fields = dict(re.findall(r"(\S+)=(\S+)", last))
    assert fields["5xx"] == "0", last
    assert fields["unexpected"] == "0", last
    assert fields["failures"] == "0", last
    completed, started = map(int, fields["exports"].split("/"))
    assert started > 0, last
    assert completed == started, last
    assert float(fields["rss_growth_mb"]) < MAX_RSS_GROWTH_MB, last
    assert int(fields["requests"]) > 0, last
    assert float(fields["duration_s"]) >= DURATION_S, last
    # The mix reached every kind of answer it asks for.
    statuses = {int(s.split(":")[0]) for s in fields["statuses"].split(",")}
    assert {200, 400, 401, 404, 405} <= statuses, last
