"""Export computation: the rows of the three CSV exports, drawn from the same history as the reports.

case_details lists the cases closed in the period, nps_submissions the surveys of one form sent
in it, mention_sla_export the messages that arrived in it. Each export is a header row of column
names, then one row per item (rendering.py writes them as RFC 4180 CSV).

The Responses file (mention_sla_export) has the columns Lexer's export draft lists, in its order and
spelling, as openapi.yaml carries them (``x-lexer-csv-columns``): each column's value comes from
``MENTION_VALUES``. Times are UTC (ISO 8601, ``Z``), durations minutes; a message nobody answered has
empty response cells. No source lists the columns of the other two files: theirs are the mock's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from mock_server.fixtures import Team
from mock_server.history import Message
from mock_server.queries import Query
from mock_server.reports import Reports
from mock_server.spec import SpecError

Row = tuple[Any, ...]

CASE_COLUMNS = (
    "case_id", "opened_at", "closed_at", "channel", "first_reply_time", "resolution_time",
    "agent_interactions", "agents_involved", "agent_ids", "agents", "classification_ids",
    "classifications", "first_message_id",
)  # fmt: skip
NPS_COLUMNS = (
    "submission_id", "form_id", "form_name", "sent_at", "agent_id", "agent", "answered",
    "answered_at", "score", "nps_category", "comment",
)  # fmt: skip


def _utc(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(round(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _minutes(seconds: float) -> float:
    return seconds / 60


def _yes_no(flag: bool) -> str:
    return "true" if flag else "false"


def _customer(m: Message) -> int:
    """A stable pseudonymous customer number derived from the message id."""
    return (m.id * 2654435761) % 1_000_003


def _agent_part(index: int) -> Callable[[Team, Message], str]:
    def part(team: Team, m: Message) -> str:
        if m.user is None:
            return ""
        user = team.users_by_id[m.user]
        return str(user["first_name"] if index == 0 else user["last_name"])

    return part


def _answered(value: Callable[[Team, Message], Any]) -> Callable[[Team, Message], Any]:
    """The value for an answered message, an empty cell for one nobody answered."""
    return lambda team, m: value(team, m) if m.responded else ""


MentionValue = Callable[[Team, Message], Any]
# The Responses CSV's columns (as Lexer's export draft names them) and where each value comes from.
MENTION_VALUES: dict[str, MentionValue] = {
    "Account Name": lambda team, m: team.model.accounts.get(m.channel, m.channel),
    "Source Type": lambda team, m: m.channel,
    "Agent First Name": _agent_part(0),
    "Agent Last Name": _agent_part(1),
    "Last Action Date (UTC)": lambda team, m: _utc(m.at + m.response_time if m.responded else m.at),
    "Customer Wait Time (min)": _answered(lambda team, m: _minutes(m.response_time)),
    "In Queue (min)": _answered(lambda team, m: _minutes(m.response_time - m.action_time)),
    "Agent Response Time (min)": _answered(lambda team, m: _minutes(m.action_time)),
    "Within Customer SLA": _answered(lambda team, m: _yes_no(not m.broke_sla)),
    "Within Agent SLA": _answered(lambda team, m: _yes_no(not m.broke_action_sla)),
    "State": lambda team, m: m.state,
    "Customer Publish Date (UTC)": lambda team, m: _utc(m.at),
    "Customer Username": lambda team, m: f"@customer{_customer(m):07d}",
    "Customer Fullname": lambda team, m: f"Customer {_customer(m):07d}",
    "Customer Message": lambda team, m: f"Message {m.id} on {m.channel}",
    "Agent Reponse Date (UTC)": _answered(lambda team, m: _utc(m.at + m.response_time)),
    "Agent Response": _answered(
        lambda team, m: f"{'Private' if m.private else 'Public'} reply to message {m.id}"
    ),
    "Classifications": lambda team, m: "; ".join(
        team.classification_names.get(i, str(i)) for i in m.classifications
    ),
    "Agent Notes": lambda team, m: "",
    "Customer Note": lambda team, m: "",
}


class ExportRows:
    def __init__(self, reports: Reports, mention_columns: list[str] | None = None) -> None:
        self.reports = reports
        self.team = reports.team
        self.mention_columns = tuple(mention_columns or MENTION_VALUES)
        unknown = [column for column in self.mention_columns if column not in MENTION_VALUES]
        if unknown:
            raise SpecError(
                f"the mock has no values for the mention_sla_export column(s) {', '.join(unknown)}"
            )
        self._mention_values = [MENTION_VALUES[column] for column in self.mention_columns]
        self._builders: dict[str, Callable[[Query], Iterator[Row]]] = {
            "case_details": self._case_rows,
            "nps_submissions": self._nps_rows,
            "mention_sla_export": self._mention_rows,
        }

    @property
    def types(self) -> list[str]:
        return list(self._builders)

    def rows(self, query: Query) -> Iterator[Row]:
        """The header row, then the export's rows."""
        return self._builders[query.type](query)

    def _when(self, query: Query) -> Callable[[int | None], str]:
        zone = timezone(timedelta(seconds=query.offset))

        def when(epoch: int | None) -> str:
            return "" if epoch is None else datetime.fromtimestamp(epoch, UTC).astimezone(zone).isoformat()

        return when

    def _names(self, ids: tuple[int, ...]) -> str:
        return "; ".join(self.team.full_name(user_id) for user_id in ids)

    def _classes(self, ids: tuple[int, ...]) -> tuple[str, str]:
        names = self.team.classification_names
        return ";".join(map(str, ids)), "; ".join(names.get(i, str(i)) for i in ids)

    def _case_rows(self, query: Query) -> Iterator[Row]:
        when = self._when(query)
        yield CASE_COLUMNS
        for case in self.reports.cases_closed(query):
            class_ids, class_names = self._classes(case.classifications)
            yield (
                case.id, when(case.opened_at), when(case.closed_at), case.channel, case.first_reply_time,
                case.resolution_time, case.agent_interactions, len(case.agents),
                ";".join(map(str, case.agents)), self._names(case.agents), class_ids, class_names,
                case.message,
            )  # fmt: skip

    def _nps_rows(self, query: Query) -> Iterator[Row]:
        when = self._when(query)
        assert query.form is not None
        form_name = self.team.forms_by_id[query.form]["name"]
        yield NPS_COLUMNS
        for s in self.reports.submissions(query):
            if query.category != "all" and s.category != query.category:
                continue
            agent = self.team.full_name(s.user) if s.user is not None else ""
            yield (
                s.id, s.form, form_name, when(s.sent_at), s.user if s.user is not None else "", agent,
                "true" if s.category else "false", when(s.answered_at),
                "" if s.score is None else s.score, s.category or "", s.comment,
            )  # fmt: skip

    def _mention_rows(self, query: Query) -> Iterator[Row]:
        team, values = self.team, self._mention_values
        yield self.mention_columns
        for m in self.reports.messages(query):
            yield tuple(value(team, m) for value in values)
