"""Temporary files of ours: a file is written under a temporary name beside its
target and renamed when complete (exports, PDFs, rejection workbooks, backups,
drafts), so a kill leaves the temporary file, never half a file under the real
name. On start, and before writing into a folder, temporaries of ours older
than an hour are removed: a younger one may belong to a run still going."""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from app import privacy

#: Older than this, a temporary file of ours is litter (no export or report runs that long unwatched).
STALE_SECONDS = 3600
#: .~台账.1a2b3c4d.tmp (exports, PDFs, rejection workbooks; .台账.1a2b3c4d.tmp from earlier versions),
#: zhuqi-auto-20260615-101010.sqlite.partial / .checking, zhuqi.sqlite.restoring, .tmp-….draft.json.
_OURS = re.compile(r"^(\.~?.+\.[0-9a-f]{8}\.tmp"
                   r"|.+\.sqlite\.(partial|checking|restoring)"
                   r"|\.tmp-.+\.draft\.json)$")


def beside(path: Path) -> Path:
    """A new temporary name in the target's folder (a rename within one folder is atomic)."""
    path = Path(path)
    return path.with_name(f".~{path.stem}.{secrets.token_hex(4)}.tmp")


#: The folders temporaries were written to, one a line, in the data folder: cleaned on start.
REGISTRY = ".temp-folders"
KEEP_FOLDERS = 50


def registry() -> Path:
    """The registry of the current data folder."""
    from app.paths import data_dir

    return data_dir() / REGISTRY


def claim(path: Path, registry: Path | None) -> Path:
    """A temporary name beside `path`, its folder first cleaned of stale temporaries of ours and
    remembered in `registry` (if given): a run killed now leaves litter the next start removes."""
    folder = Path(path).parent
    remove_stale([folder])
    if registry is not None:
        _remember(folder, registry)
    return beside(path)


def _remember(folder: Path, registry: Path) -> None:
    try:
        folder = folder.resolve()
        known = registry.read_text(encoding="utf-8").splitlines() if registry.exists() else []
        if str(folder) in known:
            return
        privacy.make_folder(registry.parent)
        lines = [*known, str(folder)][-KEEP_FOLDERS:]
        tmp = registry.with_name(registry.name + f".{secrets.token_hex(4)}.tmp")
        with open_private(tmp) as fh:
            fh.write(("\n".join(lines) + "\n").encode("utf-8"))
        os.replace(tmp, registry)
    except OSError:
        pass  # a note for tidying up later, never a reason to fail the export


def remembered(registry: Path) -> list[Path]:
    try:
        return [Path(line) for line in registry.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError:
        return []


def open_private(tmp: Path) -> BinaryIO:
    """Create the temporary file exclusively, readable only by its owner."""
    return os.fdopen(privacy.create_file(tmp), "wb")


def is_ours(path: Path) -> bool:
    return bool(_OURS.match(path.name))


def remove_stale(folders: Iterable[Path], *, now: float | None = None,
                 older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove temporaries of ours older than `older_than` seconds from these folders (not recursive)."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not _OURS.match(entry.name):
                continue
            try:
                if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > older_than:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue  # in use (Windows) or gone: the next start tries again
    return removed
