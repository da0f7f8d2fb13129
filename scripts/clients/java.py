"""Java: openapi-generator's `java` generator (library `native`) plus a typed report layer, `mvn package`.

Output, build/clients/java/: a Maven project (`io.lexer:lexer-activity-client`, the kit's version) with

- the generator's models (Jackson) and low-level API classes under io.lexer.activity.client.{model,api};
- `LexerClient`, rendered from templates/java/: one method per report type, named after the discriminator
  mapping's key and returning the model the request names in `x-lexer-response` (`SummaryReport`,
  `List<UserSummaryRow>`, `Map<String, List<StatesVolumePoint>>`, `ExportJob`), plus the status call (the
  documents' host by default), waiting for an export (Retry-After honoured) and its download;
  `LexerApiException` (status, parsed `ApiError`, Retry-After), `LexerException`, `RawResponse`;
- a pom.xml rendered here with exact versions of every dependency and plugin (the generator's pom leaves
  the default lifecycle plugins unpinned and comes with Gradle and sbt builds, which are removed).

The generator's input (`transform`): `ReportResult` untyped (no Java decoder of that anyOf works, and the
layer never needs it) and answer schemas that keep fields the spec does not list.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from clients import spec_facts
from clients.base import MODEL_NAME_MAPPINGS, Context, Language, render
from clients.transforms import answers_keep_unknown_fields, anyof_as_any, chain

PACKAGE = "io.lexer.activity.client"
GROUP_ID = "io.lexer"
ARTIFACT_ID = "lexer-activity-client"
HEADER = "// Rendered from openapi.yaml by `make clients` (scripts/clients/java.py); do not edit."
SOURCE = Path("src/main/java", *PACKAGE.split("."))
LAYER = ("LexerClient", "LexerApiException", "LexerException", "RawResponse")

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
# Date-times stay the strings the API sends (an OffsetDateTime prints `+00:00` as `Z`); integers are
# 64-bit (the spec gives them no size).
TYPE_MAPPINGS = {"DateTime": "String", "integer": "Long"}

# Exact versions. Jackson is the generator's own choice for `native` 7.26.
VERSIONS = {"jackson.version": "2.21.6"}
JACKSON = "${jackson.version}"
DEPENDENCIES = (
    {"group": "com.fasterxml.jackson.core", "artifact": "jackson-core", "version": JACKSON},
    {"group": "com.fasterxml.jackson.core", "artifact": "jackson-annotations", "version": "2.21"},
    {"group": "com.fasterxml.jackson.core", "artifact": "jackson-databind", "version": JACKSON},
    {"group": "com.fasterxml.jackson.datatype", "artifact": "jackson-datatype-jsr310", "version": JACKSON},
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
# Generator output the Maven project does not use (other build tools, CI files, a git script).
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
MVN_FLAGS = ["-B", "-ntp", "-Dstyle.color=never"]


def mvn() -> str:
    return shutil.which("mvn") or "mvn"


def java_type(shape: spec_facts.Shape) -> str:
    if shape.kind == "array":
        return f"List<{shape.item}>"
    if shape.kind == "map":
        return f"Map<String, List<{shape.item}>>"
    return MODEL_NAME_MAPPINGS.get(shape.name, shape.name)


def summary(spec: dict[str, Any], schema: str) -> str:
    """The first sentence of a schema's description (the doc comment of its method)."""
    text = " ".join(str(spec["components"]["schemas"][schema].get("description", schema)).split())
    match = re.match(r"(.+?[.:])(\s|$)", text)
    return (match.group(1) if match else text).rstrip(":.") + "."


def path_of(spec: dict[str, Any], operation_id: str) -> str:
    for path, item in spec["paths"].items():
        if any(isinstance(op, dict) and op.get("operationId") == operation_id for op in item.values()):
            return str(path)
    raise ValueError(f"no operation {operation_id}")


