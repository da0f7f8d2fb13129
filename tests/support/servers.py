"""Servers over real HTTP for tests, started in one place.

- ``free_port()``: a TCP port of 127.0.0.1 that was free a moment ago.
- ``busy_port()``: a port of 127.0.0.1 that another socket listens on, for the "address in use" errors.
- ``serve_in_thread(app)``: an ASGI app served by uvicorn in a thread of the test process with the
  same set-up as ``python -m mock_server`` (``mock_server.server.config``), on 127.0.0.1 and a free
  port; yields the server root (``http://127.0.0.1:PORT``) and stops the server afterwards.
- ``run_cli(*args)``: ``python -m mock_server --port P *args`` as a child process on a free port,
  for what only a real process shows (the command line, binding, signals, exit status); yields a
  ``Cli`` once ``/v1/openapi.json`` answers. If the process exits or does not answer in time, the
  test fails with the command and the process output. The process is stopped afterwards (SIGTERM,
  then SIGKILL) unless the test has ended it already.
- ``cli_result(*args)``: ``python -m mock_server *args`` run to its end (``--help``, a busy port).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import httpx
import pytest
import uvicorn

from mock_server.http_limits import HttpLimits
from mock_server.server import config
from tests.support.spec_tools import REPO_ROOT

# Guards against hanging on a busy 2-core machine, not measurements.
THREAD_START_TIMEOUT_S = 30.0  # uvicorn in a thread; the app is built before
PROCESS_START_TIMEOUT_S = 60.0  # a fresh interpreter importing and building the mock
STOP_TIMEOUT_S = 30.0  # beyond the mock's own grace for requests in flight (mock_server.server.GRACE_S)
CLI_TIMEOUT_S = 60.0  # a command that ends by itself
OUTPUT_SHOWN = 4000  # characters of process output in a failure message (its end)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def busy_port() -> Iterator[int]:
    """A port of 127.0.0.1 that another socket listens on while the block runs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port: int = busy.getsockname()[1]
        yield port


@contextlib.contextmanager
def serve_in_thread(app: object, limits: HttpLimits | None = None) -> Iterator[str]:
    """Yields the server root URL (``http://127.0.0.1:PORT``); stops the server afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # The CLI's own uvicorn settings (parser errors in the Error shape, upgrades answered as HTTP).
    server = uvicorn.Server(config(app, log_level="warning", limits=limits))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + THREAD_START_TIMEOUT_S
    try:
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server thread did not start within {THREAD_START_TIMEOUT_S:.0f} s")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STOP_TIMEOUT_S)
        sock.close()


@dataclass
class Cli:
    url: str  # the server root, http://127.0.0.1:PORT (the API is under /v1)
    proc: subprocess.Popen[bytes]
    log: IO[bytes]  # its stdout and stderr

    def output(self) -> str:
        """Everything the process has printed so far."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")


def _wait_until_serving(cli: Cli, command: list[str]) -> None:
    deadline = time.monotonic() + PROCESS_START_TIMEOUT_S
    while True:
        if cli.proc.poll() is not None:
            pytest.fail(
                f"{' '.join(command)} exited with {cli.proc.returncode}:\n{cli.output()[-OUTPUT_SHOWN:]}"
            )
        try:
            httpx.get(f"{cli.url}/v1/openapi.json", timeout=2.0)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the mock did not answer on {cli.url} within {PROCESS_START_TIMEOUT_S:.0f} s:\n"
                    f"{cli.output()[-OUTPUT_SHOWN:]}"
                )
            time.sleep(0.05)


@contextlib.contextmanager
def run_cli(*args: str) -> Iterator[Cli]:
    """``python -m mock_server --port P *args`` on a free port, once it serves."""
    port = free_port()
    command = [sys.executable, "-m", "mock_server", "--port", str(port), *args]
    # The output goes to a file, not to a pipe nobody reads (a full pipe would stall the server).
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        cli = Cli(f"http://127.0.0.1:{port}", proc, log)
        try:
            _wait_until_serving(cli, command)
            yield cli
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


def cli_result(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m mock_server *args`` run to its end; its exit status, stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "mock_server", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_S,
        check=False,
    )
