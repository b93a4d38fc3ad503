"""The window's translations: regenerate the Qt Linguist source from ui/, and compile it.

    python build_spec/translations.py update    # ui/**/*.py → resources/translations/zhuqi_en.ts
    python build_spec/translations.py release   # zhuqi_en.ts → zhuqi_en.qm (what the program loads)

`update` runs pyside6-lupdate over every module of ui/: new strings appear in the .ts as
unfinished (translate them with Qt Linguist, `pyside6-linguist`, or in the file), vanished
ones are dropped. Locations are left out so that parallel work on ui/ does not conflict
in the .ts over line numbers. `release` runs pyside6-lrelease; dev.py calls it before
running or testing when the .qm is missing or older than the .ts, and build.py before
packaging (the .qm is built, not kept in git). Uses the PySide6 tools installed beside
the Python that runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("en",)


def source(language: str) -> Path:
    return FOLDER / f"zhuqi_{language}.ts"


def compiled(language: str) -> Path:
    return FOLDER / f"zhuqi_{language}.qm"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease of this Python's PySide6."""
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent)) or shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"找不到 pyside6-{name}：请在安装了 PySide6 的虚拟环境中运行（python3 dev.py 会安装）")
    return found


def ui_modules() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def lupdate_command(lupdate: str, ts: Path) -> list[str]:
    return [lupdate, *ui_modules(), "-ts", str(ts), "-no-obsolete", "-locations", "none"]


def lrelease_command(lrelease: str, ts: Path, qm: Path) -> list[str]:
    return [lrelease, "-silent", str(ts), "-qm", str(qm)]


def update() -> None:
    for language in LANGUAGES:
        subprocess.run(lupdate_command(tool("lupdate"), source(language)), check=True, cwd=ROOT)


def release(*, only_if_stale: bool = False) -> list[Path]:
    """Compile every .ts into its .qm; with `only_if_stale`, only those older than their .ts."""
    made = []
    for language in LANGUAGES:
        ts, qm = source(language), compiled(language)
        if only_if_stale and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run(lrelease_command(tool("lrelease"), ts, qm), check=True, cwd=ROOT)
        made.append(qm)
    return made


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["release"]:
        for qm in release():
            print(qm)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
