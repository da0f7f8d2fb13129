"""Rust: openapi-generator's `rust` models (serde) in a crate rendered by the kit, `cargo build` + clippy.

Output, build/clients/rust/: the crate `lexer-activity-client` (library `lexer_activity_client`, the kit's
version) with

- `src/models/`: the generator's serde models (date-times `String`, integers `i64`, `format: double` `f64`,
  unknown fields kept in `additional_properties`); the generator's reqwest/tokio API code is not used;
- `src/client.rs`, `src/error.rs`, `src/reports.rs`, `src/lib.rs`, rendered from templates/rust/: a blocking
  client on ureq (rustls: no OpenSSL, no async runtime) and the typed report layer, a `ReportRequest` impl
  per report type (its `Answer` is the request's `x-lexer-response`) and a method per type named after the
  discriminator mapping's key, plus status, waiting for an export (Retry-After honoured) and its download;
- `Cargo.toml` with exact versions and `Cargo.lock` (templates/rust/Cargo.lock, committed; only the
  crate's own version follows openapi.yaml), so `cargo build --locked` resolves the same crates everywhere.

The generator gets the kit's model template (templates/rust/generator/model.mustache: its own with a
`#[serde(flatten)]` map of unknown fields added; `UNKNOWN_FIELDS` says where, and a test holds the file
to the pinned generator's template).
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

from clients import java
from clients.base import MODEL_NAME_MAPPINGS, ROOT, TEMPLATES, ClientError, Context, Language, render
from clients.spec_facts import Shape
from clients.transforms import answers_keep_unknown_fields, anyof_as_any, chain, integers_as_int64

CRATE = "lexer-activity-client"
LIB = "lexer_activity_client"
HEADER = "// Rendered from openapi.yaml by `make clients` (scripts/clients/rust.py); do not edit."
MODEL_TEMPLATE_DIR = TEMPLATES / "rust" / "generator"
# Compiled crates persist here between runs (build/clients/ is generated afresh each time).
TARGET_DIR = ROOT / "build" / "cache" / "cargo-target"

OPTIONS: dict[str, Any] = {
    "packageName": LIB,
    "useChrono": False,  # date-times stay the strings the API sends
    "supportAsync": False,
    "avoidBoxedModels": True,
    "hideGenerationTimestamp": True,
}
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

# templates/rust/generator/model.mustache is the generator's rust/model.mustache with these two insertions
# (anchor, replacement): a map of the fields a model does not know, for schemas with
# `additionalProperties: true` (openapi-generator's rust models otherwise drop them).
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


def model_template(generator_template: str) -> str:
    """The generator's rust/model.mustache with UNKNOWN_FIELDS applied (what the committed file must be)."""
    text = generator_template
    for anchor, replacement in UNKNOWN_FIELDS:
        if text.count(anchor) != 1:
            raise ClientError("rust: the generator's rust/model.mustache changed; update UNKNOWN_FIELDS")
        text = text.replace(anchor, replacement)
    return text


def rust_type(shape: Shape) -> str:
    if shape.kind == "array":
        return f"Vec<models::{shape.item}>"
    if shape.kind == "map":
        return f"std::collections::HashMap<String, Vec<models::{shape.item}>>"
    return f"models::{MODEL_NAME_MAPPINGS.get(shape.name, shape.name)}"


def layer_context(spec: dict[str, Any], version: str) -> dict[str, Any]:
    context = java.layer_context(spec, version)
    for report in context["reports"]:
        shape = report["shape"]
        report["alias"] = rust_type(shape) if shape.kind != "object" else ""
        # Aliases are named after the answer schema; object answers are models::X.
        report["rust_type"] = report["response"] if report["alias"] else rust_type(shape)
    error = spec["components"]["schemas"]["Error"]
    context.update(
        header=HEADER,
        crate=CRATE,
        lib=LIB,
        dependencies=DEPENDENCIES,
        message_required="message" in error.get("required", []),
    )
    return context


def lock_with_version(lock: str, package: str, version: str) -> str:
    """`lock` with the path package `package` at `version`: the kit's version moves with openapi.yaml,
    every other entry of the committed lock stays as it is."""
    pattern = re.compile(rf'(\[\[package\]\]\nname = "{re.escape(package)}"\nversion = )"[^"]*"')
    result, count = pattern.subn(rf'\g<1>"{version}"', lock)
    if count != 1:
        raise ClientError(f"rust: {package} is not in the committed Cargo.lock")
    return result


def cargo() -> str:
    return shutil.which("cargo") or "cargo"


def cargo_env() -> dict[str, str]:
    return {**os.environ, "CARGO_TARGET_DIR": str(TARGET_DIR), "CARGO_TERM_COLOR": "never"}


def finish(ctx: Context) -> None:
    """The crate: the generator's models kept, everything else of its output replaced."""
    models = ctx.out / "src" / "models"
    for entry in ctx.out.iterdir():
        if entry.name != ".openapi-generator" and entry.name != "src":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for entry in (ctx.out / "src").iterdir():
        if entry != models:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    java.keep_generated(ctx.out, lambda name: name.startswith("src/models/"))
    context = layer_context(ctx.spec, ctx.version)
    for template, target in LAYER.items():
        (ctx.out / target).write_text(render("rust", template, **context), encoding="utf-8")
    lock = (TEMPLATES / "rust" / "Cargo.lock").read_text(encoding="utf-8")
    (ctx.out / "Cargo.lock").write_text(lock_with_version(lock, CRATE, ctx.version), encoding="utf-8")
    # rustfmt's defaults over the whole crate, so the same spec always gives the same bytes.
    ctx.run([cargo(), "fmt", "--manifest-path", str(ctx.out / "Cargo.toml")], env=cargo_env())


def build(ctx: Context) -> None:
    """`cargo build --locked` and `cargo clippy --locked -D warnings` (crates.io on a first run)."""
    ctx.run([cargo(), "build", "--locked", "--quiet"], env=cargo_env())
    ctx.run([cargo(), "clippy", "--locked", "--quiet", "--", "-D", "warnings"], env=cargo_env())


LANGUAGE = Language(
    name="rust",
    generator="rust",
    options=OPTIONS,
    transform=chain(anyof_as_any, answers_keep_unknown_fields, integers_as_int64),
    extra={
        "templateDir": str(MODEL_TEMPLATE_DIR),
        "globalProperties": {
            "apiTests": "false",
            "modelTests": "false",
            "apiDocs": "false",
            "modelDocs": "false",
        },
    },
    finish=finish,
    build=build,
    requires=("cargo",),
)
