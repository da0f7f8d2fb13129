"""The Rust client: openapi-generator's `rust` models (serde) plus a rendered crate around them.

Output, build/clients/rust/: the crate `lexer-activity-client` (library `lexer_activity_client`, the kit's
version from openapi.yaml's info.version) with

- `src/models/`: the generator's serde models (date-times as `String`, integers `i64`, `format: double` as
  `f64`); the generator's reqwest/tokio API code is not used;
- `src/client.rs`, `src/error.rs`, `src/reports.rs`, `src/lib.rs`, rendered from templates/rust/: a blocking
  client on ureq (rustls: no OpenSSL, no async runtime), and the typed report layer, a `ReportRequest` impl
  per report type (its `Answer` is the request's `x-lexer-response`) and a method per type named after the
  discriminator mapping's key, plus status, waiting for an export (Retry-After honoured) and its download;
- `Cargo.toml` with exact versions and `Cargo.lock` (templates/rust/Cargo.lock, committed), so
  `cargo build --locked` resolves the same crates everywhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clients.java import generator_input
from clients.render import TEMPLATES, render_template

from clients import report_layer

LANG = "rust"
GENERATOR = "rust"
CRATE = "lexer-activity-client"
LIB = "lexer_activity_client"
HEADER = "// Rendered from openapi.yaml by `make clients` (scripts/clients/rust.py); do not edit."
ROOT = Path(__file__).resolve().parent.parent.parent
# Compiled dependencies persist here between runs (build/clients/ is regenerated from scratch).
TARGET_DIR = ROOT / "build" / "cache" / "cargo-target"

OPTIONS: dict[str, Any] = {
    "packageName": LIB,
    "useChrono": False,  # date-times stay the strings the API sends
    "supportAsync": False,
    "avoidBoxedModels": True,
    "hideGenerationTimestamp": True,
}
MODEL_NAME_MAPPINGS = {"Error": "ApiError"}
DEPENDENCIES = {
    "serde": '{ version = "=1.0.229", features = ["derive"] }',
    "serde_json": '{ version = "=1.0.154", features = ["float_roundtrip"] }',
    "ureq": '{ version = "=3.5.2", default-features = false, features = ["rustls"] }',
    "httpdate": '"=1.0.3"',
}
LAYER = {
    "lib.rs.j2": "src/lib.rs",
    "client.rs.j2": "src/client.rs",
    "error.rs.j2": "src/error.rs",
    "reports.rs.j2": "src/reports.rs",
    "Cargo.toml.j2": "Cargo.toml",
    "README.md.j2": "README.md",
}


def integers_as_int64(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` in which every `type: integer` without a format is `format: int64`.

    The spec gives integers no size; the generators' default is 32 bits (`i32`, `Integer`).
    """

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            copy = {key: walk(value) for key, value in node.items()}
            if copy.get("type") == "integer" and "format" not in copy:
                copy["format"] = "int64"
            return copy
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    result: dict[str, Any] = walk(spec)
    return result


def batch_config(spec_path: Path, out: Path) -> dict[str, Any]:
    return {
        "generatorName": GENERATOR,
        "inputSpec": str(spec_path),
        "outputDir": str(out),
        "additionalProperties": dict(OPTIONS),
        "modelNameMappings": MODEL_NAME_MAPPINGS,
        "globalProperties": {
            "apiTests": "false",
            "modelTests": "false",
            "apiDocs": "false",
            "modelDocs": "false",
        },
    }


# The generator's rust/model.mustache, with a map of the fields a model does not know (a schema with
# `additionalProperties: true`; openapi-generator's rust models otherwise drop them).
UNKNOWN_FIELDS = (
    (
        "    }}{{#isNullable}}>{{/isNullable}}{{^required}}>{{/required}},\n{{/vars}}\n}\n",
        "    }}{{#isNullable}}>{{/isNullable}}{{^required}}>{{/required}},\n{{/vars}}\n"
        "{{#isAdditionalPropertiesTrue}}\n"
        "    /// Fields this client does not know, kept as received (and written back when serialised).\n"
        "    #[serde(flatten)]\n"
        "    pub additional_properties: std::collections::BTreeMap<String, serde_json::Value>,\n"
        "{{/isAdditionalPropertiesTrue}}\n}\n",
    ),
    (
        "            {{/vars}}\n        }\n    }\n}\n{{/oneOf.isEmpty}}",
        "            {{/vars}}\n"
        "            {{#isAdditionalPropertiesTrue}}\n"
        "            additional_properties: Default::default(),\n"
        "            {{/isAdditionalPropertiesTrue}}\n"
        "        }\n    }\n}\n{{/oneOf.isEmpty}}",
    ),
)


