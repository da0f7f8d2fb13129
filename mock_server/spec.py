"""Loading openapi.yaml and answering questions about it.

The mock never restates the contract: report types, request and response schemas, examples and
paths all come from the loaded document through this module.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server import loading

SPEC_ENV = "LEXER_MOCK_SPEC"
SPEC_NAME = "openapi.yaml"
SCHEMA_PREFIX = "#/components/schemas/"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class SpecError(Exception):
    """openapi.yaml is missing or lacks something the mock relies on."""


def find_spec(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where openapi.yaml is: the explicit path, else $LEXER_MOCK_SPEC, else the repository root
    next to this package (the layout of a checkout), else inside the package, else the current
    directory."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise SpecError(f"spec file not found: {path}")
        return path
    from_env = os.environ.get(SPEC_ENV)
    if from_env:
        path = Path(from_env)
        if not path.is_file():
            raise SpecError(f"${SPEC_ENV} names a missing file: {path}")
        return path
    package = Path(__file__).resolve().parent
    # A checkout has it at the repository root; a wheel may ship it inside the package.
    candidates = [package.parent / SPEC_NAME, package / SPEC_NAME, Path.cwd() / SPEC_NAME]
    for path in candidates:
        if path.is_file():
            return path
    raise SpecError(
        f"cannot find {SPEC_NAME} (looked at {', '.join(map(str, candidates))}); pass --spec PATH"
    )


def load_yaml(path: Path) -> Any:
    """A YAML file within the loading limits (size, nesting: mock_server/loading.py)."""
    return loading.load_yaml(path)


@dataclass
class Spec:
    """The parsed contract plus the lookups the mock needs."""

    document: dict[str, Any]
    path: Path | None = None
    _operations: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict, repr=False)
    # Values other modules derive from the document once; they live and die with this spec.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for path, item in self.document.get("paths", {}).items():
            for method in HTTP_METHODS:
                op = item.get(method) if isinstance(item, dict) else None
                if isinstance(op, dict) and "operationId" in op:
                    self._operations[op["operationId"]] = (path, method, op)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Spec:
        found = find_spec(path)
        try:
            document = load_yaml(found)
        except (loading.LoadError, OSError) as exc:
            raise SpecError(f"{found}: {exc}") from None
        if not isinstance(document, dict) or "paths" not in document:
            raise SpecError(f"{found} is not an OpenAPI document")
        return cls(document, found)

    def copy(self) -> dict[str, Any]:
        """A deep copy of the document, for Connexion (which resolves references in place)."""
        return copy.deepcopy(self.document)

    # ------------------------------------------------------------------ lookups
    def get(self, pointer: str) -> Any:
        """The node at a local reference such as ``#/components/schemas/User``."""
        node: Any = self.document
        for token in pointer.removeprefix("#").strip("/").split("/"):
            key = token.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node

    def resolve(self, node: Any) -> Any:
        """Follows ``$ref`` chains to the referenced node."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(f"reference cycle through {ref}")
            seen.add(ref)
            node = self.get(ref)
        return node

    def schema(self, name: str) -> dict[str, Any]:
        try:
            found = self.document["components"]["schemas"][name]
        except KeyError:
            raise SpecError(f"openapi.yaml has no schema components/schemas/{name}") from None
        if not isinstance(found, dict):
            raise SpecError(f"components/schemas/{name} is not a schema object")
        return found

    def operation(self, operation_id: str) -> tuple[str, str, dict[str, Any]]:
        """(path, method, operation object) of an operationId."""
        try:
            return self._operations[operation_id]
        except KeyError:
            raise SpecError(f"openapi.yaml has no operation {operation_id!r}") from None

    def operation_ids(self) -> list[str]:
        return list(self._operations)

    def report_request_schemas(self) -> dict[str, str]:
        """Report type -> request schema name, from runReport's discriminator mapping."""
        _, _, op = self.operation("runReport")
        body = self.resolve(op["requestBody"])
        schema = self.resolve(body["content"]["application/json"]["schema"])
        mapping = schema.get("discriminator", {}).get("mapping")
        if not isinstance(mapping, dict) or not mapping:
            raise SpecError("runReport's request schema has no discriminator mapping")
        out: dict[str, str] = {}
        for report_type, target in mapping.items():
            if not isinstance(target, str) or not target.startswith(SCHEMA_PREFIX):
                raise SpecError(f"discriminator mapping of {report_type!r} is not a component schema")
            out[report_type] = target.removeprefix(SCHEMA_PREFIX)
        return out

    def report_response_schema(self, report_type: str) -> str:
        """The schema name of a report type's 200 answer (``x-lexer-response``)."""
        request_schema = self.schema(self.report_request_schemas()[report_type])
        name = request_schema.get("x-lexer-response")
        if not isinstance(name, str):
            raise SpecError(f"the request schema of {report_type!r} has no x-lexer-response")
        return name

    def export_types(self) -> list[str]:
        """Report types that answer with an export job rather than data."""
        return [t for t in self.report_request_schemas() if self.report_response_schema(t) == "ExportJob"]

    def csv_columns(self, report_type: str) -> list[str] | None:
        """The columns a source lists for an export's CSV file (``x-lexer-csv-columns`` of its request
        schema), in order; None when no source lists them."""
        columns = self.schema(self.report_request_schemas()[report_type]).get("x-lexer-csv-columns")
        if columns is None:
            return None
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise SpecError(f"x-lexer-csv-columns of {report_type!r} is not a list of column names")
        return list(columns)

    def workflow_states(self) -> list[str]:
        """The workflow state names: the per-state counts of Team Volume, without the totals."""
        props = self.schema("UserStateCounts").get("properties", {})
        return [name for name in props if not name.startswith("all_")]

    def responses(self, operation_id: str) -> dict[str, dict[str, Any]]:
        """Status code -> resolved response object of an operation."""
        _, _, op = self.operation(operation_id)
        return {str(code): self.resolve(resp) for code, resp in op.get("responses", {}).items()}

    def iter_examples(self, operation_id: str) -> Iterator[tuple[str, str, Any]]:
        """(status code, example name, value) of every named response example of an operation."""
        for code, response in self.responses(operation_id).items():
            media = response.get("content", {}).get("application/json", {})
            for name, entry in media.get("examples", {}).items():
                example = self.resolve(entry)
                if isinstance(example, dict) and "value" in example:
                    yield code, name, example["value"]

    def report_status_path(self) -> str:
        path, _, _ = self.operation("getReportStatus")
        return path
