"""`make clients` (scripts/generate_clients.py): every language module runs, output is repeatable, a
broken spec fails the run.

Each module scripts/clients/<lang>.py that defines LANGUAGE is one client under build/clients/<lang>/.
"""

from __future__ import annotations

import ast
import filecmp
import json
import subprocess
import sys
from pathlib import Path

import yaml

from tests.other_langs.conftest import SCRIPT
from tests.support.spec_tools import REPO_ROOT, load_spec

LANGUAGE_MODULES = REPO_ROOT / "scripts" / "clients"
# The typed layer and package files each language writes besides the generator's own output.
WRITTEN = {
    "typescript": ["src/lexer.ts", "package.json", "package-lock.json"],
    "go": ["lexer.go", "go.mod"],
    "java": [
        "pom.xml",
        "README.md",
        *[
            f"src/main/java/io/lexer/activity/client/{name}.java"
            for name in ("LexerClient", "LexerApiException")
        ],
    ],
    "rust": ["Cargo.toml", "Cargo.lock", "README.md", "src/lib.rs", "src/client.rs", "src/reports.rs"],
}


def language_names() -> list[str]:
    """The `name=` of every LANGUAGE = Language(...) in scripts/clients/*.py."""
    names = []
    for path in sorted(LANGUAGE_MODULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "LANGUAGE" for t in node.targets
            ):
                assert isinstance(node.value, ast.Call)
                name = next(k.value for k in node.value.keywords if k.arg == "name")
                assert isinstance(name, ast.Constant)
                names.append(str(name.value))
    return names


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_every_language_module_is_generated(built_clients: Path) -> None:
    names = language_names()
    assert {"typescript", "go"} <= set(names)
    for lang in names:
        files_list = built_clients / lang / ".openapi-generator" / "FILES"
        if files_list.is_file():
            files = files_list.read_text(encoding="utf-8").split()
            missing = [name for name in files if not (built_clients / lang / name).is_file()]
            assert not missing, (lang, missing)
            assert (built_clients / lang / ".openapi-generator" / "VERSION").read_text().strip() == "7.26.0"
        assert any((built_clients / lang).iterdir()), lang


def test_generation_is_repeatable(built_clients: Path, tmp_path: Path) -> None:
    proc = run("--out", str(tmp_path), "--no-build", *[f"--lang={lang}" for lang in WRITTEN])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for lang, written in WRITTEN.items():
        listed = (built_clients / lang / ".openapi-generator" / "FILES").read_text(encoding="utf-8").split()
        names = [*listed, *written]
        match, mismatch, errors = filecmp.cmpfiles(
            built_clients / lang, tmp_path / lang, names, shallow=False
        )
        assert not mismatch, (lang, mismatch)
        assert not errors, (lang, errors)
        assert len(match) == len(names)


def test_a_broken_spec_fails_the_run(tmp_path: Path) -> None:
    broken = load_spec()
    broken["components"]["schemas"]["ReportResult"]["anyOf"][0] = {
        "$ref": "#/components/schemas/NoSuchReport"
    }
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    proc = run("--spec", str(tmp_path / "broken.yaml"), "--out", str(tmp_path / "out"), "--lang", "go")
    assert proc.returncode != 0
    assert "openapi-generator failed" in proc.stderr


def test_a_failing_build_fails_the_run(tmp_path: Path) -> None:
    """A TypeScript layer that does not compile (a report type whose answer model does not exist)."""
    spec = load_spec()
    spec["components"]["schemas"]["SummaryRequest"]["x-lexer-response"] = "NoSuchModel"
    spec["components"]["schemas"]["NoSuchModel"] = {"type": "object"}
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    proc = run("--spec", str(spec_file), "--out", str(tmp_path / "out"), "--lang", "typescript")
    assert proc.returncode == 1
    assert "generate_clients: typescript:" in proc.stderr
    assert "NoSuchModel" in proc.stderr


# Where each typed layer names its default hosts.
LAYER_FILES = {
    "typescript": "src/lexer.ts",
    "go": "lexer.go",
    "java": "src/main/java/io/lexer/activity/client/LexerClient.java",
    "rust": "src/client.rs",
}


def test_every_layer_asks_the_documents_host_for_the_status(built_clients: Path) -> None:
    """getReportStatus' default host is the one the documents call it on: the spec's first server of the
    operation that is not one of the API's own servers (the API's base URL stays the default elsewhere)."""
    spec = load_spec()
    own = {server["url"] for server in spec["servers"]}
    status = next(
        server["url"]
        for server in spec["paths"]["/activity/reports/status"]["get"]["servers"]
        if server["url"] not in own
    )
    assert status == "https://clients.lexer.io/api/public/v1"
    for lang, name in LAYER_FILES.items():
        layer = (built_clients / lang / name).read_text(encoding="utf-8")
        assert f'"{status}"' in layer, (lang, name)
        assert f'"{spec["servers"][0]["url"]}"' in layer, (lang, name)
