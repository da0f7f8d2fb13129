"""The ``lexer-activity`` command, run as users run it: the console script in a subprocess, against the mock
over HTTP (token and server from ``LEXER_API_TOKEN`` / ``LEXER_API_BASE_URL``).

Every command has ``--help`` (checked in-process too, with Typer's runner, as are the usage errors);
answers print as tables, JSON or CSV; dates are taken as typed, with ``--tz`` or the local zone for their
offset; each error class ends the command with its own exit status and a one-line
message (no traceback); ``export`` writes the CSV file. Its live progress display on a real terminal is
tested in test_cli_terminal.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lexer_activity_client import Lexer
from lexer_activity_client.cli import EXIT_CODES, app
from typer.testing import CliRunner

from tests.support.control import journal, stage
from tests.support.mock_helpers import NPS_FORM, TOKEN
from tests.support.servers import free_port

COMMAND = str(Path(sys.executable).with_name("lexer-activity"))
RUN_TIMEOUT_S = 60.0  # a guard against hanging, not a measurement
CODES = {cls.__name__: code for cls, code in EXIT_CODES.items()}
APRIL = ["--from", "2018-04-01", "--to", "2018-04-30"]


def run(*args: str, root: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("LEXER_API_")}
    environment["LEXER_API_TOKEN"] = TOKEN
    if root is not None:
        environment["LEXER_API_BASE_URL"] = f"{root}/v1"
    environment.update(env)
    return subprocess.run(
        [COMMAND, *args], env=environment, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )


def _report_bodies(root: str) -> list[dict[str, object]]:
    return [entry["body"] for entry in journal(root) if entry["path"] == "/v1/activity/reports"]


def test_exit_codes_are_distinct_per_error_class() -> None:
    assert len(set(EXIT_CODES.values())) == len(EXIT_CODES)
    assert 0 not in EXIT_CODES.values()
    assert 2 not in EXIT_CODES.values()  # the usage errors' status


def test_the_command_has_help() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: lexer-activity" in result.stdout
    for command in ("users", "groups", "forms", "report", "export"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["users", "groups", "forms", "report", "export"])
def test_every_command_has_help(command: str) -> None:
    # In-process (Typer's runner) to keep the suite quick; the console script itself is run above.
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"Usage: lexer-activity {command}" in result.output
    assert "--token" in result.output


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lexer_activity_client", "--help"],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "report" in result.stdout
    assert "export" in result.stdout


@pytest.mark.parametrize("resource", ["users", "groups", "forms"])
def test_lists_as_json_csv_and_table(client_mock: str, lexer: Lexer, resource: str) -> None:
    expected = [item.to_dict() for item in getattr(lexer, resource).list()]
    as_json = run(resource, "--format", "json", root=client_mock)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == expected
    as_csv = run(resource, "-f", "csv", root=client_mock)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [row["id"] for row in rows] == [str(item["id"]) for item in expected]
    table = run(resource, root=client_mock, COLUMNS="200")
    assert table.returncode == 0, table.stderr
    assert all(str(item["id"]) in table.stdout for item in expected)


def test_report_dates_take_the_zone_given(client_mock: str, lexer: Lexer) -> None:
    result = run("report", "summary", *APRIL, "--tz", "Australia/Sydney", "-f", "json", root=client_mock)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total_volume"] >= 0
    body = _report_bodies(client_mock)[-1]
    # Daylight saving ended in Sydney on 2018-04-01 at 03:00: each date gets its own offset.
    assert (body["date_from"], body["date_to"]) == ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+10:00")
    times = ["--from", "2018-04-01T09:30", "--to", "2018-04-02T10:00+00:00"]
    fixed = run("report", "summary", *times, "--tz", "+05:30", "-f", "json", root=client_mock)
    assert fixed.returncode == 0, fixed.stderr
    body = _report_bodies(client_mock)[-1]
    assert (body["date_from"], body["date_to"]) == ("2018-04-01T09:30:00+05:30", "2018-04-02T10:00:00+00:00")


def test_report_dates_default_to_the_local_zone(client_mock: str, lexer: Lexer) -> None:
    result = run("report", "summary", *APRIL, "-f", "json", root=client_mock, TZ="Australia/Sydney")
    assert result.returncode == 0, result.stderr
    body = _report_bodies(client_mock)[-1]
    assert (body["date_from"], body["date_to"]) == ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+10:00")


def test_report_filters_and_formats(client_mock: str, lexer: Lexer) -> None:
    users = [user.id for user in lexer.users.list()][:3]
    groups = [group.id for group in lexer.groups.list()][:1]
    args = ["--users", f"{users[0]},{users[1]}", "--users", str(users[2]), "--groups", str(groups[0])]
    result = run("report", "user_summary", *APRIL, *args, "--format", "csv", root=client_mock)
    assert result.returncode == 0, result.stderr
    assert _report_bodies(client_mock)[-1]["users"] == users
    assert _report_bodies(client_mock)[-1]["groups"] == groups
    assert "user_id" in result.stdout.splitlines()[0].split(",")
    nps = run("report", "nps_summary", *APRIL, "--form", str(NPS_FORM), "--nps-category", "promoters",
              root=client_mock, COLUMNS="200")  # fmt: skip
    assert nps.returncode == 0, nps.stderr
    assert "field" in nps.stdout
    assert "value" in nps.stdout
    assert _report_bodies(client_mock)[-1]["nps_category"] == "promoters"
    series = run("report", "states_volume", "--from", "2018-04-01", "--to", "2018-04-01", "-f", "csv",
                 root=client_mock)  # fmt: skip
    assert series.returncode == 0, series.stderr
    assert series.stdout.splitlines()[0].startswith("key,")


def test_export_writes_the_csv_file(client_mock: str, lexer: Lexer, tmp_path: Path) -> None:
    target = tmp_path / "cases.csv"
    result = run("export", "case_details", *APRIL, "-o", str(target), "--interval", "0.05", root=client_mock)
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"case_id,")
    assert f"wrote {len(data)} bytes to {target}" in result.stderr
    to_stdout = run("export", "case_details", *APRIL, "-o", "-", "--interval", "0.05", root=client_mock)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert to_stdout.stdout.startswith("case_id,")
    # The status polls went to the status server (with --base-url set, that is the same mock).
    assert any(entry["path"] == "/v1/activity/reports/status" for entry in journal(client_mock))


def _assert_failed(result: subprocess.CompletedProcess[str], error_class: str) -> None:
    assert result.returncode == CODES[error_class], (result.returncode, result.stderr)
    assert result.stderr.startswith(f"error: {error_class}: "), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_bad_request_exit_status(client_mock: str, lexer: Lexer) -> None:
    result = run("report", "summary", "--from", "2016-01-01", "--to", "2018-01-01", root=client_mock)
    _assert_failed(result, "BadRequestError")
    assert "Invalid report - date range is too long" in result.stderr


def test_authentication_exit_status(client_mock: str, lexer: Lexer) -> None:
    _assert_failed(run("users", "--token", "not-a-known-token", root=client_mock), "AuthenticationError")


def test_not_found_exit_status(client_mock: str, lexer: Lexer) -> None:
    args = ["--form", "999999", "--nps-category", "all"]
    result = run("report", "nps_summary", *APRIL, *args, root=client_mock)
    _assert_failed(result, "NotFoundError")


def test_rate_limit_exit_status(client_mock: str, lexer: Lexer) -> None:
    stage(client_mock, "listGroups", status=429, retry_after=120)
    result = run("groups", root=client_mock)
    _assert_failed(result, "RateLimitError")
    assert "Rate limited exceeded" in result.stderr


def test_server_error_exit_status(client_mock: str, lexer: Lexer) -> None:
    stage(client_mock, "listForms", status=500, times=2)
    _assert_failed(run("forms", "--max-retries", "1", root=client_mock), "InternalServerError")


def test_connection_error_exit_status() -> None:
    result = run("users", "--base-url", f"http://127.0.0.1:{free_port()}/v1", "--max-retries", "0")
    _assert_failed(result, "APIConnectionError")


def test_timeout_exit_status(client_mock: str, lexer: Lexer) -> None:
    stage(client_mock, "listUsers", delay=2)
    result = run("users", "--timeout", "0.3", "--max-retries", "0", root=client_mock)
    _assert_failed(result, "APITimeoutError")


def test_export_wait_running_out_exit_status(client_mock: str, lexer: Lexer, tmp_path: Path) -> None:
    target = tmp_path / "cases.csv"
    result = run("export", "case_details", *APRIL, "-o", str(target), "--wait-timeout", "0", root=client_mock)
    assert result.returncode == CODES["ExportTimeoutError"], result.stderr
    assert "error: ExportTimeoutError: " in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["report", "nps_summary", *APRIL], "a nps_summary report needs --form"),
        (["report", "summary", *APRIL, "--form", "55"], "a summary report takes no --form"),
        (["report", "summary", "--from", "yesterday", "--to", "2018-04-30"], "'yesterday' is not a date"),
        (["report", "summary", *APRIL, "--tz", "Mars/Olympus"], "neither a time zone"),
        (["report", "summary", *APRIL, "--users", "jane"], "'jane' is not an id"),
        (["report", "case_details", *APRIL], "'case_details' is not one of"),
        (["export", "summary", *APRIL, "-o", "x.csv"], "'summary' is not one of"),
    ],
)
def test_usage_errors(client_mock: str, args: list[str], shown: str) -> None:
    env = {"LEXER_API_TOKEN": TOKEN, "LEXER_API_BASE_URL": f"{client_mock}/v1", "COLUMNS": "200"}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 2, result.output
    assert shown in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_usage_error_from_the_console_script(client_mock: str) -> None:
    result = run("users", root=client_mock, LEXER_API_TOKEN="", COLUMNS="200")
    assert result.returncode == 2
    assert "no API token: pass --token or set LEXER_API_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr
