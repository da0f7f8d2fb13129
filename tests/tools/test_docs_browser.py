"""The API reference (`make docs`) and the mock's Swagger UI, looked at in a real browser.

Builds the Redocly reference with scripts/build_docs.sh, serves it over local HTTP, and loads it and the
mock's Swagger UI (/v1/ui/ of conftest's `mock_url`) in Debian's headless Chromium (/usr/bin/chromium,
installed by `make setup` through scripts/ensure_debian_tools.sh), driven by playwright-core through
tests/tools/browser/check_pages.mjs.
Every operation of openapi.yaml must be rendered on both pages, neither page may load anything from
outside this machine or raise errors, and each leaves a screenshot in build/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import json
import struct
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.spec_tools import REPO_ROOT, operations

CHROMIUM = Path("/usr/bin/chromium")
CHECK_PAGES = REPO_ROOT / "tests" / "tools" / "browser" / "check_pages.mjs"
SCREENSHOTS = REPO_ROOT / "build" / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def spec_operations() -> list[dict[str, str]]:
    return [
        {
            "operationId": op["operationId"],
            "tag": op["tags"][0],
            "method": method,
            "path": path,
            "summary": op["summary"],
        }
        for path, method, op in operations()
    ]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference page, built exactly as `make docs` builds it."""
    out = tmp_path_factory.mktemp("docs")
    proc = subprocess.run(
        [str(REPO_ROOT / "scripts" / "build_docs.sh"), str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "index.html").is_file()
    return out


@pytest.fixture(scope="module")
def docs_url(docs_dir: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(docs_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def pages(docs_url: str, mock_url: str) -> dict[str, dict[str, Any]]:
    """What Chromium saw on each page, keyed by page name (one browser run for both pages)."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make setup` (scripts/ensure_debian_tools.sh installs it as root)"
        )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ops = spec_operations()
    page_jobs: list[dict[str, Any]] = [
        {
            "name": "swagger-ui",
            "kind": "swagger-ui",
            "url": f"{mock_url}/v1/ui/",
            "screenshot": str(SCREENSHOTS / "swagger-ui.png"),
            "operations": ops,
            "expand": "runReport",
        },
        {
            "name": "reference",
            "kind": "redoc",
            "url": docs_url,
            "screenshot": str(SCREENSHOTS / "reference.png"),
            "operations": ops,
            "expand": "runReport",
        },
    ]
    for page in page_jobs:
        Path(page["screenshot"]).unlink(missing_ok=True)
    job = {"chromium": str(CHROMIUM), "pages": page_jobs}
    proc = subprocess.run(
        ["node", str(CHECK_PAGES), json.dumps(job)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert str(result["browser"]).split(".")[0].isdigit()
    return {page["name"]: page for page in result["pages"]}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, path
    assert data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_swagger_ui_renders_every_operation(pages: dict[str, dict[str, Any]]) -> None:
    page = pages["swagger-ui"]
    for op in spec_operations():
        seen = page["operations"][op["operationId"]]
        assert seen["found"], op["operationId"]
        # The operation's summary bar shows its method, path and summary.
        assert seen["text"].startswith(f"{op['method'].upper()} {op['path']}"), seen["text"]
        assert op["summary"] in seen["text"]


def test_swagger_ui_opens_run_report_with_its_request_body(pages: dict[str, dict[str, Any]]) -> None:
    expanded = pages["swagger-ui"]["expanded"]
    assert expanded["operationId"] == "runReport"
    text = expanded["text"]
    assert "Request body" in text
    assert "Try it out" in text
    assert '"type": "summary"' in text  # the first named request example
    for code in ("200", "400", "401", "404", "429"):
        assert code in text


def test_reference_renders_every_operation(pages: dict[str, dict[str, Any]]) -> None:
    page = pages["reference"]
    assert page["title"] == "Lexer Activity API reference"
    for op in spec_operations():
        seen = page["operations"][op["operationId"]]
        assert seen["found"], (op["operationId"], seen["text"])
        assert seen["text"].startswith(op["summary"]), seen["text"]
    run_report = page["expanded"]["text"]
    assert "Discriminator" in run_report
    assert "POST" in run_report
    assert "/activity/reports" in run_report


@pytest.mark.parametrize("name", ["swagger-ui", "reference"])
def test_page_loads_nothing_from_outside(pages: dict[str, dict[str, Any]], name: str) -> None:
    page = pages[name]
    assert page["requests"], "no request recorded at all"
    assert page["external_requests"] == []


@pytest.mark.parametrize("name", ["swagger-ui", "reference"])
def test_page_has_no_errors(pages: dict[str, dict[str, Any]], name: str) -> None:
    # The test's static file server has no favicon.ico; Chromium asks for one on its own.
    errors = [error for error in pages[name]["errors"] if not error.endswith("/favicon.ico")]
    assert errors == []


def test_swagger_ui_reads_the_spec_from_the_mock(pages: dict[str, dict[str, Any]]) -> None:
    assert any(url.endswith("/v1/openapi.json") for url in pages["swagger-ui"]["requests"])


@pytest.mark.parametrize("name", ["swagger-ui", "reference"])
def test_screenshot_is_saved(pages: dict[str, dict[str, Any]], name: str) -> None:
    width, height = png_size(Path(pages[name]["screenshot"]))
    assert width == 1280
    assert height >= 900
