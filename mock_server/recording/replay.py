"""``lexer-mock --replay DIR``: the mock answers recorded requests with their recorded answers.

The hook sits where an operation computes its answer (handlers.py), so everything before it runs
as in normal mode: routing, the token check, the rate limit, request validation, the journal,
the ``Prefer`` examples and the runtime controls. A request that is in the recording gets the
recorded status and body, byte for byte; any other request is computed as usual, or answered 404
``Not found`` with ``--replay-only``.

Which answer wins when the folder holds the same request (see keys.py for "the same") more than
once with different answers: the newest one (the highest ``seq``), since it is the closest to
what the API answers today, and re-recording into a folder then updates it without deleting
anything. Each such pair is listed at start-up and by ``lexer-mock audit``.

Not replayed, because replay has its own: 401 and 429 answers (the mock's token check and rate
limit decide those), and 5xx answers (an outage is not an answer to the request). A status
answer whose export CSV was saved points its ``url`` at the mock's own download route, which
serves the saved file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from starlette.responses import Response

from mock_server.recording import store
from mock_server.recording.keys import Operations
from mock_server.spec import Spec

EXPORT_ROUTE = "/_mock/exports/"  # the mock's download route (handlers.export_csv)
NOT_REPLAYED = frozenset({401, 429})


def replayable(status: int) -> bool:
    return status not in NOT_REPLAYED and status < 500


@dataclass
class Replay:
    recording: store.Recording
    only: bool = False
    answers: dict[str, store.Exchange] = field(default_factory=dict)
    csv: dict[str, bytes] = field(default_factory=dict)  # export token -> saved CSV
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ops: Operations | None = None

    @classmethod
    def load(cls, root: Path, spec: Spec, *, only: bool = False) -> Replay:
        """Reads and indexes a recording; RecordingError when it does not fit the spec."""
        replay = cls(store.load(root), only)
        replay.ops = Operations.of(spec)
        replay._index(spec)
        return replay

    def _index(self, spec: Spec) -> None:
        assert self.ops is not None
        recorded_with = self.recording.manifest.get("spec", {}).get("version", "an unknown version")
        current = spec.document.get("info", {}).get("version", "?")
        report_types = set(spec.report_request_schemas())
        for exchange in self.recording.exchanges:
            request = exchange.request
            method, path = request["method"], request["path"]
            operation = self.ops.find(method, path)
            if operation is None:
                if exchange.document.get("operation") is None:
                    self.skipped.append(f"{exchange.name}: {method} {path} is not an operation of the spec")
                    continue
                raise store.RecordingError(
                    f"{exchange.path}: {method} {path} ({exchange.document.get('operation')}) is not an "
                    f"operation of {store.shown_path(spec.path)} {current} (the recording was made with spec "
                    f"{recorded_with}); record it again, or delete this file"
                )
            body = request.get("body")
            if operation == "runReport" and isinstance(body, dict) and body.get("type") not in report_types:
                raise store.RecordingError(
                    f"{exchange.path}: report type {body.get('type')!r} is not one of the spec's "
                    f"{current} (the recording was made with spec {recorded_with}); record it again, "
                    "or delete this file"
                )
            if not replayable(exchange.status) or "body_text" in request:
                continue
            key = self.ops.key(operation, exchange.query(), body)
            older = self.answers.get(key)
            if (
                older is not None
                and operation != "getReportStatus"  # an export job's pending -> complete is no conflict
                and (older.status, older.body_bytes()) != (exchange.status, exchange.body_bytes())
            ):
                self.conflicts.append(
                    f"{older.name} and {exchange.name} record the same request with different answers: "
                    f"{exchange.name} (the newer) wins"
                )
            self.answers[key] = exchange
            saved = self.recording.csv(exchange)
            job = exchange.response.get("body", {})
            if saved is not None and isinstance(job, dict) and isinstance(job.get("token"), str):
                self.csv[job["token"]] = saved

    def answer(
        self, operation_id: str, query: list[tuple[str, str]], body: Any, base_url: str
    ) -> Response | None:
        """The recorded answer of a request, None to compute it (404 with --replay-only)."""
        assert self.ops is not None
        exchange = self.answers.get(self.ops.key(operation_id, query, body))
        if exchange is None:
            if self.only:
                from mock_server.errors import not_found  # imports Connexion: only the mock needs it

                raise not_found("This request is not in the recording (--replay-only).")
            return None
        content = exchange.body_bytes()
        job = exchange.response.get("body")
        if (
            operation_id == "getReportStatus"
            and isinstance(job, dict)
            and isinstance(job.get("token"), str)
            and job["token"] in self.csv
            and isinstance(job.get("url"), str)
        ):
            content = orjson.dumps({**job, "url": f"{base_url}{EXPORT_ROUTE}{job['token']}.csv"})
        return Response(content, status_code=exchange.status, media_type=exchange.content_type())

    def download(self, job_token: str) -> bytes | None:
        return self.csv.get(job_token)
