"""Where the official faces (仿宋, 宋体, 黑体, 小标宋 …) live on this machine.

The one platform-specific module of the reports: it only names font folders
and the file names those faces are installed under; app.reports.fonts decides
whether a file found here can be used (TrueType outlines, the right glyphs)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Candidate:
    """A face the reports prefer, and the file names it is installed under."""

    label: str
    files: tuple[str, ...]
    #: Sub-font of a .ttc collection.
    index: int = 0
    #: The face is already bold (小标宋); others get a stroked title.
    bold: bool = False


#: Preferred faces per role, best first. File names as Windows (and people who copy
#: those fonts to Linux or macOS) install them.
TITLE = (
    Candidate("方正小标宋简体", ("方正小标宋简体.ttf", "FZXBSJW.TTF", "FZXBSK.TTF", "FZXiaoBiaoSong-B05S.ttf"),
              bold=True),
    Candidate("华文中宋", ("STZHONGS.TTF",), bold=True),
)
BODY = (
    Candidate("仿宋_GB2312", ("仿宋_GB2312.ttf", "FS_GB2312.ttf", "SIMFANG_GB2312.TTF", "FangSong_GB2312.ttf")),
    Candidate("仿宋", ("simfang.ttf",)),
)
TABLE = (Candidate("宋体", ("simsun.ttc",)),)
HEADING = (Candidate("黑体", ("simhei.ttf",)),)
#: Faces that cover rare characters (CJK extensions A–F), tried after the bundled fallbacks.
RARE = (
    Candidate("宋体-方正超大字符集", ("SURSONG.TTF",)),
    Candidate("SimSun-ExtB", ("simsunb.ttf",)),
    Candidate("SimSun-ExtG", ("SimsunExtG.ttf",)),
)


def font_folders() -> list[Path]:
    """The folders this platform installs fonts into, system-wide and per user."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows")
        folders = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return folders
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    # fontconfig's default folders: the XDG data folders' fonts/ and the legacy ~/.fonts.
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    data_dirs = (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    return [data_home / "fonts", home / ".fonts", *(Path(d) / "fonts" for d in data_dirs if d)]


def find(candidates: Sequence[Candidate], folders: Sequence[Path]) -> list[tuple[Candidate, Path]]:
    """The candidates installed in `folders`, in preference order, with their files."""
    index = _file_index(tuple(folders))
    found = []
    for c in candidates:
        for name in c.files:
            path = index.get(name.casefold())
            if path is not None:
                found.append((c, path))
                break
    return found


@lru_cache(maxsize=8)
def _file_index(folders: tuple[Path, ...]) -> dict[str, Path]:
    """Lower-cased file name → path of every .ttf/.ttc in the folders (first found wins)."""
    out: dict[str, Path] = {}
    for path in _font_files(folders):
        out.setdefault(path.name.casefold(), path)
    return out


def _font_files(folders: Iterable[Path]) -> Iterable[Path]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    yield Path(root) / name
