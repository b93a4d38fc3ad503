"""Build the one-folder program with PyInstaller and report time and size.

    python build_spec/build.py            # -> dist/助企走访台账/
    python build_spec/build.py --smoke    # then run the frozen smoke test against it

Same two commands on Windows (with the project installed: `pip install -e .[build,test,server]`)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "助企走访台账"


def folder_size(path: Path) -> int:
    """Bytes on disk, counting each file once (PyInstaller's Linux bundle has symlinks)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> Path:
    dist, work = ROOT / "dist", ROOT / "build" / "pyinstaller"
    started = time.perf_counter()
    # The window's English (.qm) is compiled from its source here and bundled with resources/.
    subprocess.run([sys.executable, str(ROOT / "build_spec" / "translations.py"), "release"], check=True, cwd=ROOT)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build_spec" / "zhuqi.spec")],
        check=True, cwd=ROOT,
    )
    out = dist / APP_NAME
    print(f"built {out} in {time.perf_counter() - started:.0f} s; "
          f"size {folder_size(out) / 1e6:.0f} MB unpacked", flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="run tests/test_frozen_build.py against the build")
    ap.add_argument("--no-build", action="store_true", help="reuse dist/ as it is")
    args = ap.parse_args()
    out = ROOT / "dist" / APP_NAME if args.no_build else build()
    if not args.smoke:
        return 0
    env = dict(os.environ, ZHUQI_FROZEN_DIR=str(out), QT_QPA_PLATFORM="offscreen")
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "tests/test_frozen_build.py"], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
