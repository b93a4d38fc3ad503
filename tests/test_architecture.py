"""The layout's rules, read from the import graph of the source (no exemptions):

- dependencies point one way: ui → app → db (db imports neither app nor ui; app never imports ui);
- app/ and db/ never import Qt;
- ui/ never touches the storage layer: it imports no db module and reaches no `Database`
  through the services (`….db`);
- the exchange package has one public door: ui/ and the command line import `app.exchange`
  only, never one of its modules;
- no import circle anywhere, counting imports inside functions too (a deferred import is still
  a dependency); `if TYPE_CHECKING:` imports are left out, they never run."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("app", "db", "ui")
QT = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            found[_module_name(path)] = path
    return found


SOURCES = _sources()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under `node`, skipping the bodies of `if TYPE_CHECKING:`."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield other
                yield from _walk(other)
            continue
        yield child
        yield from _walk(child)


def _resolve(name: str) -> str:
    """Ours: the module a dotted import name loads (a parent package's __init__, which Python runs
    first in any case, is not counted: every module would then depend on its package)."""
    while name and name not in SOURCES:
        name = name.rpartition(".")[0]
    return name


def imports_of(module: str) -> set[str]:
    """Every module `module` imports (ours by their dotted name, others by their top package)."""
    path = SOURCES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in _walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            # `from package import module` loads that module; any other name comes from the package.
            for alias in node.names:
                names.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in SOURCES else target)
    out: set[str] = set()
    for name in names:
        ours = _resolve(name)
        out.add(ours if ours else name.split(".")[0])
    out.discard(module)
    return out


GRAPH = {module: imports_of(module) for module in SOURCES}


def _layer(module: str) -> str:
    return module.split(".")[0]


def _broken(rule: str, pairs: list[str]) -> str:
    return f"{rule}:\n  " + "\n  ".join(sorted(pairs))


def test_app_and_db_never_import_qt() -> None:
    found = [f"{m} imports {n}" for m, names in GRAPH.items() if _layer(m) in ("app", "db")
             for n in names if n.split(".")[0] in QT]
    assert not found, _broken("app/ and db/ must run without Qt", found)


def test_db_imports_neither_app_nor_ui() -> None:
    found = [f"{m} imports {n}" for m, names in GRAPH.items() if _layer(m) == "db"
             for n in names if _layer(n) in ("app", "ui")]
    assert not found, _broken("db/ is the bottom layer", found)


def test_app_never_imports_ui() -> None:
    found = [f"{m} imports {n}" for m, names in GRAPH.items() if _layer(m) == "app"
             for n in names if _layer(n) == "ui"]
    assert not found, _broken("app/ never reaches the window (the window's entry point is in ui/)", found)


def test_ui_never_imports_db() -> None:
    found = [f"{m} imports {n}" for m, names in GRAPH.items() if _layer(m) == "ui"
             for n in names if _layer(n) == "db"]
    assert not found, _broken("ui/ reaches the data through app/ services only", found)


def test_ui_never_reaches_the_database_object() -> None:
    """`ctx.services.db` (or any `….db`) hands ui the storage layer's Database: what ui needs of it
    (who acts, this installation, where the file is) the services say."""
    found = []
    for module, path in SOURCES.items():
        if _layer(module) != "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "db":
                found.append(f"{module}:{node.lineno} reads .db")
    assert not found, _broken("ui/ never touches the Database object", found)


def test_ui_and_the_command_line_use_only_the_exchange_s_door() -> None:
    found = [f"{m} imports {n}" for m, names in GRAPH.items()
             if _layer(m) == "ui" or m == "app.cli"
             for n in names if n.startswith("app.exchange.")]
    assert not found, _broken("outside the exchange, import app.exchange (its __init__), not its modules", found)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle_anywhere() -> None:
    circles = _cycles(GRAPH)
    assert not circles, _broken("import circles", [" ↔ ".join(c) for c in circles])


def test_the_graph_sees_the_known_breaks() -> None:
    """The checks above read what they should: a circle, a deferred import and an upward import
    written in a scratch graph are all found."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert "db.database" in GRAPH["app.startup"]
    assert "app.services" in GRAPH["ui.application"]
    assert "app.exchange" in GRAPH["ui.views.exchange"]


def test_no_private_name_crosses_modules() -> None:
    """A name starting with _ is its module's own: another module of ours imports it never (make it
    public under a name that says what it is, or move it where both belong)."""
    crossing = []
    for module, path in SOURCES.items():
        for node in _walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                    and node.module.split(".")[0] in LAYERS:
                crossing += [f"{module} ← {node.module}.{a.name}" for a in node.names
                             if a.name.startswith("_") and not a.name.startswith("__")]
    assert not crossing, _broken("private names imported from another module", crossing)
