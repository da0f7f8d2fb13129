"""``lexer-mock audit DIR``: where the recorded answers differ from openapi.yaml.

Each answer is validated with openapi-schema-validator (JSON Schema as OpenAPI 3.0 has it:
``nullable``, ``format``, Draft 4 keywords) against the schema the spec gives for its operation
and status (for ``runReport``'s 200, the schema its report type names in ``x-lexer-response``).
Findings, grouped when several answers show the same one:

- ``mismatch``: an answer that does not fit: operation, JSON path, what the spec expects and what
  came back;
- ``unknown_field``: a field the spec does not know (the published schemas tolerate extra fields,
  so these are not mismatches, but they are what a spec change would add);
- ``unknown_value``: a value outside the documented ones of a field the spec keeps open;
- ``undocumented_status``: a status the spec does not name for the operation;
- ``missing_header`` / ``unknown_header``: a header the spec requires that is absent, one it does not
  name (standard HTTP headers aside), for example a real ``X-RateLimit-Remaining``;
- ``csv_columns``: an export's CSV header against the columns the spec documents for its type;
- ``not_json``, ``unknown_path``.

Any finding is drift: the exit status is 1. Notes (requests recorded twice with different
answers, exports without a saved CSV, export types whose columns the spec does not document) are
printed but are not drift.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from jsonschema.exceptions import ValidationError, best_match
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from mock_server.recording import store
from mock_server.recording.keys import Operations
from mock_server.recording.replay import Replay
from mock_server.spec import Spec

SPEC_URI = "urn:lexer-activity:openapi"
# Headers any HTTP server may send; the audit does not expect the spec to name them.
STANDARD_HEADERS = frozenset(
    {
        "content-type", "content-length", "content-disposition", "content-language", "cache-control",
        "expires", "pragma", "etag", "last-modified", "vary", "age", "via", "accept-ranges", "allow",
        "location", "alt-svc", "strict-transport-security", "x-content-type-options", "x-frame-options",
        "x-xss-protection", "content-security-policy", "referrer-policy", "permissions-policy",
        "set-cookie", "connection", "keep-alive", "date", "server", "transfer-encoding",
        "content-encoding",
    }
)  # fmt: skip
STANDARD_PREFIXES = ("access-control-",)
# Where a schema that keeps a value open may list the documented values.
DOCUMENTED_VALUES = ("x-lexer-documented-values", "x-lexer-known-values", "x-extensible-enum")
COLUMNS_KEYS = ("x-lexer-csv-columns",)
SHOWN = 80  # characters of a value shown
NOT_NAMED = "a header the spec names for this answer"


def short(value: Any) -> str:
    text = orjson.dumps(value).decode() if not isinstance(value, str | bytes) else repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def star(path: str) -> str:
    """A JSON path with its array indices as ``[*]``, to group the same finding across rows."""
    return re.sub(r"\[\d+\]", "[*]", path)


@dataclass
class Finding:
    kind: str
    operation: str | None
    report_type: str | None
    path: str  # a JSON path into the answer, a header name, a status or a CSV file
    expected: str
    got: str
    files: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str | None, str | None, str, str]:
        return (self.kind, self.operation, self.report_type, self.path, self.expected)

    def where(self) -> str:
        operation = self.operation or "(no operation)"
        return operation if not self.report_type else f"{operation} ({self.report_type})"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "operation": self.operation,
            "report_type": self.report_type,
            "path": self.path,
            "expected": self.expected,
            "got": self.got,
            "count": len(self.files),
            "files": self.files,
        }


@dataclass
class Report:
    root: Path
    exchanges: int
    recorded_with: str
    audited_against: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def drift(self) -> bool:
        return bool(self.findings)

    def add(self, finding: Finding, seen: dict[tuple[Any, ...], Finding]) -> None:
        found = seen.get(finding.key())
        if found is None:
            seen[finding.key()] = finding
            self.findings.append(finding)
        else:
            found.files += [f for f in finding.files if f not in found.files]

    def as_json(self) -> dict[str, Any]:
        return {
            "recording": str(self.root),
            "exchanges": self.exchanges,
            "recorded_with_spec": self.recorded_with,
            "audited_against_spec": self.audited_against,
            "drift": self.drift,
            "findings": [f.as_json() for f in self.findings],
            "notes": self.notes,
        }

    def text(self) -> str:
        lines = [
            f"audit of {self.root}: {self.exchanges} exchange(s), recorded with spec {self.recorded_with}, "
            f"against {self.audited_against}"
        ]
        for kind, title in SECTIONS:
            group = [f for f in self.findings if f.kind == kind]
            if not group:
                continue
            lines += ["", f"{title} ({len(group)}):"]
            for f in group:
                more = f" (+{len(f.files) - 1} more)" if len(f.files) > 1 else ""
                lines += [
                    f"  {f.where()}  {f.path}",
                    f"      spec: {f.expected}",
                    f"      got:  {f.got}",
                    f"      in:   {f.files[0] if f.files else '-'}{more}",
                ]
        if self.notes:
            lines += ["", "Notes:"] + [f"  {n}" for n in self.notes]
        lines.append("")
        if self.drift:
            lines.append(f"drift: {len(self.findings)} finding(s) where the answers differ from the spec")
        else:
            lines.append("no drift: every recorded answer fits the spec")
        return "\n".join(lines) + "\n"


SECTIONS = (
    ("mismatch", "Answers that do not fit the spec"),
    ("not_json", "Answers that are not JSON"),
    ("unknown_field", "Fields the spec does not know"),
    ("unknown_value", "Values the spec does not document"),
    ("undocumented_status", "Statuses the spec does not name"),
    ("missing_header", "Headers the spec requires that are missing"),
    ("unknown_header", "Headers the spec does not name"),
    ("csv_columns", "CSV columns against the documented ones"),
    ("unknown_path", "Requests to paths the spec does not have"),
)


# ---------------------------------------------------------------------- the spec side
class SpecView:
    """Schemas of answers, and validators over them, from the loaded spec."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        resource = Resource.from_contents(spec.document, default_specification=DRAFT4)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self._validators: dict[str, Any] = {}

    def validator(self, pointer: str) -> Any:
        found = self._validators.get(pointer)
        if found is None:
            schema = {"$ref": f"{SPEC_URI}{pointer}"}
            found = OAS30ReadValidator(schema, registry=self.registry, format_checker=oas30_format_checker)
            self._validators[pointer] = found
        return found

    def answer_schema(self, operation: str, status: str, report_type: str | None) -> str | None:
        """A JSON pointer to the schema of an answer, or None when the spec gives none."""
        if operation == "runReport" and status == "200" and report_type:
            try:
                return f"#/components/schemas/{self.spec.report_response_schema(report_type)}"
            except (KeyError, Exception):
                return None
        _, _, op = self.spec.operation(operation)
        response = op.get("responses", {}).get(status)
        if response is None:
            return None
        pointer = f"#/paths/{escape(self.spec.operation(operation)[0])}/{self.spec.operation(operation)[1]}"
        pointer += f"/responses/{status}"
        if "$ref" in response:
            pointer = response["$ref"]
        resolved = self.spec.resolve(response)
        if "schema" not in resolved.get("content", {}).get("application/json", {}):
            return None
        return f"{pointer}/content/application~1json/schema"

    def headers(self, operation: str, status: str) -> dict[str, bool]:
        """Header name (lower case) -> required, for the headers the spec names for an answer."""
        response = self.spec.responses(operation).get(status, {})
        return {
            name.lower(): bool(self.spec.resolve(header).get("required"))
            for name, header in response.get("headers", {}).items()
        }

    def columns(self, report_type: str) -> list[str] | None:
        """The CSV columns the spec documents for an export type, or None."""
        try:
            name = self.spec.report_request_schemas()[report_type]
        except KeyError:
            return None
        for node in (self.spec.schema(name), self.spec.schema(self.spec.report_response_schema(report_type))):
            for key in COLUMNS_KEYS:
                value = node.get(key)
                if isinstance(value, dict):
                    value = value.get(report_type)
                if isinstance(value, list) and all(isinstance(c, str) for c in value):
                    return list(value)
        return None


def escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def json_path(error: ValidationError) -> str:
    return str(error.json_path)


def leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The errors that say what is wrong: into the best branch of an anyOf/oneOf."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        best = best_match(error.context)
        if best is not None:
            yield from leaves(best)
            return
    yield error


def expected_of(error: ValidationError) -> tuple[str, str, str]:
    """(JSON path, what the spec expects, what came back) of one validation error."""
    keyword, value, instance = error.validator, error.validator_value, error.instance
    path = json_path(error)
    if keyword == "required" and isinstance(instance, dict):
        missing = [name for name in value if name not in instance]
        name = missing[0] if missing else "?"
        return f"{path}.{name}", "a required field", "missing"
    if keyword == "type":
        nullable = " or null" if error.schema.get("nullable") else ""
        return path, f"type {value}{nullable}", f"{type(instance).__name__} {short(instance)}"
    if keyword == "enum":
        return path, "one of " + ", ".join(short(v) for v in value), short(instance)
    if keyword == "format":
        return path, f"format {value}", short(instance)
    if keyword == "additionalProperties" and isinstance(instance, dict):
        props = error.schema.get("properties", {})
        extra = sorted(k for k in instance if k not in props)
        return path, "no other fields", ", ".join(extra)
    return path, f"{keyword} {short(value)}", short(instance)


