"""The kit's one version: ``info.version`` of openapi.yaml.

The spec, the mock's distribution (its build reads the same line), the Python client and the clients in
other languages all carry this number; ``lexer-mock --version`` prints it.
"""

from __future__ import annotations

import re
from pathlib import Path

from mock_server.spec import find_spec

# The one line of openapi.yaml that holds it: `  version: X.Y.Z` under `info:` (two spaces of indent).
VERSION_LINE = re.compile(r"^  version: ['\"]?(?P<version>[0-9][^'\"\s]*)['\"]?\s*$", re.MULTILINE)


def spec_version(path: Path) -> str:
    """``info.version`` of the spec at ``path``, read without parsing the whole document."""
    found = VERSION_LINE.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{path}: no info.version line")
    return found["version"]


def kit_version() -> str:
    return spec_version(find_spec())
