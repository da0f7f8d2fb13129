"""Process helpers shared by scripts/bench.py and scripts/soak.py: a free port, figures from /proc.

Imported as a sibling module (the scripts run as ``python scripts/<name>.py``, so scripts/ is sys.path[0]).
"""

from __future__ import annotations

import socket
from pathlib import Path


def free_port(host: str) -> int:
    """A TCP port on `host` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def status_kib(pid: int, key: str) -> int | None:
    """A kB figure of /proc/PID/status (e.g. VmRSS, VmHWM); None when the line is absent.

    Raises OSError when the process is gone.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return None


def process_tree(pid: int) -> list[int]:
    """pid and every live process below it (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces; fields after the closing parenthesis are fixed.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree
