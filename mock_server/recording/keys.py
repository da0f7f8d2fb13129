"""How a request is normalised, so that a replayed request finds its recorded answer.

A request matches a recording on its operation (method and path, under any of the spec's base
paths), its query parameters (sorted) and its JSON body normalised: key order and whitespace do
not matter, and the request's date-time fields (those the spec types ``format: date-time``) are
compared as the instant *and* the UTC offset they name, whatever the spelling: ``Z`` and
``+00:00``, upper or lower case ``T``/``Z``, minutes without seconds and trailing zeros of a
fraction are the same. Two spellings of one instant with different offsets do not match, because
the API labels its time buckets in the offset of ``date_from``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import orjson

from mock_server.spec import HTTP_METHODS, Spec

DERIVED_KEY = "recording.keys"


def canonical_datetime(text: str) -> str | None:
    """One spelling per (instant, offset), or None when ``text`` is not an RFC 3339 date-time
    with an offset (such a value is then compared as it is)."""
    if not 16 <= len(text) <= 40 or text[4:5] != "-":
        return None
    try:
        parsed = datetime.fromisoformat(text.upper())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.isoformat()


class Operations:
    """Which operation of the spec a method and path are, and which request fields are date-times."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.bases = base_paths(spec)
        self._routes: list[tuple[str, re.Pattern[str], str, str]] = []
        for path, item in spec.document.get("paths", {}).items():
            if not isinstance(item, dict):
                continue
            pattern = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$")
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict) and isinstance(op.get("operationId"), str):
                    self._routes.append((method.upper(), pattern, path, op["operationId"]))
        self._date_fields: dict[str, frozenset[str]] = {}
        try:
            request_schemas = spec.report_request_schemas()
        except Exception:  # a spec without runReport: no report bodies to normalise
            request_schemas = {}
        for report_type, name in request_schemas.items():
            props = spec.resolve(spec.schema(name)).get("properties", {})
            self._date_fields[report_type] = frozenset(
                key
                for key, prop in props.items()
                if isinstance(spec.resolve(prop), dict) and spec.resolve(prop).get("format") == "date-time"
            )

    @classmethod
    def of(cls, spec: Spec) -> Operations:
        found = spec.derived.get(DERIVED_KEY)
        if not isinstance(found, Operations):
            found = spec.derived[DERIVED_KEY] = cls(spec)
        return found

    def split(self, path: str) -> tuple[str, str] | None:
        """(base path, path under it), for a path under one of the spec's base paths."""
        for base in sorted(self.bases, key=len, reverse=True):
            if path == base or path.startswith(base + "/"):
                return base, path[len(base) :] or "/"
        return None

    def find(self, method: str, path: str) -> str | None:
        """The operationId of a method and a full path (base path included), or None."""
        split = self.split(path)
        if split is None:
            return None
        rest = split[1]
        for route_method, pattern, _, operation_id in self._routes:
            if route_method == method.upper() and pattern.match(rest):
                return operation_id
        return None

    def normalise_body(self, body: Any) -> Any:
        """The body with its date-time fields in one spelling (see the module docstring)."""
        if not isinstance(body, dict):
            return body
        report_type = body.get("type")
        fields = self._date_fields.get(report_type) if isinstance(report_type, str) else None
        if not fields:
            return body
        out = dict(body)
        for key in fields:
            value = out.get(key)
            if isinstance(value, str):
                out[key] = canonical_datetime(value) or value
        return out

    def key(self, operation_id: str, query: list[tuple[str, str]], body: Any) -> str:
        """The matching key of a request: operation, sorted query, normalised body."""
        return orjson.dumps(
            [operation_id, sorted(query), self.normalise_body(body)], option=orjson.OPT_SORT_KEYS
        ).decode()


def base_paths(spec: Spec) -> list[str]:
    """Every base path the spec's servers name (the document's and the operations' own)."""
    urls = [s.get("url", "/") for s in spec.document.get("servers") or [{"url": "/"}]]
    for item in spec.document.get("paths", {}).values():
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                urls += [s.get("url", "/") for s in op.get("servers", []) if isinstance(s, dict)]
    bases: list[str] = []
    for url in urls:
        path = urlparse(str(url)).path.rstrip("/")
        if path not in bases:
            bases.append(path)
    return bases
