"""Regenerate generated_client/ from openapi.yaml (``make client``).

The whole tree is deleted and written again by openapi-python-client (pinned in uv.lock) with the committed
configuration (scripts/client-config.yaml) and custom templates (scripts/client_templates/). On top of the
generator's output this renders the typed report layer, ``lexer_activity_client/reports.py``, from
scripts/client_templates/reports.py.jinja: one ``run_report`` overload per report type, derived from the
discriminator mapping of ``RunReportRequest`` and each request schema's ``x-lexer-response``. The generator's
ruff post-hooks then format everything, so the same spec always gives the same bytes.

Usage: python scripts/generate_client.py [--spec openapi.yaml] [--output generated_client]
"""

from __future__ import annotations

import argparse
import os
import shutil
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
        bindings.append(ReportBinding(report_type, request, answers[response_schema], response_schema))
    return bindings


def _api_key_header(document: dict[str, Any]) -> str:
    for scheme in document["components"]["securitySchemes"].values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            return str(scheme["name"])
    raise SpecError("no apiKey security scheme in a header")


class LexerClientProject(Project):
    """The generator's project, plus the typed report layer rendered before the post-hooks format the tree."""

    def __init__(self, *, document: dict[str, Any], openapi: GeneratorData, config: Config) -> None:
        super().__init__(openapi=openapi, config=config, custom_template_path=TEMPLATES)
        self.document = document

    def _run_post_hooks(self) -> None:
        try:
            self._build_reports()
        except SpecError as exc:
            self.errors.append(GeneratorError(header="Typed report layer", detail=str(exc)))
            return
        super()._run_post_hooks()

    def _build_reports(self) -> None:
        reports = bind_reports(self.document, self.openapi, self.config)
        run_report_module, run_report = _find_endpoint(self.openapi, RUN_REPORT, self.config)
        status_module, status = _find_endpoint(self.openapi, REPORT_STATUS, self.config)
        job = _ok_property(status)
        if not isinstance(job, ModelProperty):
            raise SpecError(f"{REPORT_STATUS}'s 200 answer is not an object schema")
        error = _error_property(run_report)
        secured = run_report.requires_security or status.requires_security

        imports: set[str] = set()
        for prop in [job, error, *(r.request for r in reports), *(r.response for r in reports)]:
            lines = prop.get_imports(prefix=".") | prop.get_lazy_imports(prefix=".")
            imports |= {line for line in lines if line.startswith("from .")}
        template = self.env.get_template("reports.py.jinja")
        text = template.render(
            reports=reports,
            run_report=run_report_module,
            report_status=status_module,
            error_model=error,
            job_model=job,
            imports=sorted(imports),
            default_base_url=self.document["servers"][0]["url"],
            api_key_header=_api_key_header(self.document),
            client_type="AuthenticatedClient" if secured else "AuthenticatedClient | Client",
        )
        (self.package_dir / "reports.py").write_text(text, encoding=self.config.file_encoding)


def generate(spec: Path, output: Path) -> list[GeneratorError]:
    """Delete ``output`` and generate the client distribution into it; returns the generator's complaints."""
    # The post-hooks are bare `ruff` commands: make them this environment's pinned ruff.
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    ruff = shutil.which("ruff")
    if ruff is None or Path(ruff).parent != Path(bin_dir):
        return [GeneratorError(header="ruff", detail=f"ruff not found in {bin_dir}")]

    config = Config.from_sources(
        ConfigFile.load_from_path(CONFIG),
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
    if output.exists() and any(output.iterdir()) and not (output / "pyproject.toml").is_file():
        return [GeneratorError(header="output", detail=f"{output} is no generated client; not deleting it")]
    shutil.rmtree(output, ignore_errors=True)
    project = LexerClientProject(document=document, openapi=openapi, config=config)
    return list(project.build())


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
