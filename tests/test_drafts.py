"""Drafts survive a crash: atomic JSON files, per database, unreadable ones kept aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.drafts import DraftStore, default_folder
from app.paths import data_dir


def test_save_load_and_discard(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    did = store.new_id()
    store.save(did, "visit", "恒达铝业 2026年6月15日", "db-1", {"discussion": "订单下降", "problems": [{"a": 1}]})
    drafts, bad = store.pending("db-1")
    assert bad == []
    assert [d.id for d in drafts] == [did]
    assert drafts[0].data["discussion"] == "订单下降"
    assert drafts[0].title == "恒达铝业 2026年6月15日"
    # Saving again replaces the file in place; no temporary files are left behind.
    store.save(did, "visit", "t", "db-1", {"discussion": "订单回升"})
    assert store.load(did).data == {"discussion": "订单回升"}
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == [f"{did}.draft.json"]
    store.discard(did)
    assert store.pending("db-1") == ([], [])


def test_drafts_of_another_database_are_not_offered(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(store.new_id(), "visit", "a", "db-1", {})
    store.save(store.new_id(), "visit", "b", "db-2", {})
    assert [d.title for d in store.pending("db-2")[0]] == ["b"]
    assert store.pending("db-1", kind="other")[0] == []


def test_newest_first(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    for title in ("first", "second", "third"):
        store.save(store.new_id(), "visit", title, "db", {})
    assert [d.title for d in store.pending("db")[0]] == ["third", "second", "first"]


def test_unreadable_file_is_kept_aside_and_reported_once(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    good = store.new_id()
    store.save(good, "visit", "good", "db", {"x": 1})
    (tmp_path / "deadbeef.draft.json").write_text("{ half a file", encoding="utf-8")
    drafts, bad = store.pending("db")
    assert [d.id for d in drafts] == [good]
    assert len(bad) == 1 and bad[0].path.name == "deadbeef.draft.json.unreadable"
    assert bad[0].path.exists()
    assert store.pending("db")[1] == []


def test_interrupted_write_leaves_previous_draft(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    did = store.new_id()
    store.save(did, "visit", "t", "db", {"v": 1})
    # What a power cut between writing the temporary file and renaming it leaves behind.
    (tmp_path / f".tmp-xyz{did}.draft.json").write_text('{"format": 1, "da', encoding="utf-8")
    drafts, bad = store.pending("db")
    assert [d.data for d in drafts] == [{"v": 1}] and bad == []


def test_ids_cannot_escape_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        DraftStore(tmp_path).path_of("../x")


def test_default_folder_is_in_the_data_folder() -> None:
    assert default_folder(data_dir()) == data_dir() / "drafts"
