"""Regenerate generated_client/ from openapi.yaml (``make client``).

The whole tree is deleted and written again by openapi-python-client (pinned in uv.lock) with the committed
configuration (scripts/client-config.yaml) and custom templates (scripts/client_templates/), through the
generator's public API only (``Project``, ``Project.build``, ``Project.env``). On top of its output this
renders the typed client (``MODULES``: ``Lexer``/``AsyncLexer``, the retrying sender, the compatible
``reports`` module, the ``lexer-activity`` command) from the same templates folder: one method per operation
(resource and method names from the config's ``lexer_client``), one ``run`` overload per report type (derived
from the discriminator mapping of ``RunReportRequest`` and each request schema's ``x-lexer-response``). The
config's ruff post-hooks then format everything, so the same spec always gives the same bytes.

Usage: python scripts/generate_client.py [--spec openapi.yaml] [--output generated_client]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.parser.openapi import Endpoint
from openapi_python_client.parser.properties import ModelProperty, Property
from openapi_python_client.parser.properties.protocol import PropertyProtocol
from openapi_python_client.parser.properties.schemas import Class
from openapi_python_client.parser.properties.union import UnionProperty
from openapi_python_client.strings import PythonIdentifier
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
OUTPUT = ROOT / "generated_client"
CONFIG = ROOT / "scripts" / "client-config.yaml"
TEMPLATES = ROOT / "scripts" / "client_templates"

RUN_REPORT = "runReport"
REPORT_STATUS = "getReportStatus"
REQUEST_SCHEMA = "RunReportRequest"
RESULT_SCHEMA = "ReportResult"
RESPONSE_KEY = "x-lexer-response"
NPS_CATEGORY = "nps_category"
SCHEMA_PREFIX = "#/components/schemas/"


class SpecError(Exception):
    """The document lacks something the typed report layer is derived from."""


@dataclass(frozen=True)
class ReportBinding:
    """One report type: its request model and the property its 200 answer parses into."""

    type: str
    request: ModelProperty
    response: PropertyProtocol
    response_schema: str
    request_schema: str


def _schema_name(ref: str) -> str:
    if not ref.startswith(SCHEMA_PREFIX):
        raise SpecError(f"expected a reference to {SCHEMA_PREFIX}..., got {ref!r}")
    return ref[len(SCHEMA_PREFIX) :]


def _find_endpoint(openapi: GeneratorData, operation_id: str, config: Config) -> tuple[str, Endpoint]:
    """The endpoint and its module path ("api.<tag>.<module>", named as the generator names it)."""
    module = PythonIdentifier(operation_id, config.field_prefix)
    for tag, collection in openapi.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            if PythonIdentifier(endpoint.name, config.field_prefix) == module:
                return f"api.{tag}.{module}", endpoint
    raise SpecError(f"no operation {operation_id!r}")


def _ok_property(endpoint: Endpoint) -> Property:
    for response in endpoint.responses:
        if response.status_code.pattern == "200":
            return response.prop
    raise SpecError(f"{endpoint.name} has no 200 response")


def _error_property(endpoint: Endpoint) -> ModelProperty:
    for response in endpoint.responses:
        if response.status_code.pattern.startswith("4") and isinstance(response.prop, ModelProperty):
            return response.prop
    raise SpecError(f"{endpoint.name} documents no 4xx error body")


def bind_reports(document: dict[str, Any], openapi: GeneratorData, config: Config) -> list[ReportBinding]:
    """Pair every report type with its request model and its answer's property, from the document."""
    schemas: dict[str, Any] = document["components"]["schemas"]
    models = {str(model.class_info.name): model for model in openapi.models}
    mapping: dict[str, str] = schemas[REQUEST_SCHEMA]["discriminator"]["mapping"]

    # runReport's 200 union lists the alternatives of ReportResult in document order; pair them by position.
    _, run_report = _find_endpoint(openapi, RUN_REPORT, config)
    union = _ok_property(run_report)
    alternatives = [_schema_name(item["$ref"]) for item in schemas[RESULT_SCHEMA]["anyOf"]]
    if not isinstance(union, UnionProperty) or len(union.inner_properties) != len(alternatives):
        raise SpecError(f"{RUN_REPORT}'s 200 answer does not list the {RESULT_SCHEMA} schemas one by one")
    answers: dict[str, PropertyProtocol] = dict(zip(alternatives, union.inner_properties, strict=True))
    for name, prop in answers.items():
        expected = Class.from_string(string=name, config=config).name
        if isinstance(prop, ModelProperty) and prop.class_info.name != expected:
            raise SpecError(f"{RESULT_SCHEMA} alternative {name} was generated as {prop.class_info.name}")

    bindings = []
    for report_type, ref in mapping.items():
        request_schema = _schema_name(ref)
        response_schema = schemas[request_schema].get(RESPONSE_KEY)
        if not isinstance(response_schema, str) or response_schema not in answers:
            raise SpecError(f"{request_schema}.{RESPONSE_KEY} must name one of the {RESULT_SCHEMA} schemas")
        request = models.get(str(Class.from_string(string=request_schema, config=config).name))
        if request is None:
            raise SpecError(f"no model generated for {request_schema}")
        binding = ReportBinding(
            report_type, request, answers[response_schema], response_schema, request_schema
        )
        bindings.append(binding)
    return bindings


