"""The synthetic activity history every report is computed from.

Each local day of the history is drawn on demand from its own random generator, seeded by the
model's seed and the day (and, for NPS, the form), so:

- start-up does no work for it, and a report only pays for the days it covers;
- a day always comes out the same, whatever was asked before, in any process;
- changing the NPS parameters of one form does not reshuffle the messages.

Days are kept (in bounded caches) because neighbouring reports overlap.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Generic, NamedTuple, TypeVar

from mock_server.cache import BoundedCache
from mock_server.fixtures import DAY, Agent, LogNormal, Model, Team

# Longest a case can stay open: the slowest first reply, the longest reply gaps, the inactivity
# period. Reports about cases look this far back for cases that were opened earlier.
MAX_EXTRA_REPLIES = 6
MAX_REPLY_GAP = 2 * DAY
MAX_NPS_DELAY = 3 * DAY
CACHE_DAYS = 1500
ROSTER_CACHE = 4096  # pickers of agents on duty, per stretch of days and form


class Message(NamedTuple):
    id: int
    at: int  # epoch seconds when the customer's message arrived
    channel: str
    state: str  # current workflow state
    user: int | None  # the agent it is assigned to (None while `new`)
    classifications: tuple[int, ...]
    responded: bool
    private: bool  # the response was a private message
    response_time: float  # customer wait: arrival -> response, seconds (0.0 if not responded)
    action_time: float  # agent: assignment -> response, seconds (0.0 if not responded)
    broke_sla: bool
    broke_action_sla: bool


class Case(NamedTuple):
    id: int
    opened_at: int
    closed_at: int
    first_reply_time: float
    resolution_time: float
    agent_interactions: int  # agent replies
    agents: tuple[int, ...]
    classifications: tuple[int, ...]
    channel: str
    message: int  # the customer message that opened it


class Submission(NamedTuple):
    id: int
    form: int
    sent_at: int
    user: int | None  # the agent whose conversation triggered the survey
    category: str | None  # promoters / passives / detractors; None = not answered
    score: int | None
    answered_at: int | None
    comment: str


class Day(NamedTuple):
    messages: tuple[Message, ...]
    cases: tuple[Case, ...]


EMPTY_DAY = Day((), ())
T = TypeVar("T")


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        # Normal approximation: exact enough for a daily count, and O(1).
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _lognormal(rng: random.Random, dist: LogNormal, cap: float) -> float:
    return min(cap, rng.lognormvariate(math.log(dist.median), dist.sigma))


class _Picker(Generic[T]):
    """Weighted choice with precomputed cumulative weights (random.choices recomputes them)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items: list[T] = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0.0

    def __call__(self, rng: random.Random) -> T:
        # Index clamped: a float sum can leave the last bucket a hair short of `total`.
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


