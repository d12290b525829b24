"""No module imports another module's private names (a leading underscore means "mine")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "homeward"


def private_imports() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("homeward"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {node.module}.{alias.name}")
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                base = node.value
                if isinstance(base, ast.Name) and base.id in _module_aliases(tree):
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {base.id}.{node.attr}")
    return found


def _module_aliases(tree: ast.Module) -> set[str]:
    """Names bound to Homeward modules by ``import homeward.x as y`` or ``from homeward import x``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.asname or a.name for a in node.names if a.name.startswith("homeward")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("homeward"):
            names |= {a.asname or a.name for a in node.names if a.name.islower() and not a.name.startswith("_")}
    return names


def test_no_module_imports_another_modules_private_names() -> None:
    assert private_imports() == []
