"""Dependency audit: known vulnerabilities in the pinned Node and Python dependencies.

- Node: ``npm audit`` on package-lock.json (the npm registry's advisory endpoint).
- Python: ``pip-audit`` (a pinned dev dependency) on every package of uv.lock, exported with
  ``uv export``; pip-audit asks PyPI's JSON API (``/pypi/<name>/<version>/json``) per package.

Both need the network, so this is not part of ``make test``. Each side ends in one of three
verdicts, printed one per line, then an overall line::

    audit: npm: clean (312 packages) | N vulnerabilities (...) | not checked (<why>)
    audit: python: clean (77 packages) | N vulnerabilities in ... | not checked (<why>)
    audit: result: clean | vulnerable | incomplete

Exit status: 0 clean, 1 a vulnerability was found, 2 nothing found but something could not be
checked (e.g. the advisory services are not reachable from this machine).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
TIMEOUT_S = 600
LOCAL_PACKAGES = ("lexer-activity-mock", "lexer-activity-client")  # this repository's own


@dataclass(frozen=True)
class Verdict:
    side: str
    state: str  # clean | vulnerable | unchecked
    detail: str

    def line(self) -> str:
        words = {"clean": "clean", "vulnerable": "VULNERABLE", "unchecked": "not checked"}
        return f"audit: {self.side}: {words[self.state]} ({self.detail})"


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)


def last_error_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and "Unknown user config" not in line]
    return lines[-1][:300] if lines else "no output"


def npm_audit() -> Verdict:
    try:
        result = run(["npm", "audit", "--json"])
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Verdict("npm", "unchecked", f"npm audit did not run: {exc}")
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    counts = report.get("metadata", {}).get("vulnerabilities")
    if not isinstance(counts, dict):
        warnings = [line for line in result.stderr.splitlines() if line.startswith("npm warn audit")]
        why = (
            warnings[0].removeprefix("npm warn audit").strip() if warnings else last_error_line(result.stderr)
        )
        return Verdict("npm", "unchecked", f"npm audit failed: {why[:300]}")
    total = int(counts.get("total", 0))
    deps = report.get("metadata", {}).get("dependencies", {}).get("total", "?")
    if total == 0:
        return Verdict("npm", "clean", f"{deps} packages, 0 known vulnerabilities")
    levels = ", ".join(f"{level} {n}" for level, n in counts.items() if level != "total" and n)
    names = ", ".join(sorted(report.get("vulnerabilities", {}))[:20])
    return Verdict("npm", "vulnerable", f"{total} vulnerabilities ({levels}) in {names}")


def python_requirements(target: Path) -> None:
    command = [str(VENV_BIN / "uv"), "export", "--frozen", "--format", "requirements-txt", "--no-hashes"]
    command += ["--all-groups", "--no-emit-project", "--no-annotate", "--no-header"]
    for package in LOCAL_PACKAGES:
        command += ["--no-emit-package", package]
    result = run(command)
    if result.returncode != 0:
        raise RuntimeError(f"uv export failed: {last_error_line(result.stderr)}")
    pins = [line for line in result.stdout.splitlines() if "==" in line and not line.startswith(("-", "#"))]
    target.write_text("\n".join(pins) + "\n")


def pip_audit() -> Verdict:
    pip_audit = VENV_BIN / "pip-audit"
    if not pip_audit.exists():
        return Verdict("python", "unchecked", "pip-audit is not installed: run make setup")
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        try:
            python_requirements(requirements)
            command = [str(pip_audit), "--requirement", str(requirements), "--no-deps", "--disable-pip"]
            result = run([*command, "--progress-spinner", "off", "--format", "json"])
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
            return Verdict("python", "unchecked", f"pip-audit did not run: {exc}")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return Verdict("python", "unchecked", f"pip-audit failed: {last_error_line(result.stderr)}")
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    audited = len(dependencies) - len(skipped)
    if vulnerable:
        found = "; ".join(
            f"{d['name']} {d['version']}: {', '.join(v['id'] for v in d['vulns'])}" for d in vulnerable
        )
        return Verdict("python", "vulnerable", f"{len(vulnerable)} of {audited} audited packages: {found}")
    if skipped:
        reason = str(skipped[0]["skip_reason"])
        return Verdict(
            "python",
            "unchecked",
            f"{len(skipped)} of {len(dependencies)} packages could not be audited, e.g. {reason!r}; "
            f"{audited} audited, 0 known vulnerabilities",
        )
    return Verdict("python", "clean", f"{audited} packages, 0 known vulnerabilities")


def main() -> int:
    verdicts = [npm_audit(), pip_audit()]
    for verdict in verdicts:
        print(verdict.line(), flush=True)
    states = {verdict.state for verdict in verdicts}
    if "vulnerable" in states:
        print("audit: result: vulnerable")
        return 1
    if "unchecked" in states:
        print("audit: result: incomplete")
        return 2
    print("audit: result: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