def _api_key_header(document: dict[str, Any]) -> str:
    for scheme in document["components"]["securitySchemes"].values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            return str(scheme["name"])
    raise SpecError("no apiKey security scheme in a header")


@dataclass(frozen=True)
class Operation:
    """One operation as the typed client shows it: ``Lexer.<resource>.<method>(...)``."""

    operation_id: str
    name: str  # the generator's module name of the operation (snake case)
    resource: str
    method: str
    alias: str  # the type alias of its 200 answer
    http_method: str
    path: str
    query: list[tuple[str, str]]  # (Python name, wire name) of each query parameter
    kind: str  # "report" (runReport), "status" (getReportStatus) or "plain"
    response: PropertyProtocol
    summary: str


@dataclass(frozen=True)
class Resource:
    attribute: str
    class_name: str
    operations: list[Operation]


def _operations(
    document: dict[str, Any], openapi: GeneratorData, config: Config, methods: dict[str, str]
) -> list[Operation]:
    """Every operation of the document, each bound to the resource and method the config names."""
    found = []
    for path, item in document["paths"].items():
        for http_method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            operation_id = str(operation["operationId"])
            if operation_id not in methods:
                raise SpecError(f"{CONFIG.name}: lexer_client.methods names no method for {operation_id}")
            resource, _, method = methods[operation_id].partition(".")
            module, endpoint = _find_endpoint(openapi, operation_id, config)
            name = module.rsplit(".", 1)[1]
            query = [
                (str(PythonIdentifier(str(param["name"]), config.field_prefix)), str(param["name"]))
                for param in operation.get("parameters", [])
                if param.get("in") == "query"
            ]
            kinds = {RUN_REPORT: "report", REPORT_STATUS: "status"}
            kind = kinds.get(operation_id, "plain")
            found.append(
                Operation(
                    operation_id=operation_id,
                    name=name,
                    resource=resource,
                    method=method,
                    alias=f"{Class.from_string(string=operation_id, config=config).name}Answer",
                    http_method=http_method.upper(),
                    path=str(path),
                    query=query,
                    kind=kind,
                    response=_ok_property(endpoint),
                    summary=str(operation.get("summary", operation_id)),
                )
            )
    unknown = set(methods) - {op.operation_id for op in found}
    if unknown:
        raise SpecError(f"{CONFIG.name}: lexer_client.methods names unknown operations {sorted(unknown)}")
    order = list(methods)
    return sorted(found, key=lambda op: order.index(op.operation_id))


def _resources(operations: list[Operation]) -> list[Resource]:
    grouped: dict[str, list[Operation]] = {}
    for op in operations:
        grouped.setdefault(op.resource, []).append(op)
    return [Resource(name, name.title().replace("_", ""), ops) for name, ops in grouped.items()]


