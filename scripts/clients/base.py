"""What a language module of `make clients` provides, and what the driver hands it.

A language is one module `scripts/clients/<name>.py` that defines `LANGUAGE = Language(...)`; the driver
(scripts/generate_clients.py) finds every such module, so adding a language touches no other file.

The driver, for the languages asked for (all by default):
1. `check`: the toolchain is there (each `Language.requires` executable on PATH), before anything runs;
2. `generate`: one JVM run of openapi-generator (`batch`) for every language that names a `generator`,
   each on `transform(spec)` (the kit's own input for that generator) with its `options`;
3. `finish(ctx)`: the language writes what the generator does not (the typed report layer, rendered from
   the spec with the templates under scripts/clients/templates/<name>/, and the package files: version,
   lock files);
4. `build(ctx)`: the language compiles and checks its client with its own toolchain.
A step raises `ClientError` (or SystemExit) to fail the run; the driver exits non-zero.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clients import spec_facts

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC = ROOT / "openapi.yaml"
TEMPLATES = Path(__file__).resolve().parent / "templates"

Spec = dict[str, Any]

# The same model names in every language: `Error` clashes with built-in types (TypeScript renames it
# `ModelError` with a warning per use, Java would shadow java.lang.Error, Go's `error`).
MODEL_NAME_MAPPINGS = {"Error": "ApiError"}

# Only the client code and its docs: no generated test stubs, no git_push.sh / CI files.
GLOBAL_PROPERTIES = {"apiTests": "false", "modelTests": "false"}

OUTPUT_SHOWN = 60  # lines of a failed tool's output shown


class ClientError(Exception):
    """A step of one language failed; the message says which and why."""


@dataclass(frozen=True)
class Context:
    """What a language's `finish` and `build` get."""

    lang: str
    out: Path  # build/clients/<lang>/ (the generator's output dir)
    spec: Spec  # openapi.yaml as parsed (do not change it: copy first)
    spec_path: Path
    version: str  # the kit's version: openapi.yaml's info.version
    verbose: bool = False

    def run(
        self,
        cmd: Sequence[str],
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 900,
    ) -> str:
        """Run a tool; its output on failure (raises ClientError), returned on success."""
        started = time.monotonic()
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run(
            list(cmd),
            cwd=cwd or self.out,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        output = proc.stdout + proc.stderr
        if self.verbose:
            print(output)
        if proc.returncode != 0:
            tail = "\n".join(output.splitlines()[-OUTPUT_SHOWN:])
            raise ClientError(f"{self.lang}: `{' '.join(cmd)}` failed (exit {proc.returncode}):\n{tail}")
        shown = " ".join([Path(cmd[0]).name, *cmd[1:]])
        print(f"{self.lang}: {shown[:90]}: ok ({time.monotonic() - started:.1f} s)")
        return output


def no_step(ctx: Context) -> None:
    """A step a language does not need."""


@dataclass(frozen=True)
class Language:
    """One client language of `make clients`."""

    name: str  # the output folder build/clients/<name>/ and the `--lang` value
    generator: str | None  # openapi-generator's generator name, or None if the language generates itself
    options: Mapping[str, Any] = field(default_factory=dict)  # the generator's additionalProperties
    # The generator's input made from openapi.yaml (a copy); the identity when the spec suits it as is.
    transform: Callable[[Spec], Spec] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # further keys of the batch config
    finish: Callable[[Context], None] = no_step  # typed layer and package files
    build: Callable[[Context], None] = no_step  # compile and check with the language's toolchain
    requires: tuple[str, ...] = ()  # executables the build needs on PATH


def render(lang: str, template: str, **values: Any) -> str:
    """scripts/clients/templates/<lang>/<template> rendered with Jinja2 (undefined names are errors)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / lang),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env.get_template(template).render(**values)


def prepend_readme(ctx: Context, lang: str, reports: list[spec_facts.Report], **values: Any) -> None:
    """The package README starts with the typed layer (``<lang>/README.md.j2``, given the kit's version,
    the report types, the API and status servers and ``values``), then the generator's own README."""
    head = render(
        lang,
        "README.md.j2",
        version=ctx.version,
        reports=reports,
        api_server=spec_facts.api_server(ctx.spec),
        status_server=spec_facts.documents_status_server(ctx.spec),
        **values,
    )
    readme = ctx.out / "README.md"
    readme.write_text(head + readme.read_text(encoding="utf-8"), encoding="utf-8")
