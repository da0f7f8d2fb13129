"""Fixtures of the other-language tests.

- ``built_clients``: build/clients/, generated and built once per session exactly as `make clients`
  does (scripts/generate_clients.py for every language of scripts/clients/).
- ``extra_fields``: tests/other_langs/proxy.py --add-fields as a real process in front of
  ``lang_mock``: every JSON object of every answer grows a field the spec does not list.
- ``lang_mock``: the mock as a real process on a free port for a language's program, with a second
  token (OTHER_TOKEN) whose limit the program uses up for a real 429: `--rate-limit 60/2` (the 429's
  Retry-After is then 1-2 s, the program's own calls stay under 60 in any 2 s) and exports complete
  0.2 s after they start (so the programs meet `pending` and poll).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.other_langs import proxy
from tests.support.mock_helpers import OTHER_TOKEN
from tests.support.servers import Cli, free_port, run_cli
from tests.support.spec_tools import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "generate_clients.py"
CLIENTS = REPO_ROOT / "build" / "clients"
BUILD_TIMEOUT_S = 900  # a first build downloads each toolchain's dependencies
MOCK_ARGS = (
    "--token",
    OTHER_TOKEN,
    "--rate-limit",
    "60/2",
    "--export-delay",
    "0.2",
    "--log-level",
    "warning",
)


@pytest.fixture(scope="session")
def built_clients() -> Path:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return CLIENTS


@pytest.fixture(scope="module")
def lang_mock() -> Iterator[Cli]:
    with run_cli(*MOCK_ARGS) as cli:
        yield cli


@pytest.fixture(scope="module")
def extra_fields(lang_mock: Cli) -> Iterator[str]:
    """The proxy's root URL."""
    with proxy.running(lang_mock.url, free_port(), "--add-fields") as url:
        yield url
