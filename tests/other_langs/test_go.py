"""The kit's Go client (build/clients/go) used as a module by a program, against the mock.

tests/other_langs/go/ is a module that requires the client through a `replace` (as a user vendoring
it would); `go vet` and `go build` check it (its variable declarations check that each report method
answers its report's type), and the binary runs against the mock over HTTP.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.other_langs.program_checks import check, check_tolerant, reset
from tests.support.mock_helpers import OTHER_TOKEN, TOKEN
from tests.support.servers import Cli
from tests.support.spec_tools import REPO_ROOT, load_spec, report_types

PROGRAM = REPO_ROOT / "tests" / "other_langs" / "go"
OUT = REPO_ROOT / "build" / "other_langs" / "go"
# The programs build from their committed go.mod/go.sum as they are (never rewritten by a test).
GO_ENV = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly"}
RUN_TIMEOUT_S = 120


def go(*args: str, cwd: Path = PROGRAM) -> None:
    proc = subprocess.run(
        ["go", *args], cwd=cwd, env=GO_ENV, capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def program(built_clients: Path) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    go("vet", ".")
    go("build", "-o", str(OUT / "lexer-go-check"), ".")
    return OUT / "lexer-go-check"


def test_module_carries_the_kit_version(built_clients: Path) -> None:
    client = built_clients / "go"
    version = load_spec()["info"]["version"]
    assert f"Lexer Activity API client {version} " in (client / "go.mod").read_text(encoding="utf-8")
    assert f'const Version = "{version}"' in (client / "lexer.go").read_text(encoding="utf-8")


def test_every_report_type_has_its_method(built_clients: Path) -> None:
    layer = (built_clients / "go" / "lexer.go").read_text(encoding="utf-8")
    for report_type in report_types():
        pascal = "".join(word.capitalize() for word in report_type.split("_"))
        assert f"func (c *Client) {pascal}(ctx context.Context, request " in layer, report_type
        assert f'request.Type = "{report_type}"' in layer


def test_no_bare_float32(built_clients: Path) -> None:
    """JSON numbers are doubles: no model field of the client is a float32."""
    offenders = [
        path.name
        for path in (built_clients / "go").glob("model_*.go")
        if "float32" in path.read_text("utf-8")
    ]
    assert not offenders


def test_program_against_the_mock(program: Path, lang_mock: Cli) -> None:
    reset(lang_mock.url)
    proc = subprocess.run(
        [str(program), lang_mock.url, TOKEN, OTHER_TOKEN],
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
        [str(program), extra_fields, TOKEN, OTHER_TOKEN],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check_tolerant(proc.stdout)
