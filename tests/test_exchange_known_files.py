"""A file an earlier batch imported is known again by its bytes and not read again
(app.exchange.known_files) — unless reading it could now give something else."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.clock import FixedClock
from app.exchange import readahead
from app.services import Services
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import VALID_CODES, acting, enterprise, problem
from tests.test_exchange_merge import installations, snapshot  # noqa: F401 - fixture


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the imports open (all read in this process: fewer than six files)."""
    names: list[str] = []
    real = readahead.read_file

    def read_file(path: Path, *args: Any, **kw: Any) -> readahead.FileRead:
        names.append(path.name)
        return real(path, *args, **kw)

    monkeypatch.setattr(readahead, "read_file", read_file)
    return names


def test_a_folder_merged_again_reads_only_the_files_not_merged_before(
        installations: dict[str, Services], tmp_path: Path, reads: list[str]) -> None:  # noqa: F811
    a, b, office = installations["a"], installations["b"], installations["office"]
    problem(a, enterprise(a, "河阳县甲企业有限公司", code=VALID_CODES[0]))
    inbox = tmp_path / "十一月报送"
    inbox.mkdir()
    a.exchange.export(inbox / "张伟.xlsx")
    first = office.exchange.import_paths([inbox])
    assert first.totals["problems"]["created"] == 1 and reads == ["张伟.xlsx"]

    # The late workbook arrives, and the cadre's first one once more under another name.
    problem(b, enterprise(b, "河阳县乙企业有限公司", code=VALID_CODES[1]))
    b.exchange.export(inbox / "李娜.xlsx")
    shutil.copy(inbox / "张伟.xlsx", inbox / "张伟（重发）.xlsx")
    reads.clear()
    second = office.exchange.import_paths([inbox])
    assert reads == ["李娜.xlsx"]
    by_name = {Path(f.path).name: f for f in second.files}
    for name in ("张伟.xlsx", "张伟（重发）.xlsx"):
        f = by_name[name]
        assert f.status == "imported" and f.same_as == first.batch_id and f.source == a.db.installation_id
        assert f.counts["enterprises"] == {"created": 0, "updated": 0, "unchanged": 1, "conflicts": 0, "rejected": 0}
        assert f.counts["problems"]["unchanged"] == 1
    assert by_name["李娜.xlsx"].same_as == "" and by_name["李娜.xlsx"].counts["problems"]["created"] == 1
    listed = {Path(f.path).name: f.same_as for f in office.exchange.batches()[0].files}
    assert listed == {"张伟.xlsx": first.batch_id, "张伟（重发）.xlsx": first.batch_id, "李娜.xlsx": ""}

    # The same database as reading every file.
    other = acting(Services(open_database(tmp_path / "other.sqlite"), FixedClock(TODAY)))
    other.exchange.import_paths([inbox])
    assert snapshot(other) == snapshot(office)
    other.db.close()


def test_the_same_content_in_other_bytes_is_read(installations: dict[str, Services], tmp_path: Path,  # noqa: F811
                                                 reads: list[str]) -> None:
    a, office = installations["a"], installations["office"]
    problem(a, enterprise(a, code=VALID_CODES[0]))
    book = tmp_path / "a.xlsx"
    a.exchange.export(book)
    office.exchange.import_paths([book])
    openpyxl.load_workbook(book).save(book)  # opened and saved in a spreadsheet: nothing changed but the bytes
    again = office.exchange.import_paths([book])
    assert reads == ["a.xlsx", "a.xlsx"] and again.files[0].same_as == ""
    assert again.totals["problems"]["unchanged"] == 1


def test_files_imported_before_an_undo_are_read_again(installations: dict[str, Services], tmp_path: Path,  # noqa: F811
                                                      reads: list[str]) -> None:
    a, b, office = installations["a"], installations["b"], installations["office"]
    problem(a, enterprise(a, code=VALID_CODES[0]))
    book = tmp_path / "a.xlsx"
    a.exchange.export(book)
    first = office.exchange.import_paths([book])
    assert office.exchange.import_paths([book]).files[0].same_as == first.batch_id
    # Undoing the batch that created the records: the file would bring them again.
    office.exchange.undo_batch(first.batch_id)
    third = office.exchange.import_paths([book])
    assert reads == ["a.xlsx", "a.xlsx"] and third.files[0].same_as == ""
    assert third.totals["problems"]["created"] == 1 and third.totals["enterprises"]["created"] == 1

    # A later batch that read the file and found every record as it was vouches for it only
    # until the batch that created them is undone.
    other = tmp_path / "b.xlsx"
    enterprise(b, "河阳县乙企业有限公司", code=VALID_CODES[1])
    b.exchange.export(other)
    office.exchange.undo_batch(office.exchange.import_paths([other]).batch_id)  # any undo: files before it are read
    fourth = office.exchange.import_paths([book])
    assert fourth.files[0].same_as == "" and fourth.totals["problems"]["unchanged"] == 1
    office.exchange.undo_batch(third.batch_id)
    fifth = office.exchange.import_paths([book])
    assert fifth.files[0].same_as == "" and fifth.totals["problems"]["created"] == 1
    assert reads == ["a.xlsx", "a.xlsx", "b.xlsx", "a.xlsx", "a.xlsx"]


