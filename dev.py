#!/usr/bin/env python3
"""Developer entry point; the two commands in the README.

    python3 dev.py run    start 助企走访台账 on the default database
    python3 dev.py test   run the whole test suite headless
    python3 dev.py check  type and lint checks: mypy (strict) and ruff, both at zero findings
    python3 dev.py build  package the one-folder program (build_spec/; --smoke tests it)

Each creates the virtual environment `.venv` with this interpreter and installs
the project (with its test, build and dev extras) whenever pyproject.toml has changed, and
compiles the window's translations when their source has changed. Uses only the
standard library, and works the same on Windows (`py dev.py run`)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".zhuqi-installed"


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the user has
        sys.exit(f"需要 Python 3.11 或更新版本（当前 {sys.version.split()[0]}）")
    if not PYTHON.exists():
        print("创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    # pip's own lines and progress bars show what the first run's few minutes are spent on.
    print("安装依赖（首次运行需要几分钟）…", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--upgrade", "--progress-bar", "on", "pip"], check=True)
    extras = "test,build,server,dev"
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--progress-bar", "on", "-e", f"{ROOT}[{extras}]"],
                   check=True)
    STAMP.write_text(wanted)
    print("依赖已安装。", flush=True)


#: The X11 libraries Qt's xcb platform plugin loads on Linux (not shipped in the PySide6 wheel),
#: with the Debian/Ubuntu package that provides each. Without them the window cannot open.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def opens_window(args: list[str]) -> bool:
    """`zhuqi`, `zhuqi gui` and `zhuqi --db X [gui]` open the window; other commands do not."""
    rest = list(args)
    while rest and rest[0].startswith("--db"):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    return not rest or rest[0] == "gui"


def missing_xcb_libraries() -> list[str]:
    """The X11 libraries above that cannot be loaded (empty off Linux or on a non-X11 platform)."""
    if not sys.platform.startswith("linux"):
        return []
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return []
    missing = []
    for soname in XCB_LIBRARIES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


def check_window_libraries() -> bool:
    missing = missing_xcb_libraries()
    if not missing:
        return True
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[m] for m in missing))
    print(f"无法打开窗口：缺少 Qt 在 Linux 上显示窗口所需的系统库 {'、'.join(missing)}。\n"
          f"请先安装（Debian/Ubuntu）：sudo apt-get install {packages}\n"
          "其他发行版请安装同名的 xcb 库（见 README 的“Linux”一节）；命令行功能（如 dev.py run stats）不受影响。",
          file=sys.stderr, flush=True)
    return False


def ensure_translations() -> None:
    """Compile the window's translations (resources/translations/*.ts → .qm) when a .qm is
    missing or older than its .ts: the .qm files are built, not kept in git."""
    folder = ROOT / "resources" / "translations"
    stale = [ts for ts in folder.glob("*.ts")
             if not ts.with_suffix(".qm").exists() or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime]
    if stale:
        subprocess.run([str(PYTHON), str(ROOT / "build_spec" / "translations.py"), "release"], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)


def check(paths: list[str]) -> int:
    """mypy as configured in pyproject.toml (strict, app/ db/ ui/), then ruff over the whole tree
    (or the paths given); non-zero if either finds anything."""
    typed = subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT)
    linted = subprocess.call([str(PYTHON), "-m", "ruff", "check", *(paths or ["."])], cwd=ROOT)
    return typed or linted


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "build", "check"):
        print(__doc__)
        return 2
    ensure_environment()
    ensure_translations()
    command, rest = argv[0], argv[1:]
    if command == "run":
        if opens_window(rest) and not check_window_libraries():
            return 3
        return subprocess.call([str(PYTHON), "-m", "ui", *rest])
    if command == "check":
        return check(rest)
    if command == "build":
        return subprocess.call([str(PYTHON), str(ROOT / "build_spec" / "build.py"), *rest], cwd=ROOT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
