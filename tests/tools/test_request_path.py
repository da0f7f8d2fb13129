"""scripts/request_path.py draws a report request's path, and the path does not double back: no call goes
into a mock module the path has already left (docs/mock-internals.md)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.support.spec_tools import REPO_ROOT


@pytest.mark.parametrize("flags", [[], ["--kept"], ["--from-entry"]])
def test_a_report_request_never_doubles_back(flags: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts/request_path.py"), "--fold", "cache", *flags],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    path, summary = result.stdout.strip().splitlines()
    stays = path.split(" -> ")
    if flags == ["--from-entry"]:
        assert stays.index("journal") < stays.index("report_requests") < stays.index("handlers"), path
    else:
        assert stays[0] == "handlers", path
    assert {"handlers", "queries", "rendering"} <= set(stays), path
    assert ("reports" in stays) == (flags != ["--kept"]), path  # a kept answer is not computed again
    found = re.fullmatch(
        r"(\d+) stays in (\d+) modules, (\d+) re-entries, (\d+) of them calls back .*", summary
    )
    assert found, summary
    assert int(found[1]) == len(stays), summary
    assert found[4] == "0", summary
