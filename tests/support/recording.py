"""Processes for the recording tests: the recording proxy and the odd upstream, on free ports.

- ``run_record(*args)``: ``python -m mock_server record --port P *args`` as a child process; yields
  a ``Recorder`` once the proxy answers its own ``/_recording/status``. ``Recorder.stop()`` sends
  SIGINT (Ctrl-C, as a user ends a recording) and returns the exit status and the output (the
  audit is on stdout).
- ``run_odd_upstream()``: tests/support/odd_upstream.py as a child process; yields its root URL.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import httpx
import pytest

from tests.support.servers import OUTPUT_SHOWN, PROCESS_START_TIMEOUT_S, STOP_TIMEOUT_S, free_port
from tests.support.spec_tools import REPO_ROOT

ODD_UPSTREAM = REPO_ROOT / "tests" / "support" / "odd_upstream.py"


@dataclass
class Recorder:
    url: str  # the proxy's root, http://127.0.0.1:PORT
    proc: subprocess.Popen[bytes]
    out: IO[bytes]
    err: IO[bytes]

    def stdout(self) -> str:
        self.out.seek(0)
        return self.out.read().decode("utf-8", "replace")

    def stderr(self) -> str:
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def stop(self) -> int:
        """Ctrl-C; the exit status once the proxy has printed its audit."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=STOP_TIMEOUT_S)
        return self.proc.returncode


@contextlib.contextmanager
def run_record(*args: str) -> Iterator[Recorder]:
    port = free_port()
    command = [sys.executable, "-m", "mock_server", "record", "--port", str(port), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            command, cwd=REPO_ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=out, stderr=err
        )
        recorder = Recorder(f"http://127.0.0.1:{port}", proc, out, err)
        try:
            deadline = time.monotonic() + PROCESS_START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"{' '.join(command)} exited with {proc.returncode}:\n{recorder.stderr()}")
                try:
                    httpx.get(f"{recorder.url}/_recording/status", timeout=2.0)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"the proxy did not answer:\n{recorder.stderr()[-OUTPUT_SHOWN:]}")
                    time.sleep(0.05)
            yield recorder
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


@contextlib.contextmanager
def run_odd_upstream() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ODD_UPSTREAM), str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == b"ready", line
        yield f"http://127.0.0.1:{port}", proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
