"""Smoke test of the packaged program, run from the built folder, not the source
tree: `python build_spec/build.py --smoke` (CI runs it). Skipped otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

FROZEN = os.environ.get("ZHUQI_FROZEN_DIR")
pytestmark = pytest.mark.skipif(not FROZEN, reason="set ZHUQI_FROZEN_DIR to a built 助企走访台账 folder")
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


@pytest.fixture(scope="module")
def portable_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built folder in portable mode, as on a USB stick."""
    assert FROZEN
    target = tmp_path_factory.mktemp("usb") / "助企走访台账"
    shutil.copytree(FROZEN, target, symlinks=True)
    (target / "portable").write_text("", encoding="utf-8")
    return target


def run(app: Path, *args: str, timeout: int = 180, extra_env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHUQI_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PATH="/usr/bin:/bin" if os.name != "nt" else env.get("PATH", ""), QT_QPA_PLATFORM="offscreen",
               HOME=str(app.parent / "home"), PYTHONIOENCODING="utf-8", **(extra_env or {}))
    return subprocess.run([str(app / f"zhuqi{EXE_SUFFIX}"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout, cwd=app.parent)


def test_version(portable_app: Path) -> None:
    r = run(portable_app, "--version")
    assert r.returncode == 0 and "zhuqi" in r.stdout, r.stderr


def test_demo_and_stats_in_portable_data_folder(portable_app: Path) -> None:
    r = run(portable_app, "demo", "--scale", "0.2")
    assert r.returncode == 0, r.stderr
    assert (portable_app / "data" / "zhuqi.sqlite").is_file()
    assert not (portable_app.parent / "home" / ".local").exists()  # nothing in the user's profile
    r = run(portable_app, "stats", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["problems"]["raised"] > 0
    r = run(portable_app, "check")
    assert r.returncode == 0, r.stdout + r.stderr


def test_periodic_report_with_embedded_cjk_font(portable_app: Path) -> None:
    pdf = portable_app.parent / "通报.pdf"
    r = run(portable_app, "report", "periodic", "--from", "2025-01-01", "--to", "2030-12-31", "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    # A TrueType font program embedded (subset) in the file, not a reference to the reader's fonts.
    assert b"/FontFile2" in data
    assert b"STSong-Light" not in data


def test_export_then_import_into_a_fresh_portable_folder(portable_app: Path,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    workbook = portable_app.parent / "交换.xlsx"
    r = run(portable_app, "export", str(workbook))
    assert r.returncode == 0 and workbook.is_file(), r.stderr
    assert FROZEN
    office = tmp_path_factory.mktemp("office") / "助企走访台账"
    shutil.copytree(FROZEN, office, symlinks=True)
    (office / "portable").write_text("", encoding="utf-8")
    # The office's import names who acts (issue 22): the packaged program refuses it otherwise.
    r = run(office, "--as", "王芳", "import", str(workbook))
    assert r.returncode == 0, r.stdout + r.stderr
    assert (office / "data" / "zhuqi.sqlite").is_file()
    source = json.loads(run(portable_app, "stats", "--json").stdout)
    merged = json.loads(run(office, "stats", "--json").stdout)
    assert merged["problems"] == source["problems"] and merged["coverage"] == source["coverage"]
    # A folder of many workbooks is read by worker processes: the packaged program starts them too.
    inbox = office.parent / "收件"
    inbox.mkdir()
    for n in range(8):
        shutil.copy(workbook, inbox / f"干部台账-{n}.xlsx")
    r = run(office, "--as", "王芳", "import", str(inbox), "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    files = json.loads(r.stdout)["files"]
    assert [f["status"] for f in files] == ["imported"] * 8
    assert json.loads(run(office, "stats", "--json").stdout)["problems"] == source["problems"]


def test_window_opens_offscreen_and_reports_its_start_time(portable_app: Path) -> None:
    window_exe = portable_app / f"助企走访台账{EXE_SUFFIX}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHUQI_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(portable_app.parent / "home"), ZHUQI_QUIT_AFTER_MS="3000")
    r = subprocess.run([str(window_exe)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
                       cwd=portable_app.parent)
    assert r.returncode == 0, r.stderr[-2000:]
    shown = [line for line in r.stdout.splitlines() if line.startswith("window shown after")]
    assert shown, r.stdout + r.stderr
    print(shown[0])  # the cold-start figure, shown with pytest -s


def test_the_english_window_ships(portable_app: Path) -> None:
    """The compiled English and Qt's own translations are in the bundle, and a window set to
    English opens in English."""
    assert list(portable_app.rglob("zhuqi_en.qm")), "resources/translations/zhuqi_en.qm not bundled"
    assert list(portable_app.rglob("qtbase_zh_CN.qm")) and list(portable_app.rglob("qtbase_en.qm"))
    data = portable_app / "data"
    data.mkdir(exist_ok=True)
    (data / "zhuqi-window.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    window_exe = portable_app / f"助企走访台账{EXE_SUFFIX}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHUQI_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(portable_app.parent / "home"), ZHUQI_QUIT_AFTER_MS="3000")
    r = subprocess.run([str(window_exe)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
                       cwd=portable_app.parent, check=False)
    (data / "zhuqi-window.ini").unlink()
    assert r.returncode == 0, r.stderr[-2000:]
    assert "window title: Zhuqi Visit Ledger" in r.stdout.splitlines(), r.stdout
