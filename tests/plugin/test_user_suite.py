"""A user's own suite is the test: the kit installed from its wheels into a fresh venv, a new project
with the example test module of docs/pytest-plugin.md, and pytest run there, with warnings as errors.

The two wheels (the mock's distribution, with the plugin, and the Python client) are built with
``uv build``; the venv gets them, their dependencies and pytest (the ``user-suite`` group of
pyproject.toml) at uv.lock's versions with ``uv pip install`` offline, from uv's cache (``make
setup`` filled it). The user project's suite runs
over HTTP, then in process; its ini file passes the mock a flag.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.spec_tools import REPO_ROOT

UV = Path(sys.executable).parent / "uv"
DOC = REPO_ROOT / "docs" / "pytest-plugin.md"
TIMEOUT_S = 300.0

# A second module of the user's: the ini file's flag reaches the mock, and in-process mode serves
# export downloads through the client's transport.
MORE_TESTS = """
import datetime as dt

from lexer_activity_client.api.reports import get_report_status, run_report
from lexer_activity_client.models import CaseDetailsRequest


def test_the_ini_rate_limit_reaches_the_mock(lexer_mock):
    answers = [lexer_mock.http.get("/v1/users", headers=lexer_mock.headers) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1


def test_an_export_downloads_through_the_client(lexer_mock):
    request = CaseDetailsRequest.from_dict(
        {"type": "case_details", "date_from": "2018-04-01T00:00:00Z", "date_to": "2018-04-08T00:00:00Z"}
    )
    job = run_report.sync(client=lexer_mock.api_client, body=request)
    done = get_report_status.sync(client=lexer_mock.api_client, token=job.token)
    assert done.status == "complete"
    csv = lexer_mock.api_client.get_httpx_client().get(done.url)
    assert csv.status_code == 200 and csv.text.startswith("case_id,")
"""

PYPROJECT = """
[project]
name = "my-reporting-app"
version = "0.1.0"

[tool.pytest.ini_options]
filterwarnings = ["error"]
lexer_mock_args = "--rate-limit 3/60"
"""


def example_module() -> str:
    """The first Python block after the marker in docs/pytest-plugin.md."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- example: tests/test_reports.py -->\s*```python\n(.*?)```", text, re.S)
    assert found, f"{DOC} has no example module"
    return found.group(1)


@dataclass
class Project:
    root: Path
    python: Path

    def pytest(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
        return subprocess.run(
            [str(self.python), "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )


def run(*command: str | Path, cwd: Path = REPO_ROOT) -> None:
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_PROGRESS": "1"}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    work = tmp_path_factory.mktemp("user-suite")
    dist = work / "dist"
    run(UV, "build", "--wheel", "--out-dir", dist, REPO_ROOT)
    run(UV, "build", "--wheel", "--out-dir", dist, REPO_ROOT / "generated_client")
    # The dependencies, as uv.lock pins them (PEP 751 lock: each wheel's URL and hash, which uv
    # finds in its cache offline); then the two wheels themselves.
    locked = work / "lock" / "pylock.toml"
    locked.parent.mkdir()
    run(
        UV, "export", "--frozen", "--no-dev", "--group", "user-suite", "--no-emit-project",
        "--no-emit-package", "lexer-activity-client", "--format", "pylock.toml", "--output-file", locked,
    )  # fmt: skip
    venv = work / "venv"
    run(UV, "venv", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    wheels = sorted(dist.glob("*.whl"))
    assert len(wheels) == 2, wheels
    # Byte-compiled once here: each of the runs below would otherwise compile Connexion anew.
    run(UV, "pip", "install", "--python", python, "--compile-bytecode", "-r", locked)
    run(UV, "pip", "install", "--python", python, "--compile-bytecode", "--no-deps", *wheels)
    root = work / "my-reporting-app"
    (root / "tests").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "tests" / "test_reports.py").write_text(example_module(), encoding="utf-8")
    (root / "tests" / "test_more.py").write_text(MORE_TESTS, encoding="utf-8")
    return Project(root, python)


def test_the_docs_example_passes_over_http_with_warnings_as_errors(project: Project) -> None:
    result = project.pytest()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert re.search(r"^5 passed in ", result.stdout, re.M), output[-2000:]
    assert "warning" not in output.lower(), output[-2000:]


def test_the_in_process_mode_runs_the_module_without_a_socket(project: Project) -> None:
    result = project.pytest("--lexer-mock-mode", "in-process", "tests/test_more.py")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert re.search(r"^2 passed in ", result.stdout, re.M), output[-2000:]
    assert "warning" not in output.lower(), output[-2000:]


def test_bad_plugin_settings_are_a_usage_error(project: Project) -> None:
    result = project.pytest("--lexer-mock-args", "--rate-limit lots", "tests/test_more.py")
    assert result.returncode == 4, result.stdout + result.stderr
    assert "lexer_mock_args" in result.stderr
    assert "rate limit must be N/SECONDS" in result.stderr


def test_the_installed_mock_imports_cleanly(project: Project) -> None:
    result = subprocess.run(
        [str(project.python), "-W", "error", "-c", "import mock_server.app, mock_server.pytest_plugin"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == ""
