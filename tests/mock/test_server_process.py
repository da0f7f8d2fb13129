"""The mock as a process: where it listens, a busy port, and stopping by signal.

- Binds to 127.0.0.1 unless told otherwise (never to every interface).
- A port in use is one clear line on stderr and a non-zero exit status, not a traceback.
- SIGTERM (and Ctrl-C's SIGINT) lets the requests in flight finish, then exits with status 0.
"""

from __future__ import annotations

import signal
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.support.mock_helpers import TOKEN
from tests.support.servers import Cli, busy_port, cli_result, run_cli

WAIT_S = 30.0


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


def test_binds_to_loopback_by_default() -> None:
    with run_cli("--log-level", "warning") as cli:
        port = int(cli.url.rsplit(":", 1)[1])
        # 127.0.0.1 as /proc shows it (little-endian hex); 0.0.0.0 would be 00000000.
        assert listening_addresses(port) == {"0100007F"}, listening_addresses(port)


def test_port_in_use_is_one_line_and_non_zero_exit() -> None:
    with busy_port() as port:
        result = cli_result("--port", str(port))
    assert result.returncode != 0, result
    assert result.stdout == "", result
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"127.0.0.1:{port}" in result.stderr, result.stderr
    assert "address already in use" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_a_second_mock_on_the_same_port_is_refused() -> None:
    with run_cli("--log-level", "warning") as first:
        port = first.url.rsplit(":", 1)[1]
        result = cli_result("--port", port)
        assert result.returncode != 0, result
        assert result.stderr.count("\n") == 1, result.stderr
        assert "address already in use" in result.stderr, result.stderr
        # The first one is unharmed.
        assert httpx.get(f"{first.url}/v1/users", headers={"Auth-Api-Token": TOKEN}).status_code == 200


def server_has_read(server_port: int, client_port: int) -> bool:
    """True once the server's end of the connection has no unread bytes (it has the request)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
            rx_queue = int(fields[4].split(":")[1], 16)
            return rx_queue == 0
    return False


def request_in_flight(cli: Cli) -> tuple[socket.socket, threading.Thread, list[bytes]]:
    """Sends GET /v1/users on a raw connection and returns once the server has read it."""
    server_port = int(cli.url.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", server_port), timeout=WAIT_S)
    head = f"GET /v1/users HTTP/1.1\r\nHost: mock\r\nAuth-Api-Token: {TOKEN}\r\nConnection: close\r\n\r\n"
    sock.sendall(head.encode())
    client_port = sock.getsockname()[1]
    deadline = time.monotonic() + WAIT_S
    while not server_has_read(server_port, client_port):
        assert time.monotonic() < deadline, "the server never read the request"
        time.sleep(0.01)
    received: list[bytes] = []

    def read_all() -> None:
        while chunk := sock.recv(65536):
            received.append(chunk)

    reader = threading.Thread(target=read_all)
    reader.start()
    return sock, reader, received


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_drains_requests_in_flight(stop: signal.Signals) -> None:
    # Each answer waits 500 ms, so the signal arrives while the request is being served.
    with run_cli("--latency", "500", "--log-level", "info") as cli:
        sock, reader, received = request_in_flight(cli)
        cli.proc.send_signal(stop)
        status = cli.proc.wait(timeout=WAIT_S)
        reader.join(timeout=WAIT_S)
        sock.close()
        log = cli.output()
    answer = b"".join(received)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n"), (answer[:300], log)
    assert answer.rstrip().endswith(b"]"), (answer[-300:], log)  # the whole users list arrived
    assert status == 0, log
    assert "Traceback" not in log, log
    assert f"stopped by {stop.name}" in log, log
