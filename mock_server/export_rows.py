"""Export computation: the rows of the three CSV exports, drawn from the same history as the reports.

case_details lists the cases closed in the period, nps_submissions the surveys of one form sent
in it, mention_sla_export the messages that arrived in it. Each export is a header row of column
names, then one row per item (rendering.py writes them as RFC 4180 CSV).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from mock_server.queries import Query
from mock_server.reports import Reports

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
MENTION_COLUMNS = (
    "mention_id", "received_at", "channel", "author", "state", "assigned_user_id", "assigned_user",
    "classification_ids", "classifications", "responded", "private_reply", "response_time",
    "action_response_time", "response_time_min", "action_response_time_min", "broke_sla",
    "broke_action_sla", "case_id",
)  # fmt: skip


class ExportRows:
    def __init__(self, reports: Reports) -> None:
        self.reports = reports
        self.team = reports.team
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
        when = self._when(query)
        yield MENTION_COLUMNS
        for m in self.reports.messages(query):
            class_ids, class_names = self._classes(m.classifications)
            # A stable pseudonymous customer handle derived from the message id.
            author = f"@customer{(m.id * 2654435761) % 1_000_003:07d}"
            user = "" if m.user is None else self.team.full_name(m.user)
            yield (
                m.id, when(m.at), m.channel, author, m.state, "" if m.user is None else m.user, user,
                class_ids, class_names, str(m.responded).lower(), str(m.private).lower(),
                m.response_time if m.responded else "", m.action_time if m.responded else "",
                m.response_time / 60 if m.responded else "", m.action_time / 60 if m.responded else "",
                str(m.broke_sla).lower(), str(m.broke_action_sla).lower(), m.id if m.responded else "",
            )  # fmt: skip
