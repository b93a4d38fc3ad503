"""Dependencies point one way: ui → app → db. The domain never imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_app_and_db_never_import_qt() -> None:
    for package in ("app", "db"):
        for path, names in _imports(package).items():
            assert not names & {"PySide6", "shiboken6", "PyQt5", "PyQt6"}, path


def test_db_does_not_import_services_or_ui() -> None:
    for path, names in _imports("db").items():
        assert "ui" not in names, path


def test_only_the_cli_reaches_the_window() -> None:
    for path, names in _imports("app").items():
        if "ui" in names:
            assert path.endswith("cli.py"), path
