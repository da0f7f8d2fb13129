"""The mock started the way users start it: ``python -m mock_server --host 127.0.0.1 --port N ...``.

``running_mock(*flags)`` starts it on a free port of 127.0.0.1, waits until ``/v1/openapi.json`` answers and
yields the server root (``http://127.0.0.1:N``; the API is under ``/v1``). On exit it stops the process
(SIGTERM, then SIGKILL). If the process exits or does not answer in time, the test fails with its output.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prism import free_port

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 60.0  # a guard against hanging on a busy machine, not a measurement


@contextlib.contextmanager
def running_mock(*flags: str) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", str(port), *flags]
    url = f"http://127.0.0.1:{port}"
    # The log goes to a file, not to a pipe nobody reads (a full pipe would stall the server).
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=log, stderr=log
        )

        def output() -> str:
            log.seek(0)
            return log.read().decode("utf-8", "replace")[-4000:]

        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if process.poll() is not None:
                    pytest.fail(f"{' '.join(command)} exited with {process.returncode}:\n{output()}")
                try:
                    httpx.get(f"{url}/v1/openapi.json", timeout=2.0)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        pytest.fail(
                            f"the mock did not answer on {url} within {START_TIMEOUT_S} s:\n{output()}"
                        )
                    time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
