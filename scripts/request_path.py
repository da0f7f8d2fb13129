"""Draw the path of one report request through the mock's modules (docs/mock-internals.md).

    .venv/bin/python scripts/request_path.py                 # from Handlers.runReport, answer not kept yet
    .venv/bin/python scripts/request_path.py --kept          # the same request again (its answer kept)
    .venv/bin/python scripts/request_path.py --from-entry    # from the ASGI entry, middleware included
    .venv/bin/python scripts/request_path.py --fold cache,responses

The request (POST /v1/activity/reports, type summary, January 2024) runs in process under
``threading.setprofile``; every call and return moves the path to the module of the running frame
(frames outside ``mock_server``, such as Connexion's and Starlette's, are skipped; ``--fold`` skips some
of the mock's own helpers too, as if they were dict lookups). It prints the sequence of stays and counts
the re-entries: returns to a caller, and calls into a module the path had already left (the doubling back).
"""

from __future__ import annotations

import argparse
import threading
import warnings
from types import FrameType
from typing import Any

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from starlette.testclient import TestClient  # noqa: E402

from mock_server.app import create_app  # noqa: E402
from mock_server.settings import DOCUMENTED_TOKEN  # noqa: E402

BODY = {"type": "summary", "date_from": "2024-01-01T00:00:00Z", "date_to": "2024-01-31T23:59:59Z"}
OTHER = {**BODY, "date_to": "2024-01-30T23:59:59Z"}  # overlapping days, another answer
HANDLER = "runReport"


def module_of(frame: FrameType | None, folded: set[str]) -> str | None:
    name = str(frame.f_globals.get("__name__", "")) if frame is not None else ""
    if not name.startswith("mock_server."):
        return None
    short = name.removeprefix("mock_server.")
    return None if short in folded else short


def trace(kept: bool, from_entry: bool, folded: set[str]) -> tuple[list[str], list[str]]:
    events: list[tuple[str, str | None, str]] = []
    recording = False

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if not recording:
            return
        if event == "call":
            events.append(("call", module_of(frame, folded), frame.f_code.co_name))
        elif event == "return":
            events.append(("return", module_of(frame.f_back, folded), frame.f_code.co_name))

    threading.setprofile(profile)  # TestClient runs the app in a thread it starts
    try:
        with TestClient(create_app(rate_limit="0")) as client:
            headers = {"Auth-Api-Token": DOCUMENTED_TOKEN}
            for _ in range(3):  # compiled validators, days drawn: the steady state
                client.post("/v1/activity/reports", headers=headers, json=BODY if kept else OTHER)
            recording = True
            answer = client.post("/v1/activity/reports", headers=headers, json=BODY)
            recording = False
    finally:
        threading.setprofile(None)
    answer.raise_for_status()
    stays: list[str] = []
    stack: list[str] = []
    doubling_back: list[str] = []
    started = from_entry
    for event, module, function in events:
        if event == "return" and function == HANDLER:
            break
        if not started:
            started = event == "call" and function == HANDLER
            if not started:
                continue
        if module is None:
            continue
        if event == "call":
            if stays and stays[-1] != module and module in stays and module not in stack:
                doubling_back.append(f"{stays[-1]} -> {module}.{function}")
            stack.append(module)
        elif stack:
            stack.pop()
        if not stays or stays[-1] != module:
            stays.append(module)
    return stays, doubling_back


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--kept", action="store_true", help="the request's answer is already kept")
    parser.add_argument("--from-entry", action="store_true", help="start at the ASGI entry, not the handler")
    parser.add_argument("--fold", default="", help="comma-separated mock modules to skip (e.g. cache)")
    args = parser.parse_args()
    stays, doubling_back = trace(args.kept, args.from_entry, {m for m in args.fold.split(",") if m})
    print(" -> ".join(stays))
    print(
        f"{len(stays)} stays in {len(set(stays))} modules, {len(stays) - len(set(stays))} re-entries, "
        f"{len(doubling_back)} of them calls back into a module already left"
        + (f": {', '.join(doubling_back)}" if doubling_back else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
