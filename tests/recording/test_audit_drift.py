"""The audit against an upstream that differs from the spec, and an upstream that fails.

The upstream is tests/support/odd_upstream.py, a real process on loopback: it adds a field, drops
a required one, answers ``status: "failed"``, sends ``X-RateLimit-Remaining``, is slow on one
path, sends bytes that are not HTTP on another, HTML on a third, and is finally stopped (the
connection is then refused). The audit names each difference; the failures are clear errors to
the caller and leave what was already written whole.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from mock_server.spec import Spec
from tests.support.recording import run_odd_upstream, run_record
from tests.support.servers import cli_result
from tests.support.spec_tools import REPO_ROOT

AUTH = {"Auth-Api-Token": "odd-upstream-token-1234567890"}
APRIL = {"date_from": "2018-04-01T00:00:00+11:00", "date_to": "2018-04-30T23:59:59+11:00"}


def findings(report: dict[str, Any], kind: str) -> dict[tuple[str | None, str], dict[str, Any]]:
    return {(f["operation"], f["path"]): f for f in report["findings"] if f["kind"] == kind}


def test_the_audit_names_each_difference(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    with run_odd_upstream() as (odd, _), httpx.Client(timeout=30) as client:
        args = ["--upstream", f"{odd}/v1", "--status-upstream", f"{odd}/v1", "--out", str(folder)]
        with run_record(*args) as proxy:
            users = client.get(f"{proxy.url}/v1/users", headers=AUTH)
            assert users.status_code == 200
            assert users.headers["X-RateLimit-Remaining"] == "99"  # passed on to the caller
            states = []
            for kind in ("case_details", "mention_sla_export"):
                body = {"type": kind, **APRIL}
                job = client.post(f"{proxy.url}/v1/activity/reports", json=body, headers=AUTH).json()
                status = client.get(
                    f"{proxy.url}/v1/activity/reports/status?token={job['token']}", headers=AUTH
                )
                states.append(status.json()["status"])
            assert states == ["failed", "complete"]
            token = AUTH["Auth-Api-Token"]
            teams = client.get(f"{proxy.url}/v1/teams", params={"for": token}, headers=AUTH)
            assert teams.json()[0]["token"] == token
            # A 429 is passed on; while its Retry-After runs, the proxy answers the token itself.
            limited = {"type": "case_summary", **APRIL}
            first = client.post(f"{proxy.url}/v1/activity/reports", json=limited, headers=AUTH)
            assert (first.status_code, first.headers["Retry-After"]) == (429, "120")
            again = client.post(f"{proxy.url}/v1/activity/reports", json=limited, headers=AUTH)
            assert again.status_code == 429
            assert 0 < int(again.headers["Retry-After"]) <= 120
            assert again.json() == first.json()
            assert httpx.get(f"{odd}/hits").json()["/v1/activity/reports case_summary"] == 1
            assert httpx.get(f"{proxy.url}/_recording/status").json()["held_back"] == 1
            assert proxy.stop() == 0
            printed = proxy.stdout()
            assert "1 request(s) held back during a 429" in proxy.stderr()
    for path in folder.rglob("*"):  # echoed in a body and in a query: redacted all the same
        assert path.is_dir() or AUTH["Auth-Api-Token"].encode() not in path.read_bytes(), path
    result = cli_result("audit", str(folder), "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["drift"] is True
    mismatches = findings(report, "mismatch")
    assert mismatches[("listUsers", "$[*].id")]["expected"] == "a required field"
    assert mismatches[("listUsers", "$[*].id")]["got"] == "missing"
    assert findings(report, "unknown_field")[("listUsers", "$[*].nickname")]["got"] == "'jr'"
    failed = {**mismatches, **findings(report, "unknown_value")}[("getReportStatus", "$.status")]
    assert failed["got"] == "'failed'"
    assert "pending" in failed["expected"]
    assert "complete" in failed["expected"]
    assert failed["report_type"] == "case_details"
    # The CSV of the complete export, against the columns the spec documents for its type.
    columns = {f["path"]: f for f in report["findings"] if f["kind"] == "csv_columns"}
    documented = Spec.load().schema("MentionSlaExportRequest")["x-lexer-csv-columns"]
    assert columns["columns not documented"]["got"] == "Agent Id"
    kept = ("Account Name", "Source Type", "State")
    assert columns["missing columns"]["got"] == ", ".join(c for c in documented if c not in kept)
    assert "column order" not in columns  # the three documented columns it has are in the documented order
    assert columns["missing columns"]["report_type"] == "mention_sla_export"
    exchange = json.loads(
        (folder / "exchanges" / "000005-getReportStatus-mention_sla_export.json").read_text()
    )
    assert exchange["csv"]["file"] == f"exports/{exchange['response']['body']['token']}.csv"
    assert (folder / exchange["csv"]["file"]).read_bytes().startswith(b"Account Name,Source Type,Agent Id")
    assert exchange["response"]["body"]["url"].endswith(
        "/files/responses?REDACTED"
    )  # the signature is not kept
    header = findings(report, "unknown_header")[("listUsers", "x-ratelimit-remaining")]
    assert header["got"] == "'99'"
    assert header["files"] == ["exchanges/000001-listUsers.json"]
    assert (
        "s3cr3t" not in (folder / "exchanges" / "000005-getReportStatus-mention_sla_export.json").read_text()
    )
    assert findings(report, "unknown_path")[(None, "GET /v1/teams")]
    # The same findings, as text, at the end of the recording.
    for named in (
        "$[*].id",
        "$[*].nickname",
        "$.status",
        "x-ratelimit-remaining",
        "'failed'",
        "GET /v1/teams",
    ):
        assert named in printed, named
    assert "drift:" in printed


def test_upstream_failures_are_clear_and_leave_the_recording_whole(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    with run_odd_upstream() as (odd, upstream), httpx.Client(timeout=60) as client:
        args = ["--upstream", f"{odd}/v1", "--out", str(folder), "--timeout", "1"]
        with run_record(*args) as proxy:
            assert client.get(f"{proxy.url}/v1/users", headers=AUTH).status_code == 200
            slow = client.get(f"{proxy.url}/v1/groups", headers=AUTH)
            assert slow.status_code == 504
            assert slow.json()["error"] == "Gateway timeout"
            assert "did not answer within 1 s" in slow.json()["message"]
            garbage = client.get(f"{proxy.url}/v1/forms", headers=AUTH)
            assert garbage.status_code == 502
            assert garbage.json()["error"] == "Bad gateway"
            html = client.post(
                f"{proxy.url}/v1/activity/reports", json={"type": "summary", **APRIL}, headers=AUTH
            )
            assert (html.status_code, html.headers["content-type"]) == (
                200,
                "text/html",
            )  # passed on as it came
            upstream.kill()
            upstream.wait(timeout=10)
            refused = client.get(f"{proxy.url}/v1/users", headers=AUTH)
            assert refused.status_code == 502
            assert "connection refused" in refused.json()["message"]
            assert "nothing was recorded" in refused.json()["message"]
            assert proxy.stop() == 0
            errors = proxy.stderr()
    assert "Traceback" not in errors
    assert "did not answer within 1 s" in errors
    assert "connection refused" in errors
    names = sorted(p.name for p in (folder / "exchanges").iterdir())
    assert names == ["000001-listUsers.json", "000002-runReport-summary.json"]  # no temporary files left
    for name in names:
        json.loads((folder / "exchanges" / name).read_text())
    html_exchange = json.loads((folder / "exchanges" / names[1]).read_text())
    assert html_exchange["response"]["body_text"].startswith("<html>")
    result = cli_result("audit", str(folder))
    assert result.returncode == 1
    assert "Answers that are not JSON (1):" in result.stdout
    assert "runReport (summary)  $" in result.stdout


def test_an_unreachable_upstream_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    from tests.support.servers import free_port

    port = free_port()
    folder = tmp_path / "rec"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mock_server",
            "record",
            "--upstream",
            f"http://127.0.0.1:{port}/v1",
            "--out",
            str(folder),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"lexer-mock: error: cannot reach --upstream http://127.0.0.1:{port}/v1: connection refused"
    )
    assert not folder.exists()
