"""CSV export jobs: case_details, nps_submissions and mention_sla_export.

runReport answers a pending job; getReportStatus reports it complete once the configured delay
has passed (0: at the first poll), with a ``url`` on the mock itself
(``/_mock/exports/<token>.csv``, outside the spec) that serves a CSV drawn from the same history
as the reports. Jobs belong to the API token that started them.

Memory stays bounded however long the mock runs: each token keeps its newest ``MAX_JOBS`` jobs
(one token's traffic never pushes out another's), and rendered CSVs live in a cache bounded by
size, not on the jobs (a 12-month export is megabytes and is cheap to draw again).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from mock_server.errors import not_found
from mock_server.reports import Query, Reports

EXPORT_PATH = "/_mock/exports/"
MAX_JOBS = 1000  # per token: its oldest jobs are forgotten beyond this
CSV_CACHE_BYTES = 32 * 1024 * 1024  # rendered CSVs kept, least recently downloaded dropped first

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


@dataclass
class Job:
    token: str
    owner: str  # the API token that started it
    query: Query
    created: float  # monotonic seconds (of the owner's clock, see clocks.py)
    forced: str | None = None  # a state set by the control API: pending, failed or complete

    def answer(self, state: bool | str, base_url: str) -> dict[str, Any]:
        """The job as the API answers it in ``state`` (True/False: complete or pending)."""
        if state is True or state == "complete":
            return {
                "status": "complete",
                "url": f"{base_url}{EXPORT_PATH}{self.token}.csv",
                "token": self.token,
            }
        return {"status": "pending" if state is False else state, "url": None, "token": self.token}


class Exports:
    def __init__(
        self,
        reports: Reports,
        delay: float,
        monotonic: Callable[[], float],
        clock_of: Callable[[str], float] | None = None,
    ) -> None:
        self.reports = reports
        self.delay = delay
        # The monotonic time of a job's owner: the control API can set a token's clock.
        self._clock_of = clock_of or (lambda _owner: monotonic())
        self._jobs: dict[str, Job] = {}  # every job by its token (download URLs)
        self._owned: dict[str, OrderedDict[str, Job]] = {}  # each owner's jobs, oldest first
        self._csv: OrderedDict[Query, bytes] = OrderedDict()
        self._csv_bytes = 0

    def start(self, owner: str, query: Query, forced: str | None = None) -> Job:
        job = Job(str(uuid.uuid4()), owner, query, self._clock_of(owner), forced)
        self._jobs[job.token] = job
        owned = self._owned.setdefault(owner, OrderedDict())
        owned[job.token] = job
        while len(owned) > MAX_JOBS:
            oldest, _ = owned.popitem(last=False)
            del self._jobs[oldest]
        return job

    def state(self, job: Job) -> str:
        """``pending``, ``complete`` (once the delay has passed on the owner's clock) or the state
        the control API set."""
        if job.forced is not None:
            return job.forced
        return "complete" if self._clock_of(job.owner) - job.created >= self.delay else "pending"

    def is_complete(self, job: Job) -> bool:
        return self.state(job) == "complete"

    def jobs(self, owner: str) -> list[Job]:
        """The owner's jobs, oldest first."""
        return list(self._owned.get(owner, {}).values())

    def status(self, owner: str, token: str) -> Job:
        """The caller's own job; another token's job is as unknown as a made-up one."""
        job = self._jobs.get(token)
        if job is None or job.owner != owner:
            raise not_found("There is no export job with this token.")
        return job

    def download(self, token: str) -> bytes:
        """The CSV of a complete job (the URL is the secret, as with the real file location)."""
        job = self._jobs.get(token)
        if job is None or not self.is_complete(job):
            raise not_found("There is no complete export with this token.")
        found = self._csv.get(job.query)
        if found is not None:
            self._csv.move_to_end(job.query)
            return found
        rendered = self.render_csv(job.query)
        self._csv[job.query] = rendered
        self._csv_bytes += len(rendered)
        while self._csv_bytes > CSV_CACHE_BYTES and self._csv:
            _, dropped = self._csv.popitem(last=False)
            self._csv_bytes -= len(dropped)
        return rendered

    def forget(self, owner: str | None = None) -> None:
        if owner is None:
            self._jobs.clear()
            self._owned.clear()
        else:
            for token in self._owned.pop(owner, {}):
                del self._jobs[token]

    def job_count(self, owner: str | None = None) -> int:
        """How many jobs the mock remembers (of one owner, or of all)."""
        return len(self._jobs) if owner is None else len(self._owned.get(owner, ()))

    # ------------------------------------------------------------------ CSV
    def render_csv(self, query: Query) -> bytes:
        rows = {
            "case_details": self._case_rows,
            "nps_submissions": self._nps_rows,
            "mention_sla_export": self._mention_rows,
        }[query.type](query)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    def _when(self, query: Query) -> Callable[[int | None], str]:
        zone = timezone(timedelta(seconds=query.offset))

        def when(epoch: int | None) -> str:
            return "" if epoch is None else datetime.fromtimestamp(epoch, UTC).astimezone(zone).isoformat()

        return when

    def _names(self, ids: tuple[int, ...]) -> str:
        return "; ".join(self.reports.team.full_name(user_id) for user_id in ids)

    def _classes(self, ids: tuple[int, ...]) -> tuple[str, str]:
        names = self.reports.team.classification_names
        return ";".join(map(str, ids)), "; ".join(names.get(i, str(i)) for i in ids)

    def _case_rows(self, query: Query) -> Iterator[tuple[Any, ...]]:
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

    def _nps_rows(self, query: Query) -> Iterator[tuple[Any, ...]]:
        when = self._when(query)
        assert query.form is not None
        form_name = self.reports.team.forms_by_id[query.form]["name"]
        yield NPS_COLUMNS
        for s in self.reports.submissions(query):
            if query.category != "all" and s.category != query.category:
                continue
            agent = self.reports.team.full_name(s.user) if s.user is not None else ""
            yield (
                s.id, s.form, form_name, when(s.sent_at), s.user if s.user is not None else "", agent,
                "true" if s.category else "false", when(s.answered_at),
                "" if s.score is None else s.score, s.category or "", s.comment,
            )  # fmt: skip

    def _mention_rows(self, query: Query) -> Iterator[tuple[Any, ...]]:
        when = self._when(query)
        yield MENTION_COLUMNS
        for m in self.reports.messages(query):
            class_ids, class_names = self._classes(m.classifications)
            # A stable pseudonymous customer handle derived from the message id.
            author = f"@customer{(m.id * 2654435761) % 1_000_003:07d}"
            user = "" if m.user is None else self.reports.team.full_name(m.user)
            yield (
                m.id, when(m.at), m.channel, author, m.state, "" if m.user is None else m.user, user,
                class_ids, class_names, str(m.responded).lower(), str(m.private).lower(),
                m.response_time if m.responded else "", m.action_time if m.responded else "",
                m.response_time / 60 if m.responded else "", m.action_time / 60 if m.responded else "",
                str(m.broke_sla).lower(), str(m.broke_action_sla).lower(), m.id if m.responded else "",
            )  # fmt: skip