class History:
    def __init__(self, team: Team) -> None:
        self.team = team
        model: Model = team.model
        self.model = model
        self._hours = _Picker(range(24), model.hourly_weights)
        self._states = _Picker(model.states, [state.share for state in model.states])
        self._channels = _Picker([name for name, _ in model.channels], [w for _, w in model.channels])
        self._class_counts = _Picker(range(len(model.classification_counts)), model.classification_counts)
        self._classes = _Picker(
            [c.id for c in model.classifications], [c.weight for c in model.classifications]
        )
        mean_weekday = sum(model.weekday_weights) / 7
        self._weekday_factor = [w / mean_weekday for w in model.weekday_weights]
        self._unassigned = [state for state in model.states if not state.assigned]
        self._days: BoundedCache[int, Day] = BoundedCache(CACHE_DAYS)
        self._nps: BoundedCache[tuple[int, int], tuple[Submission, ...]] = BoundedCache(CACHE_DAYS * 2)
        # Days on which someone starts or stops taking messages (see _active_agents).
        self._roster_changes = sorted(
            {agent.first_day for agent in model.agents}
            | {agent.last_day + 1 for agent in model.agents if agent.last_day is not None}
        )
        self._rosters: BoundedCache[tuple[int, int | None], _Picker[int]] = BoundedCache(ROSTER_CACHE)
        self.max_case_span = int(
            model.max_response_seconds
            + MAX_EXTRA_REPLIES * MAX_REPLY_GAP
            + model.inactivity_close_seconds
            + 1
        )

    # ------------------------------------------------------------------ days
    def local_day(self, epoch: int) -> int:
        return (epoch + self.model.utc_offset) // DAY

    def day_start(self, day: int) -> int:
        return day * DAY - self.model.utc_offset

    def _active_agents(self, day: int, form: int | None = None) -> _Picker[int]:
        """The agents on duty that day (of the form's groups, if given), in fixture order.

        Who is on duty only changes on an agent's first or last day, so the pickers are built once
        per stretch of days between such changes: a report's cost does not grow with the team."""
        key = (bisect.bisect_right(self._roster_changes, day), form)
        return self._rosters.get_or_make(key, lambda _key: self._roster(day, form))

    def _roster(self, day: int, form: int | None) -> _Picker[int]:
        # Users in any of the form's groups (once per roster: rosters are kept).
        only = None if form is None else self.team.members(self.team.forms_by_id[form]["groups"])
        agents: list[Agent] = [
            agent
            for agent in self.model.agents
            if agent.weight > 0
            and agent.first_day <= day
            and (agent.last_day is None or day <= agent.last_day)
            and (only is None or agent.id in only)
        ]
        return _Picker([agent.id for agent in agents], [agent.weight for agent in agents])

    def day(self, day: int) -> Day:
        return self._days.get_or_make(day, self._make_day)

    def _make_day(self, day: int) -> Day:
        model = self.model
        if not model.first_day <= day <= model.last_day:
            return EMPTY_DAY
        rng = random.Random(f"{model.seed}:messages:{day}")
        years = (day - model.first_day) / 365.25
        weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        mean = model.per_day * (1 + model.yearly_growth) ** years * self._weekday_factor[weekday]
        start = self.day_start(day)
        times = sorted(
            start + self._hours(rng) * 3600 + rng.randrange(3600) for _ in range(_poisson(rng, mean))
        )
        agents = self._active_agents(day)
        messages: list[Message] = []
        cases: list[Case] = []
        for index, at in enumerate(times):
            state = self._states(rng)
            user = agents(rng) if state.assigned and agents.items else None
            if state.assigned and user is None and self._unassigned:
                state = self._unassigned[0]  # nobody on duty that day: the message stays unassigned
            picked: list[int] = []
            for _ in range(self._class_counts(rng)):
                if not self._classes.items:
                    break
                choice = self._classes(rng)
                if choice not in picked:
                    picked.append(choice)
            channel = self._channels(rng)
            message_id = day * 10000 + index
            responded = user is not None and rng.random() < state.replied
            private, response, action = False, 0.0, 0.0
            if responded:
                wait = _lognormal(rng, model.pickup_wait, model.max_response_seconds)
                action = round(_lognormal(rng, model.handling_time, model.max_response_seconds), 6)
                response = round(min(model.max_response_seconds, wait + action), 6)
                action = min(action, response)
                private = rng.random() < model.private_reply_share
            message = Message(
                message_id,
                at,
                channel,
                state.name,
                user,
                tuple(sorted(picked)),
                responded,
                private,
                response,
                action,
                responded and response > model.sla_seconds,
                responded and action > model.action_sla_seconds,
            )
            messages.append(message)
            if responded:
                cases.append(self._make_case(rng, message, agents))
        return Day(tuple(messages), tuple(cases))

    def _make_case(self, rng: random.Random, message: Message, agents: _Picker[int]) -> Case:
        """Every response opens a case: the customer's message, the first reply, a few more
        replies, closed after the inactivity period."""
        model = self.model
        assert message.user is not None
        replies = 1 + min(MAX_EXTRA_REPLIES, _poisson(rng, model.extra_replies_mean))
        last_reply = message.response_time
        for _ in range(replies - 1):
            last_reply += _lognormal(rng, model.reply_gap, MAX_REPLY_GAP)
        involved = [message.user]
        if replies > 1 and len(agents.items) > 1 and rng.random() < model.second_agent_share:
            other = agents(rng)
            if other != message.user:
                involved.append(other)
        resolution = round(last_reply + model.inactivity_close_seconds, 6)
        return Case(
            id=message.id,
            opened_at=message.at,
            closed_at=message.at + math.ceil(resolution),
            first_reply_time=message.response_time,
            resolution_time=resolution,
            agent_interactions=replies,
            agents=tuple(involved),
            classifications=message.classifications,
            channel=message.channel,
            message=message.id,
        )

    def _days_between(self, start: int, end: int) -> range:
        return range(self.local_day(start), self.local_day(end) + 1)

    # ------------------------------------------------------------------ queries
    def messages(self, start: int, end: int) -> list[Message]:
        """Messages that arrived in [start, end] (epoch seconds, both inclusive), oldest first."""
        out: list[Message] = []
        for day in self._days_between(start, end):
            found = self.day(day).messages
            if found and (found[0].at < start or found[-1].at > end):
                out.extend(m for m in found if start <= m.at <= end)
            else:
                out.extend(found)
        return out

    def cases_closed(self, start: int, end: int) -> list[Case]:
        """Cases that closed in [start, end]."""
        out: list[Case] = []
        for day in self._days_between(start - self.max_case_span, end):
            out.extend(case for case in self.day(day).cases if start <= case.closed_at <= end)
        return out

    def cases_open_during(self, start: int, end: int) -> list[Case]:
        """Cases open at some moment of [start, end]."""
        out: list[Case] = []
        for day in self._days_between(start - self.max_case_span, end):
            out.extend(
                case for case in self.day(day).cases if case.opened_at <= end and case.closed_at >= start
            )
        return out

    def submissions(self, form: int, start: int, end: int) -> list[Submission]:
        """NPS surveys of ``form`` sent in [start, end], oldest first."""
        out: list[Submission] = []
        for day in self._days_between(start, end):
            out.extend(s for s in self._nps_day(form, day) if start <= s.sent_at <= end)
        return out

    def _nps_day(self, form: int, day: int) -> tuple[Submission, ...]:
        return self._nps.get_or_make((form, day), self._make_nps_day)

    def _make_nps_day(self, key: tuple[int, int]) -> tuple[Submission, ...]:
        form_id, day = key
        model = self.model
        params = model.nps.get(form_id)
        if params is None or not model.first_day <= day <= model.last_day:
            return ()
        if day < params.first_day or (params.last_day is not None and day > params.last_day):
            return ()
        rng = random.Random(f"{model.seed}:nps:{form_id}:{day}")
        weekday = (day + 3) % 7
        count = _poisson(rng, params.sent_per_day * self._weekday_factor[weekday])
        # Surveys follow conversations of the agents in the form's groups (anyone if none is on duty).
        agents = self._active_agents(day, form_id)
        if not agents.items:
            agents = self._active_agents(day)
        categories = _Picker(
            ["promoters", "passives", "detractors"], [params.promoters, params.passives, params.detractors]
        )
        scores: dict[str, Callable[[random.Random], int]] = {
            "promoters": _Picker([9, 10], [1.0, 1.3]),
            "passives": _Picker([7, 8], [1.0, 1.2]),
            "detractors": _Picker(list(range(7)), [0.6, 0.3, 0.4, 0.6, 0.9, 1.4, 1.8]),
        }
        start = self.day_start(day)
        times = sorted(start + self._hours(rng) * 3600 + rng.randrange(3600) for _ in range(count))
        out: list[Submission] = []
        for index, sent_at in enumerate(times):
            user = agents(rng) if agents.items else None
            submission_id = day * 1_000_000 + (form_id % 1000) * 1000 + index
            if rng.random() >= params.response_share:
                out.append(Submission(submission_id, form_id, sent_at, user, None, None, None, ""))
                continue
            category = categories(rng)
            score = scores[category](rng)
            delay = math.ceil(_lognormal(rng, params.response_delay, MAX_NPS_DELAY))
            remarks = model.comments.get(category, ())
            comment = remarks[rng.randrange(len(remarks))] if remarks else ""
            out.append(
                Submission(submission_id, form_id, sent_at, user, category, score, sent_at + delay, comment)
            )
        return tuple(out)
