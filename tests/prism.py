"""Prism (node_modules/.bin/prism) serving openapi.yaml's examples, for tests.

``running_prism()`` starts ``prism mock openapi.yaml`` on a free port of 127.0.0.1, waits until it answers
HTTP and yields its base URL; on exit it stops Prism (its whole process group). If Prism exits or does not
answer in time, the test fails with Prism's own output.

The session fixture ``prism_url`` (re-exported by tests/conftest.py) shares one Prism per test session.
Prism serves the paths without the servers' base path: ``{prism_url}/users``, not ``/v1/users``. It chooses a
named example with ``Prefer: example=<name>`` and a status with ``Prefer: code=<status>``; it accepts any
value of the ``Auth-Api-Token`` header.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PRISM = REPO_ROOT / "node_modules" / ".bin" / "prism"
SPEC = REPO_ROOT / "openapi.yaml"
# Generous: a cold start of Node on a busy 2-core machine. Only a guard against hanging, not a measurement.
START_TIMEOUT_S = 90.0


def free_port() -> int:
    """A TCP port of 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop Prism and the processes it forked (its own process group, started by us)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    else:
        # Prism's forked server may outlive the CLI process.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=2.0)
    except httpx.TransportError:
        return False
    return True


@contextlib.contextmanager
def running_prism(spec: Path = SPEC, *extra_args: str) -> Iterator[str]:
    """Run ``prism mock <spec>`` on a free port; yields the base URL (no /v1)."""
    if not PRISM.exists():
        pytest.fail(f"{PRISM} is missing: run `make setup` (npm ci)")
    port = free_port()
    command = [str(PRISM), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "-v", "warn", *extra_args]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base_url = f"http://127.0.0.1:{port}"

        def output() -> str:
            log.seek(0)
            return log.read().decode("utf-8", "replace")

        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _answers(base_url):
                if process.poll() is not None:
                    pytest.fail(f"Prism exited with {process.returncode}:\n{output()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"Prism did not answer on {base_url} within {START_TIMEOUT_S} s:\n{output()}")
                time.sleep(0.2)
            yield base_url
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """Base URL of one Prism mock of openapi.yaml for the whole session (paths without /v1)."""
    with running_prism() as url:
        yield url
