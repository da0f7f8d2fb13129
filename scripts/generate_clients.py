"""Generate the TypeScript, Go and Java clients of openapi.yaml (`make clients`).

One JVM run of openapi-generator (the jar shipped inside the pinned `openapi-generator-cli` PyPI package,
started with the machine's Java) generates all three clients with its `batch` command, then the TypeScript
client is type-checked with the pinned `tsc --noEmit`. Output: build/clients/{typescript,go,java}/.
Exits non-zero when generation or the type check fails.

The generator options, and why each was chosen, are in README.md ("Other languages").
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
OUT = ROOT / "build" / "clients"
TSC = ROOT / "node_modules" / ".bin" / "tsc"

# Faster start-up for a short-lived JVM: no C2 compiler, serial GC, class-data sharing when available.
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.awt.headless=true"]

# The same model names in every language: `Error` clashes with built-in types (TypeScript renames it
# `ModelError` with a warning per use, Java would shadow java.lang.Error).
MODEL_NAME_MAPPINGS = {"Error": "ApiError"}

# Only the client code and its docs: no generated test stubs, no git_push.sh / CI files.
GLOBAL_PROPERTIES = {"apiTests": "false", "modelTests": "false"}


def anyof_as_oneof(spec: dict[str, Any]) -> dict[str, Any]:
    """For typescript-fetch: every schema's `anyOf` list passed as `oneOf`.

    typescript-fetch turns a schema-level `anyOf` into ONE interface holding the properties of all the
    alternatives (all required, clashing names typed from the first) and drops the array and map
    alternatives. Its `oneOf` is a TypeScript union, which is what `anyOf` means in TypeScript (a union
    is not exclusive); with `withoutRuntimeChecks` nothing checks exclusivity at run time either.
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if "anyOf" in node and "oneOf" not in node:
            node = {("oneOf" if key == "anyOf" else key): value for key, value in node.items()}
        return node

    return map_schemas(spec, rewrite)


def anyof_as_any(spec: dict[str, Any]) -> dict[str, Any]:
    """For java: every schema with an `anyOf` passed as an untyped schema (`Object` in Java).

    The Java generators cannot decode ReportResult: `native` (Jackson) takes the first alternative that
    parses, and Jackson ignores unknown and missing fields, so every object report came back as
    CaseSummaryReport and every array as CaseClassificationsReport, the other fields dropped; array and
    map alternatives also gave `List<X>.class` (not Java). Untyped, runReport returns the JSON as
    Map/List and the caller converts it to the model its request `type` names (README).
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if "anyOf" in node:
            return {key: value for key, value in node.items() if key in ("description", "title")}
        return node

    return map_schemas(spec, rewrite)


def map_schemas(spec: dict[str, Any], rewrite: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """A copy of `spec` with `rewrite` applied to every mapping in it (bottom-up)."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return rewrite({key: walk(value) for key, value in node.items()})
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    result: dict[str, Any] = walk(spec)
    return result


@dataclass(frozen=True)
class Target:
    """One generated client: where it goes, which generator, which options."""

    lang: str
    generator: str
    options: dict[str, Any]
    # A rewrite of the generator's input, for a generator that mishandles part of the spec (see above).
    transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


TARGETS: tuple[Target, ...] = (
    Target(
        lang="typescript",
        generator="typescript-fetch",
        options={
            "npmName": "lexer-activity-client",
            "supportsES6": True,
            # Return the JSON bodies as they are, typed by the spec: no FromJSON/ToJSON decoders (which
            # cannot tell the ReportResult alternatives apart), snake_case properties as on the wire,
            # date-times as ISO strings.
            "withoutRuntimeChecks": True,
            "modelPropertyNaming": "original",
            "hideGenerationTimestamp": True,
        },
        transform=anyof_as_oneof,
    ),
    Target(
        lang="go",
        generator="go",
        options={
            "packageName": "lexeractivity",
            # RunReportRequest: pick the variant from `type` through the discriminator mapping instead of
            # trying every variant (several variants accept the same JSON, which is an error otherwise).
            "useOneOfDiscriminatorLookup": True,
            "hideGenerationTimestamp": True,
            "enumClassPrefix": True,
        },
        extra={"gitHost": "example.com", "gitUserId": "lexer", "gitRepoId": "activity-client-go"},
    ),
    Target(
        lang="java",
        generator="java",
        options={
            "library": "native",
            "useOneOfDiscriminatorLookup": True,
            # Unset optional filters stay out of the body (not `"users": []`).
            "containerDefaultToNull": True,
            "openApiNullable": False,
            "hideGenerationTimestamp": True,
            "groupId": "io.lexer",
            "artifactId": "lexer-activity-client",
            "invokerPackage": "io.lexer.activity.client",
            "apiPackage": "io.lexer.activity.client.api",
            "modelPackage": "io.lexer.activity.client.model",
        },
        transform=anyof_as_any,
    ),
)


