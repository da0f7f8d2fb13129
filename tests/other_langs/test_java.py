"""The kit's Java client (build/clients/java, from `make clients`) used by a program, against the mock.

tests/other_langs/java/ContractCheck.java runs in Java's source-file mode against the built jar and its
dependencies (the classpath Maven resolves for it, as a user's build would): javac checks its declarations,
which say that each report method answers its report's type, and a program that takes one report's answer
for another's does not compile. It runs with the client's default HttpClient (`Upgrade: h2c` on http://)
against the mock over HTTP, and through the proxy that adds a field the spec does not list.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.other_langs.program_checks import check, check_tolerant, reset
from tests.support.mock_helpers import OTHER_TOKEN, TOKEN
from tests.support.servers import Cli
from tests.support.spec_tools import REPO_ROOT, load_spec, report_types

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from clients import java

PROGRAM = REPO_ROOT / "tests" / "other_langs" / "java" / "ContractCheck.java"
RUN_TIMEOUT_S = 180
POM = "{http://maven.apache.org/POM/4.0.0}"
EXACT_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")


@pytest.fixture(scope="module")
def classpath(built_clients: Path) -> str:
    return java.classpath(built_clients / "java")


def java_bin() -> str:
    path = shutil.which("java")
    assert path is not None
    return path


def run_program(classpath: str, root: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [java_bin(), "-cp", classpath, str(PROGRAM), root, TOKEN, OTHER_TOKEN],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def test_package_carries_the_kit_version_and_exact_pins(built_clients: Path) -> None:
    client = built_clients / "java"
    version = load_spec()["info"]["version"]
    pom = ET.parse(client / "pom.xml").getroot()
    assert pom.findtext(f"{POM}artifactId") == java.ARTIFACT_ID
    assert pom.findtext(f"{POM}version") == version
    assert f'VERSION = "{version}"' in (client / java.SOURCE / "LexerClient.java").read_text("utf-8")
    properties = {child.tag.removeprefix(POM): child.text for child in pom.find(f"{POM}properties") or []}
    managed = pom.findall(f"{POM}build/{POM}pluginManagement/{POM}plugins/{POM}plugin")
    dependencies = pom.findall(f"{POM}dependencies/{POM}dependency")
    for node in [*managed, *dependencies]:
        text = re.sub(
            r"\$\{(.+?)\}", lambda m: properties.get(m.group(1)) or "", node.findtext(f"{POM}version") or ""
        )
        assert EXACT_VERSION.match(text), node.findtext(f"{POM}artifactId")
    assert len(managed) == len(java.PLUGINS)
    assert len(dependencies) == len(java.DEPENDENCIES)
    names = {node.findtext(f"{POM}artifactId") for node in managed}
    for node in pom.findall(f"{POM}build/{POM}plugins/{POM}plugin"):
        assert node.findtext(f"{POM}artifactId") in names  # its version comes from pluginManagement
    assert not (client / "build.gradle").exists()


def test_every_report_type_has_its_method(built_clients: Path) -> None:
    layer = (built_clients / "java" / java.SOURCE / "LexerClient.java").read_text(encoding="utf-8")
    for report in java.layer_context(load_spec(), "0")["reports"]:
        assert f"public {report['java_type']} {report['camel']}({report['request']} request)" in layer
        assert f'TypeEnum.fromValue("{report["type"]}")' in layer
    assert len(report_types()) == 15


def test_a_new_report_type_in_the_spec_gets_its_method() -> None:
    """The layer follows the discriminator mapping and x-lexer-response (nothing listed by hand)."""
    spec = load_spec()
    mapping = spec["components"]["schemas"]["RunReportRequest"]["discriminator"]["mapping"]
    mapping["team_rollup"] = mapping["summary"]
    reports = java.layer_context(spec, "0")["reports"]
    assert (reports[-1]["camel"], reports[-1]["java_type"]) == ("teamRollup", "SummaryReport")


def test_a_wrong_answer_type_does_not_compile(classpath: str, tmp_path: Path) -> None:
    source = tmp_path / "Wrong.java"
    source.write_text(
        "import io.lexer.activity.client.LexerClient;\n"
        "import io.lexer.activity.client.model.*;\n"
        "import java.util.List;\n"
        "class Wrong {\n"
        "  List<UserSummaryRow> rows(LexerClient lexer) {\n"
        "    return lexer.summary(new SummaryRequest());\n"
        "  }\n"
        "}\n",
        encoding="utf-8",
    )
    javac = shutil.which("javac")
    assert javac is not None
    proc = subprocess.run(
        [javac, "-cp", classpath, "-d", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "incompatible types: SummaryReport cannot be converted to List<UserSummaryRow>" in proc.stderr


def test_program_against_the_mock(classpath: str, lang_mock: Cli) -> None:
    reset(lang_mock.url)
    proc = run_program(classpath, lang_mock.url)
    assert proc.returncode == 0, proc.stdout + proc.stderr + lang_mock.output()[-2000:]
    check(proc.stdout, lang_mock.url)


def test_program_tolerates_fields_the_spec_does_not_list(
    classpath: str, extra_fields: str, lang_mock: Cli
) -> None:
    """The same program through a proxy that adds a field to every answer object."""
    reset(lang_mock.url)
    proc = run_program(classpath, extra_fields)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check_tolerant(proc.stdout)
