"""The Java client: openapi-generator's `java` (library `native`) models plus a typed report layer.

Output, build/clients/java/: a Maven project (`io.lexer:lexer-activity-client`, the kit's version from
openapi.yaml's info.version) with

- the generator's models (Jackson) and low-level API classes under io.lexer.activity.client.{model,api};
- `LexerClient`, rendered from templates/java/: one method per report type, named after the discriminator
  mapping's key and returning the type the request names in `x-lexer-response` (`SummaryReport`,
  `List<UserSummaryRow>`, `Map<String, List<StatesVolumePoint>>`, `ExportJob`), plus the status call, waiting
  for an export (Retry-After honoured) and its download; `LexerApiException` (status, error, message,
  Retry-After); `RawResponse`;
- a pom.xml rendered here with exact versions of every dependency and plugin (the generator's pom leaves
  the default lifecycle plugins unpinned and brings Gradle and sbt builds besides).

The generator sees a copy of the spec in which `ReportResult` is untyped (`report_result_untyped`): its Java
decoders cannot tell the alternatives apart, and the typed layer never needs that union.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clients.render import render_template

from clients import report_layer

LANG = "java"
GENERATOR = "java"
PACKAGE = "io.lexer.activity.client"
GROUP_ID = "io.lexer"
ARTIFACT_ID = "lexer-activity-client"
HEADER = "// Rendered from openapi.yaml by `make clients` (scripts/clients/java.py); do not edit."

OPTIONS: dict[str, Any] = {
    "library": "native",
    "useOneOfDiscriminatorLookup": True,
    # Unset optional filters stay out of the body (not `"users": []`).
    "containerDefaultToNull": True,
    "openApiNullable": False,
    "hideGenerationTimestamp": True,
    "groupId": GROUP_ID,
    "artifactId": ARTIFACT_ID,
    "invokerPackage": PACKAGE,
    "apiPackage": f"{PACKAGE}.api",
    "modelPackage": f"{PACKAGE}.model",
}
# Date-times stay the strings the API sends (an OffsetDateTime would print `+00:00` as `Z`), and integers
# are 64-bit: the spec gives them no size.
TYPE_MAPPINGS = {"DateTime": "String", "integer": "Long"}
MODEL_NAME_MAPPINGS = {"Error": "ApiError"}

# Exact versions. Jackson is the generator's own choice for `native` 7.26.
VERSIONS = {"jackson.version": "2.21.6"}
DEPENDENCIES = (
    {"group": "com.fasterxml.jackson.core", "artifact": "jackson-core", "version": "${jackson.version}"},
    {"group": "com.fasterxml.jackson.core", "artifact": "jackson-annotations", "version": "2.21"},
    {"group": "com.fasterxml.jackson.core", "artifact": "jackson-databind", "version": "${jackson.version}"},
    {
        "group": "com.fasterxml.jackson.datatype",
        "artifact": "jackson-datatype-jsr310",
        "version": "${jackson.version}",
    },
    {"group": "com.google.code.findbugs", "artifact": "jsr305", "version": "3.0.2"},
    {"group": "jakarta.annotation", "artifact": "jakarta.annotation-api", "version": "1.3.5"},
)
# Every plugin of the default lifecycle and the ones the tests call, so no build picks a version itself.
PLUGINS = (
    {"artifact": "maven-clean-plugin", "version": "3.3.2"},
    {"artifact": "maven-resources-plugin", "version": "3.3.1"},
    {"artifact": "maven-compiler-plugin", "version": "3.13.0"},
    {"artifact": "maven-surefire-plugin", "version": "3.2.5"},
    {"artifact": "maven-jar-plugin", "version": "3.4.1"},
    {"artifact": "maven-install-plugin", "version": "3.1.2"},
    {"artifact": "maven-deploy-plugin", "version": "3.1.2"},
    {"artifact": "maven-site-plugin", "version": "3.12.1"},
    {"artifact": "maven-dependency-plugin", "version": "3.6.1"},
)
# Generator output that the Maven project does not use (other build tools, CI files, a git script).
UNUSED = (
    "build.gradle",
    "build.sbt",
    "settings.gradle",
    "gradle.properties",
    "gradlew",
    "gradlew.bat",
    "gradle",
    "git_push.sh",
    ".travis.yml",
    ".github",
    "api",
    "src/main/AndroidManifest.xml",
)
LAYER = ("LexerClient", "LexerApiException", "LexerException", "RawResponse")
MVN_FLAGS = ["-B", "-q", "-ntp", "-Dstyle.color=never"]


def report_result_untyped(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` whose `ReportResult` is an untyped schema (only its description kept).

    openapi-generator's Java decoders of an `anyOf` (and `oneOf`) take the first alternative Jackson or Gson
    can read, and both ignore unknown and missing fields: every object answer came back as
    `CaseSummaryReport`, the rest dropped. The array and map alternatives also give `List<X>.class`, which
    does not compile. `runReport` of the low-level API then returns `Object`; `LexerClient` decodes each
    report into its own type.
    """
    copy: dict[str, Any] = {**spec, "components": {**spec["components"]}}
    schemas = dict(copy["components"]["schemas"])
    result = schemas.get("ReportResult", {})
    schemas["ReportResult"] = {key: value for key, value in result.items() if key in ("description", "title")}
    copy["components"]["schemas"] = schemas
    return copy


