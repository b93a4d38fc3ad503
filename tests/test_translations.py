"""The English window stays complete as the window grows (issue 23).

- Every Chinese string in ui/ that a person can see goes through Qt's translation: a call
  of tr()/translate()/QT_TRANSLATE_NOOP with a plain string (no f-string, no concatenation,
  placeholders filled by .format afterwards); translate(context, value) only for values
  marked with QT_TRANSLATE_NOOP under that context. A Chinese literal elsewhere fails this test,
  unless its statement says `# not shown` (a value compared with stored data) or
  `# untranslated` (a language's own name).
- resources/translations/zhuqi_en.ts is what pyside6-lupdate makes of ui/ today (regenerated
  into a temporary copy and compared), and every message in it is translated, with the
  same {placeholders} as its source.
- Every coded value of app.domain, app.workflow and app.stages is listed in ui/domain_text.VALUES.
- The compiled .qm turns a sample of the window's strings into English."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from enum import StrEnum
from pathlib import Path

import pytest

from app import domain, stages, workflow
from ui import domain_text

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
TS = ROOT / "resources" / "translations" / "zhuqi_en.ts"
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _called_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def literal_problems(path: Path) -> list[str]:
    """Chinese literals shown without translation, and tr() calls that lupdate cannot read."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    allowed: set[int] = set()  # ids of Constant nodes that are translated or docstrings
    problems: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))
        if isinstance(node, ast.Call) and _called_name(node) in TRANSLATING:
            name = _called_name(node)
            text_arg = node.args[1] if name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) > 1 else \
                node.args[0] if node.args else None
            if isinstance(text_arg, ast.Constant) and isinstance(text_arg.value, str):
                allowed.add(id(text_arg))
            elif name == "translate" and not isinstance(text_arg, (ast.JoinedStr, ast.BinOp)):
                pass  # a value marked elsewhere with QT_TRANSLATE_NOOP under the same context
            elif text_arg is not None:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}() of "
                                f"{type(text_arg).__name__}, not a plain string: lupdate cannot read it")
    statement_of: dict[int, ast.stmt] = {}
    for stmt in ast.walk(tree):
        if isinstance(stmt, ast.stmt):
            for inner in ast.walk(stmt):
                statement_of[id(inner)] = stmt  # the innermost statement wins (walked last)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value) \
                and id(node) not in allowed:
            stmt = statement_of.get(id(node))
            first, last = (stmt.lineno, stmt.end_lineno or stmt.lineno) if stmt else (node.lineno, node.lineno)
            if any("# not shown" in lines[i - 1] or "# untranslated" in lines[i - 1] for i in range(first, last + 1)):
                continue
            problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:30]!r} is shown untranslated")
    return problems


def test_every_chinese_string_of_the_window_is_translatable() -> None:
    problems = [p for path in sorted(UI.rglob("*.py")) for p in literal_problems(path)]
    assert problems == [], "\n".join(problems)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", m.findtext("source") or ""): m
            for ctx in root.iter("context") for m in ctx.iter("message")}


def lupdate() -> str:
    tool = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed with PySide6 here")
    return tool


def test_the_translation_source_is_up_to_date_and_complete(tmp_path: Path) -> None:
    fresh = tmp_path / "zhuqi_en.ts"
    shutil.copy(TS, fresh)
    from build_spec import translations

    subprocess.run(translations.lupdate_command(lupdate(), fresh), check=True, cwd=ROOT, capture_output=True)
    committed, regenerated = messages(TS), messages(fresh)
    missing = sorted(set(regenerated) - set(committed))
    gone = sorted(set(committed) - set(regenerated))
    assert not missing, f"strings in ui/ not in {TS.name} (run: python build_spec/translations.py update):\n" + \
        "\n".join(f"{c}: {s}" for c, s in missing)
    assert not gone, f"{TS.name} holds strings no longer in ui/:\n" + "\n".join(f"{c}: {s}" for c, s in gone)
    unfinished = [f"{c}: {s}" for (c, s), m in regenerated.items()
                  if (m.find("translation").get("type") or "") in ("unfinished", "vanished", "obsolete")
                  or not (m.findtext("translation") or "").strip()]
    assert not unfinished, "untranslated:\n" + "\n".join(unfinished)
    for (c, s), m in regenerated.items():
        english = m.findtext("translation") or ""
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(s)), (c, s, english)
        assert not CJK.search(english.replace("（", "(").replace("）", ")")) or c == "Language", (c, s, english)


def test_every_coded_value_can_be_shown_in_english() -> None:
    modules = (domain, workflow, stages)
    enums: list[type[StrEnum]] = [v for m in modules for v in vars(m).values()
                                  if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum]
    shown = set(domain_text.VALUES)
    apart = (domain.CodeListKind, workflow.Action, stages.Stage)
    missing = [f"{e.__name__}.{m.name} = {m.value}" for e in enums if e not in apart
               for m in e if m.value not in shown]
    missing += [f"Action.{a.name} = {a.value}" for a in workflow.Action if a.value not in domain_text.ACTIONS]
    missing += [f"Stage.{a.name} = {a.value}" for a in stages.Stage if a.value not in domain_text.STAGES]
    missing += [label for label in domain.INDUSTRY_SECTIONS.values() if label not in shown]
    assert missing == [], "add to ui/domain_text.VALUES:\n" + "\n".join(missing)


def test_the_compiled_english_reads_english(tmp_path: Path, qapp: object) -> None:
    # qapp: pytest-qt's QApplication (a bare QCoreApplication made here would be the one the
    # window tests later find, and widgets abort on it).
    from PySide6.QtCore import QCoreApplication, QTranslator

    from build_spec import translations

    qm = tmp_path / "zhuqi_en.qm"
    subprocess.run(translations.lrelease_command(
        str(Path(lupdate()).with_name(Path(lupdate()).name.replace("lupdate", "lrelease"))), TS, qm),
        check=True, capture_output=True)
    app = QCoreApplication.instance()
    assert app is not None
    t = QTranslator()
    assert t.load(str(qm))
    app.installTranslator(t)
    try:
        for context, source in (("MainWindow", "助企走访台账"), ("Domain", "办理中"), ("Columns", "收到日期")):
            english = QCoreApplication.translate(context, source)
            assert english != source and not CJK.search(english), (context, source, english)
    finally:
        app.removeTranslator(t)


def test_the_window_names_every_stage_limit() -> None:
    from app.stages import LIMIT_LABELS
    from ui.widgets.calendar_settings import LIMIT_TEXT

    assert LIMIT_TEXT == LIMIT_LABELS
