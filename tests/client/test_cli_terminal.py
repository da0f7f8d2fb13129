"""``lexer-activity export`` on a real terminal (a pseudo-terminal from the standard library's ``pty``): the
live progress display shows the job pending, poll after poll, then complete and the download; piped, the
same command writes no terminal control sequences."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server.app import create_app
from tests.support.mock_helpers import TOKEN
from tests.support.servers import serve_in_thread

COMMAND = str(Path(sys.executable).with_name("lexer-activity"))
RUN_TIMEOUT_S = 60.0  # a guard against hanging, not a measurement
EXPORT_DELAY_S = 1.5  # how long the mock keeps the job pending
HIDE_CURSOR = "\x1b[?25l"  # what a live display sends first on a terminal


@pytest.fixture(scope="module")
def slow_export_mock() -> Iterator[str]:
    with serve_in_thread(create_app(rate_limit="0", export_delay=EXPORT_DELAY_S)) as root:
        yield root


def _environment(root: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEXER_API_")}
    env.update({"LEXER_API_TOKEN": TOKEN, "LEXER_API_BASE_URL": f"{root}/v1", "TERM": "xterm-256color"})
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    return env


def run_on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run the command with a pseudo-terminal (120 x 40) as stdin, stdout and stderr; returns its exit
    status and everything it wrote."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [COMMAND, *args], stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    output = bytearray()
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], RUN_TIMEOUT_S)
            if not ready:
                process.kill()
                pytest.fail(f"no output for {RUN_TIMEOUT_S:.0f} s:\n{output.decode(errors='replace')}")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the command has exited and closed the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(leader)
    return process.wait(timeout=RUN_TIMEOUT_S), output.decode("utf-8", "replace")


def test_export_shows_live_progress_on_a_terminal(slow_export_mock: str, tmp_path: Path) -> None:
    target = tmp_path / "cases.csv"
    args = ["export", "case_details", "--from", "2018-04-01", "--to", "2018-04-30", "-o", str(target)]
    code, shown = run_on_terminal([*args, "--interval", "0.2"], _environment(slow_export_mock))
    assert code == 0, shown
    assert target.read_bytes().startswith(b"case_id,")
    assert HIDE_CURSOR in shown
    pending = shown.find(": pending (poll 1)")
    complete = shown.find(": complete")
    assert 0 <= pending < complete, shown
    assert ": pending (poll 2)" in shown  # the display changed while the job was pending
    assert "downloading to" in shown[complete:]
    assert "━" in shown  # the progress bar
    assert f"wrote {target.stat().st_size} bytes" in shown


def test_piped_export_writes_no_terminal_controls(slow_export_mock: str, tmp_path: Path) -> None:
    target = tmp_path / "cases.csv"
    args = ["export", "case_details", "--from", "2018-04-01", "--to", "2018-04-30", "-o", str(target)]
    result = subprocess.run(
        [COMMAND, *args, "--interval", "0.2"],
        env=_environment(slow_export_mock),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stderr
    assert f"wrote {target.stat().st_size} bytes" in result.stderr
