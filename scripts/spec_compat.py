"""Does openapi.yaml keep its last release's promises? (``make spec-compat``, and a test in ``make test``)

Compares ``openapi.yaml`` with the newest spec under ``releases/`` (``openapi-X.Y.Z.yaml``, one per
released version) using oasdiff, pinned in ``tools/go.mod`` and built from the Go module proxy into
``build/tools/``. A breaking change (a path, a field or an enum value that clients relied on taken away,
a request made stricter, ...) fails the check unless ``info.version`` moves to a new major version
(oasdiff's ``--fail-on MISSING-VERSION-BUMP``). Also checked: the version never goes backwards and
CHANGELOG.md has an entry for it.

Exit status: 0 compatible (or a major version step), 1 a breaking change without one, or a version or
changelog problem, 2 the check could not run (no Go toolchain, no release, a build failure).

Usage: python scripts/spec_compat.py [--spec openapi.yaml] [--base releases/openapi-X.Y.Z.yaml]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mock_server.version import spec_version  # noqa: E402  (the repository root is put on sys.path first)

TOOLS = ROOT / "tools"
OASDIFF = ROOT / "build" / "tools" / "oasdiff"
RELEASES = ROOT / "releases"
CHANGELOG = ROOT / "CHANGELOG.md"
RELEASE_NAME = re.compile(r"^openapi-(\d+)\.(\d+)\.(\d+)\.yaml$")
CHANGELOG_ENTRY = re.compile(r"^## \[?(\d+\.\d+\.\d+)\]?", re.MULTILINE)


class CheckError(Exception):
    """The check itself could not run (exit 2)."""


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def last_release() -> Path:
    found = sorted(
        (path for path in RELEASES.glob("openapi-*.yaml") if RELEASE_NAME.match(path.name)),
        key=lambda path: version_key(path.name),
    )
    if not found:
        raise CheckError(f"no released spec in {RELEASES} (openapi-X.Y.Z.yaml)")
    return found[-1]


def oasdiff() -> Path:
    """The pinned oasdiff, built once (again when tools/go.mod or go.sum is newer than the binary)."""
    pins = [TOOLS / "go.mod", TOOLS / "go.sum"]
    if OASDIFF.is_file() and all(OASDIFF.stat().st_mtime >= pin.stat().st_mtime for pin in pins):
        return OASDIFF
    go = shutil.which("go")
    if go is None:
        raise CheckError("the Go toolchain (go) is needed to build oasdiff from tools/go.mod")
    OASDIFF.parent.mkdir(parents=True, exist_ok=True)
    built = subprocess.run(
        [go, "build", "-o", str(OASDIFF), "github.com/oasdiff/oasdiff"],
        cwd=TOOLS,
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        raise CheckError(f"building oasdiff failed:\n{built.stderr}")
    return OASDIFF


def check(spec: Path, base: Path) -> tuple[int, str]:
    """Exit status and report of comparing ``spec`` with the released ``base``."""
    current, released = spec_version(spec), spec_version(base)
    lines = [f"spec-compat: {spec.name} {current} against the release {base.name} ({released})"]
    if version_key(current) < version_key(released):
        lines.append(f"spec-compat: info.version {current} is older than the last release {released}")
        return 1, "\n".join(lines)
    if current not in CHANGELOG_ENTRY.findall(CHANGELOG.read_text(encoding="utf-8")):
        lines.append(f"spec-compat: CHANGELOG.md has no entry '## {current}'")
        return 1, "\n".join(lines)
    diff = subprocess.run(
        [str(oasdiff()), "breaking", str(base), str(spec), "--fail-on", "MISSING-VERSION-BUMP"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines.append((diff.stdout + diff.stderr).strip())
    if diff.returncode not in (0, 1):
        raise CheckError("\n".join([*lines, f"oasdiff exited {diff.returncode}"]))
    verdict = "compatible" if diff.returncode == 0 else "BREAKING without a major version step"
    lines.append(f"spec-compat: {verdict}")
    return diff.returncode, "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml", help="the spec to check")
    parser.add_argument("--base", type=Path, help="the released spec (default: the newest in releases/)")
    args = parser.parse_args(argv)
    try:
        status, report = check(args.spec, args.base or last_release())
    except (CheckError, OSError, ValueError) as exc:
        print(f"spec-compat: cannot check: {exc}", file=sys.stderr)
        return 2
    print(report)
    return status


if __name__ == "__main__":
    sys.exit(main())
