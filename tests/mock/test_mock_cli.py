"""The command line: help, flags, clear one-line failures, and a real server process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mock_server import cli
from mock_server.app import create_app
from mock_server.fixtures import DEFAULT_FIXTURES
from mock_server.ratelimit import RateLimit
from tests.support.mock_helpers import AUTH, show
from tests.support.servers import busy_port, cli_result, run_cli
from tests.support.spec_tools import SPEC_PATH


def test_help_lists_every_flag() -> None:
    result = cli_result("--help")
    assert result.returncode == 0, result.stderr
    for flag in (
        "--host",
        "--port",
        "--token",
        "--rate-limit",
        "--validate-responses",
        "--export-delay",
        "--fixtures",
        "--latency",
        "--spec",
    ):
        assert flag in result.stdout, (flag, result.stdout)


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "lexer-mock"
    assert script.exists(), script
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: lexer-mock"), result.stdout


def test_defaults_and_port_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORT", raising=False)
    args = cli.parser().parse_args([])
    assert (args.host, args.port, args.rate_limit, args.export_delay) == (
        "127.0.0.1",
        8080,
        RateLimit(100, 300.0),
        2.0,
    )
    monkeypatch.setenv("PORT", "9123")
    assert cli.parser().parse_args([]).port == 9123
    assert cli.parser().parse_args(["--port", "9", "--rate-limit", "0"]).rate_limit == RateLimit(0, 0.0)


@pytest.mark.parametrize("argv", [["--rate-limit", "lots"], ["--port", "70000"], ["--export-delay", "-1"]])
def test_bad_flag_values_are_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.parser().parse_args(argv)
    assert caught.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_port_in_use_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    with busy_port() as port:
        code = cli.main(["--host", "127.0.0.1", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.count("\n") == 1, err
    assert f"cannot listen on 127.0.0.1:{port}: address already in use" in err, err


def test_bad_fixture_dir_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "team"
    shutil.copytree(DEFAULT_FIXTURES, target)
    users = json.loads((target / "users.json").read_text())
    users[0]["id"] = "12345"
    (target / "users.json").write_text(json.dumps(users))
    code = cli.main(["--port", "0", "--fixtures", str(target)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"invalid fixtures in {target}" in err, err
    assert "users.json[0]: id must be integer" in err, err
    assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with run_cli(
        "--token",
        "extra-token",
        "--rate-limit",
        "2/300",
        "--export-delay",
        "0",
        "--validate-responses",
        "--log-level",
        "warning",
    ) as mock:
        yield mock.url


def test_the_server_process_honours_its_flags(server: str) -> None:
    extra = {"Auth-Api-Token": "extra-token"}
    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.get("/v1/users", headers=extra).status_code == 200
        assert client.get("/v1/groups", headers=extra).status_code == 200
        limited = client.get("/v1/forms", headers=extra)
        assert limited.status_code == 429, show(limited)
        assert limited.headers["retry-after"].isdigit(), show(limited)
        documented = client.get("/v1/forms", headers=AUTH)
        assert documented.status_code == 200, show(documented)
        public = client.get("/api/public/v1/activity/reports/status", headers=AUTH, params={"token": "x"})
        assert public.status_code == 404, show(public)
        assert public.json()["error"] == "Not found", show(public)


def test_spec_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # docs/mock.md: $LEXER_MOCK_SPEC comes after --spec and before the files the mock finds itself.
    copy = tmp_path / "from-env.yaml"
    shutil.copy(SPEC_PATH, copy)
    monkeypatch.setenv("LEXER_MOCK_SPEC", str(copy))
    assert create_app().mock.spec.path == copy
    assert create_app(spec=SPEC_PATH).mock.spec.path == SPEC_PATH
    monkeypatch.setenv("LEXER_MOCK_SPEC", str(tmp_path / "missing.yaml"))
    code = cli.main(["--port", "0"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "$LEXER_MOCK_SPEC names a missing file" in err, err


def test_explicit_spec_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "contract.yaml"
    shutil.copy(SPEC_PATH, copy)
    assert create_app(spec=copy).mock.spec.path == copy
    code = cli.main(["--port", "0", "--spec", str(tmp_path / "missing.yaml")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "spec file not found" in err, err
