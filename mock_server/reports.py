"""Report computation: every data report type, computed from the history for a Query.

The arithmetic follows the documents' examples: ``*_min`` fields are the seconds divided by 60,
fractions are ratios of the row's own counts (0.0 when the denominator is 0), ``all_states`` is the
sum of the per-state counts, the NPS score is ``100 * (promoters - detractors) / received``. Reports
are pure functions of the Query (type, period, UTC offset, filters) and return plain data;
rendering.py turns it into bytes (and keeps those).
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from mock_server.fixtures import DAY, Team
from mock_server.history import Case, History, Message, Submission
from mock_server.queries import Query

HOUR = 3600
NPS_CATEGORIES = ("promoters", "passives", "detractors")


# ---------------------------------------------------------------------- time buckets
def bucket_starts(query: Query, step: int) -> list[int]:
    """Starts of the periods of a time series: the first at ``start``, then every local hour or
    midnight (in the request's own UTC offset) up to ``end``."""
    starts = [query.start]
    following = ((query.start + query.offset) // step + 1) * step - query.offset
    while following <= query.end:
        starts.append(following)
        following += step
    return starts


def day_ends(starts: Sequence[int], offset: int) -> list[int]:
    """For each day of a daily series, the local midnight that ends it (the next day's start)."""
    return [*starts[1:], *(((start + offset) // DAY + 1) * DAY - offset for start in starts[-1:])]


def label(epoch: int, offset: int) -> str:
    """``YYYY-MM-DD HH:MM`` in the request's offset."""
    return datetime.fromtimestamp(epoch + offset, UTC).strftime("%Y-%m-%d %H:%M")


def utc_iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _series_step(query: Query) -> int:
    return HOUR if query.hourly else DAY


def _bucketed(starts: Sequence[int], times: Iterable[tuple[int, Any]]) -> list[list[Any]]:
    out: list[list[Any]] = [[] for _ in starts]
    for at, item in times:
        out[bisect.bisect_right(starts, at) - 1].append(item)
    return out


# ---------------------------------------------------------------------- statistics
def median(sorted_values: Sequence[float]) -> float:
    n = len(sorted_values)
    if n == 0:
        return 0.0
    middle = n // 2
    if n % 2:
        return float(sorted_values[middle])
    return (sorted_values[middle - 1] + sorted_values[middle]) / 2


def spread(values: Iterable[float]) -> tuple[float, float, float, float]:
    """(min, median, max, average) of the values; zeros when there are none. The average is
    clamped into [min, max] so float rounding can never put it outside."""
    ordered = sorted(values)
    if not ordered:
        return 0.0, 0.0, 0.0, 0.0
    low, high = float(ordered[0]), float(ordered[-1])
    average = min(high, max(low, math.fsum(ordered) / len(ordered)))
    return low, median(ordered), high, average


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0


# ---------------------------------------------------------------------- the reports
class Reports:
    def __init__(self, team: Team, history: History) -> None:
        self.team = team
        self.history = history
        self.states = [state.name for state in team.model.states]
        self.closed_states = team.model.closed_states
        self._builders: dict[str, Callable[[Query], Any]] = {
            "summary": self.summary,
            "states_volume": self.states_volume,
            "workflow_states": self.workflow_states,
            "classifications": self.classifications,
            "response_volume": self.response_volume,
            "user_summary": self.user_summary,
            "user_volume": self.user_volume,
            "case_summary": self.case_summary,
            "case_volume": self.case_volume,
            "case_classifications": self.case_classifications,
            "nps_summary": self.nps_summary,
            "nps_volume": self.nps_volume,
        }

    @property
    def types(self) -> list[str]:
        return list(self._builders)

    def build(self, query: Query) -> Any:
        """The answer of a data report, as plain JSON-able data."""
        return self._builders[query.type](query)

    # ------------------------------------------------------------------ selections
    def messages(self, query: Query) -> list[Message]:
        found = self.history.messages(query.start, query.end)
        if query.users is None:
            return found
        return [m for m in found if m.user in query.users]

    def _case_filter(self, cases: list[Case], query: Query) -> list[Case]:
        if query.users is None:
            return cases
        return [c for c in cases if query.users.intersection(c.agents)]

    def cases_closed(self, query: Query) -> list[Case]:
        return self._case_filter(self.history.cases_closed(query.start, query.end), query)

    def submissions(self, query: Query) -> list[Submission]:
        assert query.form is not None
        found = self.history.submissions(query.form, query.start, query.end)
        if query.users is None:
            return found
        return [s for s in found if s.user in query.users]

    # ------------------------------------------------------------------ messages
    def summary(self, query: Query) -> dict[str, Any]:
        messages = self.messages(query)
        responded = [m for m in messages if m.responded]
        low, mid, high, avg = spread(m.response_time for m in responded)
        a_low, a_mid, a_high, a_avg = spread(m.action_time for m in responded)
        return {
            "total_volume": len(messages),
            "avg_response_time": avg,
            "avg_action_response_time": a_avg,
            "total_responded_to": len(responded),
            "broke_sla": sum(m.broke_sla for m in responded),
            "broke_action_sla": sum(m.broke_action_sla for m in responded),
            "min_response_time": low,
            "median_response_time": mid,
            "max_response_time": high,
            "min_action_response_time": a_low,
            "median_action_response_time": a_mid,
            "max_action_response_time": a_high,
            "avg_action_response_time_min": a_avg / 60,
            "avg_response_time_min": avg / 60,
            "median_action_response_time_min": a_mid / 60,
            "median_response_time_min": mid / 60,
        }

    def states_volume(self, query: Query) -> dict[str, list[dict[str, Any]]]:
        starts = bucket_starts(query, _series_step(query))
        labels = [label(start, query.offset) for start in starts]
        counts: dict[str, list[int]] = {state: [0] * len(starts) for state in self.states}
        for message in self.messages(query):
            counts[message.state][bisect.bisect_right(starts, message.at) - 1] += 1
        return {
            state: [
                {"state": state, "value": value, "date_range": {"date_from": labels[i]}}
                for i, value in enumerate(counts[state])
            ]
            for state in self.states
        }

    def workflow_states(self, query: Query) -> list[dict[str, Any]]:
        counts = Counter(m.state for m in self.messages(query))
        order = {state: i for i, state in enumerate(self.states)}
        rows = sorted(counts.items(), key=lambda item: (-item[1], order[item[0]]))
        return [{"state": state, "volume": volume} for state, volume in rows]

    def classifications(self, query: Query) -> list[dict[str, Any]]:
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for message in self.messages(query):
            for class_id in message.classifications:
                counts[class_id][message.state] += 1
        rows: list[dict[str, Any]] = []
        for class_id in sorted(counts):
            name = self.team.classification_names.get(class_id, str(class_id))
            per_state = counts[class_id]
            for state in self.states:
                if per_state[state]:
                    rows.append(
                        {
                            "classification_id": class_id,
                            "classification": name,
                            "state": state,
                            "volume": per_state[state],
                        }
                    )
            rows.append(
                {
                    "classification_id": class_id,
                    "classification": name,
                    "state": "all_states",
                    "volume": sum(per_state.values()),
                }
            )
        return rows

    def response_volume(self, query: Query) -> dict[str, list[dict[str, Any]]]:
        starts = bucket_starts(query, _series_step(query))
        buckets = _bucketed(starts, ((m.at, m.response_time) for m in self.messages(query) if m.responded))
        return {
            "avg_response_time": [
                {"value": spread(values)[3], "date_range": {"date_from": label(start, query.offset)}}
                for start, values in zip(starts, buckets, strict=True)
            ]
        }

    def _by_user(self, query: Query) -> dict[int, list[Message]]:
        out: dict[int, list[Message]] = defaultdict(list)
        for message in self.messages(query):
            if message.user is not None:
                out[message.user].append(message)
        return out

    def user_summary(self, query: Query) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for user_id, messages in self._by_user(query).items():
            user = self.team.users_by_id[user_id]
            responded = [m for m in messages if m.responded]
            private = sum(m.private for m in responded)
            broke, broke_action = (
                sum(m.broke_sla for m in responded),
                sum(m.broke_action_sla for m in responded),
            )
            low, _, high, avg = spread(m.response_time for m in responded)
            a_low, _, a_high, a_avg = spread(m.action_time for m in responded)
            rows.append(
                {
                    "first_name": user["first_name"],
                    "last_name": user["last_name"],
                    "mentions_assigned": len(messages),
                    "user_id": str(user_id),
                    "responded_to": len(responded),
                    "responded_to_in_private": private,
                    "avg_response_time": avg,
                    "min_response_time": low,
                    "max_response_time": high,
                    "avg_action_response_time": a_avg,
                    "min_action_response_time": a_low,
                    "max_action_response_time": a_high,
                    "total_responded_to": len(responded),
                    "broke_sla": broke,
                    "broke_action_sla": broke_action,
                    "avg_response_time_min": avg / 60,
                    "avg_action_response_time_min": a_avg / 60,
                    "fraction_responded_to": ratio(len(responded), len(messages)),
                    # The spec follows the documents' examples here: divided by responded_to.
                    "fraction_responded_to_in_private": ratio(private, len(responded)),
                    "fraction_broke_sla": ratio(broke, len(responded)),
                    "fraction_broke_action_sla": ratio(broke_action, len(responded)),
                }
            )
        rows.sort(key=lambda row: (-row["mentions_assigned"], int(row["user_id"])))
        return rows

    def user_volume(self, query: Query) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for user_id, messages in self._by_user(query).items():
            user = self.team.users_by_id[user_id]
            per_state = Counter(m.state for m in messages)
            states = {
                "all_states": len(messages),
                "all_closed_states": sum(n for state, n in per_state.items() if state in self.closed_states),
            }
            states.update({state: per_state[state] for state in self.states})
            rows.append(
                {
                    "user_id": user_id,
                    "first_name": user["first_name"],
                    "last_name": user["last_name"],
                    "states": states,
                }
            )
        rows.sort(key=lambda row: (-row["states"]["all_states"], row["user_id"]))
        return rows

    # ------------------------------------------------------------------ cases
    def case_summary(self, query: Query) -> dict[str, Any]:
        cases = self.cases_closed(query)
        first_replies = sorted(c.first_reply_time for c in cases)
        resolutions = sorted(c.resolution_time for c in cases)
        return {
            "total_cases": len(cases),
            "first_reply_time": mean(first_replies),
            "resolution_time": mean(resolutions),
            "median_first_reply_time": median(first_replies),
            "median_resolution_time": median(resolutions),
            "agent_interactions": ratio(sum(c.agent_interactions for c in cases), len(cases)),
            "agents_involved": ratio(sum(len(c.agents) for c in cases), len(cases)),
        }

    def case_volume(self, query: Query) -> dict[str, list[dict[str, Any]]]:
        # One point per day whatever the period: the documents give Case Volume no hourly rule.
        starts = bucket_starts(query, DAY)
        cases = self._case_filter(self.history.cases_open_during(query.start, query.end), query)
        opened = sorted(c.opened_at for c in cases)
        closed = sorted(c.closed_at for c in cases)
        ends = [*(start - 1 for start in starts[1:]), query.end]
        points = []
        for start, end in zip(starts, ends, strict=True):
            # Open at some moment of [start, end]: opened by its end, not closed before its start.
            value = bisect.bisect_right(opened, end) - bisect.bisect_left(closed, start)
            points.append({"value": value, "date_range": {"date_from": label(start, query.offset)}})
        return {"open": points}

    def case_classifications(self, query: Query) -> list[dict[str, Any]]:
        counts = Counter(
            class_id for case in self.cases_closed(query) for class_id in set(case.classifications)
        )
        return [
            {
                "classification_id": class_id,
                "classification": self.team.classification_names.get(class_id, str(class_id)),
                "volume": counts[class_id],
            }
            for class_id in sorted(counts)
        ]

    # ------------------------------------------------------------------ NPS
    def nps_metrics(self, submissions: Iterable[Submission], category: str) -> dict[str, Any]:
        sent = 0
        counts = dict.fromkeys(NPS_CATEGORIES, 0)
        for submission in submissions:
            sent += 1
            if submission.category is not None and category in ("all", submission.category):
                counts[submission.category] += 1
        received = sum(counts.values())
        promoters, detractors = counts["promoters"], counts["detractors"]
        return {
            "total_sent": sent,
            "total_received": received,
            "total_promoters": promoters,
            "total_passives": counts["passives"],
            "total_detractors": detractors,
            "nps_score": 100 * (promoters - detractors) / received if received else 0.0,
        }

    def nps_summary(self, query: Query) -> dict[str, Any]:
        return self.nps_metrics(self.submissions(query), query.category)

    def nps_volume(self, query: Query) -> list[dict[str, Any]]:
        starts = bucket_starts(query, DAY)
        buckets = _bucketed(starts, ((s.sent_at, s) for s in self.submissions(query)))
        # A row is labelled with the end of its day (the next local midnight), as the documents'
        # example is: the day from 2018-04-01T00:00:00+11:00 is 2018-04-01T13:00:00+00:00.
        return [
            {"date": utc_iso(end), "timestamp": end, "data": self.nps_metrics(day, query.category)}
            for end, day in zip(day_ends(starts, query.offset), buckets, strict=True)
        ]
