"""The examples of docs/python-client.md and docs/cli.md, run as written against a mock over HTTP.

The Python blocks of the client page run in order in one namespace; the ``$`` lines of the command-line
page's ``console`` blocks run in a shell, in order, ``export`` lines setting the environment. Both pages
point at ``make mock`` (http://127.0.0.1:8080); that address is swapped for the test's mock. The command-line
page's exit-status table is held to ``EXIT_CODES``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lexer_activity_client.cli import EXIT_CODES

from tests.support.spec_tools import REPO_ROOT

CLIENT_PAGE = REPO_ROOT / "docs" / "python-client.md"
CLI_PAGE = REPO_ROOT / "docs" / "cli.md"
MAKE_MOCK = "http://127.0.0.1:8080"  # where `make mock` serves
RUN_TIMEOUT_S = 60.0  # a guard against hanging, not a measurement


def blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_client_page_examples_run(
    client_mock: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = blocks(CLIENT_PAGE, "python")
    assert len(examples) >= 6
    monkeypatch.chdir(tmp_path)
    for name in ("LEXER_API_TOKEN", "LEXER_API_BASE_URL", "LEXER_API_STATUS_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    namespace: dict[str, object] = {}
    for code in examples:
        exec(compile(code.replace(MAKE_MOCK, client_mock), str(CLIENT_PAGE), "exec"), namespace)
    printed = capsys.readouterr().out
    assert "users;" in printed
    assert "SummaryRequest.date_from must carry a UTC offset" in printed
    assert "400 Invalid report - date range is too long" in printed
    assert "case_id," in printed  # the CSV file's header
    assert (tmp_path / "cases.csv").read_bytes().startswith(b"case_id,")
    assert "groups;" in printed


def _shell_lines() -> list[str]:
    lines = []
    for block in blocks(CLI_PAGE, "console"):
        lines += [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    return lines


def test_cli_page_examples_run(client_mock: str, tmp_path: Path) -> None:
    lines = _shell_lines()
    assert len(lines) >= 8
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEXER_API_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["COLUMNS"] = "160"
    ran = 0
    for line in lines:
        command = line.replace(MAKE_MOCK, client_mock)
        if command.startswith("export "):
            name, _, value = command.removeprefix("export ").partition("=")
            env[name] = value
            continue
        expected = re.search(r"#\s*exits (\d+)", command)
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            check=False,
        )
        assert result.returncode == (int(expected.group(1)) if expected else 0), (command, result.stderr)
        assert "Traceback" not in result.stderr
        ran += 1
    assert ran >= 8
    assert (tmp_path / "cases.csv").read_bytes().startswith(b"case_id,")


def test_cli_page_lists_every_exit_status() -> None:
    page = CLI_PAGE.read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d+) \| (\w+) \|$", page, flags=re.MULTILINE))
    assert {int(code): name for code, name in table.items()} == {
        0: "done",
        **{code: cls.__name__ for cls, code in EXIT_CODES.items()},
    }