def _bad_request_types(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(member name, error type) of every documented 400 example of runReport, for BadRequestType."""
    operation = next(
        op
        for item in document["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and op.get("operationId") == RUN_REPORT
    )
    response = operation["responses"].get("400")
    if response is None:
        raise SpecError(f"{RUN_REPORT} documents no 400 answer")
    while "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    examples = response["content"]["application/json"].get("examples", {})
    types = []
    for name, example in examples.items():
        member = re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()
        types.append((member, str(example["value"]["error"])))
    if not types:
        raise SpecError(f"{RUN_REPORT}'s 400 answer has no examples naming its error types")
    return types


def _status_base_url(document: dict[str, Any]) -> str:
    """The first server of the status operation (the documents' host), else the document's first server."""
    for item in document["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == REPORT_STATUS and op.get("servers"):
                return str(op["servers"][0]["url"])
    return str(document["servers"][0]["url"])


def _known_values(document: dict[str, Any], field: str, schema_names: list[str]) -> list[str]:
    """The values the request schemas list for ``field`` (``enum``, or an open string's
    ``x-extensible-enum``), in the document's order."""
    schemas: dict[str, Any] = document["components"]["schemas"]
    for name in schema_names:
        prop = schemas[name].get("properties", {}).get(field)
        while isinstance(prop, dict) and "$ref" in prop:
            prop = schemas[_schema_name(prop["$ref"])]
        if isinstance(prop, dict):
            values = prop.get("enum") or prop.get("x-extensible-enum")
            if values:
                return [str(value) for value in values]
    raise SpecError(f"no request schema lists the values of {field}")


def typed_client_context(
    document: dict[str, Any], openapi: GeneratorData, config: Config, settings: dict[str, Any]
) -> dict[str, Any]:
    """What the templates of the typed client are rendered with (the Jinja global ``lexer``)."""
    reports = bind_reports(document, openapi, config)
    operations = _operations(document, openapi, config, dict(settings["methods"]))
    _, status = _find_endpoint(openapi, REPORT_STATUS, config)
    job = _ok_property(status)
    if not isinstance(job, ModelProperty):
        raise SpecError(f"{REPORT_STATUS}'s 200 answer is not an object schema")
    _, run_report = _find_endpoint(openapi, RUN_REPORT, config)
    error = _error_property(run_report)
    imports: set[str] = set()
    props = [job, error, *(r.request for r in reports), *(r.response for r in reports)]
    props += [op.response for op in operations]
    for prop in props:
        lines = prop.get_imports(prefix=".") | prop.get_lazy_imports(prefix=".")
        imports |= {line for line in lines if line.startswith("from .")}
    status_method = next(op.method for op in operations if op.kind == "status")
    nps_categories = _known_values(document, NPS_CATEGORY, [r.request_schema for r in reports])
    return {
        "reports": reports,
        "operations": operations,
        "resources": _resources(operations),
        "job_model": job,
        "error_model": error,
        "imports": sorted(imports),
        "request_types": {str(r.request.class_info.name): r.type for r in reports},
        "bad_request_types": _bad_request_types(document),
        "default_base_url": document["servers"][0]["url"],
        "status_base_url": _status_base_url(document),
        "status_method": status_method,
        "nps_categories": nps_categories,
        "api_key_header": _api_key_header(document),
    }


# The typed client's own modules: template (scripts/client_templates/) -> file of the package.
MODULES = {
    "_checks.py.jinja": "_checks.py",
    "_base_client.py.jinja": "_base_client.py",
    "_client.py.jinja": "_client.py",
    "reports.py.jinja": "reports.py",
    "cli.py.jinja": "cli.py",
    "__main__.py.jinja": "__main__.py",
}


def _run_hooks(hooks: list[str], cwd: Path) -> list[GeneratorError]:
    problems = []
    for hook in hooks:
        result = subprocess.run(shlex.split(hook), cwd=cwd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            detail = result.stderr or result.stdout
            problems.append(GeneratorError(header=f"post-hook {hook!r} failed", detail=detail))
    return problems


def generate(spec: Path, output: Path) -> list[GeneratorError]:
    """Delete ``output`` and generate the client distribution into it; returns the generator's complaints.

    The generator (its public ``Project.build``) writes the tree with the config's post-hooks removed; the
    typed client's modules are then rendered in the generator's own Jinja environment (``Project.env``), and
    the post-hooks run last, here, over everything.
    """
    # The post-hooks are bare `ruff` commands: make them this environment's pinned ruff.
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    ruff = shutil.which("ruff")
    if ruff is None or Path(ruff).parent != Path(bin_dir):
        return [GeneratorError(header="ruff", detail=f"ruff not found in {bin_dir}")]

    config_file = ConfigFile.load_from_path(CONFIG)
    hooks = list(config_file.post_hooks or [])
    settings = YAML(typ="safe").load(CONFIG.read_bytes()).get("lexer_client") or {}
    config = Config.from_sources(
        config_file.model_copy(update={"post_hooks": []}),
        MetaType.UV,
        spec,
        "utf-8",
        overwrite=True,
        output_path=output,
    )
    document = YAML(typ="safe").load(spec.read_bytes())
    openapi = GeneratorData.from_dict(document, config=config)
    if isinstance(openapi, GeneratorError):
        return [openapi]
    try:
        context = typed_client_context(document, openapi, config, settings)
    except (SpecError, KeyError) as exc:
        return [GeneratorError(header="Typed client", detail=str(exc))]
    if output.exists() and any(output.iterdir()) and not (output / "pyproject.toml").is_file():
        return [GeneratorError(header="output", detail=f"{output} is no generated client; not deleting it")]
    shutil.rmtree(output, ignore_errors=True)
    project = Project(openapi=openapi, config=config, custom_template_path=TEMPLATES)
    project.env.globals["lexer"] = context
    problems = list(project.build())
    for template_name, file_name in MODULES.items():
        text = project.env.get_template(template_name).render()
        (project.package_dir / file_name).write_text(text, encoding=config.file_encoding)
    return problems + _run_hooks(hooks, project.project_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--spec", type=Path, default=SPEC, help="OpenAPI document (default: openapi.yaml)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="target (default: generated_client)")
    args = parser.parse_args(argv)
    problems = generate(args.spec.resolve(), args.output.resolve())
    for problem in problems:
        print(f"{problem.level.value}: {problem.header}: {problem.detail}", file=sys.stderr)
    if problems:
        print("make client: the generator reported problems; fix the spec or the templates", file=sys.stderr)
        return 1
    print(f"generated {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
