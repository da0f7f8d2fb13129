"""What a fixture set may cost: checked at start-up, so that any set that starts answers every report
in bounded time and memory.

A report covers at most 12 months, and the mock draws every message, case and NPS survey of the days
it covers (mock_server/history.py, about 10 µs each on a 2-core machine), keeping up to
``history.CACHE_DAYS`` days of them. So the cost of the worst report is bounded by the busiest day
of the history, and the memory by the busiest days times the cached days. The shipped set peaks at
about 72 messages and 37 surveys a day; the bounds leave room for a team several times as busy:

- ``MAX_MESSAGES_PER_DAY``: the expected messages of the busiest day anywhere in the history
  (``messages.per_day``, grown by ``yearly_growth`` up to that day, times the busiest weekday's weight);
- ``MAX_SURVEYS_PER_DAY``: NPS surveys sent on the busiest weekday, all NPS forms together;
- ``MAX_HISTORY_BYTES``: the estimated memory of the cached days at those rates
  (``MESSAGE_BYTES`` for a message with its case, ``SURVEY_BYTES`` per survey, measured with tracemalloc);
- ``MAX_USERS``, ``MAX_GROUPS``, ``MAX_FORMS``, ``MAX_CLASSIFICATIONS``: the size of the team.

A set past any of them is refused, each problem with its figures (tests/mock/test_model_limits.py
answers every report type over 12 months on the largest set these bounds allow).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from mock_server.fixtures import Model
from mock_server.history import CACHE_DAYS  # days of messages kept; NPS keeps twice as many (form, day)

MAX_MESSAGES_PER_DAY = 500
MAX_SURVEYS_PER_DAY = 200
MAX_HISTORY_BYTES = 512 * 1024 * 1024
MESSAGE_BYTES = 450  # a cached message with its case (436 measured)
SURVEY_BYTES = 230  # a cached NPS survey (218 measured)
MAX_USERS = 10_000
MAX_GROUPS = 1_000
MAX_FORMS = 1_000
MAX_CLASSIFICATIONS = 1_000
EPOCH = date(1970, 1, 1)


def _day(number: int) -> str:
    return (EPOCH + timedelta(days=number)).isoformat()


def busiest_day(model: Model) -> tuple[int, float]:
    """The day of the history with the most expected messages, and their number (inf when beyond
    what a float holds)."""
    if model.per_day <= 0 or model.first_day > model.last_day:
        return model.first_day, 0.0
    day = model.last_day if model.yearly_growth >= 0 else model.first_day
    years = (day - model.first_day) / 365.25
    weekday_factor = max(model.weekday_weights) / (sum(model.weekday_weights) / 7)
    log_mean = math.log(model.per_day) + years * math.log1p(model.yearly_growth) + math.log(weekday_factor)
    return day, math.exp(log_mean) if log_mean < 700 else math.inf


def surveys_per_day(model: Model) -> float:
    weekday_factor = max(model.weekday_weights) / (sum(model.weekday_weights) / 7)
    return sum(params.sent_per_day for params in model.nps.values()) * weekday_factor


def history_bytes(model: Model, messages: float, surveys: float) -> float:
    days = model.last_day - model.first_day + 1
    cached_days = min(CACHE_DAYS, days)
    cached_nps = min(2 * CACHE_DAYS, days * max(1, len(model.nps)))
    busiest_form = max((p.sent_per_day for p in model.nps.values()), default=0.0)
    weekday_factor = max(model.weekday_weights) / (sum(model.weekday_weights) / 7)
    return (
        cached_days * messages * MESSAGE_BYTES
        + cached_nps * min(surveys, busiest_form * weekday_factor) * SURVEY_BYTES
    )


def cost_problems(model: Model, lists: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every bound the set is past, each with its figures; empty when the set may start."""
    problems: list[str] = []
    for name, limit in (("users.json", MAX_USERS), ("groups.json", MAX_GROUPS), ("forms.json", MAX_FORMS)):
        count = len(lists.get(name, ()))
        if count > limit:
            problems.append(f"{name}: {count:,} entries, over the limit of {limit:,}")
    if len(model.classifications) > MAX_CLASSIFICATIONS:
        problems.append(
            f"model.yaml: {len(model.classifications):,} classifications, "
            f"over the limit of {MAX_CLASSIFICATIONS:,}"
        )
    day, messages = busiest_day(model)
    if messages > MAX_MESSAGES_PER_DAY:
        problems.append(
            f"model.yaml: messages.per_day {model.per_day:g} with yearly_growth {model.yearly_growth:g} "
            f"gives {messages:,.0f} messages on the busiest day of the history ({_day(day)}), over the "
            f"limit of {MAX_MESSAGES_PER_DAY:,} a day (every report must be answered in bounded time)"
        )
    surveys = surveys_per_day(model)
    if surveys > MAX_SURVEYS_PER_DAY:
        problems.append(
            f"model.yaml: the NPS forms send {surveys:,.0f} surveys on the busiest weekday, over the limit "
            f"of {MAX_SURVEYS_PER_DAY:,} a day"
        )
    if not problems:
        estimate = history_bytes(model, messages, surveys)
        if estimate > MAX_HISTORY_BYTES:
            problems.append(
                f"model.yaml: the cached history would take about {estimate / 2**20:,.0f} MiB "
                f"({messages:,.0f} messages and {surveys:,.0f} surveys a day), over the limit of "
                f"{MAX_HISTORY_BYTES / 2**20:,.0f} MiB"
            )
    return problems
