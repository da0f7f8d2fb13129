"""Import hygiene: the mock and its pytest plugin import cleanly with warnings as errors.

Each check runs in a fresh interpreter (``-W error``), as a user's suite would start. The last test
holds mock_server/quiet_imports.py to its reason: Connexion, imported plainly, still raises the
three warnings it silences; when an upgrade stops one, that test fails and the silencing goes.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.support.spec_tools import REPO_ROOT

PACKAGE = REPO_ROOT / "mock_server"
GUARD = "mock_server.quiet_imports"
TIMEOUT_S = 120.0


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )


def imported_modules(tree: ast.Module) -> list[str]:
    """The modules a module imports at its top level, in order."""
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def test_every_module_that_imports_connexion_imports_the_guard_first() -> None:
    checked = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem == "quiet_imports":
            continue
        modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        framework = [i for i, name in enumerate(modules) if name.split(".")[0] == "connexion"]
        if not framework:
            continue
        checked.append(path.name)
        assert GUARD in modules, f"{path.name} imports Connexion without {GUARD}"
        assert modules.index(GUARD) < framework[0], f"{path.name} imports Connexion before {GUARD}"
    assert {"app.py", "errors.py", "auth.py", "report_requests.py"} <= set(checked)


@pytest.mark.parametrize(
    "statement",
    [
        "import mock_server.app",
        "import mock_server.pytest_plugin",
        "import mock_server.errors",
        "from mock_server.testing import MockServer; MockServer(mode='in-process').start().stop()",
    ],
)
def test_imports_raise_nothing_under_warnings_as_errors(statement: str) -> None:
    result = run_python("-W", "error", "-c", statement)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == ""


def test_the_plugin_imports_nothing_of_the_mock_until_asked() -> None:
    code = (
        "import sys, mock_server.pytest_plugin as p; "
        "print(sorted(m for m in sys.modules if m.startswith(('connexion', 'mock_server.app', 'httpx'))))"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_connexion_still_warns_on_import_without_the_guard() -> None:
    code = (
        "import warnings; warnings.simplefilter('always'); "
        "import connexion"  # the warnings go to stderr
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    from mock_server.quiet_imports import SILENCED

    for category, message in SILENCED:
        assert f"{category.__name__}: {message}" in result.stderr, (
            f"Connexion no longer raises {category.__name__} {message!r} on import: "
            f"remove it from mock_server/quiet_imports.py\n{result.stderr[-2000:]}"
        )


def test_the_guard_changes_no_warning_filter_of_the_users() -> None:
    code = (
        "import warnings; before = list(warnings.filters); import mock_server.app; "
        "print(warnings.filters == before)"
    )
    result = run_python("-c", code)
    assert result.stdout.strip() == "True", result.stderr
