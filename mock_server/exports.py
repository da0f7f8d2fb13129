"""Export jobs: case_details, nps_submissions and mention_sla_export.

runReport answers a pending job; getReportStatus reports it complete once the configured delay
has passed (0: at the first poll), with a ``url`` on the mock itself
(``/_mock/exports/<token>.csv``, outside the spec, served by admin.py) whose CSV is drawn from the
same history as the reports (export_rows.py, rendering.py). Jobs belong to the API token that
started them.

Memory stays bounded however long the mock runs: each token keeps its newest ``MAX_JOBS`` jobs
(one token's traffic never pushes out another's); a job holds its Query, not its CSV.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mock_server.errors import not_found
from mock_server.queries import Query

EXPORT_PATH = "/_mock/exports/"
MAX_JOBS = 1000  # per token: its oldest jobs are forgotten beyond this


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
            url = f"{base_url}{EXPORT_PATH}{self.token}.csv"
            return {"status": "complete", "url": url, "token": self.token}
        return {"status": "pending" if state is False else state, "url": None, "token": self.token}


class Exports:
    def __init__(
        self, delay: float, monotonic: Callable[[], float], clock_of: Callable[[str], float] | None = None
    ) -> None:
        self.delay = delay
        # The monotonic time of a job's owner: the control API can set a token's clock (clocks.py).
        self._clock_of = clock_of or (lambda _owner: monotonic())
        self._jobs: dict[str, Job] = {}  # every job by its token (download URLs)
        self._owned: dict[str, OrderedDict[str, Job]] = {}  # each owner's jobs, oldest first

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

    def completed(self, token: str) -> Job:
        """A complete job, by its token alone (the URL is the secret, as with the real file location)."""
        job = self._jobs.get(token)
        if job is None or not self.is_complete(job):
            raise not_found("There is no complete export with this token.")
        return job

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
