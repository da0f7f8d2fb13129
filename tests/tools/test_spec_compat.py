"""The spec keeps its last release's promises (scripts/spec_compat.py, oasdiff), and the kit has one version.

The real comparison runs on openapi.yaml; a deliberately breaking edit of a copy proves that the check
fails without a major version step and passes with one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from mock_server.version import spec_version
from tests.support.spec_tools import REPO_ROOT, SPEC_PATH

SCRIPT = REPO_ROOT / "scripts" / "spec_compat.py"


def spec_compat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600, check=False
    )


def shown(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def newest_release() -> Path:
    releases = sorted((REPO_ROOT / "releases").glob("openapi-*.yaml"), key=lambda p: spec_version(p))
    return releases[-1]


def edited_copy(tmp_path: Path, version: str) -> Path:
    """openapi.yaml with GET /users taken away and info.version set: a breaking change."""
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    del spec["paths"]["/users"]
    spec["info"]["version"] = version
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def test_openapi_yaml_keeps_the_last_releases_promises() -> None:
    result = spec_compat()
    assert result.returncode == 0, shown(result)
    assert "spec-compat: compatible" in result.stdout, shown(result)


def test_a_breaking_edit_fails_without_a_major_version_step(tmp_path: Path) -> None:
    released = spec_version(newest_release())
    result = spec_compat("--spec", str(edited_copy(tmp_path, released)))
    assert result.returncode == 1, shown(result)
    assert "api-path-removed" in result.stdout, shown(result)
    assert "GET /users" in result.stdout, shown(result)
    assert "BREAKING without a major version step" in result.stdout, shown(result)


def test_a_breaking_edit_passes_with_a_major_version_step(tmp_path: Path) -> None:
    # The edited copy keeps openapi.yaml's version (the changelog names it); the base is a copy of
    # openapi.yaml one major version older, so the edit is a major step from it.
    major = int(spec_version(SPEC_PATH).split(".")[0])
    base = tmp_path / "base"
    base.mkdir()
    older = base / "openapi.yaml"
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    spec["info"]["version"] = f"{major - 1}.9.0" if major > 0 else "0.0.1"
    older.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    newer = edited_copy(tmp_path, spec_version(SPEC_PATH))
    result = spec_compat("--spec", str(newer), "--base", str(older))
    assert result.returncode == 0, shown(result)
    assert "api-path-removed" in result.stdout, shown(result)  # reported, and allowed by the major step
    assert "spec-compat: compatible" in result.stdout, shown(result)


def test_a_version_going_backwards_fails(tmp_path: Path) -> None:
    result = spec_compat("--spec", str(edited_copy(tmp_path, "0.0.1")), "--base", str(SPEC_PATH))
    assert result.returncode == 1, shown(result)
    assert "older than the last release" in result.stdout, shown(result)


def test_every_part_of_the_kit_carries_the_one_version() -> None:
    version = spec_version(SPEC_PATH)
    mock = subprocess.run(
        [sys.executable, "-m", "mock_server", "--version"], capture_output=True, text=True, check=True
    )
    assert mock.stdout.strip() == f"lexer-mock {version}"
    client = (REPO_ROOT / "generated_client" / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^version = "{re.escape(version)}"$', client, flags=re.MULTILINE), client[:300]
    package = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == version
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version)} ", changelog, flags=re.MULTILINE), changelog[:500]


def test_each_release_is_kept_under_its_version() -> None:
    releases = list((REPO_ROOT / "releases").glob("*.yaml"))
    assert releases
    for path in releases:
        assert path.name == f"openapi-{spec_version(path)}.yaml"