def jar_path() -> Path:
    """The openapi-generator jar inside the installed openapi-generator-cli package (no download)."""
    jar = Path(str(importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"))
    if not jar.is_file():
        raise SystemExit(f"generate_clients: {jar} is missing; run `make setup`")
    return jar


def batch_config(target: Target, spec_path: Path, out: Path) -> dict[str, Any]:
    config: dict[str, Any] = {
        "generatorName": target.generator,
        "inputSpec": str(spec_path),
        "outputDir": str(out / target.lang),
        "additionalProperties": dict(target.options),
        "modelNameMappings": MODEL_NAME_MAPPINGS,
        "globalProperties": GLOBAL_PROPERTIES,
    }
    config.update(target.extra)
    return config


def generate(targets: tuple[Target, ...], spec_file: Path, out: Path, verbose: bool) -> None:
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    configs: list[Path] = []
    for target in targets:
        shutil.rmtree(out / target.lang, ignore_errors=True)
        spec_path = spec_file.resolve()
        if target.transform is not None:
            spec_path = work / f"openapi.{target.lang}.json"
            spec_path.write_text(json.dumps(target.transform(spec), indent=1), encoding="utf-8")
        config_path = work / f"{target.lang}.json"
        config_path.write_text(json.dumps(batch_config(target, spec_path, out), indent=1), encoding="utf-8")
        configs.append(config_path)

    java = shutil.which("java")
    if java is None:
        raise SystemExit("generate_clients: `java` (17 or newer) is not on PATH")
    cmd = [java, *JVM_FLAGS, "-jar", str(jar_path()), "batch", "--fail-fast", *map(str, configs)]
    log = work / "generator.log"
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, check=False)
    text = log.read_text(encoding="utf-8", errors="replace")
    if verbose:
        print(text)
    # The batch command can report a failed config in its output and still exit 0: check both.
    failed = proc.returncode != 0 or "[FAIL]" in text or "Exception" in text
    missing = [t.lang for t in targets if not (out / t.lang / ".openapi-generator" / "FILES").is_file()]
    if failed or missing:
        print("\n".join(text.splitlines()[-40:]), file=sys.stderr)
        raise SystemExit(f"generate_clients: openapi-generator failed (exit {proc.returncode}; log {log})")
    for target in targets:
        files = (out / target.lang / ".openapi-generator" / "FILES").read_text(encoding="utf-8").split()
        print(f"generated {target.generator:17s} -> {display(out / target.lang)}/ ({len(files)} files)")
    print(f"openapi-generator: {time.monotonic() - started:.1f} s (one JVM, {len(targets)} generators)")


TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "module": "commonjs",
        "lib": ["ES2022", "DOM"],
        "strict": True,
        "noEmit": True,
        "skipLibCheck": True,
        "forceConsistentCasingInFileNames": True,
        "noUnusedLocals": False,
    },
    "include": ["**/*.ts"],
    "exclude": ["node_modules", "dist"],
}


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def typecheck_typescript(out: Path) -> None:
    if not TSC.exists():
        raise SystemExit(f"generate_clients: {TSC} is missing; run `make setup` (npm ci)")
    client = out / "typescript"
    tsconfig = client / "tsconfig.check.json"
    tsconfig.write_text(json.dumps(TSCONFIG, indent=2) + "\n", encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.run([str(TSC), "--noEmit", "-p", str(tsconfig)], cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(
            f"generate_clients: tsc --noEmit failed on {display(client)} (exit {proc.returncode})"
        )
    print(f"tsc --noEmit {display(client)}: ok ({time.monotonic() - started:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    langs = [t.lang for t in TARGETS]
    parser.add_argument("--lang", action="append", choices=langs, help="only these (repeatable)")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the OpenAPI document (openapi.yaml)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (build/clients)")
    parser.add_argument("--no-typecheck", action="store_true", help="skip tsc (quick experiments only)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the generator's own log")
    args = parser.parse_args(argv)
    targets = tuple(t for t in TARGETS if not args.lang or t.lang in args.lang)
    out = args.out.resolve()
    generate(targets, args.spec, out, args.verbose)
    if any(t.lang == "typescript" for t in targets) and not args.no_typecheck:
        typecheck_typescript(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
