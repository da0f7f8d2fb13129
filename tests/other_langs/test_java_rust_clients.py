"""The Java and Rust clients of `make clients`: generated, built with their own toolchains, run on the mock.

Each client is generated from openapi.yaml by its module (scripts/clients/java.py, scripts/clients/rust.py)
into a temporary folder and built as `make clients` builds it (`mvn package`; `cargo build --locked` and
`cargo clippy -D warnings`). Its contract program (tests/other_langs/java/ContractCheck.java,
tests/other_langs/rust/) then calls all 5 operations and all 15 report types through the typed report layer
against two mocks over HTTP (one with a rate limit of 1 request per 2 s, for a real 429 and an export wait
that meets it), polls and downloads the 3 exports, meets a real 400, 401, 404 and 429, and asserts that
every decoded value re-serialises to the JSON received; the test holds its summary to the spec.

Dependencies come from Maven Central (~/.m2) and crates.io (cargo's cache, compiled crates in
build/cache/cargo-target); a first run on a new machine downloads them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.mock_helpers import TOKEN
from tests.support.servers import run_cli
from tests.support.spec_tools import REPO_ROOT, load_spec, operations, report_types, response_schema_name

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from clients import java, report_layer, rust

HERE = Path(__file__).resolve().parent
JAVA_PROGRAM = HERE / "java" / "ContractCheck.java"
RUST_PROGRAM = HERE / "rust"
RUN_TIMEOUT_S = 300  # a guard against a hang, not a measurement
POM = "{http://maven.apache.org/POM/4.0.0}"
EXACT_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")


@pytest.fixture(scope="module")
def mocks() -> Iterator[tuple[str, str]]:
    """(base URL, base URL of a mock that allows one request per 2 s)."""
    quiet = ("--log-level", "warning")
    with (
        run_cli("--rate-limit", "0", "--export-delay", "0.3", *quiet) as main,
        run_cli("--rate-limit", "1/2", "--export-delay", "0", *quiet) as limited,
    ):
        yield f"{main.url}/v1", f"{limited.url}/v1"


@pytest.fixture(scope="module")
def java_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clients") / "java"
    java.generate(load_spec(), out, out.parent / ".work")
    java.build(out)
    return out


@pytest.fixture(scope="module")
def rust_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clients") / "rust"
    rust.generate(load_spec(), out, out.parent / ".work")
    rust.build(out)
    return out


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )
    assert proc.returncode == 0, (
        f"{' '.join(cmd[:3])} ... exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    )
    summary: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return summary


def assert_covers_the_spec(summary: dict[str, Any]) -> None:
    """The program's summary: every operation, every report type, every export, the four errors."""
    types = report_types()
    exports = [t for t in types if response_schema_name(t) == "ExportJob"]
    assert sorted(summary["operations"]) == sorted(op["operationId"] for _, _, op in operations())
    assert sorted(summary["reports"]) == sorted(types)
    assert len(types) == 15
    assert sorted(summary["exports"]) == sorted(exports)
    assert len(exports) == 3
    documented = {(e["status"], e["error"]) for e in report_layer.documented_errors(load_spec())}
    met = [(e["status"], e["error"]) for e in summary["errors"]]
    assert [status for status, _ in met] == [400, 401, 404, 429]
    assert set(met) <= documented
    assert summary["errors"][-1]["retry_after"] >= 1
    # 3 lists + 15 reports + per export its completed wait and its status call.
    assert summary["round_trips"] == 3 + len(types) + 2 * len(exports)
    assert summary["unknown_field_tolerated"] is True


def test_java_client_runs_every_call_against_the_mock(java_client: Path, mocks: tuple[str, str]) -> None:
    base, limited = mocks
    java_bin = shutil.which("java")
    assert java_bin is not None
    summary = run(
        [java_bin, "-cp", java.classpath(java_client), str(JAVA_PROGRAM), base, TOKEN, limited], HERE
    )
    assert_covers_the_spec(summary)


def test_rust_client_runs_every_call_against_the_mock(
    rust_client: Path, mocks: tuple[str, str], tmp_path: Path
) -> None:
    # The program's crate, pointed at this client (its Cargo.lock is the committed one).
    crate = tmp_path / "check"
    shutil.copytree(RUST_PROGRAM / "src", crate / "src")
    shutil.copyfile(RUST_PROGRAM / "Cargo.lock", crate / "Cargo.lock")
    manifest = (RUST_PROGRAM / "Cargo.toml").read_text(encoding="utf-8")
    assert '"../../../build/clients/rust"' in manifest
    (crate / "Cargo.toml").write_text(
        manifest.replace("../../../build/clients/rust", str(rust_client)), encoding="utf-8"
    )
    cargo = shutil.which("cargo")
    assert cargo is not None
    subprocess.run(
        [cargo, "build", "--locked", "--quiet"], cwd=crate, env=rust.cargo_env(), check=True, timeout=900
    )
    binary = rust.TARGET_DIR / "debug" / "lexer-contract-check"
    base, limited = mocks
    assert_covers_the_spec(run([str(binary), base, TOKEN, limited], crate))


