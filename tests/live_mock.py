"""A Connexion mock over real HTTP for the other-language client and browser tests.

`base_url(request)` answers the `mock_url` session fixture of tests/conftest.py when there is one;
otherwise it starts `python -m mock_server` on a free port for the rest of the session (exports ready at
once, no rate limit) and stops it at the end.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "12345678-1234-1234-1234-123456789"
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until `url` answers HTTP at all (any status), failing early if `proc` exits."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the mock exited with code {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered: that is all we wait for
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing answered {url} within {START_TIMEOUT_S:.0f} s") from None
            time.sleep(0.1)


@contextlib.contextmanager
def running_mock(*extra_args: str) -> Iterator[str]:
    """Start the mock on a free port; yield its base URL (no /v1)."""
    port = free_port()
    cmd = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", str(port), *extra_args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    url = f"http://127.0.0.1:{port}"
    # Its log goes to a file, not a pipe nobody reads (a full pipe would stall the server).
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_until_up(f"{url}/v1/openapi.json", proc)
            except RuntimeError as error:
                proc.kill()
                proc.wait(timeout=10)
                log.seek(0)
                raise RuntimeError(f"{error}\n{log.read().decode(errors='replace')[-3000:]}") from None
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


_URL_KEY = pytest.StashKey[str]()


def base_url(request: pytest.FixtureRequest) -> str:
    """The shared mock's base URL (conftest's `mock_url` fixture), else one started here once per session."""
    try:
        shared = request.getfixturevalue("mock_url")
    except pytest.FixtureLookupError:
        shared = None
    if shared is not None:
        return str(shared).rstrip("/").removesuffix("/v1")
    config = request.config
    if _URL_KEY not in config.stash:
        stack = contextlib.ExitStack()
        config.stash[_URL_KEY] = stack.enter_context(
            running_mock("--export-delay", "0", "--rate-limit", "0", "--validate-responses")
        )
        config.add_cleanup(stack.close)
    return config.stash[_URL_KEY]
