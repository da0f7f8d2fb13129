"""What users get from openapi-generator's `java` (libraries `native` and the default `okhttp-gson`) and
`rust` generators with DEFAULT options on the codegen edition (`make codegen-spec`).

Each generator runs with nothing but generator, input and output (`--library native` for native); the
output is built with its own toolchain (the generated pom's `mvn compile`; `cargo build --locked` of a
user's crate that depends on the generated one), and a user's program (tests/other_langs/java_default/,
tests/other_langs/rust_default/) calls all 5 operations and all 15 report types against the mock through a
recording proxy (tests/other_langs/proxy.py --log, a real process), converts runReport's untyped answer
to the model its request's `x-lexer-response` names with the generated client's own JSON library, and
prints each value encoded again: the test pairs it with the body the proxy saw and counts the exact ones.

The figures in docs/other-languages.md come from here: native 15 of 15; okhttp-gson 15 of 15 once the
conversion's Gson writes nulls (its default drops a pending job's `"url": null`, 12 of 15); rust 15 of 15
with serde_json's `float_roundtrip` feature (without it 4 report answers come back a unit in the last
place off, 11 of 15).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.other_langs import proxy
from tests.other_langs.generator_defaults import generate_with_defaults, make_edition, run
from tests.other_langs.program_checks import exact
from tests.support.mock_helpers import TOKEN
from tests.support.servers import Cli, free_port, run_cli
from tests.support.spec_tools import REPO_ROOT, load_spec, operations, report_types, request_example

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from clients import rust, spec_facts

HERE = Path(__file__).resolve().parent
OUT = REPO_ROOT / "build" / "other_langs"
JAVA_PROGRAMS = HERE / "java_default"
RUST_PROGRAM = HERE / "rust_default"
RUST_CLIENT = OUT / "rust-default"  # the path tests/other_langs/rust_default/Cargo.toml depends on
# Pinned, fully named: the generated pom pins no dependency plugin.
BUILD_CLASSPATH = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath"


@pytest.fixture(scope="module")
def edition() -> Path:
    return make_edition()


@pytest.fixture(scope="module")
def requests_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every report type's documented request example and the shape of its answer (data for the programs)."""
    items = [
        {
            "type": r.type,
            "body": request_example(r.type),
            "answer": {"name": r.answer.name, "kind": r.answer.kind, "item": r.answer.item},
        }
        for r in spec_facts.report_types(load_spec())
    ]
    path = tmp_path_factory.mktemp("requests") / "requests.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


class Recorder:
    def __init__(self, url: str, log: Path, mock: Cli) -> None:
        self.url, self.log, self.mock = url, log, mock

    def start(self) -> None:
        """A fresh log, and the mock's state forgotten."""
        self.log.write_text("", encoding="utf-8")
        httpx.post(f"{self.mock.url}/_mock/reset", timeout=10).raise_for_status()

    def bodies(self) -> list[str]:
        return [json.loads(line)["body"] for line in self.log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def recorder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorder]:
    """The mock (exports complete at the first poll) behind the recording proxy, both real processes."""
    log = tmp_path_factory.mktemp("proxy") / "answers.jsonl"
    with (
        run_cli("--rate-limit", "0", "--export-delay", "0", "--log-level", "warning") as mock,
        proxy.running(mock.url, free_port(), "--log", str(log)) as url,
    ):
        yield Recorder(url, log, mock)


def decoded_right(output: str, recorder: Recorder) -> list[str]:
    """The calls whose value, encoded again, is exactly the body received (paired in call order)."""
    result: dict[str, Any] = json.loads(output)
    calls = result["calls"]
    bodies = recorder.bodies()
    assert len(bodies) == len(calls) + 1  # and the error answer last
    names = [call["name"] for call in calls]
    assert {op["operationId"] for _, _, op in operations()} - {"runReport"} <= set(names)
    assert set(report_types()) <= set(names)
    # Errors surface with their status and the parsed {error, message} body.
    assert result["error"]["status"] == 400
    assert result["error"]["body"]["error"] == "Invalid report - date range is too long"
    assert result["error"]["body"] == json.loads(bodies[-1])
    return [
        call["name"]
        for call, body in zip(calls, bodies, strict=False)
        if call.get("decoded") is not None and exact(call["decoded"]) == exact(body)
    ]


