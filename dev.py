#!/usr/bin/env python3
"""Developer entry point; the two commands in the README.

    python3 dev.py run    start 助企走访台账 on the default database
    python3 dev.py test   run the whole test suite headless
    python3 dev.py build  package the one-folder program (build_spec/; --smoke tests it)

Each creates the virtual environment `.venv` with this interpreter and installs
the project (with its test extras) whenever pyproject.toml has changed. Uses
only the standard library, and works the same on Windows (`py dev.py run`)."""

from __future__ import annotations

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
    if sys.version_info < (3, 11):
        sys.exit(f"需要 Python 3.11 或更新版本（当前 {sys.version.split()[0]}）")
    if not PYTHON.exists():
        print("创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("安装依赖 …", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test,build]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "build"):
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.call([str(PYTHON), "-m", "app", *rest])
    if command == "build":
        return subprocess.call([str(PYTHON), str(ROOT / "build_spec" / "build.py"), *rest], cwd=ROOT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