def unknown_fields(
    view: SpecView, schema: Any, instance: Any, path: str
) -> Iterator[tuple[str, str, Any, str]]:
    """(kind, JSON path, value, what the spec expects) of fields the schema does not name and of
    values it does not document."""
    spec = view.spec
    schema = spec.resolve(schema)
    if not isinstance(schema, dict):
        return
    for key in DOCUMENTED_VALUES:
        known = schema.get(key)
        if isinstance(known, list) and not isinstance(instance, dict | list) and instance not in known:
            yield "unknown_value", path, instance, "a documented value: " + ", ".join(map(short, known))
    for key in ("anyOf", "oneOf"):
        branches = [spec.resolve(b) for b in schema.get(key, [])]
        if branches:
            yield from unknown_fields(view, pick_branch(view, branches, instance), instance, path)
    merged: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        part = spec.resolve(part)
        merged.update(part.get("properties", {}) if isinstance(part, dict) else {})
        yield from unknown_fields(view, {k: v for k, v in part.items() if k != "properties"}, instance, path)
    merged.update(schema.get("properties", {}))
    if isinstance(instance, dict) and (merged or "additionalProperties" in schema):
        extra = schema.get("additionalProperties", True)
        for name, value in instance.items():
            child = f"{path}.{name}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else f"{path}[{name!r}]"
            if name in merged:
                yield from unknown_fields(view, merged[name], value, child)
            elif isinstance(extra, dict):
                yield from unknown_fields(view, extra, value, child)
            elif extra is True:
                yield "unknown_field", child, value, "a field the spec names"
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            yield from unknown_fields(view, schema["items"], item, f"{path}[{index}]")


def pick_branch(view: SpecView, branches: list[Any], instance: Any) -> Any:
    """The branch of an anyOf/oneOf the value fits, else the one it is nearest to."""

    def score(branch: Any) -> tuple[int, int]:
        if not isinstance(branch, dict):
            return (0, 0)
        kind = branch.get("type")
        fits_type = (
            kind is None
            or (kind == "object" and isinstance(instance, dict))
            or (kind == "array" and isinstance(instance, list))
            or (kind not in ("object", "array") and not isinstance(instance, dict | list))
        )
        overlap = len(set(branch.get("properties", {})) & set(instance)) if isinstance(instance, dict) else 0
        return (int(fits_type), overlap)

    return max(branches, key=score)


