"""Connexion, imported once with the three warnings its own imports raise silenced.

Connexion 3.3 (pinned) warns on import, whatever the mock does: ``connexion.apps.abstract``
imports ``starlette.testclient``, which warns that it runs on ``httpx`` rather than ``httpx2``
(a StarletteDeprecationWarning); ``connexion.json_schema`` imports jsonschema's ``RefResolver``
and ``RefResolutionError``, deprecated since jsonschema 4.18. A user whose suite turns warnings
into errors (``-W error``, ``filterwarnings = error``) could not import the mock, nor use its
pytest plugin, though nothing is wrong with either.

This module imports Connexion with exactly those warnings ignored (each by category and the
start of its message, only while Connexion is imported), and changes no warning filter of the
user's. Every mock module that imports Connexion or Starlette's test client imports this module
first: ruff's isort puts it in a section of its own before the third-party imports
(``[tool.ruff.lint.isort]`` in pyproject.toml), and tests/mock/test_imports.py checks both that
each such module does and that Connexion still warns without it (when an upgrade stops the
warnings, that test fails and this module can go).
"""

from __future__ import annotations

import warnings

from starlette.exceptions import StarletteDeprecationWarning

# (category, start of the message) of each warning silenced while Connexion is imported.
SILENCED: tuple[tuple[type[Warning], str], ...] = (
    (StarletteDeprecationWarning, "Using `httpx` with `starlette.testclient` is deprecated"),
    (DeprecationWarning, "jsonschema.RefResolver is deprecated"),
    (DeprecationWarning, "jsonschema.exceptions.RefResolutionError is deprecated"),
)

with warnings.catch_warnings():
    for category, message in SILENCED:
        warnings.filterwarnings("ignore", message=message, category=category)
    import connexion  # noqa: F401  # the whole package: its submodules are imported with it
