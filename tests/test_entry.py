"""The window's entry point is in ui/ (ui.entry) and is handed to the command line; the command
line alone (python -m app) runs every command but does not open the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from ui import entry


def test_the_command_line_alone_says_where_the_window_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["gui", "--db", str(tmp_path / "zhuqi.sqlite")]) == cli.EXIT_USER_ERROR
    assert "python -m ui" in capsys.readouterr().err
    assert not (tmp_path / "zhuqi.sqlite").exists()


def test_the_entry_point_hands_the_window_to_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def open_window(db: str) -> int:
        opened.append(db)
        return 0

    monkeypatch.setattr(entry, "open_window", open_window)
    db = str(tmp_path / "zhuqi.sqlite")
    assert entry.main(["--db", db]) == 0  # no command: the window
    assert entry.main(["gui", "--db", db]) == 0
    assert opened == [db, db]
