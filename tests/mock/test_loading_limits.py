"""The files the mock starts from are read within limits (mock_server/loading.py): a spec or
fixture file nested too deep or too large is refused at start-up with a clear message and exit
status 2, never a crash. The deep cases run as real processes: the failure they guard against was
a SIGSEGV of the whole interpreter in PyYAML's C loader.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mock_server.fixtures import DEFAULT_FIXTURES, FixtureError, load_team
from mock_server.loading import MAX_DEPTH, MAX_FILE_BYTES, LoadError, check_yaml_depth, load_yaml
from mock_server.spec import Spec
from tests.support.servers import cli_result
from tests.support.spec_tools import SPEC_PATH

DEEP = 50_000  # PyYAML's C loader crashed the process here


def fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_FIXTURES, target)
    return target


def test_a_deeply_nested_model_is_refused_with_a_message(tmp_path: Path) -> None:
    target = fixture_copy(tmp_path)
    model = (target / "model.yaml").read_text()
    (target / "model.yaml").write_text(model.replace("seed: 20180401", "seed: " + "[" * DEEP + "]" * DEEP))
    result = cli_result("--fixtures", str(target), "--port", "0")
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert f"model.yaml: cannot be parsed: nested deeper than {MAX_DEPTH} levels" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_deeply_nested_spec_is_refused_with_a_message(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC_PATH.read_text() + "\nx-deep: " + "[" * DEEP + "]" * DEEP + "\n")
    result = cli_result("--spec", str(spec), "--port", "0")
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert f"nested deeper than {MAX_DEPTH} levels" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "- " * (MAX_DEPTH + 1) + "x",  # block sequences on one line
        "{a: " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1),
        # Each anchor nests the previous one: 8 levels of text, far more once the aliases are expanded.
        "\n".join(
            [f"a0: &a0 {'[' * 10}1{']' * 10}"]
            + [f"a{i}: &a{i} {'[' * 10}*a{i - 1}{']' * 10}" for i in range(1, 8)]
        ),
    ],
    ids=["block", "flow mapping", "aliases"],
)
def test_nesting_past_the_limit_is_refused(text: str) -> None:
    with pytest.raises(LoadError, match=f"nested deeper than {MAX_DEPTH} levels"):
        check_yaml_depth(text.encode())


def test_nesting_at_the_limit_and_the_shipped_files_load(tmp_path: Path) -> None:
    check_yaml_depth(("[" * MAX_DEPTH + "]" * MAX_DEPTH).encode())
    check_yaml_depth(b"a: &a [[1]]\nb: [*a, *a]\n")
    assert load_yaml(SPEC_PATH)["openapi"].startswith("3.0")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    target = fixture_copy(tmp_path)
    users = target / "users.json"
    with users.open("ab") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(FixtureError) as caught:
        load_team(Spec.load(), target)
    text = str(caught.value)
    assert f"users.json: cannot be parsed: {MAX_FILE_BYTES + 1:,} bytes, over the limit" in text, text


def test_deep_json_fixtures_are_refused(tmp_path: Path) -> None:
    target = fixture_copy(tmp_path)
    users = json.loads((target / "users.json").read_text())
    users[0]["extra"] = json.loads("[" * 100 + "]" * 100)
    (target / "users.json").write_text(json.dumps(users))
    (target / "groups.json").write_text("[" * DEEP + "]" * DEEP)
    with pytest.raises(FixtureError) as caught:
        load_team(Spec.load(), target)
    text = str(caught.value)
    assert f"users.json: cannot be parsed: nested deeper than {MAX_DEPTH} levels" in text, text
    assert f"groups.json: cannot be parsed: nested deeper than {MAX_DEPTH} levels" in text, text
