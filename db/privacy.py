"""Files readable only by their owner. Everything the program writes — the
database and its WAL, backups, drafts, exports, PDFs, rejection workbooks,
logs — holds personal data (names, phone numbers, what companies said), so on
POSIX it is created 0600 and the folders it creates are 0700, whatever the
user's umask. On Windows the data folder is inside the user's profile, which
other users cannot read; the modes below are left to the system there.

No dependencies: the storage layer (db/) uses it, and app.privacy re-exports it."""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
POSIX = os.name == "posix"


def restrict_umask() -> None:
    """New files and folders of this process: 0600 and 0700 (sqlite's, openpyxl's, reportlab's too).
    Called once by the entry points (the command line and the window)."""
    if POSIX:
        os.umask(0o077)


def make_folder(path: Path) -> Path:
    """mkdir -p, each folder it creates 0700 (an existing folder is left as it is)."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        protect(folder)
    return path


def protect(path: Path) -> None:
    """Make an existing file 0600 or folder 0700 (POSIX; nothing elsewhere, nor when not ours)."""
    if not POSIX:
        return
    try:
        os.chmod(path, FOLDER_MODE if Path(path).is_dir() else FILE_MODE)
    except OSError:
        pass  # not ours (a shared folder) or gone: the umask still applies to what we create


def create_file(path: Path) -> int:
    """Create `path` exclusively, 0600; returns the open descriptor (for writing)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, FILE_MODE)


def protect_tree(folder: Path) -> None:
    """The data folder of an earlier version (0755, files 0644): made private on start."""
    if not POSIX or not Path(folder).is_dir():
        return
    protect(folder)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            protect(Path(root) / name)
        for name in files:
            protect(Path(root) / name)
