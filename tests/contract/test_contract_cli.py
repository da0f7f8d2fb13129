"""Schemathesis' own CLI over real HTTP against the mock as users start it (``python -m mock_server``).

``schemathesis run openapi.yaml --url http://127.0.0.1:PORT/v1 -H 'Auth-Api-Token: ...' --checks all``: every
phase (examples, coverage, fuzzing, stateful through the spec's link), every check, the custom checks of
tests/support/schemathesis_hooks.py and the settings of the repository's schemathesis.toml. A second run
covers getReportStatus on its second server, ``/api/public/v1`` (no links there, so no stateful phase). A
third runs the plain command a user types in the repository root, with no option but those. Asserted from the
exit code and the printed report, which each assertion message shows in full.

The mock runs with its defaults (2-second export jobs, no response validation of its own: Schemathesis is
the judge) except ``--rate-limit 0``: the CLI sends thousands of requests with one token.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mock_helpers import TOKEN
from tests.support.servers import run_cli
from tests.support.spec_tools import REPO_ROOT, SPEC_PATH, report_types, response_schema_name

TESTS = Path(__file__).resolve().parent
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = 100  # fuzzing cases per operation (the CLI's -n)
RUN_TIMEOUT_S = 600  # a guard against hanging, not a measurement
PHASES = ("Examples", "Coverage", "Fuzzing", "Stateful")
SEED = 20180401  # the CLI's --seed (see schemathesis_run)


@pytest.fixture(scope="module")
def mock_root() -> Iterator[str]:
    with run_cli("--rate-limit", "0") as mock:
        yield mock.url


def schemathesis_run(base_url: str, tmp_path: Path, *extra: str) -> tuple[int, str]:
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(REPO_ROOT / "schemathesis.toml"),
        "run",
        str(SPEC_PATH),
        "--url",
        base_url,
        "-H",
        f"Auth-Api-Token: {TOKEN}",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--no-color",
        # A fixed seed makes CI's run the one that was checked here: the stateful phase only covers the
        # export link when it happens to run an export type, and a random seed could miss it.
        "--seed",
        str(SEED),
        *extra,
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        "SCHEMATHESIS_HOOKS": "tests.support.schemathesis_hooks",
        "COLUMNS": "120",
    }
    # In a temporary folder: the CLI keeps its state (.schemathesis/, reports) in the working directory.
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )
    return done.returncode, f"$ {' '.join(command)}\n{done.stdout}{done.stderr}"


def phase_results(output: str) -> dict[str, str]:
    """Each phase of the summary with its mark (✅ passed, ❌ failed, ⏭ skipped, 🚫 errored)."""
    block = output[output.index("Test Phases:") :].split("\n\n", 1)[0]
    return {name: mark for mark, name in re.findall(r"^\s+(\S+)\s+(\w+)", block, flags=re.MULTILINE)}


def extraction_notes(output: str) -> str:
    """The report's note on links whose value was not in the answer ('' when there is none)."""
    start = output.find("Failed to extract data from response:")
    return "" if start < 0 else output[start : output.index("SUMMARY", start)]


def test_cli_all_phases_and_checks_against_the_mock(mock_root: str, tmp_path: Path) -> None:
    code, output = schemathesis_run(f"{mock_root}/v1", tmp_path)
    assert code == 0, output
    assert re.search(r"=+ No issues found in [\d.]+s =+", output), output
    assert phase_results(output) == dict.fromkeys(PHASES, "✅"), output
    assert "Operations:       5 selected / 5 total" in output, output
    assert "Tested: 5" in output, output
    assert "API Links:    1 covered / 1 selected / 1 total" in output, output
    generated = re.search(r"(\d+) generated, (\d+) passed", output)
    assert generated, output
    assert int(generated[1]) >= 5 * MAX_EXAMPLES, output
    assert generated[1] == generated[2], output
    # The link is declared on every runReport 200, but only the three exports answer with a `token`
    # (OpenAPI links cannot depend on the answer). Schemathesis notes the others; nothing else may be noted.
    notes = extraction_notes(output)
    exports = {t for t in report_types() if response_schema_name(t) == "ExportJob"}
    for reason in re.findall(
        r"^\s+(Could not resolve .*|Path .*|Failed to parse .*|\w+Error: .*)$", notes, flags=re.MULTILINE
    ):
        assert reason in (
            "Could not resolve parameter `token` via `$response.body#/token`",
            "Path `#/token` not found in response",
        ), output
    for report_type in re.findall(r'"type": "(\w+)"', notes):
        assert report_type not in exports, output


def test_cli_status_on_the_public_server(mock_root: str, tmp_path: Path) -> None:
    code, output = schemathesis_run(
        f"{mock_root}/api/public/v1",
        tmp_path,
        "--include-operation-id",
        "getReportStatus",
        "--phases",
        "examples,coverage,fuzzing",
    )
    assert code == 0, output
    assert "Operations:       1 selected / 5 total" in output, output
    assert "Tested: 1" in output, output
    assert phase_results(output) == {"Examples": "✅", "Coverage": "✅", "Fuzzing": "✅", "Stateful": "⏭"}, (
        output
    )
    generated = re.search(r"(\d+) generated, (\d+) passed", output)
    assert generated, output
    assert int(generated[1]) >= MAX_EXAMPLES, output
    assert generated[1] == generated[2], output


# What a user types in the repository root (the mock is told `--rate-limit 0`: the run sends thousands of
# requests with one token). No config file is named: Schemathesis must find schemathesis.toml there.
PLAIN_COMMAND = (
    "schemathesis run openapi.yaml --url {url} "
    "-H 'Auth-Api-Token: 12345678-1234-1234-1234-123456789' --checks all"
)


def test_plain_cli_from_the_repository_root(mock_root: str) -> None:
    command = PLAIN_COMMAND.format(url=f"{mock_root}/v1")
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("SCHEMATHESIS_", "PYTEST_"))
    }
    env.update(PATH=os.pathsep.join([str(SCHEMATHESIS.parent), env.get("PATH", "")]), COLUMNS="120")
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    output = f"$ {command}\n{done.stdout}{done.stderr}"
    assert done.returncode == 0, output
    assert f"Configuration:    {REPO_ROOT / 'schemathesis.toml'}" in output, output
    # No failure; a random seed may leave a warning (e.g. no export drawn, so the link was not followed).
    assert re.search(r"^=+ (No issues found|\d+ warnings?) in [\d.]+s =+$", output, flags=re.MULTILINE), (
        output
    )
    assert "FAILURES" not in output, output
    assert phase_results(output) == dict.fromkeys(PHASES, "✅"), output
    generated = re.search(r"(\d+) generated, (\d+) passed", output)
    assert generated, output
    assert generated[1] == generated[2], output
    assert int(generated[1]) >= 5 * MAX_EXAMPLES, output