def documented_errors(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every documented error answer as {status, error}: the examples of the shared error responses."""
    codes: dict[str, int] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            for code, response in (
                operation.get("responses", {}) if isinstance(operation, dict) else {}
            ).items():
                ref = response.get("$ref", "")
                if ref.startswith("#/components/responses/") and code.isdigit():
                    codes[ref.rsplit("/", 1)[1]] = int(code)
    errors = []
    for name, response in spec["components"].get("responses", {}).items():
        for content in response.get("content", {}).values() if name in codes else ():
            for example in content.get("examples", {}).values():
                value = example.get("value")
                if isinstance(value, dict) and isinstance(value.get("error"), str):
                    errors.append({"status": codes[name], "error": value["error"]})
    return sorted(errors, key=lambda e: (e["status"], e["error"]))


def export_complete(spec: dict[str, Any]) -> str:
    """The ExportJob status of a ready file, as the spec lists it (`enum` or `x-extensible-enum`)."""
    status = spec["components"]["schemas"]["ExportJob"]["properties"]["status"]
    if "complete" not in (status.get("enum") or status.get("x-extensible-enum") or []):
        raise ValueError("ExportJob.status lists no `complete`")
    return "complete"


def layer_context(spec: dict[str, Any], version: str) -> dict[str, Any]:
    """What the Java templates are rendered with (the Rust module reuses it)."""
    reports = [
        {
            "type": r.type,
            "camel": r.camel,
            "request": MODEL_NAME_MAPPINGS.get(r.request, r.request),
            "response": r.answer.name,
            "shape": r.answer,
            "java_type": java_type(r.answer),
            "summary": summary(spec, r.request),
            "is_export": r.export,
        }
        for r in spec_facts.report_types(spec)
    ]
    token_header = next(iter(spec["components"]["securitySchemes"].values()))["name"]
    return {
        "header": HEADER,
        "package": PACKAGE,
        "model_package": f"{PACKAGE}.model",
        "version": version,
        "group_id": GROUP_ID,
        "artifact_id": ARTIFACT_ID,
        "base_url": spec_facts.api_server(spec),
        "status_url": spec_facts.documents_status_server(spec),
        "token_header": token_header,
        "reports_path": spec_facts.RUN_REPORT[0],
        "status_path": spec_facts.REPORT_STATUS[0],
        "users_path": path_of(spec, "listUsers"),
        "groups_path": path_of(spec, "listGroups"),
        "forms_path": path_of(spec, "listForms"),
        "reports": reports,
        "export_complete": export_complete(spec),
        "errors": documented_errors(spec),
        "versions": VERSIONS,
        "dependencies": DEPENDENCIES,
        "plugins": PLUGINS,
    }


def keep_generated(out: Path, keep: Any) -> None:
    """.openapi-generator/FILES lists only the generator's files that stay in the package."""
    listing = out / ".openapi-generator" / "FILES"
    files = [name for name in listing.read_text(encoding="utf-8").split() if keep(name)]
    listing.write_text("".join(f"{name}\n" for name in files), encoding="utf-8")


def finish(ctx: Context) -> None:
    for name in UNUSED:
        target = ctx.out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    keep_generated(ctx.out, lambda name: (ctx.out / name).is_file() and name not in ("pom.xml", "README.md"))
    context = layer_context(ctx.spec, ctx.version)
    (ctx.out / "pom.xml").write_text(render("java", "pom.xml.j2", **context), encoding="utf-8")
    (ctx.out / "README.md").write_text(render("java", "README.md.j2", **context), encoding="utf-8")
    for name in LAYER:
        text = render("java", f"{name}.java.j2", **context)
        (ctx.out / SOURCE / f"{name}.java").write_text(text, encoding="utf-8")


def build(ctx: Context) -> None:
    """`mvn package` (dependencies from Maven Central into ~/.m2 on a first run), javac with -Xlint:all.

    A warning in the rendered layer fails the build (the generator's own code has two Jackson deprecation
    warnings, left as they are).
    """
    output = ctx.run([mvn(), *MVN_FLAGS, "-DskipTests", "package"])
    ours = [
        line
        for line in output.splitlines()
        if "WARNING" in line and any(f"/{name}.java" in line for name in LAYER)
    ]
    if ours:
        from clients.base import ClientError

        raise ClientError("java: javac warns about the report layer:\n" + "\n".join(ours))


def classpath(out: Path) -> str:
    """The runtime classpath of a built client: its jar and its dependencies' jars (for programs)."""
    import subprocess

    target = out / "target" / "classpath.txt"
    subprocess.run(
        [
            mvn(),
            *MVN_FLAGS,
            "-q",
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            f"-Dmdep.outputFile={target}",
        ],
        cwd=out,
        check=True,
        capture_output=True,
    )
    jars = sorted((out / "target").glob(f"{ARTIFACT_ID}-*.jar"))
    return ":".join([str(jars[0]), target.read_text(encoding="utf-8").strip()])


LANGUAGE = Language(
    name="java",
    generator="java",
    options=OPTIONS,
    transform=chain(anyof_as_any, answers_keep_unknown_fields),
    extra={
        "typeMappings": TYPE_MAPPINGS,
        "globalProperties": {"apiTests": "false", "modelTests": "false", "apiDocs": "false"},
    },
    finish=finish,
    build=build,
    requires=("java", "mvn"),
)
