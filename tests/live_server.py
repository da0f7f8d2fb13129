"""Mocks over real HTTP for the robustness tests.

- ``serve_in_thread(app)``: an app served in a thread of the test process with the same uvicorn
  set-up as ``python -m mock_server`` (mock_server/server.py), on 127.0.0.1 and a free port.
- ``run_cli(*args)``: ``python -m mock_server`` as a child process on a free port, for what only a
  real process shows (binding, signals, exit status).
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
from pathlib import Path
from typing import IO

import httpx
import uvicorn

from mock_server.server import config

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serve_in_thread(app: object) -> Iterator[str]:
    """Yields the server root URL (``http://127.0.0.1:PORT``); stops the server afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="live-mock", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock server thread did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def wait_until_serving(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the mock exited with status {proc.returncode} before serving {url}")
        try:
            httpx.get(f"{url}/v1/openapi.json", timeout=2)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing answered {url} within {START_TIMEOUT_S:.0f} s") from None
            time.sleep(0.05)


@dataclass
class Cli:
    url: str  # the server root, http://127.0.0.1:PORT
    proc: subprocess.Popen[bytes]
    log: IO[bytes]  # its stderr

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


@contextlib.contextmanager
def run_cli(*args: str) -> Iterator[Cli]:
    """``python -m mock_server --port P *args`` on a free port, once it serves. The process is
    stopped (SIGTERM, then SIGKILL) afterwards unless the test has ended it already."""
    port = free_port()
    cmd = [sys.executable, "-m", "mock_server", "--port", str(port), *args]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        cli = Cli(f"http://127.0.0.1:{port}", proc, log)
        try:
            wait_until_serving(cli.url, proc)
            yield cli
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
