"""openapi-generator run with its default options, and the tools that build its outputs.

The tests of the generators' plain outputs (test_codegen_edition.py: typescript-fetch and go;
test_java_rust_defaults.py: java and rust) generate from the codegen edition of the spec
(``make codegen-spec``, ``build/openapi.codegen.yaml``) with nothing but generator, input and output.
"""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.spec_tools import REPO_ROOT

EDITION_SCRIPT = REPO_ROOT / "scripts" / "codegen_spec.py"
EDITION = REPO_ROOT / "build" / "openapi.codegen.yaml"
TIMEOUT_S = 900  # a first build downloads the generated projects' dependencies
SHOWN_OUTPUT = 4000  # characters of a failed command's stdout and stderr in the assertion


def run(cmd: list[str], cwd: Path = REPO_ROOT, env: dict[str, str] | None = None) -> str:
    """A command's stdout; a failure shows the command and the end of its output."""
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    tail = f"{proc.stdout[-SHOWN_OUTPUT:]}{proc.stderr[-SHOWN_OUTPUT:]}"
    assert proc.returncode == 0, f"{' '.join(cmd)}:\n{tail}"
    return proc.stdout


def make_edition() -> Path:
    """Writes the codegen edition (as ``make codegen-spec`` does); its path."""
    run([sys.executable, str(EDITION_SCRIPT)])
    return EDITION


def generate_with_defaults(out: Path, spec: Path, generator: str, *library: str) -> None:
    """openapi-generator with no option but generator (and library), input and output."""
    jar = Path(str(importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"))
    java = shutil.which("java")
    assert java is not None
    shutil.rmtree(out, ignore_errors=True)
    command = [java, "-XX:TieredStopAtLevel=1", "-jar", str(jar), "generate", "-g", generator, *library]
    run([*command, "-i", str(spec), "-o", str(out)])
