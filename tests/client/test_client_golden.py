"""Golden record: generated_client/ is exactly what `make client` makes from openapi.yaml today.

The generator runs into a temporary folder and every file is compared with the committed tree, so the spec,
the generator configuration/templates and the client cannot drift apart. On failure: run `make client` and
commit the result together with the spec change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.spec_tools import REPO_ROOT, report_types

COMMITTED = REPO_ROOT / "generated_client"
GENERATOR = REPO_ROOT / "scripts" / "generate_client.py"
# Local state that tools may leave next to the committed tree; never part of it.
IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def _files(root: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not IGNORED_PARTS.intersection(relative.parts) and path.suffix != ".pyc":
            found[relative.as_posix()] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    output = tmp_path_factory.mktemp("client") / "generated_client"
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--output", str(output)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"generation failed:\n{result.stdout}\n{result.stderr}"
    return _files(output)


@pytest.fixture(scope="module")
def committed() -> dict[str, bytes]:
    return _files(COMMITTED)


def test_same_files(regenerated: dict[str, bytes], committed: dict[str, bytes]) -> None:
    missing = sorted(set(regenerated) - set(committed))
    extra = sorted(set(committed) - set(regenerated))
    assert not missing, f"generated but not committed (run `make client`): {missing}"
    assert not extra, f"committed but no longer generated (run `make client`): {extra}"


def test_same_bytes(regenerated: dict[str, bytes], committed: dict[str, bytes]) -> None:
    differing = sorted(
        name for name in regenerated.keys() & committed.keys() if regenerated[name] != committed[name]
    )
    assert not differing, (
        f"generated_client/ differs from the generator's output (run `make client`): {differing}"
    )


def test_generated_package_passes_mypy_strict() -> None:
    """The generated code itself, typed layer included, is mypy --strict clean (users' code importing it is
    checked by `make lint` through tests/client/test_client_types.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, "lexer_activity_client"],
        cwd=COMMITTED,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_layer_has_one_overload_per_report_type(committed: dict[str, bytes]) -> None:
    """The typed report layer is in the golden record, with a sync and an async overload per report type."""
    reports = committed["lexer_activity_client/reports.py"].decode()
    assert "Generated from the OpenAPI document by scripts/generate_client.py" in reports
    count = len(report_types())
    assert reports.count("@overload\ndef run_report(") == count
    assert reports.count("@overload\nasync def run_report_async(") == count