def test_each_client_carries_the_kit_version_and_exact_pins(java_client: Path, rust_client: Path) -> None:
    version = load_spec()["info"]["version"]
    pom = ET.parse(java_client / "pom.xml").getroot()
    assert pom.findtext(f"{POM}version") == version
    properties = {child.tag.removeprefix(POM): child.text for child in pom.find(f"{POM}properties") or []}
    managed = pom.findall(f"{POM}build/{POM}pluginManagement/{POM}plugins/{POM}plugin")
    dependencies = pom.findall(f"{POM}dependencies/{POM}dependency")
    for node in [*managed, *dependencies]:
        text = node.findtext(f"{POM}version") or ""
        text = re.sub(r"\$\{(.+?)\}", lambda m: properties.get(m.group(1)) or "", text)
        assert EXACT_VERSION.match(text), (
            f"{node.findtext(f'{POM}artifactId')}: version {text!r} is not exact"
        )
    assert len(managed) == len(java.PLUGINS)
    assert len(dependencies) == len(java.DEPENDENCIES)
    # A plugin configured in <build><plugins> takes its version from <pluginManagement>.
    names = {node.findtext(f"{POM}artifactId") for node in managed}
    for node in pom.findall(f"{POM}build/{POM}plugins/{POM}plugin"):
        assert node.findtext(f"{POM}artifactId") in names
    cargo = (rust_client / "Cargo.toml").read_text(encoding="utf-8")
    assert f'version = "{version}"' in cargo
    for name in rust.DEPENDENCIES:
        assert re.search(rf'^{name} = .*"=[0-9.]+"', cargo, re.M), f"{name} is not pinned exactly"
    lock = (rust_client / "Cargo.lock").read_text(encoding="utf-8")
    assert lock == (REPO_ROOT / "scripts" / "clients" / "templates" / "rust" / "Cargo.lock").read_text(
        encoding="utf-8"
    )
    assert f'name = "{rust.CRATE}"\nversion = "{version}"' in lock


def test_the_report_layers_follow_the_spec(java_client: Path, rust_client: Path) -> None:
    """A method per report type, returning the type the request's x-lexer-response names."""
    java_layer = (java_client / "src/main/java/io/lexer/activity/client/LexerClient.java").read_text(
        encoding="utf-8"
    )
    rust_layer = (rust_client / "src" / "reports.rs").read_text(encoding="utf-8")
    for report in report_layer.report_types(load_spec()):
        java_type = java.java_type(report.shape)
        assert f"public {java_type} {report.camel}({report.request} request)" in java_layer
        answer = report.response if report.shape.kind != "object" else rust.rust_type(report.shape)
        assert re.search(
            rf"impl ReportRequest for models::{report.request} \{{\s*type Answer = {re.escape(answer)};",
            rust_layer,
        )
        assert f'const TYPE: &\'static str = "{report.type}";' in rust_layer
        assert re.search(
            rf"pub fn {report.type}\(\s*&self,\s*request: &models::{report.request},?\s*\)", rust_layer
        )


def test_a_new_report_type_in_the_spec_reaches_both_layers() -> None:
    spec = load_spec()
    schemas = spec["components"]["schemas"]
    extended = {
        **spec,
        "components": {
            **spec["components"],
            "schemas": {
                **schemas,
                "RunReportRequest": {
                    **schemas["RunReportRequest"],
                    "discriminator": {
                        "propertyName": "type",
                        "mapping": {
                            **schemas["RunReportRequest"]["discriminator"]["mapping"],
                            "team_rollup": "#/components/schemas/SummaryRequest",
                        },
                    },
                },
            },
        },
    }
    java_context = java.layer_context(extended)
    rust_context = rust.layer_context(extended)
    assert [r["camel"] for r in java_context["reports"]][-1] == "teamRollup"
    assert [r["type"] for r in rust_context["reports"]][-1] == "team_rollup"
    assert java_context["reports"][-1]["java_type"] == "SummaryReport"
