"""What the typed report layers are rendered from: facts read from openapi.yaml, never restated.

- `report_types(spec)`: one `Report` per entry of RunReportRequest's discriminator mapping, in the
  mapping's order, with the request schema and its answer schema (the request's `x-lexer-response`).
- `answer_shape(spec, name)`: whether an answer schema is an object model, an array of a row model or a
  map of arrays of a point model (each language spells those three its own way).
- `status_servers(spec)`: the servers of getReportStatus (the documents' host first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Spec = dict[str, Any]
RUN_REPORT = ("/activity/reports", "post")
REPORT_STATUS = ("/activity/reports/status", "get")


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def schemas(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


@dataclass(frozen=True)
class Shape:
    """An answer schema: `object` (model `name`), `array` of `item`, or `map` of arrays of `item`."""

    kind: Literal["object", "array", "map"]
    name: str  # the answer schema's own name
    item: str | None = None  # the row or point model of an array or map


@dataclass(frozen=True)
class Report:
    type: str  # the discriminator value, e.g. "case_details"
    request: str  # request schema name, e.g. "CaseDetailsRequest"
    answer: Shape  # the 200 answer
    export: bool  # the answer is an export job (polled with getReportStatus, downloaded as CSV)

    @property
    def camel(self) -> str:
        """`caseDetails`."""
        head, *rest = self.type.split("_")
        return head + "".join(word.capitalize() for word in rest)

    @property
    def pascal(self) -> str:
        """`CaseDetails`."""
        return "".join(word.capitalize() for word in self.type.split("_"))


def answer_shape(spec: Spec, name: str) -> Shape:
    schema = schemas(spec)[name]
    if schema.get("type") == "array":
        return Shape("array", name, ref_name(schema["items"]["$ref"]))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and "properties" not in schema:
        return Shape("map", name, ref_name(extra["items"]["$ref"]))
    return Shape("object", name)


def run_report_request(spec: Spec) -> dict[str, Any]:
    body = spec["paths"][RUN_REPORT[0]][RUN_REPORT[1]]["requestBody"]["content"]["application/json"]
    schema: dict[str, Any] = body["schema"]
    if "$ref" in schema:
        schema = schemas(spec)[ref_name(schema["$ref"])]
    return schema


def report_types(spec: Spec) -> list[Report]:
    mapping: dict[str, str] = run_report_request(spec)["discriminator"]["mapping"]
    reports = []
    for report_type, ref in mapping.items():
        request = ref_name(ref)
        answer = schemas(spec)[request]["x-lexer-response"]
        reports.append(Report(report_type, request, answer_shape(spec, answer), answer == "ExportJob"))
    return reports


def status_servers(spec: Spec) -> list[str]:
    op = spec["paths"][REPORT_STATUS[0]][REPORT_STATUS[1]]
    return [server["url"] for server in op.get("servers", spec["servers"])]


def documents_status_server(spec: Spec) -> str:
    """The host the documents call getReportStatus on: the server it names beyond the API's own."""
    own = {server["url"] for server in spec["servers"]}
    urls = status_servers(spec)
    return next((url for url in urls if url not in own), urls[0])


def api_server(spec: Spec) -> str:
    url: str = spec["servers"][0]["url"]
    return url
