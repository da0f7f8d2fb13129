"""The operations of openapi.yaml (methods named by operationId) and the mock's own routes.

Handlers stay thin: Connexion has routed, authenticated and validated the request before they run;
they pick the model's answer and serialise it. Answers that never change (the users, groups and
forms lists) are serialised once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mock_server.auth import TOKEN_SCOPE_KEY, Auth
from mock_server.control import Control
from mock_server.exports import Exports
from mock_server.fixtures import Team
from mock_server.journal import TOKEN_HEADER, Journal
from mock_server.prefer import Examples, parse_prefer
from mock_server.reports import QueryCache, Reports
from mock_server.validation import BODY_SCOPE_KEY, ReportRequests, parse_json

JSON = "application/json"


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type=JSON, headers=headers)


def base_url(request: Request) -> str:
    """``scheme://host[:port]`` as the client addressed the mock, for absolute download URLs."""
    host = request.headers.get("host")
    if not host:
        server = request.scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{request.url.scheme}://{host}"


class Handlers:
    def __init__(
        self,
        *,
        team: Team,
        requests: ReportRequests,
        reports: Reports,
        exports: Exports,
        journal: Journal,
        auth: Auth,
        examples: Examples,
        control: Control,
    ) -> None:
        self.team = team
        self.requests = requests
        self.reports = reports
        self.exports = exports
        self.journal = journal
        self.auth = auth
        self.examples = examples
        self.control = control
        self.queries = QueryCache(team)
        self.export_types = frozenset(requests.types) - frozenset(reports.types)
        self._users = orjson.dumps(team.users)
        self._groups = orjson.dumps(team.groups)
        self._forms = orjson.dumps(team.forms)

    def operation(self, operation_id: str) -> Callable[[Request], Any]:
        """Connexion's resolver: operationId -> handler."""
        handler = getattr(self, operation_id, None)
        if handler is None or operation_id.startswith("_"):
            raise LookupError(f"the mock has no handler for operation {operation_id!r}")
        return handler  # type: ignore[no-any-return]

    def _canned(self, request: Request, operation_id: str, report_type: str | None = None) -> Response | None:
        preference = parse_prefer(request.headers.get("prefer"))
        if preference is None:
            return None
        canned = self.examples.pick(operation_id, preference, report_type)
        return json_response(orjson.dumps(canned.body), canned.status, canned.headers)

    # ------------------------------------------------------------------ operations
    # Method names are the spec's operationIds (camelCase on purpose).
    async def listUsers(self, request: Request) -> Response:
        return self._canned(request, "listUsers") or json_response(self._users)

    async def listGroups(self, request: Request) -> Response:
        return self._canned(request, "listGroups") or json_response(self._groups)

    async def listForms(self, request: Request) -> Response:
        return self._canned(request, "listForms") or json_response(self._forms)

    async def runReport(self, request: Request) -> Response:
        body = request.scope.get(BODY_SCOPE_KEY)
        if body is None:  # only if the validator did not run; still check the body the same way
            body = self.requests.validate(parse_json(await request.body()))
        token = request.scope[TOKEN_SCOPE_KEY]
        query = self.control.parse_query(token, body, self.queries)
        canned = self._canned(request, "runReport", query.type)
        if canned is not None:
            return canned
        override = self.control.override(token, body)
        if override is not None:
            return json_response(override)
        if query.type in self.export_types:
            job = self.exports.start(token, query, self.control.export_plans.take(token, query.type))
            return json_response(orjson.dumps(job.answer(False, base_url(request))))
        return json_response(self.reports.render(query))

    async def getReportStatus(self, request: Request) -> Response:
        canned = self._canned(request, "getReportStatus")
        if canned is not None:
            return canned
        job = self.exports.status(request.scope[TOKEN_SCOPE_KEY], request.query_params["token"])
        return json_response(orjson.dumps(job.answer(self.exports.state(job), base_url(request))))

    # ------------------------------------------------------------------ the mock's own routes
    async def journal_entries(self, request: Request) -> Response:
        """The requests the mock received with the caller's ``Auth-Api-Token`` (none: without one)."""
        token = request.headers.get(TOKEN_HEADER.decode(), "")
        entries = self.control.journal_view(self.journal.entries(token), request.query_params)
        return json_response(orjson.dumps(entries))

    async def reset(self, request: Request) -> Response:
        """Forgets the journal, rate-limit count, export jobs and control settings (staged
        faults) of the caller's token, or of every token when the request has none."""
        token = request.headers.get(TOKEN_HEADER.decode())
        self.journal.clear(token)
        self.auth.limiter.reset(token)
        self.exports.forget(token)
        self.control.reset(token)
        return json_response(orjson.dumps({"reset": token if token is not None else "all"}))

    async def export_csv(self, request: Request) -> Response:
        token = request.path_params["token"]
        return Response(
            self.exports.download(token),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{token}.csv"'},
        )
