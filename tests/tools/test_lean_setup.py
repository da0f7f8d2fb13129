"""`make mock` installs only what the mock needs, and the mock then answers.

Runs the Makefile's own rule for the lean install (the `.venv/.synced-mock` stamp that `make mock` depends
on) in a copy of the files it reads, with the machine's warm caches, then starts the mock from that venv.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx

from tests.support.mock_helpers import AUTH
from tests.support.servers import free_port
from tests.support.spec_tools import REPO_ROOT

COPIED = [
    "Makefile",
    "pyproject.toml",
    "uv.lock",
    "openapi.yaml",
    "README.md",
    "mock_server",
    "generated_client",
]
DEV_ONLY = ["pytest", "mypy", "schemathesis", "hypothesis", "ruff", "openapi_python_client"]


def test_make_mock_installs_the_mock_alone_and_serves(tmp_path: Path) -> None:
    for name in COPIED:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    made = subprocess.run(
        ["make", ".venv/.synced-mock"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert made.returncode == 0, made.stdout + made.stderr
    python = tmp_path / ".venv" / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    installed = {path.name.split("-")[0].lower() for path in Path(site).glob("*.dist-info")}
    assert "connexion" in installed, sorted(installed)
    assert not installed & set(DEV_ONLY), sorted(installed & set(DEV_ONLY))
    assert len(installed) <= 45, sorted(installed)
    port = free_port()
    mock = subprocess.Popen(
        [str(python), "-m", "mock_server", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        answer = None
        for _ in range(600):  # a guard against a mock that never starts, not a measurement
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/v1/users", headers=AUTH, timeout=5)
                break
            except httpx.TransportError:
                if mock.poll() is not None:
                    break
                time.sleep(0.05)
        if answer is None:
            mock.terminate()
            raise AssertionError(mock.communicate(timeout=30)[0])
        assert answer.status_code == 200, answer.text
        assert isinstance(answer.json(), list)
    finally:
        if mock.poll() is None:
            mock.terminate()
            mock.communicate(timeout=30)
