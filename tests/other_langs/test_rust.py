"""The kit's Rust client (build/clients/rust, from `make clients`) used as a crate by a program, on the mock.

tests/other_langs/rust/ is a crate that depends on the client by path (as a user vendoring it would), built
with `cargo build --locked` from its committed Cargo.lock; rustc checks its annotations, which say that each
report call answers its report's type. The binary runs against the mock over HTTP, and through the proxy
that adds a field the spec does not list.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.other_langs.program_checks import check, check_tolerant, reset
from tests.support.mock_helpers import OTHER_TOKEN, TOKEN
from tests.support.servers import Cli
from tests.support.spec_tools import REPO_ROOT, load_spec, report_types

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from clients import rust
from clients.base import TEMPLATES

PROGRAM = REPO_ROOT / "tests" / "other_langs" / "rust"
RUN_TIMEOUT_S = 120
BUILD_TIMEOUT_S = 900  # a first build downloads and compiles the crates


@pytest.fixture(scope="module")
def program(built_clients: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The program's crate, pointed at this client; its Cargo.lock as committed (the client at the kit's
    version)."""
    crate = tmp_path_factory.mktemp("rust") / "check"
    shutil.copytree(PROGRAM / "src", crate / "src")
    manifest = (PROGRAM / "Cargo.toml").read_text(encoding="utf-8")
    assert '"../../../build/clients/rust"' in manifest
    (crate / "Cargo.toml").write_text(
        manifest.replace("../../../build/clients/rust", str(built_clients / "rust")), encoding="utf-8"
    )
    lock = (PROGRAM / "Cargo.lock").read_text(encoding="utf-8")
    version = load_spec()["info"]["version"]
    (crate / "Cargo.lock").write_text(rust.lock_with_version(lock, rust.CRATE, version), encoding="utf-8")
    proc = subprocess.run(
        [rust.cargo(), "build", "--locked", "--quiet"],
        cwd=crate,
        env=rust.cargo_env(),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return rust.TARGET_DIR / "debug" / "lexer-contract-check"


def run_program(program: Path, root: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), root, TOKEN, OTHER_TOKEN],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def test_crate_carries_the_kit_version_and_exact_pins(built_clients: Path) -> None:
    client = built_clients / "rust"
    version = load_spec()["info"]["version"]
    manifest = (client / "Cargo.toml").read_text(encoding="utf-8")
    assert f'name = "{rust.CRATE}"\nversion = "{version}"' in manifest
    for name in rust.DEPENDENCIES:
        assert re.search(rf'^{name} = .*"=[0-9.]+"', manifest, re.M), f"{name} is not pinned exactly"
    lock = (client / "Cargo.lock").read_text(encoding="utf-8")
    committed = (TEMPLATES / "rust" / "Cargo.lock").read_text(encoding="utf-8")
    assert lock == rust.lock_with_version(committed, rust.CRATE, version)
    assert f'pub const VERSION: &str = "{version}";' in (client / "src" / "client.rs").read_text(
        encoding="utf-8"
    )
    assert "openssl" not in lock


def test_every_report_type_has_its_answer_type(built_clients: Path) -> None:
    layer = (built_clients / "rust" / "src" / "reports.rs").read_text(encoding="utf-8")
    for report in rust.layer_context(load_spec(), "0")["reports"]:
        assert re.search(
            rf"impl ReportRequest for models::{report['request']} \{{\s*"
            rf"type Answer = {re.escape(report['rust_type'])};",
            layer,
        ), report["type"]
        assert f'const TYPE: &\'static str = "{report["type"]}";' in layer
        assert re.search(
            rf"pub fn {report['type']}\(\s*&self,\s*request: &models::{report['request']},?\s*\)", layer
        )
    assert len(report_types()) == 15


def test_the_model_template_is_the_generators_own_plus_unknown_fields() -> None:
    """templates/rust/generator/model.mustache: the pinned generator's, UNKNOWN_FIELDS added, no more."""
    import importlib.resources

    jar = Path(str(importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"))
    with zipfile.ZipFile(jar) as archive:
        theirs = archive.read("rust/model.mustache").decode("utf-8")
    ours = (rust.MODEL_TEMPLATE_DIR / "model.mustache").read_text(encoding="utf-8")
    assert ours == rust.model_template(theirs)


def test_program_against_the_mock(program: Path, lang_mock: Cli) -> None:
    reset(lang_mock.url)
    proc = run_program(program, lang_mock.url)
    assert proc.returncode == 0, proc.stdout + proc.stderr + lang_mock.output()[-2000:]
    check(proc.stdout, lang_mock.url)


def test_program_tolerates_fields_the_spec_does_not_list(
    program: Path, extra_fields: str, lang_mock: Cli
) -> None:
    """The same program through a proxy that adds a field to every answer object."""
    reset(lang_mock.url)
    proc = run_program(program, extra_fields)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check_tolerant(proc.stdout)