# ---------------------------------------------------------------------- the audit
def audit(root: Path, spec: Spec) -> Report:
    """Audits a recording folder; RecordingError when it cannot be read or does not fit the spec."""
    replay = Replay.load(root, spec)  # the same checks as --replay, and the conflicts
    recording = replay.recording
    view = SpecView(spec)
    ops = Operations.of(spec)
    info = spec.document.get("info", {})
    report = Report(
        root,
        len(recording.exchanges),
        str(recording.manifest.get("spec", {}).get("version", "unknown")),
        f"{store.shown_path(spec.path)} {info.get('version', '')}".strip(),
    )
    report.notes += replay.conflicts
    seen: dict[tuple[Any, ...], Finding] = {}
    job_types: dict[str, str] = {}
    for exchange in recording.exchanges:
        request, response = exchange.request, exchange.response
        operation = ops.find(request["method"], request["path"])
        report_type = exchange.document.get("report_type")
        report_type = report_type if isinstance(report_type, str) else None
        files = [exchange.name]
        if operation is None:
            report.add(
                Finding(
                    "unknown_path", None, None, f"{request['method']} {request['path']}",
                    "a path of the spec", f"status {exchange.status}", files,
                ),
                seen,
            )  # fmt: skip
            continue
        status = str(exchange.status)
        body = response.get("body")
        job = body.get("token") if isinstance(body, dict) else None
        if operation == "runReport" and isinstance(job, str) and report_type and exchange.status == 200:
            job_types[job] = report_type
        if operation == "getReportStatus" and report_type is None and isinstance(body, dict):
            report_type = job_types.get(str(body.get("token")))
        documented = view.spec.responses(operation)
        if status not in documented and "default" not in documented:
            report.add(
                Finding(
                    "undocumented_status", operation, report_type, status,
                    "one of " + ", ".join(sorted(documented)), status, files,
                ),
                seen,
            )  # fmt: skip
        named = view.headers(operation, status)
        headers = response.get("headers", {})
        for name, required in named.items():
            if required and name not in headers:
                report.add(
                    Finding("missing_header", operation, report_type, name, "required", "missing", files),
                    seen,
                )
        for name, value in headers.items():
            if name in named or name in STANDARD_HEADERS or name.startswith(STANDARD_PREFIXES):
                continue
            report.add(
                Finding("unknown_header", operation, report_type, name, NOT_NAMED, short(value), files),
                seen,
            )
        pointer = view.answer_schema(operation, status, report_type) if status in documented else None
        if pointer is None:
            continue
        if not exchange.has_json_body():
            got = short(str(response.get("body_text", "")))
            report.add(Finding("not_json", operation, report_type, "$", "a JSON body", got, files), seen)
            continue
        for error in view.validator(pointer).iter_errors(body):
            for leaf in leaves(error):
                path, expected, got = expected_of(leaf)
                report.add(
                    Finding("mismatch", operation, report_type, star(path), expected, got, files), seen
                )
        for kind, path, value, expected in unknown_fields(view, {"$ref": pointer}, body, "$"):
            report.add(Finding(kind, operation, report_type, star(path), expected, short(value), files), seen)
        audit_csv(report, seen, view, recording, exchange, operation, report_type)
    return report


def audit_csv(
    report: Report,
    seen: dict[tuple[Any, ...], Finding],
    view: SpecView,
    recording: store.Recording,
    exchange: store.Exchange,
    operation: str,
    report_type: str | None,
) -> None:
    if operation != "getReportStatus":
        return
    if exchange.document.get("csv_error"):
        report.notes.append(f"{exchange.name}: no CSV saved: {exchange.document['csv_error']}")
        return
    data = recording.csv(exchange)
    if data is None:
        return
    file = str(exchange.document["csv"]["file"])
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig", "replace"))), [])
    if report_type is None:
        report.notes.append(f"{file}: the recording does not say which export this is")
        return
    documented = view.columns(report_type)
    if documented is None:
        note = f"{file}: the spec documents no columns for {report_type}; the file has: {', '.join(header)}"
        if note not in report.notes:
            report.notes.append(note)
        return
    files = [file]
    missing = [c for c in documented if c not in header]
    extra = [c for c in header if c not in documented]
    common = [c for c in header if c in documented]
    expected_order = [c for c in documented if c in header]
    for path, expected, got in (
        ("missing columns", "every documented column", missing),
        ("columns not documented", "only the documented columns", extra),
        ("column order", ", ".join(expected_order), common if common != expected_order else []),
    ):
        if got:
            report.add(
                Finding("csv_columns", operation, report_type, path, expected, ", ".join(got), files), seen
            )
