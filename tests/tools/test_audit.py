"""scripts/audit.py reads npm audit's and pip-audit's reports right (offline: canned outputs).

The audit itself needs the advisory services, which this machine cannot reach (see docs/robustness.md,
Robustness); these tests pin down how their answers become verdicts and the exit status.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.spec_tools import REPO_ROOT


def load_audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_script", REPO_ROOT / "scripts" / "audit.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_script"] = module
    spec.loader.exec_module(module)
    return module


audit = load_audit()


def fake_run(outputs: dict[str, tuple[int, str, str]]) -> Any:
    """A stand-in for audit.run: answers by the command's program name (npm / uv / pip-audit)."""

    def run(command: list[str]) -> subprocess.CompletedProcess[str]:
        program = Path(command[0]).name
        code, stdout, stderr = outputs[program]
        return subprocess.CompletedProcess(command, code, stdout, stderr)

    return run


UV_EXPORT = (0, "anyio==4.16.0\nstarlette==1.10.0\n", "")
NPM_CLEAN = (
    0,
    json.dumps({"metadata": {"vulnerabilities": {"high": 0, "total": 0}, "dependencies": {"total": 312}}}),
    "",
)
NPM_VULNERABLE = (
    1,
    json.dumps(
        {
            "vulnerabilities": {"semver": {}, "tar": {}},
            "metadata": {
                "vulnerabilities": {"moderate": 1, "high": 1, "total": 2},
                "dependencies": {"total": 312},
            },
        }
    ),
    "",
)
NPM_BLOCKED = (
    1,
    "{}",
    "npm warn audit 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/...\n",
)
PIP_CLEAN = (0, json.dumps({"dependencies": [{"name": "anyio", "version": "4.16.0", "vulns": []}]}), "")
PIP_VULNERABLE = (
    1,
    json.dumps(
        {
            "dependencies": [
                {"name": "anyio", "version": "4.16.0", "vulns": []},
                {
                    "name": "starlette",
                    "version": "1.10.0",
                    "vulns": [{"id": "PYSEC-0000-1", "fix_versions": []}],
                },
            ]
        }
    ),
    "",
)
PIP_BLOCKED = (
    0,
    json.dumps(
        {
            "dependencies": [
                {
                    "name": "anyio",
                    "skip_reason": "Dependency not found on PyPI and could not be audited: anyio",
                },
                {"name": "starlette", "skip_reason": "Dependency not found on PyPI and could not be audited"},
            ]
        }
    ),
    "",
)


@pytest.mark.parametrize(
    ("npm", "pip", "status", "result"),
    [
        (NPM_CLEAN, PIP_CLEAN, 0, "clean"),
        (NPM_VULNERABLE, PIP_CLEAN, 1, "vulnerable"),
        (NPM_CLEAN, PIP_VULNERABLE, 1, "vulnerable"),
        (NPM_BLOCKED, PIP_BLOCKED, 2, "incomplete"),
        (NPM_BLOCKED, PIP_VULNERABLE, 1, "vulnerable"),
    ],
    ids=["clean", "npm vulnerable", "python vulnerable", "unreachable", "partly unreachable, vulnerable"],
)
def test_verdicts_and_exit_status(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    npm: tuple[int, str, str],
    pip: tuple[int, str, str],
    status: int,
    result: str,
) -> None:
    monkeypatch.setattr(audit, "run", fake_run({"npm": npm, "uv": UV_EXPORT, "pip-audit": pip}))
    assert audit.main() == status
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"audit: result: {result}", lines
    assert len(lines) == 3, lines


def test_details_name_what_was_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        audit, "run", fake_run({"npm": NPM_VULNERABLE, "uv": UV_EXPORT, "pip-audit": PIP_VULNERABLE})
    )
    npm, pip = audit.npm_audit(), audit.pip_audit()
    assert npm.state == "vulnerable"
    assert "2 vulnerabilities" in npm.detail
    assert "semver" in npm.detail
    assert "tar" in npm.detail
    assert pip.state == "vulnerable"
    assert "starlette 1.10.0: PYSEC-0000-1" in pip.detail


def test_blocked_services_say_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        audit, "run", fake_run({"npm": NPM_BLOCKED, "uv": UV_EXPORT, "pip-audit": PIP_BLOCKED})
    )
    npm, pip = audit.npm_audit(), audit.pip_audit()
    assert (npm.state, pip.state) == ("unchecked", "unchecked")
    assert "405 Method Not Allowed" in npm.detail
    assert "2 of 2 packages could not be audited" in pip.detail
