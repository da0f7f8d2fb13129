"""Generate and build the clients of openapi.yaml in other languages (`make clients`).

Every module scripts/clients/<lang>.py that defines `LANGUAGE` is one language (interface:
scripts/clients/base.py). For the languages asked for, the driver checks their toolchains, runs
openapi-generator once (its `batch` command: one JVM for every generator; the jar shipped inside the
pinned `openapi-generator-cli` PyPI package, started with the machine's Java), then for each language
its `finish` step (typed report layer, package files) and its `build` step (its own compiler).
Output: build/clients/<lang>/. Exits non-zero when any step of any language fails.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.resources
import json
import pkgutil
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clients
from clients.base import (
    GLOBAL_PROPERTIES,
    MODEL_NAME_MAPPINGS,
    ROOT,
    SPEC,
    ClientError,
    Context,
    Language,
)

OUT = ROOT / "build" / "clients"

# Faster start-up for a short-lived JVM: no C2 compiler, serial GC, class-data sharing when available.
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.awt.headless=true"]


def languages() -> dict[str, Language]:
    """Every language module of scripts/clients/, by name, in name order."""
    found: dict[str, Language] = {}
    for info in sorted(pkgutil.iter_modules(clients.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"clients.{info.name}")
        language = getattr(module, "LANGUAGE", None)
        if isinstance(language, Language):
            found[language.name] = language
    return found


def jar_path() -> Path:
    """The openapi-generator jar inside the installed openapi-generator-cli package (no download)."""
    jar = Path(str(importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"))
    if not jar.is_file():
        raise SystemExit(f"generate_clients: {jar} is missing; run `make setup`")
    return jar


def batch_config(language: Language, spec_path: Path, out: Path) -> dict[str, Any]:
    config: dict[str, Any] = {
        "generatorName": language.generator,
        "inputSpec": str(spec_path),
        "outputDir": str(out / language.name),
        "additionalProperties": dict(language.options),
        "modelNameMappings": MODEL_NAME_MAPPINGS,
        "globalProperties": GLOBAL_PROPERTIES,
    }
    config.update(language.extra)
    return config


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check_toolchains(selected: list[Language]) -> None:
    needed = {"java"} if any(lang.generator for lang in selected) else set()
    needed.update(tool for lang in selected for tool in lang.requires)
    missing = sorted(tool for tool in needed if shutil.which(tool) is None)
    if missing:
        raise SystemExit(f"generate_clients: not on PATH: {', '.join(missing)} (see docs/other-languages.md)")


def generate(
    selected: list[Language], spec: dict[str, Any], spec_file: Path, out: Path, verbose: bool
) -> None:
    """One openapi-generator run (one JVM) for every selected language that has a generator."""
    targets = [lang for lang in selected if lang.generator]
    for language in selected:
        shutil.rmtree(out / language.name, ignore_errors=True)
    if not targets:
        return
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    configs: list[Path] = []
    for language in targets:
        spec_path = spec_file.resolve()
        if language.transform is not None:
            spec_path = work / f"openapi.{language.name}.json"
            spec_path.write_text(json.dumps(language.transform(spec), indent=1), encoding="utf-8")
        config_path = work / f"{language.name}.json"
        config_path.write_text(json.dumps(batch_config(language, spec_path, out), indent=1), encoding="utf-8")
        configs.append(config_path)

    java = shutil.which("java")
    assert java is not None  # check_toolchains
    cmd = [java, *JVM_FLAGS, "-jar", str(jar_path()), "batch", "--fail-fast", *map(str, configs)]
    log = work / "generator.log"
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, check=False)
    text = log.read_text(encoding="utf-8", errors="replace")
    if verbose:
        print(text)
    # The batch command can report a failed config in its output and still exit 0: check both.
    failed = proc.returncode != 0 or "[FAIL]" in text or "Exception" in text
    missing = [t.name for t in targets if not (out / t.name / ".openapi-generator" / "FILES").is_file()]
    if failed or missing:
        print("\n".join(text.splitlines()[-40:]), file=sys.stderr)
        raise SystemExit(f"generate_clients: openapi-generator failed (exit {proc.returncode}; log {log})")
    for language in targets:
        files = (out / language.name / ".openapi-generator" / "FILES").read_text(encoding="utf-8").split()
        print(f"generated {language.generator:17s} -> {display(out / language.name)}/ ({len(files)} files)")
    print(f"openapi-generator: {time.monotonic() - started:.1f} s (one JVM, {len(targets)} generators)")


def main(argv: list[str] | None = None) -> int:
    known = languages()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lang", action="append", choices=sorted(known), help="only these (repeatable)")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the OpenAPI document (openapi.yaml)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (build/clients)")
    parser.add_argument("--no-build", action="store_true", help="generate and finish only (no compiler)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the tools' own output")
    args = parser.parse_args(argv)
    selected = [lang for name, lang in known.items() if not args.lang or name in args.lang]
    out: Path = args.out.resolve()
    spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    check_toolchains(selected)
    generate(selected, spec, args.spec, out, args.verbose)
    version = str(spec["info"]["version"])
    try:
        for language in selected:
            ctx = Context(
                language.name, out / language.name, spec, args.spec.resolve(), version, args.verbose
            )
            (out / language.name).mkdir(parents=True, exist_ok=True)
            language.finish(ctx)
            if not args.no_build:
                language.build(ctx)
    except ClientError as error:
        print(f"generate_clients: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
