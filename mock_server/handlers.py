"""The operations of openapi.yaml, one method per operationId.

Handlers stay thin: Connexion has routed, authenticated and validated the request before they run
(report_requests.py left the checked runReport body in the scope). A handler turns the request into
a Query (queries.py), answers a documented example when ``Prefer`` asks for one (prefer.py), and
otherwise sends the answer the control API set for it (control.py), the recorded answer with
``--replay`` (recording/replay.py), the rendered answer (rendering.py) or starts an export job
(exports.py). The mock's own ``/_mock`` routes are in admin.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mock_server.auth import TOKEN_SCOPE_KEY
from mock_server.control import Control
from mock_server.exports import Exports
from mock_server.fixtures import Team
from mock_server.prefer import Examples, requested
from mock_server.queries import Queries
from mock_server.recording.replay import Replay
from mock_server.rendering import Renderer
from mock_server.report_requests import BODY_SCOPE_KEY, ReportRequests
from mock_server.responses import base_url, json_response


class Handlers:
    def __init__(
        self,
        *,
        team: Team,
        requests: ReportRequests,
        renderer: Renderer,
        exports: Exports,
        examples: Examples,
        control: Control,
        public_url: str | None = None,
    ) -> None:
        self.team = team
        self.queries = Queries(team)
        self.requests = requests
        self.renderer = renderer
        self.exports = exports
        self.examples = examples
        self.control = control
        self.public_url = public_url  # --public-url: the base of export URLs (else the mock's own address)
        self.export_types = frozenset(renderer.export_rows.types)
        self.replay: Replay | None = None  # lexer-mock --replay DIR

    def operation(self, operation_id: str) -> Callable[[Request], Any]:
        """Connexion's resolver: operationId -> handler."""
        handler = getattr(self, operation_id, None)
        if handler is None or operation_id.startswith("_"):
            raise LookupError(f"the mock has no handler for operation {operation_id!r}")
        return handler  # type: ignore[no-any-return]

    def _canned(self, request: Request, operation_id: str, report_type: str | None = None) -> Response | None:
        preference = requested(request.scope["headers"])
        if preference is None:
            return None
        canned = self.examples.pick(operation_id, preference, report_type)
        return json_response(orjson.dumps(canned.body), canned.status, canned.headers)

    def _recorded(self, request: Request, operation_id: str, body: object = None) -> Response | None:
        """With --replay: the recorded answer of this request, if there is one."""
        if self.replay is None:
            return None
        query = list(request.query_params.multi_items())
        return self.replay.answer(operation_id, query, body, base_url(request, self.public_url))

    # Method names are the spec's operationIds (camelCase on purpose).
    async def listUsers(self, request: Request) -> Response:
        canned = self._canned(request, "listUsers") or self._recorded(request, "listUsers")
        return canned or json_response(self.renderer.users)

    async def listGroups(self, request: Request) -> Response:
        canned = self._canned(request, "listGroups") or self._recorded(request, "listGroups")
        return canned or json_response(self.renderer.groups)

    async def listForms(self, request: Request) -> Response:
        canned = self._canned(request, "listForms") or self._recorded(request, "listForms")
        return canned or json_response(self.renderer.forms)

    async def runReport(self, request: Request) -> Response:
        body = request.scope.get(BODY_SCOPE_KEY)
        if body is None:  # only if the validator did not run; still check the body the same way
            body = self.requests.read(await request.body())
        token = request.scope[TOKEN_SCOPE_KEY]
        # The future-date rule on the token's own clock (the control API can set it).
        query = self.queries.parse(body, self.control.clocks.now(token))
        canned = self._canned(request, "runReport", query.type)
        if canned is not None:
            return canned
        override = self.control.reports.take(token, body)
        if override is not None:
            return json_response(orjson.dumps(override.answer))
        recorded = self._recorded(request, "runReport", body)
        if recorded is not None:
            return recorded
        if query.type in self.export_types:
            job = self.exports.start(token, query, self.control.export_plans.take(token, query.type))
            return json_response(orjson.dumps(job.answer(False, base_url(request, self.public_url))))
        return json_response(self.renderer.report(query))

    async def getReportStatus(self, request: Request) -> Response:
        canned = self._canned(request, "getReportStatus") or self._recorded(request, "getReportStatus")
        if canned is not None:
            return canned
        job = self.exports.status(request.scope[TOKEN_SCOPE_KEY], request.query_params["token"])
        return json_response(
            orjson.dumps(job.answer(self.exports.state(job), base_url(request, self.public_url)))
        )
