"""The program's entry point (`zhuqi`, `python -m ui`, the packaged executables): the commands
of app.cli with the window attached. The window's modules (and Qt) load only when the window
opens, so `zhuqi stats` and the other commands start as fast as before."""

from __future__ import annotations

from collections.abc import Sequence

from app.cli import main as cli_main


def open_window(db_path_or_url: str) -> int:
    from ui.application import run

    return run(db_path_or_url)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, open_window=open_window)
