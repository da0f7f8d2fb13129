"""``Prefer: code=NNN`` / ``Prefer: example=NAME``: answer a documented example, as Prism does.

The request is still authenticated, rate-limited and validated first (a contract test should not
get a 200 example for a request the API would refuse); then, instead of computing the answer,
the mock returns the spec's example:

- ``code=NNN``: the first named example of that status; for runReport's 200, the example named
  after the request's report type;
- ``example=NAME``: that named example, looked up in the 2xx responses first, then the others;
- both: that example of that status.

A status or example the spec does not document for the operation is answered 404 Not found,
naming what was asked for. Response headers documented for the status (``Retry-After`` of 429)
are sent with their documented example value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mock_server.errors import not_found
from mock_server.spec import Spec


@dataclass(frozen=True)
class Preference:
    code: str | None
    example: str | None


def requested(headers: Iterable[tuple[bytes, bytes]]) -> Preference | None:
    """The preferences of a request's first ``Prefer`` header (ASGI's raw header list), if any."""
    for name, value in headers:
        if name == b"prefer":
            return parse_prefer(value.decode("latin-1"))
    return None


def parse_prefer(value: str | None) -> Preference | None:
    """The ``code`` and ``example`` preferences of a ``Prefer`` header (RFC 7240), if any."""
    if not value:
        return None
    code = example = None
    for part in value.replace(";", ",").split(","):
        key, _, raw = part.strip().partition("=")
        text = raw.strip().strip('"')
        if key.strip().lower() == "code" and text:
            code = text
        elif key.strip().lower() == "example" and text:
            example = text
    if code is None and example is None:
        return None
    return Preference(code, example)


@dataclass(frozen=True)
class Canned:
    status: int
    body: Any
    headers: dict[str, str]


class Examples:
    """Every operation's named response examples, collected once from the spec."""

    def __init__(self, spec: Spec) -> None:
        self._by_operation: dict[str, list[tuple[str, str, Any]]] = {
            op_id: list(spec.iter_examples(op_id)) for op_id in spec.operation_ids()
        }
        self._headers: dict[tuple[str, str], dict[str, str]] = {}
        for op_id in spec.operation_ids():
            for code, response in spec.responses(op_id).items():
                headers: dict[str, str] = {}
                for name, header in response.get("headers", {}).items():
                    header = spec.resolve(header)
                    value = header.get("example", header.get("schema", {}).get("example"))
                    if value is None:
                        value = header.get("schema", {}).get("minimum", "")
                    headers[name] = str(value)
                self._headers[(op_id, code)] = headers

    def pick(self, operation_id: str, preference: Preference, report_type: str | None = None) -> Canned:
        examples = self._by_operation.get(operation_id, [])
        code, name = preference.code, preference.example
        if code is not None and not any(c == code for c, _, _ in examples):
            raise not_found(f"Prefer: no example is documented for status {code[:10]} of {operation_id}.")
        candidates = [e for e in examples if code is None or e[0] == code]
        if name is not None:
            candidates.sort(key=lambda e: not e[0].startswith("2"))  # 2xx first, stable otherwise
            found = [e for e in candidates if e[1] == name]
            if not found:
                where = f"status {code}" if code is not None else "any status"
                raise not_found(f"Prefer: no example named {name[:60]!r} for {where} of {operation_id}.")
            chosen = found[0]
        else:
            by_type = [e for e in candidates if report_type is not None and e[1] == report_type]
            chosen = by_type[0] if by_type else candidates[0]
        status, _, body = chosen
        return Canned(int(status), body, self._headers.get((operation_id, status), {}))
