"""openapi-generator's `batch` command in one JVM: the jar inside the pinned openapi-generator-cli package."""

from __future__ import annotations

import importlib.resources
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

# Faster start-up for a short-lived JVM: no C2 compiler, serial GC, class-data sharing when available.
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.awt.headless=true"]


def jar_path() -> Path:
    jar = Path(str(importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"))
    if not jar.is_file():
        raise SystemExit(f"clients: {jar} is missing; run `make setup`")
    return jar


def run_batch(configs: list[dict[str, Any]], work: Path) -> None:
    """Generate every config; fail with the log's tail when any does not."""
    work.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, config in enumerate(configs):
        path = work / f"batch-{index}.json"
        path.write_text(json.dumps(config, indent=1), encoding="utf-8")
        paths.append(str(path))
        shutil.rmtree(config["outputDir"], ignore_errors=True)
    java = shutil.which("java")
    if java is None:
        raise SystemExit("clients: `java` (17 or newer) is not on PATH")
    log = work / "generator.log"
    with log.open("w", encoding="utf-8") as sink:
        cmd = [java, *JVM_FLAGS, "-jar", str(jar_path()), "batch", "--fail-fast", *paths]
        proc = subprocess.run(cmd, stdout=sink, stderr=subprocess.STDOUT, check=False)
    text = log.read_text(encoding="utf-8", errors="replace")
    missing = [
        c["outputDir"]
        for c in configs
        if not (Path(c["outputDir"]) / ".openapi-generator" / "FILES").is_file()
    ]
    if proc.returncode != 0 or "[FAIL]" in text or "Exception" in text or missing:
        print("\n".join(text.splitlines()[-40:]), file=sys.stderr)
        raise SystemExit(f"clients: openapi-generator failed (exit {proc.returncode}; log {log})")
