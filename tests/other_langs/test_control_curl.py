"""The control API from another language: the curl block of docs/pytest-plugin.md, run with bash and
curl against ``python -m mock_server`` as a user starts it, prints what its comments say, in order."""

from __future__ import annotations

import re
import shutil
import subprocess

from tests.support.servers import run_cli
from tests.support.spec_tools import REPO_ROOT

DOC = REPO_ROOT / "docs" / "pytest-plugin.md"
TIMEOUT_S = 120.0

# What the block prints, in this order (each a regular expression).
EXPECTED = [
    r'\{"id":\d+,"operation":"listUsers","report_type":null,"times":1,"status":429,"retry_after":7,',
    r"^429 Retry-After: 7$",
    r"^200$",
    r'"operation":"runReport","report_type":"summary","times":2,"status":503,',
    r'"operation":"listGroups".*"fault":"drop"\}',
    r'^\{"error":"Service unavailable","message":"Maintenance\."\}$',
    r"^curl exit 52$",
    r'^\[\{"id":\d+,"operation":"runReport","report_type":"summary","times":1,"status":503,',
    r'^\{"deleted":1\}',
    r'"match":\{"type":"summary"\},"answer":\{.*"total_volume":42',
    r'"total_volume":42',
    r'^\{"error":"Invalid mock control request","message":"answer: it must contain .*must fit SummaryReport',
    r'^\{"id":\d+,"state":"pending","report_type":"case_details","times":1\}',
    r'^\{"status":"pending","url":null,"token":"[0-9a-f-]+"\}',
    r'^\{"token":"[0-9a-f-]+","report_type":"case_details","status":"complete"\}',
    r'^\{"status":"complete","url":"http://127\.0\.0\.1:\d+/_mock/exports/[0-9a-f-]+\.csv"',
    r'^\{"jobs":\[\{"token":"[0-9a-f-]+","report_type":"case_details","status":"complete"\}\],"planned":\[\]\}',
    r'^\{"now":"2018-04-15T00:00:00Z","frozen":true,"set":true\}',
    r'^\{"error":"Invalid report - starting date is a future date"',
    r'^\{"now":"2018-04-25T00:00:00Z","frozen":true,"set":true\}',
    r"^200$",
    r'^\{"now":"20\d\d-.*","frozen":false,"set":false\}',
    r'^\[\{"method":"POST","path":"/v1/activity/reports".*"status":503.*"operation":"runReport","report_type":"summary"\}\]',
    r'^\{"reset":"12345678-1234-1234-1234-123456789"\}',
]


def curl_block() -> str:
    found = re.search(
        r"<!-- example: control-api.sh -->\s*```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S
    )
    assert found, f"{DOC} has no control-api.sh block"
    return found.group(1)


def test_the_documented_curl_session_runs_against_the_mock() -> None:
    assert shutil.which("curl"), "curl is not installed"
    with run_cli() as cli:
        script = curl_block().replace("MOCK=http://127.0.0.1:8080", f"MOCK={cli.url}", 1)
        assert cli.url in script
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    # The dropped connection, as curl tells it (on stderr, the only line there).
    assert result.stderr.strip() == "curl: (52) Empty reply from server", result.stderr
    lines = result.stdout.splitlines()
    position = 0
    for pattern in EXPECTED:
        found = next((i for i in range(position, len(lines)) if re.search(pattern, lines[i])), None)
        assert found is not None, (
            f"after line {position}, nothing printed matches {pattern!r}:\n"
            + "\n".join(f"{i:3} {line[:300]}" for i, line in enumerate(lines))
        )
        position = found + 1
