"""Prism (node_modules/.bin/prism) serving openapi.yaml's examples, for tests.

``running_prism()`` starts ``prism mock openapi.yaml`` on a free port of 127.0.0.1, waits until it answers
HTTP and yields its base URL; on exit it stops Prism (its whole process group). If Prism exits or does not
answer in time, the test fails with Prism's own output.

``running_prism_front()`` runs what ``make prism`` runs (scripts/prism_front.py): Prism serving the Prism
edition of the spec (build/openapi.prism.yaml) behind a front that picks each report type's own example. The
session fixture ``prism_url`` (re-exported by tests/conftest.py) shares one per test session; it serves the
documents' paths, ``{prism_url}/v1/users`` and ``{prism_url}/api/public/v1/activity/reports/status``.
Prism chooses a named example with ``Prefer: example=<name>`` and a status with ``Prefer: code=<status>``
(the front adds ``example=<type>`` to a report request that names none); it accepts any value of the
``Auth-Api-Token`` header. Plain ``running_prism(spec)`` serves a spec's paths without their base path.

``running_prism_proxy(upstream)`` runs ``prism proxy`` in front of a server instead: a validating proxy whose
log tells every violation of the spec it saw.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.servers import free_port
from tests.support.spec_tools import REPO_ROOT, SPEC_PATH

PRISM = REPO_ROOT / "node_modules" / ".bin" / "prism"
PRISM_FRONT = REPO_ROOT / "scripts" / "prism_front.py"
EDITION = REPO_ROOT / "build" / "openapi.prism.yaml"
# Generous: a cold start of Node on a busy 2-core machine. Only a guard against hanging, not a measurement.
START_TIMEOUT_S = 90.0


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


class PrismProcess:
    """A running Prism: its base URL and what it has logged so far (stdout and stderr, in a file)."""

    def __init__(self, url: str, log_path: Path) -> None:
        self.url = url
        self.log_path = log_path
        self.ready_at = 0  # where the log ended once Prism was up
        self._markers = 0

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _flush(self) -> None:
        """Prism logs a request after it has answered it. It handles requests one at a time, so once the
        line of a marker request (a path outside the spec, answered 404) is in the log, the lines of every
        request answered before it are too."""
        self._markers += 1
        path = f"{_MARKER}{self._markers}"
        httpx.get(f"{self.url}{path}", timeout=30.0)
        deadline = time.monotonic() + START_TIMEOUT_S
        while f"{path} " not in self.output():
            if time.monotonic() > deadline:
                pytest.fail(f"Prism did not log {path} within {START_TIMEOUT_S} s:\n{self.output()}")
            time.sleep(0.02)

    def mark(self) -> int:
        """Where the log ends now, everything answered so far included: pass it to ``problems``."""
        self._flush()
        return len(self.output())

    def problems(self, since: int | None = None) -> list[str]:
        """Log lines at warning level or worse, or naming a violation, of the requests answered after
        ``since`` (default: since start-up). Prism logs every request it refuses, every spec violation of
        a request or an upstream answer, and every error response it makes up itself (``--errors``)."""
        self._flush()
        lines = self.output()[self.ready_at if since is None else since :].splitlines()
        return [line for line in lines if _PROBLEM.search(line) and _MARKER not in line]


# Prism logs one line per event: "[time] [SOURCE] ... <glyph>  <level>  <message>".
_PROBLEM = re.compile(r"\s(?:warning|error|fatal)\s{2,}|Violation:")
_MARKER = "/__log_marker_"


@contextlib.contextmanager
def _running(arguments: list[str]) -> Iterator[PrismProcess]:
    """Run ``prism <arguments>`` on a free port of 127.0.0.1 until it answers HTTP; stop it on exit."""
    if not PRISM.exists():
        pytest.fail(f"{PRISM} is missing: run `make setup` (npm ci)")
    port = free_port()
    command = [str(PRISM), *arguments, "-h", "127.0.0.1", "-p", str(port)]
    with tempfile.TemporaryDirectory(prefix="prism-") as folder:
        log_path = Path(folder) / "prism.log"
        # Prism appends to its own handle of the file; the tests read it through another one.
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        prism = PrismProcess(f"http://127.0.0.1:{port}", log_path)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _answers(prism.url):
                if process.poll() is not None:
                    pytest.fail(f"Prism exited with {process.returncode}:\n{prism.output()}")
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Prism did not answer on {prism.url} within {START_TIMEOUT_S} s:\n{prism.output()}"
                    )
                time.sleep(0.2)
            prism.ready_at = prism.mark()  # the start-up probe's 404 is not a problem of the tests
            yield prism
        finally:
            _stop(process)


@contextlib.contextmanager
def running_prism(spec: Path = SPEC_PATH, *extra_args: str) -> Iterator[str]:
    """Run ``prism mock <spec>`` on a free port; yields the base URL (no /v1)."""
    with _running(["mock", str(spec), "-v", "warn", *extra_args]) as prism:
        yield prism.url


@contextlib.contextmanager
def running_prism_proxy(upstream: str, spec: Path = SPEC_PATH, *extra_args: str) -> Iterator[PrismProcess]:
    """Run ``prism proxy <spec> <upstream> --errors`` on a free port: a validating proxy. ``upstream`` is the
    API's base URL (``http://127.0.0.1:PORT/v1``); clients call the proxy's URL without the base path
    (``{proxy.url}/users``). Prism checks every request and every upstream answer against the spec: a
    request that breaks it is refused (422, or 401 without the token) and never forwarded, an answer that
    breaks it becomes a 500 ``VIOLATIONS`` problem; either way the ``sl-violations`` header lists the
    violations and the log has a line for each (``PrismProcess.problems``)."""
    with _running(["proxy", str(spec), upstream, "--errors", *extra_args]) as prism:
        yield prism


@contextlib.contextmanager
def running_prism_front() -> Iterator[PrismProcess]:
    """``make prism``'s stack (scripts/prism_front.py) on a free port of 127.0.0.1 until it answers HTTP; on
    exit SIGTERM stops the front, which stops its Prism."""
    port = free_port()
    command = [sys.executable, str(PRISM_FRONT), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--edition", str(EDITION)]
    with tempfile.TemporaryDirectory(prefix="prism-front-") as folder:
        log_path = Path(folder) / "front.log"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        front = PrismProcess(f"http://127.0.0.1:{port}", log_path)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _answers(front.url):
                if process.poll() is not None:
                    pytest.fail(f"prism_front exited with {process.returncode}:\n{front.output()}")
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"prism_front did not answer on {front.url} in {START_TIMEOUT_S} s:\n{front.output()}"
                    )
                time.sleep(0.2)
            yield front
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """Root URL of one ``make prism`` stack for the whole session (the documents' paths: ``/v1/users``)."""
    with running_prism_front() as front:
        yield front.url
