"""scripts/generate_client.py drives openapi-python-client through its public API only.

No private (underscore) name of the generator is imported or reached for, and no generator class is
subclassed to override its internals: the post-hooks are run by the script itself after the typed client is
rendered. An upgrade of openapi-python-client that removes or renames a public name the script uses fails
``make client`` and the golden test; this test keeps private names from creeping back in.
"""

from __future__ import annotations

import ast

from tests.support.spec_tools import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "generate_client.py"


def _tree() -> ast.Module:
    return ast.parse(SCRIPT.read_text(encoding="utf-8"), filename=str(SCRIPT))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _generator_imports(tree: ast.Module) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openapi_python_client"):
            found.setdefault(node.module or "", []).extend(alias.name for alias in node.names)
    return found


def test_only_public_names_of_the_generator_are_imported() -> None:
    imports = _generator_imports(_tree())
    assert "openapi_python_client" in imports  # Project
    for module, names in imports.items():
        assert not any(_private(part) for part in module.split(".")), module
        assert not [name for name in names if _private(name)], (module, names)


def test_no_private_attribute_is_used() -> None:
    private = sorted(
        {node.attr for node in ast.walk(_tree()) if isinstance(node, ast.Attribute) and _private(node.attr)}
    )
    assert private == []


def test_no_generator_class_is_subclassed() -> None:
    imported = {name for names in _generator_imports(_tree()).values() for name in names}
    subclassed = [
        (node.name, base.id)
        for node in ast.walk(_tree())
        if isinstance(node, ast.ClassDef)
        for base in node.bases
        if isinstance(base, ast.Name) and base.id in imported
    ]
    assert subclassed == []