def test_a_file_with_rejected_rows_is_read_again(installations: dict[str, Services], tmp_path: Path,  # noqa: F811
                                                 reads: list[str]) -> None:
    a, office = installations["a"], installations["office"]
    problem(a, enterprise(a, "河阳县甲企业有限公司", code=VALID_CODES[0]))
    whole = tmp_path / "全部.xlsx"
    a.exchange.export(whole)
    # The problems without their enterprise, and the enterprise alone (two files cut from one).
    problems_only, enterprise_only = tmp_path / "问题.xlsx", tmp_path / "企业.xlsx"
    for path, emptied in ((problems_only, "企业名录"), (enterprise_only, "问题台账")):
        book = openpyxl.load_workbook(whole)
        book[emptied].delete_rows(2, book[emptied].max_row)
        book.save(path)
    first = office.exchange.import_paths([problems_only])
    assert first.totals["problems"]["rejected"] == 1
    office.exchange.import_paths([enterprise_only])
    again = office.exchange.import_paths([problems_only])
    assert again.files[0].same_as == "" and reads.count("问题.xlsx") == 2
    assert again.totals["problems"] == {"created": 1, "updated": 0, "unchanged": 0, "conflicts": 0, "rejected": 0}


def test_a_file_whose_conflicts_all_wait_is_known_again_with_them(
        installations: dict[str, Services], tmp_path: Path, reads: list[str]) -> None:  # noqa: F811
    from tests.test_exchange_merge import conflicts_on

    a, office = installations["a"], installations["office"]
    conflicts_on(a, office, tmp_path, 2)  # 2.xlsx met two conflicts
    first = office.exchange.batches()[0]
    reads.clear()
    again = office.exchange.import_paths([tmp_path / "2.xlsx"])
    # Not read: merging it again would find the same two conflicts waiting, and record none anew.
    assert reads == [] and again.files[0].same_as == first.id
    assert again.totals["problems"] == {"created": 0, "updated": 0, "unchanged": 0, "conflicts": 2, "rejected": 0}
    assert len(office.exchange.conflicts()) == 2
    # What reading it says: the same content in other bytes is read and merged.
    resent = tmp_path / "2（重发）.xlsx"
    shutil.copy(tmp_path / "2.xlsx", resent)
    with zipfile.ZipFile(resent, "a") as z:
        z.comment = b"resent"
    read = office.exchange.import_paths([resent])
    assert reads == ["2（重发）.xlsx"] and read.totals == again.totals
    assert len(office.exchange.conflicts()) == 2


def test_a_file_that_met_conflicts_is_read_again_once_one_is_settled(
        installations: dict[str, Services], tmp_path: Path, reads: list[str]) -> None:  # noqa: F811
    from tests.test_exchange_merge import conflicts_on

    a, office = installations["a"], installations["office"]
    conflicts_on(a, office, tmp_path, 2)  # 2.xlsx met two conflicts
    office.exchange.resolve_conflicts([c.id for c in office.exchange.conflicts()][:1], "local")
    reads.clear()
    again = office.exchange.import_paths([tmp_path / "2.xlsx"])
    # Read: one conflict is settled since, one still waits.
    assert reads == ["2.xlsx"] and again.files[0].same_as == ""
    assert again.totals["problems"]["conflicts"] == 1 and again.totals["problems"]["unchanged"] == 1


def test_a_file_sent_twice_in_one_folder_is_named_as_the_same(tmp_path: Path) -> None:
    """张伟.xlsx and 张伟(1).xlsx (saved twice from a chat): the second read merges as all 未变 and
    its notes say which file it repeats; a different file has no such note."""
    from tests.test_exchange_roster import ROWS, roster_xlsx

    folder = tmp_path / "来件"
    folder.mkdir()
    roster_xlsx(folder / "张伟.xlsx", ROWS[:2])
    shutil.copy(folder / "张伟.xlsx", folder / "张伟(1).xlsx")
    roster_xlsx(folder / "李娜.xlsx", ROWS[:1])
    office = acting(Services(open_database(tmp_path / "office.sqlite"), FixedClock(TODAY)))
    report = office.exchange.import_paths([folder])
    by_name = {Path(f.path).name: f for f in report.files}
    # In the order of the import, 张伟(1).xlsx sorts first: the other one is the repeat.
    assert [Path(f.path).name for f in report.files] == ["张伟(1).xlsx", "张伟.xlsx", "李娜.xlsx"]
    repeated = [n for n in by_name["张伟.xlsx"].notes if "重复" in n]
    assert repeated == ["与本次导入的“张伟(1).xlsx”内容完全相同（重复报送的文件）"]
    assert by_name["张伟.xlsx"].counts["enterprises"]["created"] == 0
    assert not any("重复" in n for f in ("张伟(1).xlsx", "李娜.xlsx") for n in by_name[f].notes)
