"""`make codegen-spec`: the codegen edition, and what each generator's DEFAULT options make of it.

For typescript-fetch and go, openapi-generator runs with no option at all (only generator, input and
output) on build/openapi.codegen.yaml; the generated client is compiled with its own toolchain, and a
user's program (tests/other_langs/typescript_default, tests/other_langs/go_default) calls all 5
operations and all 15 report types against the mock, converts each answer to the model its request's
`x-lexer-response` names with the generator's own decoders, encodes it again and prints it next to the
body received: every one must match number for number. The same programs run through the proxy that
adds a field the spec does not list (conftest `extra_fields`), and typescript-fetch on openapi.yaml
itself is measured with the same program (the figures in docs/other-languages.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.other_langs.generator_defaults import generate_with_defaults, make_edition, run
from tests.other_langs.program_checks import exact, reset
from tests.support.mock_helpers import TOKEN
from tests.support.servers import Cli
from tests.support.spec_tools import REPO_ROOT, SPEC_PATH, load_spec, operations, report_types

OUT = REPO_ROOT / "build" / "other_langs"
TSC = REPO_ROOT / "node_modules" / ".bin" / "tsc"
TS_PROGRAM = REPO_ROOT / "tests" / "other_langs" / "typescript_default"
TS_CLIENT = OUT / "typescript-fetch-default"
TS_MAIN = OUT / "typescript_default" / "tests" / "other_langs" / "typescript_default" / "main.js"
GO_PROGRAM = REPO_ROOT / "tests" / "other_langs" / "go_default"
GO_CLIENT = OUT / "go-default"
# The programs build from their committed go.mod/go.sum as they are (never rewritten by a test).
GO_ENV = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly"}


@pytest.fixture(scope="module")
def edition() -> Path:
    return make_edition()


def program_calls(output: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(output)
    return result


def decoded_right(result: dict[str, Any]) -> list[str]:
    """The names of the calls whose decoded value encodes back to exactly the body received."""
    return [
        c["name"]
        for c in result["calls"]
        if c["decoded"] is not None and exact(c["decoded"]) == exact(c["raw"])
    ]


def assert_all_decoded(result: dict[str, Any]) -> None:
    names = [c["name"] for c in result["calls"]]
    operation_ids = {op["operationId"] for _, _, op in operations()} - {"runReport"}
    assert operation_ids <= set(names)
    assert set(report_types()) <= set(names)
    wrong = [c for c in result["calls"] if c["name"] not in decoded_right(result)]
    assert not wrong, wrong[:2]
    # Errors surface with their status and the parsed {error, message} body.
    assert result["error"]["status"] == 400
    assert result["error"]["body"]["error"] == "Invalid report - date range is too long"


def test_the_edition_is_the_spec_with_named_rewrites(edition: Path) -> None:
    text = edition.read_text(encoding="utf-8")
    assert text.startswith("# Codegen edition of openapi.yaml")
    document = yaml.safe_load(text)
    spec = load_spec()
    assert document["info"] == spec["info"]
    assert document["paths"].keys() == spec["paths"].keys()
    assert document["components"]["schemas"].keys() == spec["components"]["schemas"].keys()
    dumped = json.dumps(document)
    assert '"anyOf"' not in dumped
    assert '"date-time"' not in dumped
    numbers = [node for node in _walk(document) if node.get("type") == "number"]
    assert numbers
    assert all(node.get("format") == "double" for node in numbers)


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def typescript_fetch_run(spec: Path, mock: Cli, *args: str) -> dict[str, Any]:
    generate_with_defaults(TS_CLIENT, spec, "typescript-fetch")
    run([str(TSC), "-p", str(TS_PROGRAM)])
    reset(mock.url)
    return program_calls(run(["node", str(TS_MAIN), mock.url, TOKEN, *args]))


def report_calls(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [call for call in result["calls"] if call["name"] in report_types()]


def test_typescript_fetch_defaults_on_the_edition(edition: Path, lang_mock: Cli, extra_fields: str) -> None:
    assert_all_decoded(typescript_fetch_run(edition, lang_mock))
    # Through the proxy that adds a field: every answer still decodes, the new field is dropped.
    reset(lang_mock.url)
    proxied = report_calls(program_calls(run(["node", str(TS_MAIN), extra_fields, TOKEN])))
    assert len(proxied) == 15
    assert all(call["decoded"] is not None for call in proxied)
    assert not [call["name"] for call in proxied if "added_by_api" in call["decoded"]]


def test_typescript_fetch_defaults_on_openapi_yaml_decode_no_report(lang_mock: Cli) -> None:
    """The figures the docs give for the spec as published."""
    result = typescript_fetch_run(SPEC_PATH, lang_mock, "--date-objects")
    right = decoded_right(result)
    assert [name for name in right if name in report_types()] == []
    failed = [c for c in result["calls"] if c["name"] in report_types() and c["decoded"] is None]
    assert len(failed) == 15
    assert "TypeError: json.avg_response_time.map is not a function" in failed[0]["error"]
    # Of the lists only groups come back exactly: a Date turns `06:09:01Z` into `06:09:01.000Z`.
    assert [name for name in right if name.startswith("list")] == ["listGroups"]


def test_go_defaults_on_the_edition(edition: Path, lang_mock: Cli, extra_fields: str) -> None:
    generate_with_defaults(GO_CLIENT, edition, "go")
    # go.sum of the program pins what the generated module requires (gopkg.in/validator.v2).
    run(["go", "vet", "./..."], cwd=GO_CLIENT, env={**GO_ENV, "GOFLAGS": "-mod=mod", "GOWORK": "off"})
    run(["go", "vet", "."], cwd=GO_PROGRAM, env=GO_ENV)
    binary = OUT / "go-default-check"
    run(["go", "build", "-o", str(binary), "."], cwd=GO_PROGRAM, env=GO_ENV)
    reset(lang_mock.url)
    assert_all_decoded(program_calls(run([str(binary), lang_mock.url, TOKEN])))
    # Through the proxy that adds a field: the models' strict decoding fails every report answer.
    reset(lang_mock.url)
    proxied = report_calls(program_calls(run([str(binary), extra_fields, TOKEN])))
    failed = [call for call in proxied if call["decoded"] is None]
    print(json.dumps({"failed": len(failed), "first": failed[0]["error"] if failed else None}))
    assert len(failed) == 15
