"""How report cost grows with the period asked for and with the size of the team.

Generates fixture sets of 10, 100, 1,000 and 10,000 users into a temporary directory (the shipped set's
groups, forms and model.yaml; its users first, then generated ones, every one an agent), loads each the
way `python -m mock_server --fixtures DIR` does (`create_app(fixtures=DIR)`: every file checked against
the spec), and times, in process, answering report requests of 1 day, 1 week, 1 month, 3 months and
12 months from a cold mock (no history day generated yet, no cached answer):

- `summary`: what `make bench` measures over HTTP;
- all 12 computed report types one after another (the 3 exports answer a job, not a computation).

Each cell is the best of `--repeat` cold runs, in milliseconds. A warm repeat of any of them is one
cache lookup (answers are kept per distinct request).

    .venv/bin/python scripts/bench_growth.py [--repeat 3] [--sizes 10,100,1000,10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

# connexion (imported by mock_server) imports starlette.testclient, which warns under starlette 1.x.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from mock_server.fixtures import DEFAULT_FIXTURES, Team  # noqa: E402
from mock_server.history import History  # noqa: E402
from mock_server.queries import parse_query  # noqa: E402
from mock_server.reports import Reports  # noqa: E402
from mock_server.spec import Spec  # noqa: E402

SIZES = (10, 100, 1_000, 10_000)
# (label, date_from, date_to): periods ending on the same day, well inside the fixture history.
RANGES = (
    ("1 day", "2025-06-30T00:00:00Z", "2025-06-30T23:59:59Z"),
    ("1 week", "2025-06-24T00:00:00Z", "2025-06-30T23:59:59Z"),
    ("1 month", "2025-06-01T00:00:00Z", "2025-06-30T23:59:59Z"),
    ("3 months", "2025-04-01T00:00:00Z", "2025-06-30T23:59:59Z"),
    ("12 months", "2024-07-01T00:00:00Z", "2025-06-30T23:59:59Z"),
)
# The computed (non-export) report types, from the spec's discriminator mapping and x-lexer-response.
_SPEC = Spec.load()  # the repository's openapi.yaml
REPORT_TYPES = tuple(t for t in _SPEC.report_request_schemas() if t not in _SPEC.export_types())
NOW = time.time()


def write_fixture_set(directory: Path, size: int) -> Path:
    """The shipped fixture set with `size` users: the shipped users first, then generated ones."""
    target = directory / f"users-{size}"
    shutil.copytree(DEFAULT_FIXTURES, target)
    shipped: list[dict[str, Any]] = json.loads((DEFAULT_FIXTURES / "users.json").read_text(encoding="utf-8"))
    users = [dict(user) for user in shipped[:size]]
    group_ids = [g["id"] for g in json.loads((DEFAULT_FIXTURES / "groups.json").read_text(encoding="utf-8"))]
    template = next(user for user in shipped if not user["archived"])
    next_id = max(user["id"] for user in shipped) + 1
    while len(users) < size:
        number = len(users)
        users.append(
            {
                **template,
                "id": next_id,
                "email": f"agent{next_id}@example.com",
                "first_name": "Agent",
                "last_name": f"Number {number}",
                "sign_in_count": number % 997,
                "groups": [group_ids[number % len(group_ids)]],
            }
        )
        next_id += 1
    (target / "users.json").write_text(json.dumps(users, indent=1), encoding="utf-8")
    return target


def load(directory: Path) -> Team:
    """Through the mock's own `--fixtures` path: the app refuses a set that fails its checks."""
    from mock_server.app import create_app

    team: Team = create_app(fixtures=directory, swagger_ui=False).mock.team
    return team


def nps_form(team: Team) -> int:
    """The fixture set's first live NPS survey (NPS reports need one)."""
    return next(int(form["id"]) for form in team.forms if form["nps"] and not form["archived"])


def body(team: Team, report_type: str, date_from: str, date_to: str) -> dict[str, Any]:
    request: dict[str, Any] = {"type": report_type, "date_from": date_from, "date_to": date_to}
    if report_type.startswith("nps_"):
        request.update(form=nps_form(team), nps_category="all")
    return request


def cold_ms(team: Team, types: tuple[str, ...], date_from: str, date_to: str, repeat: int) -> float:
    """Best of `repeat` runs, each on a fresh history (no day generated, nothing cached)."""
    best = float("inf")
    for _ in range(repeat):
        reports = Reports(team, History(team))
        queries = [parse_query(body(team, t, date_from, date_to), team, NOW) for t in types]
        started = time.perf_counter()
        for query in queries:
            orjson.dumps(reports.build(query))  # what the mock's renderer does on a miss
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def table(title: str, sizes: list[int], cell: Callable[[int, str, str], float]) -> list[str]:
    lines = [
        f"{title} (ms, best of cold runs)",
        "",
        "| period | " + " | ".join(f"{size:,} users" for size in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for label, date_from, date_to in RANGES:
        cells = [f"{cell(size, date_from, date_to):,.1f}" for size in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report cost against period and team size.")
    parser.add_argument("--repeat", type=int, default=3, help="cold runs per cell (best is shown)")
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        type=lambda text: [int(x) for x in text.split(",") if x],
        help="comma-separated user counts",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
        teams = {size: load(write_fixture_set(Path(tmp), size)) for size in args.sizes}
    for size, team in teams.items():
        if len(team.users) != size:
            sys.exit(f"bench_growth: fixture set of {size} users loaded with {len(team.users)}")

    def summary(size: int, date_from: str, date_to: str) -> float:
        return cold_ms(teams[size], ("summary",), date_from, date_to, args.repeat)

    def all_types(size: int, date_from: str, date_to: str) -> float:
        return cold_ms(teams[size], REPORT_TYPES, date_from, date_to, args.repeat)

    print("\n".join(table("summary report, cold", args.sizes, summary)))
    print()
    print("\n".join(table(f"all {len(REPORT_TYPES)} computed report types, cold", args.sizes, all_types)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
