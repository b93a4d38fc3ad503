"""The packaged program's smoke-test hook: with ZHUQI_QUIT_AFTER_MS the real
program opens its window, says when it was shown, and quits by itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def test_window_reports_shown_and_quits(tmp_path: Path) -> None:
    env = {**os.environ, "ZHUQI_QUIT_AFTER_MS": "300", "ZHUQI_HOME": str(tmp_path / "home"),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    code = "import sys; from ui.entry import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "gui", "--db", str(tmp_path / "zhuqi.sqlite")],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(r"window shown after \d+ ms", lines[0])
    assert lines[1] == "window title: 助企走访台账"
    assert (tmp_path / "zhuqi.sqlite").is_file()


def test_the_language_chosen_in_settings_is_the_window_s_at_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "zhuqi-window.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    env = {**os.environ, "ZHUQI_QUIT_AFTER_MS": "300", "ZHUQI_HOME": str(home),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    code = "import sys; from ui.entry import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "gui", "--db", str(tmp_path / "zhuqi.sqlite")],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "window title: Zhuqi Visit Ledger" in done.stdout.splitlines()