def answers_keep_unknown_fields(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` in which every object schema with properties and no `additionalProperties` says
    `additionalProperties: true` (request schemas, which say `false`, are left alone).

    The API may add answer fields; the generators' models then keep them (Java: a map behind
    @JsonAnySetter/@JsonAnyGetter; Rust: a `#[serde(flatten)]` map, see rust.py) and write them back, so a
    decoded answer re-serialises to the JSON received, new fields included.
    """
    copy: dict[str, Any] = {**spec, "components": {**spec["components"]}}
    schemas = {}
    for name, schema in copy["components"]["schemas"].items():
        if (
            schema.get("type") == "object"
            and schema.get("properties")
            and "additionalProperties" not in schema
        ):
            schema = {**schema, "additionalProperties": True}
        schemas[name] = schema
    copy["components"]["schemas"] = schemas
    return copy


def generator_input(spec: dict[str, Any]) -> dict[str, Any]:
    """What the generator sees: ReportResult untyped, answer models that keep unknown fields."""
    return answers_keep_unknown_fields(report_result_untyped(spec))


def batch_config(spec_path: Path, out: Path) -> dict[str, Any]:
    """The openapi-generator batch entry of this client (its input is `generator_input(spec)`)."""
    return {
        "generatorName": GENERATOR,
        "inputSpec": str(spec_path),
        "outputDir": str(out),
        "additionalProperties": dict(OPTIONS),
        "typeMappings": TYPE_MAPPINGS,
        "modelNameMappings": MODEL_NAME_MAPPINGS,
        "globalProperties": {"apiTests": "false", "modelTests": "false", "apiDocs": "false"},
    }


def java_type(shape: report_layer.Shape) -> str:
    item = MODEL_NAME_MAPPINGS.get(shape.item, shape.item)
    if shape.kind == "array":
        return f"List<{item}>"
    if shape.kind == "map":
        return f"Map<String, List<{item}>>"
    return item


def path_of(spec: dict[str, Any], operation_id: str) -> str:
    for path, item in spec["paths"].items():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return str(path)
    raise report_layer.SpecError(f"no operation {operation_id}")


def render(spec: dict[str, Any], out: Path) -> None:
    """Replace the generator's pom with ours, drop what Maven does not use, and render the report layer."""
    for name in UNUSED:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    context = layer_context(spec)
    (out / "pom.xml").write_text(render_template(LANG, "pom.xml.j2", context), encoding="utf-8")
    (out / "README.md").write_text(render_template(LANG, "README.md.j2", context), encoding="utf-8")
    source = out / "src" / "main" / "java" / Path(*PACKAGE.split("."))
    for name in LAYER:
        text = render_template(LANG, f"{name}.java.j2", context)
        (source / f"{name}.java").write_text(text, encoding="utf-8")


def layer_context(spec: dict[str, Any]) -> dict[str, Any]:
    reports = [
        {
            "type": r.type,
            "camel": r.camel,
            "request": MODEL_NAME_MAPPINGS.get(r.request, r.request),
            "response": r.response,
            "java_type": java_type(r.shape),
            "summary": r.summary,
            "is_export": r.is_export,
        }
        for r in report_layer.report_types(spec)
    ]
    security = spec["components"]["securitySchemes"]
    token_header = next(iter(security.values()))["name"]
    return {
        "header": HEADER,
        "package": PACKAGE,
        "model_package": f"{PACKAGE}.model",
        "version": report_layer.kit_version(spec),
        "group_id": GROUP_ID,
        "artifact_id": ARTIFACT_ID,
        "base_url": report_layer.default_server(spec),
        "status_url": report_layer.status_server(spec),
        "token_header": token_header,
        "reports_path": path_of(spec, "runReport"),
        "status_path": path_of(spec, "getReportStatus"),
        "users_path": path_of(spec, "listUsers"),
        "groups_path": path_of(spec, "listGroups"),
        "forms_path": path_of(spec, "listForms"),
        "reports": reports,
        "export_complete": report_layer.export_complete(spec),
        "errors": report_layer.documented_errors(spec),
        "versions": VERSIONS,
        "dependencies": DEPENDENCIES,
        "plugins": PLUGINS,
    }


def build(out: Path) -> Path:
    """`mvn package` of the client (dependencies from Maven Central into ~/.m2 on the first run); the jar.

    javac runs with -Xlint:all; a warning in the rendered layer fails the build (the generator's own code
    has two deprecation warnings of Jackson's, which are left as they are).
    """
    mvn = shutil.which("mvn")
    if mvn is None:
        raise SystemExit("clients: `mvn` (Maven 3.6 or newer) is not on PATH")
    flags = [flag for flag in MVN_FLAGS if flag != "-q"]
    proc = subprocess.run(
        [mvn, *flags, "-DskipTests", "package"], cwd=out, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"clients: mvn package failed in {out}:\n{proc.stdout[-6000:]}{proc.stderr[-2000:]}")
    ours = [
        line
        for line in proc.stdout.splitlines()
        if "WARNING" in line and any(f"/{n}.java" in line for n in LAYER)
    ]
    if ours:
        raise SystemExit("clients: javac warns about the report layer:\n" + "\n".join(ours))
    jars = sorted((out / "target").glob(f"{ARTIFACT_ID}-*.jar"))
    if not jars:
        raise SystemExit(f"clients: mvn package left no jar in {out / 'target'}")
    return jars[0]


def classpath(out: Path) -> str:
    """The runtime classpath of the built client: its jar and its dependencies' jars."""
    target = out / "target" / "classpath.txt"
    mvn = shutil.which("mvn") or "mvn"
    subprocess.run(
        [
            mvn,
            *MVN_FLAGS,
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            f"-Dmdep.outputFile={target}",
        ],
        cwd=out,
        check=True,
    )
    jars = sorted((out / "target").glob(f"{ARTIFACT_ID}-*.jar"))
    return ":".join([str(jars[0]), target.read_text(encoding="utf-8").strip()])


def generate(spec: dict[str, Any], out: Path, work: Path) -> None:
    """Generate, then render the layer into `out` (without building)."""
    import json

    from clients.jvm_generator import run_batch

    work.mkdir(parents=True, exist_ok=True)
    spec_path = work / "openapi.java.json"
    spec_path.write_text(json.dumps(generator_input(spec), indent=1), encoding="utf-8")
    run_batch([batch_config(spec_path, out)], work)
    render(spec, out)


def main() -> int:
    import argparse

    import yaml

    root = Path(__file__).resolve().parent.parent.parent
    parser = argparse.ArgumentParser(description="Generate and build the Java client.")
    parser.add_argument("--spec", type=Path, default=root / "openapi.yaml")
    parser.add_argument("--out", type=Path, default=root / "build" / "clients" / LANG)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    out = args.out.resolve()
    generate(spec, out, out.parent / ".work" / LANG)
    if not args.no_build:
        print(build(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