def model_template(folder: Path) -> Path:
    """A template folder holding the generator's own rust/model.mustache with UNKNOWN_FIELDS applied.

    Taken from the pinned generator's jar at each run, so only the two insertions are the kit's; an
    upgrade that moves their anchors fails here instead of silently dropping unknown fields.
    """
    import zipfile

    from clients.jvm_generator import jar_path

    with zipfile.ZipFile(jar_path()) as jar:
        text = jar.read("rust/model.mustache").decode("utf-8")
    for anchor, replacement in UNKNOWN_FIELDS:
        if text.count(anchor) != 1:
            raise SystemExit(
                "clients: rust/model.mustache of openapi-generator changed; update UNKNOWN_FIELDS"
            )
        text = text.replace(anchor, replacement)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.mustache").write_text(text, encoding="utf-8")
    return folder


def rust_type(shape: report_layer.Shape) -> str:
    item = f"models::{MODEL_NAME_MAPPINGS.get(shape.item, shape.item)}"
    if shape.kind == "array":
        return f"Vec<{item}>"
    if shape.kind == "map":
        return f"std::collections::HashMap<String, Vec<{item}>>"
    return item


def layer_context(spec: dict[str, Any]) -> dict[str, Any]:
    from clients.java import layer_context as java_context

    context = java_context(spec)
    reports = []
    for r in report_layer.report_types(spec):
        alias = rust_type(r.shape) if r.shape.kind != "object" else ""
        reports.append(
            {
                "type": r.type,
                "request": MODEL_NAME_MAPPINGS.get(r.request, r.request),
                "response": r.response,
                "alias": alias,
                # Aliases are named after the answer schema; models are models::X.
                "rust_type": r.response if alias else rust_type(r.shape),
                "summary": r.summary,
                "is_export": r.is_export,
            }
        )
    error = spec["components"]["schemas"]["Error"]
    context.update(message_required="message" in error.get("required", []))
    context.update(header=HEADER, crate=CRATE, lib=LIB, reports=reports, dependencies=DEPENDENCIES)
    return context


def render(spec: dict[str, Any], generated: Path, out: Path) -> None:
    """The crate in `out`: the generator's models from `generated`, the rest rendered."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "src").mkdir(parents=True)
    shutil.copytree(generated / "src" / "models", out / "src" / "models")
    context = layer_context(spec)
    for template, target in LAYER.items():
        (out / target).write_text(render_template(LANG, template, context), encoding="utf-8")
    lock = (TEMPLATES / LANG / "Cargo.lock").read_text(encoding="utf-8")
    (out / "Cargo.lock").write_text(lock_with_version(lock, CRATE, context["version"]), encoding="utf-8")


def lock_with_version(lock: str, package: str, version: str) -> str:
    """`lock` with `package` (a path package of the lock) at `version`: the kit's version moves with
    openapi.yaml, every other entry of the committed lock stays as it is."""
    pattern = re.compile(rf'(\[\[package\]\]\nname = "{re.escape(package)}"\nversion = )"[^"]*"')
    result, count = pattern.subn(rf'\g<1>"{version}"', lock)
    if count != 1:
        raise SystemExit(f"clients: {package} is not in the committed Cargo.lock")
    return result


def generate(spec: dict[str, Any], out: Path, work: Path) -> None:
    from clients.jvm_generator import run_batch

    work.mkdir(parents=True, exist_ok=True)
    spec_path = work / "openapi.rust.json"
    spec_path.write_text(json.dumps(integers_as_int64(generator_input(spec)), indent=1), encoding="utf-8")
    generated = work / "generated"
    config = batch_config(spec_path, generated)
    config["templateDir"] = str(model_template(work / "templates"))
    run_batch([config], work)
    render(spec, generated, out)
    rustfmt(out)


def rustfmt(out: Path) -> None:
    """`cargo fmt` of the rendered crate (rustfmt's defaults): the same spec always gives the same bytes."""
    cargo = shutil.which("cargo")
    if cargo is None:
        raise SystemExit("clients: `cargo` is not on PATH (install Rust with rustup)")
    subprocess.run([cargo, "fmt", "--manifest-path", str(out / "Cargo.toml")], env=cargo_env(), check=True)


def cargo_env() -> dict[str, str]:
    return {**os.environ, "CARGO_TARGET_DIR": str(TARGET_DIR), "CARGO_TERM_COLOR": "never"}


def build(out: Path) -> None:
    """`cargo build --locked` and `cargo clippy --locked -D warnings` (crates.io on a first run)."""
    cargo = shutil.which("cargo")
    if cargo is None:
        raise SystemExit("clients: `cargo` is not on PATH (install Rust with rustup)")
    subprocess.run([cargo, "build", "--locked", "--quiet"], cwd=out, env=cargo_env(), check=True)
    # Clippy's lints on the whole crate (the generator's models allow two, see lib.rs).
    subprocess.run(
        [cargo, "clippy", "--locked", "--quiet", "--", "-D", "warnings"], cwd=out, env=cargo_env(), check=True
    )


def main() -> int:
    import argparse

    import yaml

    parser = argparse.ArgumentParser(description="Generate and build the Rust client.")
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "clients" / LANG)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    out = args.out.resolve()
    generate(spec, out, out.parent / ".work" / LANG)
    if not args.no_build:
        build(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