def java_run(out: Path, program: str, recorder: Recorder, *args: str) -> list[str]:
    mvn = shutil.which("mvn")
    java = shutil.which("java")
    assert mvn is not None
    assert java is not None
    classpath = out / "classpath.txt"
    run(
        [
            mvn,
            "-B",
            "-q",
            "-ntp",
            "-DskipTests",
            "compile",
            BUILD_CLASSPATH,
            f"-Dmdep.outputFile={classpath}",
        ],
        cwd=out,
    )
    jars = classpath.read_text(encoding="utf-8").strip()
    recorder.start()
    command = [java, "-cp", f"{out / 'target' / 'classes'}:{jars}", str(JAVA_PROGRAMS / program)]
    return decoded_right(run([*command, recorder.url, TOKEN, *args]), recorder)


def test_java_native_defaults_decode_every_answer(
    edition: Path, recorder: Recorder, requests_file: Path
) -> None:
    out = OUT / "java-native-default"
    generate_with_defaults(out, edition, "java", "--library", "native")
    right = java_run(out, "NativeDefault.java", recorder, str(requests_file))
    assert set(report_types()) <= set(right)
    assert len(right) == len(report_types()) + 4  # the three lists and the status call too


def test_java_okhttp_gson_defaults_decode_every_answer_with_a_null_writing_gson(
    edition: Path, recorder: Recorder, requests_file: Path
) -> None:
    out = OUT / "java-okhttp-gson-default"
    generate_with_defaults(out, edition, "java")
    right = java_run(out, "OkhttpGsonDefault.java", recorder, str(requests_file), "--serialize-nulls")
    assert set(report_types()) <= set(right)
    # With the generated JSON.getGson() as it is, a pending job's `"url": null` is dropped on the way.
    as_is = java_run(out, "OkhttpGsonDefault.java", recorder, str(requests_file))
    exports = [r.type for r in spec_facts.report_types(load_spec()) if r.export]
    assert sorted(set(report_types()) - set(as_is)) == sorted(exports)


def rust_run(recorder: Recorder, requests_file: Path, tmp: Path, *features: str) -> list[str]:
    """The program's crate, copied next to the generated one, built with its committed Cargo.lock."""
    cargo = shutil.which("cargo")
    assert cargo is not None
    crate = tmp / "rust_default"
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(RUST_PROGRAM / "src", crate / "src")
    manifest = (RUST_PROGRAM / "Cargo.toml").read_text(encoding="utf-8")
    (crate / "Cargo.toml").write_text(
        manifest.replace("../../../build/other_langs/rust-default", str(RUST_CLIENT))
    )
    # The generated crate carries the kit's version; the rest of the lock is as committed.
    lock = (RUST_PROGRAM / "Cargo.lock").read_text(encoding="utf-8")
    version = load_spec()["info"]["version"]
    (crate / "Cargo.lock").write_text(rust.lock_with_version(lock, "openapi", version), encoding="utf-8")
    run([cargo, "build", "--locked", "--quiet", *features], cwd=crate, env=rust.cargo_env())
    binary = rust.TARGET_DIR / "debug" / "lexer-rust-default-check"
    recorder.start()
    return decoded_right(run([str(binary), recorder.url, TOKEN, str(requests_file)]), recorder)


def test_rust_defaults_decode_every_answer_with_exact_floats(
    edition: Path, recorder: Recorder, requests_file: Path, tmp_path: Path
) -> None:
    generate_with_defaults(RUST_CLIENT, edition, "rust")
    right = rust_run(recorder, requests_file, tmp_path, "--features", "exact-floats")
    assert set(report_types()) <= set(right)
    # serde_json's default float parser: some fractional figures come back one unit in the last place off.
    as_is = rust_run(recorder, requests_file, tmp_path)
    lost = sorted(set(report_types()) - set(as_is))
    assert lost, (
        "serde_json's default float parsing gave every figure exactly: drop the feature from the docs"
    )
