"""Drafts of forms being typed (a visit at the company's meeting table), kept as
JSON files so that a crash or a dead battery loses at most a few seconds.

A draft exists while a form holds unsaved input: the window saves it every few
seconds and deletes it when the form is saved or deliberately discarded, so a
draft found at start was left by a crash. Each file is written atomically
(temporary file, fsync, os.replace), so a power cut leaves the old draft or the
new one, never half of either. No Qt: the window passes plain dicts."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import privacy

FORMAT_VERSION = 1
SUFFIX = ".draft.json"


@dataclass(frozen=True)
class Draft:
    id: str
    #: What form it belongs to, e.g. "visit".
    kind: str
    #: A line a person recognises: the enterprise and the date.
    title: str
    #: The database it was typed for (its installation ID), so another database does not offer it.
    database_id: str
    saved_at: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class UnreadableDraft:
    """A draft file that cannot be read; kept aside (renamed), never deleted."""

    path: Path
    reason: str


class DraftStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def path_of(self, draft_id: str) -> Path:
        if not draft_id.isalnum():
            raise ValueError(f"bad draft id {draft_id!r}")
        return self.folder / f"{draft_id}{SUFFIX}"

    def save(self, draft_id: str, kind: str, title: str, database_id: str, data: dict[str, Any]) -> Draft:
        """Write the draft atomically and durably; returns what was written."""
        privacy.make_folder(self.folder)
        saved_at = datetime.now(UTC)
        payload = {
            "format": FORMAT_VERSION, "id": draft_id, "kind": kind, "title": title,
            "database_id": database_id, "saved_at": saved_at.isoformat(), "data": data,
        }
        target = self.path_of(draft_id)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Draft(draft_id, kind, title, database_id, saved_at, data)

    def discard(self, draft_id: str) -> None:
        self.path_of(draft_id).unlink(missing_ok=True)

    def load(self, draft_id: str) -> Draft:
        return _read(self.path_of(draft_id))

    def pending(self, database_id: str, kind: str | None = None) -> tuple[list[Draft], list[UnreadableDraft]]:
        """Drafts left for this database (newest first), and files that could not be read.

        An unreadable file is renamed to *.unreadable so it is reported once and
        stays on disk for a person to look at."""
        drafts: list[Draft] = []
        bad: list[UnreadableDraft] = []
        if not self.folder.is_dir():
            return drafts, bad
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            if path.name.startswith(".tmp-"):
                continue  # a write interrupted before its rename: the previous draft is intact
            try:
                d = _read(path)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                kept = path.with_name(path.name + ".unreadable")
                os.replace(path, kept)
                bad.append(UnreadableDraft(kept, str(exc)))
                continue
            if d.database_id == database_id and (kind is None or d.kind == kind):
                drafts.append(d)
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts, bad


def _read(path: Path) -> Draft:
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_VERSION:
        raise ValueError("unknown draft format")
    data = raw["data"]
    if not isinstance(data, dict):
        raise ValueError("draft data is not an object")
    return Draft(
        id=str(raw["id"]), kind=str(raw["kind"]), title=str(raw["title"]),
        database_id=str(raw["database_id"]), saved_at=datetime.fromisoformat(raw["saved_at"]), data=data,
    )


def default_folder(data_dir: Path) -> Path:
    return data_dir / "drafts"
