"""Fixtures of the other-language tests.

- ``built_clients``: build/clients/, generated and built once per session exactly as `make clients`
  does (scripts/generate_clients.py for every language of scripts/clients/).
- ``extra_fields``: tests/other_langs/extra_fields_proxy.py as a real process in front of
  ``lang_mock``: every JSON object of every answer grows a field the spec does not list.
- ``lang_mock``: the mock as a real process on a free port for a language's program, with a second
  token (OTHER_TOKEN) whose limit the program uses up for a real 429: `--rate-limit 60/2` (the 429's
  Retry-After is then 1-2 s, the program's own calls stay under 60 in any 2 s) and exports complete
  0.2 s after they start (so the programs meet `pending` and poll).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mock_helpers import OTHER_TOKEN
from tests.support.servers import Cli, free_port, run_cli
from tests.support.spec_tools import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "generate_clients.py"
PROXY = Path(__file__).resolve().parent / "extra_fields_proxy.py"
PROXY_START_TIMEOUT_S = 30.0
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
    port = free_port()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, str(PROXY), lang_mock.url, str(port)], cwd=REPO_ROOT, stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + PROXY_START_TIMEOUT_S
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        pytest.fail(f"the proxy did not start: {log.read().decode(errors='replace')}")
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)
