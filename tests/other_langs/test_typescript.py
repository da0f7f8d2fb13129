"""The kit's TypeScript client (build/clients/typescript) used as a package by a program, against the mock.

tests/other_langs/typescript/main.ts imports `lexer-activity-client` (the built package, linked into the
program's node_modules as an install would), is compiled by tsc in strict mode (its type annotations
check that each report's answer type follows from the request's `type`, and a `@ts-expect-error` line
that a wrong one does not compile), and runs with node against the mock over HTTP.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.other_langs.program_checks import check, check_tolerant, reset
from tests.support.mock_helpers import OTHER_TOKEN, TOKEN
from tests.support.servers import Cli
from tests.support.spec_tools import REPO_ROOT, report_types

PROGRAM = REPO_ROOT / "tests" / "other_langs" / "typescript"
OUT = REPO_ROOT / "build" / "other_langs" / "typescript"
TSC = REPO_ROOT / "node_modules" / ".bin" / "tsc"
RUN_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def program(built_clients: Path) -> Path:
    client = built_clients / "typescript"
    package = json.loads((client / "package.json").read_text(encoding="utf-8"))
    assert package["name"] == "lexer-activity-client"
    modules = OUT / "node_modules"
    modules.mkdir(parents=True, exist_ok=True)
    link = modules / package["name"]
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(client, modules), target_is_directory=True)
    proc = subprocess.run(
        [str(TSC), "-p", str(PROGRAM)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return OUT / "main.js"


def test_package_carries_the_kit_version_and_a_lock(built_clients: Path) -> None:
    from tests.support.spec_tools import load_spec

    client = built_clients / "typescript"
    version = load_spec()["info"]["version"]
    assert json.loads((client / "package.json").read_text(encoding="utf-8"))["version"] == version
    lock = json.loads((client / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["version"] == version
    assert (client / "dist" / "index.d.ts").is_file()
    layer = (client / "src" / "lexer.ts").read_text(encoding="utf-8")
    assert f'export const VERSION = "{version}";' in layer


def test_every_report_type_has_its_answer_type(built_clients: Path) -> None:
    layer = (built_clients / "typescript" / "dist" / "lexer.d.ts").read_text(encoding="utf-8")
    for report_type in report_types():
        assert f"    {report_type}: " in layer, report_type


def test_program_against_the_mock(program: Path, lang_mock: Cli) -> None:
    reset(lang_mock.url)
    proc = subprocess.run(
        ["node", str(program), lang_mock.url, TOKEN, OTHER_TOKEN],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr + lang_mock.output()[-2000:]
    check(proc.stdout, lang_mock.url)


def test_program_tolerates_fields_the_spec_does_not_list(
    program: Path, extra_fields: str, lang_mock: Cli
) -> None:
    """The same program through a proxy that adds a field to every answer object."""
    reset(lang_mock.url)
    proc = subprocess.run(
        ["node", str(program), extra_fields, TOKEN, OTHER_TOKEN],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check_tolerant(proc.stdout)
