"""Recording folders that are missing, not writable, edited by hand into something invalid,
recorded with an older spec, or holding the same request twice: each gets a clear message and a
non-zero exit, never a traceback; what loads, replays.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from mock_server.app import create_app
from mock_server.recording import cli as recording_cli
from mock_server.recording.store import RecordingError
from mock_server.spec import Spec
from tests.support.servers import busy_port, cli_result, run_cli, serve_in_thread

TOKEN = "12345678-1234-1234-1234-123456789"
AUTH = {"Auth-Api-Token": TOKEN}
USER = {"id": 1, "email": "a@b.io", "first_name": "A", "last_name": "B", "timezone": "UTC", "gmtoffset": 0}
USERS = [
    {**USER, "sign_in_count": 1, "last_sign_in_at": "2018-03-21T06:09:01Z", "archived": False, "groups": []}
]
VERSION = re.escape(Spec.load().document["info"]["version"])
SUMMARY = {
    "type": "summary",
    "date_from": "2018-04-01T00:00:00+11:00",
    "date_to": "2018-04-30T23:59:59+11:00",
}


def exchange(
    seq: int, method: str, path: str, body: Any, request_body: Any = None, **extra: Any
) -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "path": path, "query": [], "headers": {}}
    if request_body is not None:
        request["body"] = request_body
    document = {
        "seq": seq,
        "request": request,
        "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": body},
    }
    return {**document, **extra}


def write_recording(folder: Path, *exchanges: dict[str, Any], spec_version: str = "1.0.0") -> Path:
    (folder / "exchanges").mkdir(parents=True)
    manifest = {"kind": "lexer-mock recording", "format": 1, "spec": {"version": spec_version}}
    (folder / "recording.json").write_text(json.dumps(manifest))
    for document in exchanges:
        name = f"{document['seq']:06d}-{document.get('operation') or 'x'}.json"
        (folder / "exchanges" / name).write_text(json.dumps(document, indent=2))
    return folder


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_recording(
        tmp_path / "rec",
        exchange(1, "GET", "/v1/users", USERS, operation="listUsers"),
        exchange(2, "POST", "/v1/activity/reports", {"total_volume": 1}, SUMMARY, operation="runReport"),
    )


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = recording_cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ------------------------------------------------------------ missing, not a recording, not writable
def test_a_missing_folder(tmp_path: Path) -> None:
    audit = cli_result("audit", str(tmp_path / "nowhere"))
    assert (audit.returncode, audit.stdout) == (2, "")
    assert audit.stderr == f"lexer-mock: error: recording folder {tmp_path / 'nowhere'} does not exist\n"
    replay = cli_result("--replay", str(tmp_path / "nowhere"), "--port", "0")
    assert replay.returncode == 2
    assert f"lexer-mock: error: recording folder {tmp_path / 'nowhere'} does not exist" in replay.stderr
    assert "Traceback" not in replay.stderr


def test_replay_only_needs_replay() -> None:
    result = cli_result("--replay-only")
    assert result.returncode == 2
    assert "--replay-only needs --replay DIR" in result.stderr


def test_a_folder_that_is_not_a_recording(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(capsys, "audit", str(tmp_path)) == (
        2, "", f"lexer-mock: error: {tmp_path} is not a recording: it has no recording.json\n"
    )  # fmt: skip


def test_record_into_a_place_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("not a folder")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with busy_port() as port:  # something listens there: the upstream is reachable
        upstream = [
            "--upstream",
            f"http://127.0.0.1:{port}/v1",
            "--status-upstream",
            f"http://127.0.0.1:{port}/v1",
        ]
        cases = {
            a_file: f"--out {a_file} exists and is not a folder",
            a_file / "sub": f"cannot create the recording folder {a_file / 'sub'}: Not a directory",
            busy: f"--out {busy} is not empty and not a recording; choose an empty folder",
        }
        for out, message in cases.items():
            assert run_main(capsys, "record", *upstream, "--out", str(out)) == (
                2,
                "",
                f"lexer-mock: error: {message}\n",
            )
    assert a_file.read_text() == "not a folder"
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]


def test_record_refuses_a_url_that_is_not_http(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_main(
        capsys, "record", "--upstream", "ftp://example.org/v1", "--out", str(tmp_path / "r")
    )
    assert (status, err) == (
        2,
        "lexer-mock: error: --upstream 'ftp://example.org/v1' is not an http:// or https:// URL\n",
    )


# ---------------------------------------------------------------------- edited by hand
def test_a_file_edited_into_invalid_json(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = small / "exchanges" / "000002-runReport.json"
    broken.write_text(broken.read_text()[:-20])
    expected = f"{broken} is not valid JSON"
    status, out, err = run_main(capsys, "audit", str(small))
    assert (status, out) == (2, "")
    assert err.startswith(f"lexer-mock: error: {expected}")
    assert "was it edited by hand?" in err
    replay = cli_result("--replay", str(small), "--port", "0")
    assert replay.returncode == 2
    assert expected in replay.stderr
    assert "Traceback" not in replay.stderr


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["response"].update(status="ok"), ".response.status: 'ok' is not of type 'integer'"),
        (lambda d: d["request"].pop("method"), ".request: 'method' is a required property"),
        (lambda d: d["response"].update(body_raw='{"total_volume": 2}'), "body and response.body_raw"),
    ],
)  # fmt: skip
def test_a_file_edited_out_of_the_format(
    small: Path, capsys: pytest.CaptureFixture[str], edit: Any, message: str
) -> None:
    path = small / "exchanges" / "000002-runReport.json"
    document = json.loads(path.read_text())
    edit(document)
    path.write_text(json.dumps(document))
    status, _, err = run_main(capsys, "audit", str(small))
    assert status == 2
    assert err.startswith(f"lexer-mock: error: {path}: ")
    assert message in err


def test_a_recording_of_a_newer_format(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (small / "recording.json").write_text(json.dumps({"kind": "lexer-mock recording", "format": 2}))
    status, _, err = run_main(capsys, "audit", str(small))
    assert status == 2
    assert "format 2 is newer than this kit reads (1); upgrade the kit" in err


# ---------------------------------------------------------------------- older specs
def test_a_recording_made_with_an_older_spec_still_loads(tmp_path: Path) -> None:
    """No report_type, no headers, no recorded_at, another spec version: it replays."""
    folder = write_recording(
        tmp_path / "old",
        {
            "seq": 1,
            "request": {"method": "GET", "path": "/v1/users"},
            "response": {"status": 200, "body": USERS},
        },
        spec_version="0.9.0",
    )
    app = create_app(replay=folder, replay_only=True, rate_limit="0")
    with serve_in_thread(app) as root:
        answer = httpx.get(f"{root}/v1/users", headers=AUTH)
    assert answer.json() == USERS


def test_a_recording_that_does_not_fit_the_spec(tmp_path: Path) -> None:
    teams = write_recording(
        tmp_path / "teams", exchange(1, "GET", "/v1/teams", [], operation="listTeams"), spec_version="0.8.0"
    )
    with pytest.raises(
        RecordingError, match=rf"GET /v1/teams \(listTeams\) is not an operation of .* {VERSION}"
    ) as info:
        create_app(replay=teams)
    assert "the recording was made with spec 0.8.0" in str(info.value)
    replay = cli_result("--replay", str(teams), "--port", "0")
    assert replay.returncode == 2
    assert "listTeams" in replay.stderr
    assert "Traceback" not in replay.stderr
    health = write_recording(
        tmp_path / "health",
        exchange(
            1, "POST", "/v1/activity/reports", {}, {**SUMMARY, "type": "team_health"}, operation="runReport"
        ),
    )
    with pytest.raises(RecordingError, match="report type 'team_health' is not one of the spec's"):
        create_app(replay=health)


# ---------------------------------------------------------------------- the same request twice
def test_the_newer_of_two_answers_to_one_request_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reordered = {
        "date_to": "2018-04-30T23:59:59+11:00",
        "type": "summary",
        "date_from": "2018-04-01T00:00:00+11:00",
    }
    folder = write_recording(
        tmp_path / "twice",
        exchange(1, "POST", "/v1/activity/reports", {"total_volume": 1}, SUMMARY, operation="runReport"),
        exchange(2, "POST", "/v1/activity/reports", {"total_volume": 2}, reordered, operation="runReport"),
    )
    conflict = (
        "exchanges/000001-runReport.json and exchanges/000002-runReport.json record the same request "
        "with different answers: exchanges/000002-runReport.json (the newer) wins"
    )
    with run_cli("--replay", str(folder)) as replay:
        answer = httpx.post(f"{replay.url}/v1/activity/reports", json=SUMMARY, headers=AUTH)
        assert answer.json() == {"total_volume": 2}
        assert f"lexer-mock: warning: {conflict}" in replay.output()
    status, out, _ = run_main(capsys, "audit", str(folder), "--json")
    assert conflict in json.loads(out)["notes"]
    assert status == 1  # {"total_volume": ...} is not a summary: drift


def test_the_commands_say_what_they_take() -> None:
    record = cli_result("record", "--help")
    assert record.returncode == 0
    for flag in ("--upstream URL", "--status-upstream URL", "--out DIR", "--timeout SECONDS"):
        assert flag in record.stdout
    audit = cli_result("audit", "--help")
    assert (audit.returncode, "--json" in audit.stdout) == (0, True)
    mock = cli_result("--help")
    assert "--replay DIR" in mock.stdout
    assert "--replay-only" in mock.stdout
    no_out = cli_result("record")
    assert no_out.returncode == 2
    assert "the following arguments are required: --out" in no_out.stderr


def test_csv_columns_out_of_order_and_undocumented_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documented = Spec.load().schema("MentionSlaExportRequest")["x-lexer-csv-columns"]
    jobs = {"mention_sla_export": "job-1", "case_details": "job-2"}
    exchanges: list[dict[str, Any]] = []
    for kind, job in jobs.items():
        seq = len(exchanges) + 1
        pending = {"status": "pending", "url": None, "token": job}
        complete = {"status": "complete", "url": f"https://files.example/{job}", "token": job}
        exchanges += [
            exchange(
                seq, "POST", "/v1/activity/reports", pending, {**SUMMARY, "type": kind}, report_type=kind
            ),
            exchange(
                seq + 1, "GET", "/v1/activity/reports/status", complete, csv={"file": f"exports/{job}.csv"}
            ),
        ]
    folder = write_recording(tmp_path / "csv", *exchanges)
    (folder / "exports").mkdir()
    (folder / "exports" / "job-1.csv").write_text(",".join(reversed(documented)) + "\r\n")
    (folder / "exports" / "job-2.csv").write_text("case_id,opened_at\r\n")
    status, out, _ = run_main(capsys, "audit", str(folder), "--json")
    report = json.loads(out)
    assert status == 1
    (order,) = report["findings"]
    assert (order["kind"], order["report_type"], order["path"]) == (
        "csv_columns",
        "mention_sla_export",
        "column order",
    )
    assert order["expected"] == ", ".join(documented)
    assert order["got"] == ", ".join(reversed(documented))
    assert report["notes"] == [
        "exports/job-2.csv: the spec documents no columns for case_details; the file has: case_id, opened_at"
    ]
