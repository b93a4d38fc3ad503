"""The exchange workbook's merge: round trip, idempotence, order independence,
the three-way cases (only theirs changed, only ours, both), tombstones, hand
edits in the spreadsheet, conflicts and their resolution, batches and undo.
Every installation is a real database; every workbook a real file."""

from __future__ import annotations

import json
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, text, update

from app.changes import Change
from app.clock import FixedClock
from app.errors import UserError
from app.exchange.records import iter_records
from app.exchange.schema import SHEETS
from app.exchange.values import content_hash
from app.services import Services
from app.services.demo import generate
from app.services.enterprises import EnterpriseInput
from app.services.problems import AssignInput
from db.causal import actor_of
from db.exchange_models import ExchangeBatch
from tests.conftest import TODAY, MakeDatabase
from tests.factories import VALID_CODES, acting, cadre, enterprise, problem

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends


@pytest.fixture
def installations(tmp_path: Path, make_database: MakeDatabase) -> Iterator[dict[str, Services]]:
    """Three real installations: a cadre's laptop A, another laptop B, the office."""
    out = {}
    for name in ("a", "b", "office"):
        db = make_database(name)
        out[name] = acting(Services(db, FixedClock(TODAY)))
    out["a"].profile.set("张伟", "工信局")
    out["b"].profile.set("李娜", "商务局")
    out["office"].profile.set("王芳", "营商办")
    yield out
    for s in out.values():
        s.db.close()


def snapshot(services: Services) -> dict[str, dict[str, str]]:
    with services.db.session() as s:
        return {spec.key: {r["id"]: content_hash(spec, r) for r in iter_records(s, spec)} for spec in SHEETS}


def send(src: Services, dst: Services, path: Path, **kw: object) -> dict[str, dict[str, int]]:
    src.exchange.export(path, **kw)  # type: ignore[arg-type]
    report = dst.exchange.import_paths([path])
    assert report.all_read, report.files[0].error
    return report.totals


def test_round_trip_into_an_empty_database_is_identical(services: Services, tmp_path: Path,
                                                       make_database: MakeDatabase) -> None:
    generate(services.db, scale=0.3, seed=3, today=TODAY)
    services.problems.delete(services.problems.search(__import__("app.services.problems", fromlist=["x"])
                                                      .ProblemFilter()).rows[0].id)
    path = tmp_path / "全部.xlsx"
    services.exchange.export(path)
    other = acting(Services(make_database("other"), FixedClock(TODAY)))
    report = other.exchange.import_paths([path])
    assert report.all_read and report.rejection_count == 0
    assert snapshot(other) == snapshot(services)
    with services.db.session() as s, other.db.session() as o:
        for spec in SHEETS:
            mine = {r["id"]: (r["revision"], r["changed_by"], r["deleted_at"] is None) for r in iter_records(s, spec)}
            theirs = {r["id"]: (r["revision"], r["changed_by"], r["deleted_at"] is None) for r in iter_records(o, spec)}
            assert mine == theirs, spec.key
    # Merged records name the installation they came from in their history.
    pid = next(iter(snapshot(other)["problems"]))
    entry = other.history.for_record(pid)[0]
    assert entry.installation_id == services.db.installation_id and entry.via.startswith("导入：全部.xlsx")
    other.db.close()


#: Strict OOXML (ISO/IEC 29500 strict) names the same parts with other namespaces.
_STRICT = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def to_strict_ooxml(source: Path, target: Path) -> None:
    """The workbook as Excel's "Strict Open XML Spreadsheet" has it: the strict namespaces throughout."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith((".xml", ".rels")):
                for transitional, strict in _STRICT.items():
                    data = data.replace(transitional, strict)
                if info.filename == "xl/workbook.xml":
                    data = data.replace(b'<workbook xmlns=', b'<workbook conformance="strict" xmlns=', 1)
            zout.writestr(info, data)


def test_a_strict_ooxml_workbook_imports_like_the_transitional_one(services: Services, tmp_path: Path,
                                                                  make_database: MakeDatabase) -> None:
    generate(services.db, scale=0.1, seed=4, today=TODAY)
    path, strict = tmp_path / "全部.xlsx", tmp_path / "严格格式.xlsx"
    services.exchange.export(path)
    to_strict_ooxml(path, strict)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # openpyxl sees no sheet at all in a strict workbook, without an error: the reason we read with calamine.
        assert openpyxl.load_workbook(strict, read_only=True).sheetnames == []
    other = acting(Services(make_database("other"), FixedClock(TODAY)))
    report = other.exchange.import_paths([strict])
    assert report.all_read and report.rejection_count == 0, report.files[0].error
    assert snapshot(other) == snapshot(services)
    other.db.close()


def test_importing_the_same_workbook_twice_changes_nothing(installations: dict[str, Services],
                                                           tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    problem(a, e)
    first = send(a, office, tmp_path / "a.xlsx")
    assert first["enterprises"]["created"] == 1 and first["problems"]["created"] == 1
    before = snapshot(office)
    second = office.exchange.import_paths([tmp_path / "a.xlsx"]).totals
    assert all(c["created"] == c["updated"] == c["conflicts"] == 0 for c in second.values())
    assert second["problems"]["unchanged"] == 1 and snapshot(office) == before


def test_order_independence_without_conflicts(installations: dict[str, Services], tmp_path: Path,
                                              make_database: MakeDatabase) -> None:
    a, b = installations["a"], installations["b"]
    shared = enterprise(a, "河阳县共享企业有限公司", code=VALID_CODES[0])
    pid = problem(a, shared)
    send(a, b, tmp_path / "a0.xlsx")  # B starts from A's records
    enterprise(a, "甲独有企业", code=VALID_CODES[1])
    a.problems.assign(pid, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))  # only A changes it
    enterprise(b, "乙独有企业", code=VALID_CODES[2])
    wa, wb = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.exchange.export(wa)
    b.exchange.export(wb)
    results = []
    for order in ((wa, wb), (wb, wa)):
        path = tmp_path / f"office-{len(results)}.sqlite"
        office = acting(Services(make_database(path.stem.replace("-", "_")), FixedClock(TODAY)))
        for w in order:
            assert office.exchange.import_paths([w]).all_read
        results.append(snapshot(office))
        assert not office.exchange.conflicts()
        office.db.close()
    assert results[0] == results[1]
    assert len(results[0]["enterprises"]) == 3


def test_three_way_cases(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    p1, p2, p3 = (problem(a, e) for _ in range(3))
    send(a, office, tmp_path / "1.xlsx")
    # Only the incoming side changed → taken.
    a.problems.assign(p1, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    # Only the local side changed → kept.
    office.problems.assign(p2, AssignInput(lead_unit="自然资源局", deadline=date(2026, 7, 1)))
    # Both changed differently → a conflict keeping both.
    a.problems.assign(p3, AssignInput(lead_unit="商务局", deadline=date(2026, 6, 30)))
    office.problems.assign(p3, AssignInput(lead_unit="人社局", deadline=date(2026, 6, 30)))
    totals = send(a, office, tmp_path / "2.xlsx")
    assert totals["problems"]["updated"] == 1 and totals["problems"]["conflicts"] == 1
    assert office.problems.get(p1).lead_unit == "金融工作局"
    assert office.problems.get(p2).lead_unit == "自然资源局"
    assert office.problems.get(p3).lead_unit == "人社局"  # nothing overwritten while waiting
    [conflict] = office.exchange.conflicts()
    assert conflict.record_id == p3 and conflict.record_label == "问题"
    assert conflict.enterprise == office.enterprises.get(office.problems.get(p3).enterprise_id).name
    assert {f.label: (f.local, f.incoming) for f in conflict.fields}["主办单位"] == ("人社局", "商务局")
    # Importing the file again does not add a second conflict.
    office.exchange.import_paths([tmp_path / "2.xlsx"])
    assert len(office.exchange.conflicts()) == 1
    office.exchange.resolve_conflict(conflict.id[:8], "incoming")
    assert office.problems.get(p3).lead_unit == "商务局" and not office.exchange.conflicts()
    with pytest.raises(UserError, match="已于"):
        office.exchange.resolve_conflict(conflict.id, "local")


def conflicts_on(a: Services, office: Services, tmp_path: Path, n: int) -> list[str]:
    """n problems changed both on laptop A and at the office: n conflicts waiting at the office."""
    e = enterprise(a, code=VALID_CODES[0])
    pids = [problem(a, e) for _ in range(n)]
    send(a, office, tmp_path / "1.xlsx")
    for pid in pids:
        a.problems.assign(pid, AssignInput(lead_unit="商务局", deadline=date(2026, 6, 30)))
        office.problems.assign(pid, AssignInput(lead_unit="人社局", deadline=date(2026, 6, 30)))
    send(a, office, tmp_path / "2.xlsx")
    assert len(office.exchange.conflicts()) == n
    return pids


def test_many_conflicts_settled_with_one_choice_all_or_none(installations: dict[str, Services],
                                                            tmp_path: Path) -> None:
    from app.exchange.progress import Cancelled

    a, office = installations["a"], installations["office"]
    pids = conflicts_on(a, office, tmp_path, 3)
    ids = [c.id for c in office.exchange.conflicts()]
    before = snapshot(office), sync_state(office)
    seen: list[int] = []
    with pytest.raises(Cancelled, match="没有处理任何冲突"):
        office.exchange.resolve_conflicts(ids, "incoming", cancel=lambda: len(seen) >= 2,
                                          progress=lambda d, _t, _m: seen.append(d))
    assert (snapshot(office), sync_state(office)) == before and len(office.exchange.conflicts()) == 3
    seen.clear()
    settled = office.exchange.resolve_conflicts([i[:8] for i in ids], "incoming",
                                                progress=lambda d, _t, _m: seen.append(d))
    assert len(settled) == 3 and seen[-1] == 3 and not office.exchange.conflicts()
    assert {office.problems.get(pid).lead_unit for pid in pids} == {"商务局"}
    # A's workbook again: nothing new to decide.
    assert office.exchange.import_paths([tmp_path / "2.xlsx"]).totals["problems"]["conflicts"] == 0


def test_keeping_the_local_version_reaches_the_source(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    pid = problem(a, e)
    send(a, office, tmp_path / "1.xlsx")
    a.problems.assign(pid, AssignInput(lead_unit="商务局", deadline=date(2026, 6, 30)))
    office.problems.assign(pid, AssignInput(lead_unit="人社局", deadline=date(2026, 6, 30)))
    send(a, office, tmp_path / "2.xlsx")
    [conflict] = office.exchange.conflicts()
    office.exchange.resolve_conflict(conflict.id, "local")
    assert office.problems.get(pid).lead_unit == "人社局"
    # The office's next workbook names A's version as its base: A takes the office's choice.
    totals = send(office, a, tmp_path / "back.xlsx")
    assert totals["problems"]["updated"] == 1 and not a.exchange.conflicts()
    assert a.problems.get(pid).lead_unit == "人社局"
    # And A's old workbook, imported again at the office, is recognised as old.
    again = office.exchange.import_paths([tmp_path / "2.xlsx"]).totals
    assert again["problems"]["conflicts"] == 0 and office.problems.get(pid).lead_unit == "人社局"


def test_round_trip_office_to_cadre_and_back(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    pid = problem(a, e)
    send(a, office, tmp_path / "up.xlsx")
    office.problems.assign(pid, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    assert send(office, a, tmp_path / "down.xlsx")["problems"]["updated"] == 1
    a.problems.solve(pid, "已协调续贷")
    assert send(a, office, tmp_path / "up2.xlsx")["problems"]["updated"] == 1
    assert office.problems.get(pid).status.value == "已办结" and not office.exchange.conflicts()


def test_deletions_travel_as_tombstones(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    keep, gone = problem(a, e), problem(a, e)
    send(a, office, tmp_path / "1.xlsx")
    a.problems.delete(gone)
    totals = send(a, office, tmp_path / "2.xlsx")
    assert totals["problems"]["updated"] == 1
    ids = {p.id for p in office.problems.search(__import__("app.services.problems", fromlist=["x"])
                                                .ProblemFilter()).rows}
    assert ids == {keep}
    assert office.history.for_record(gone)[-1].operation == "删除"
    # A deletion against a local edit is a conflict, not a silent loss.
    office.problems.assign(keep, AssignInput(lead_unit="人社局", deadline=date(2026, 6, 30)))
    a.problems.delete(keep)
    assert send(a, office, tmp_path / "3.xlsx")["problems"]["conflicts"] == 1
    assert office.problems.get(keep).lead_unit == "人社局"


def test_a_hand_edit_in_the_spreadsheet_is_a_change(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    pid = problem(a, e)
    send(a, office, tmp_path / "1.xlsx")
    path = tmp_path / "office.xlsx"
    office.exchange.export(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["问题台账"]
    col = [c.value for c in ws[1]].index("企业诉求") + 1
    ws.cell(row=2, column=col).value = "协调银行续贷 800 万元"
    wb.save(path)
    before = office.problems.get(pid).revision
    totals = office.exchange.import_paths([path]).totals
    assert totals["problems"]["updated"] == 1
    after = office.problems.get(pid)
    assert after.demand == "协调银行续贷 800 万元" and after.revision == before + 1


def test_formula_looking_text_stays_text(services: Services, tmp_path: Path, make_database: MakeDatabase) -> None:
    texts = ["=HYPERLINK(\"http://x\")", "+86 电话", "-3 万元", "@SUM(A1)", "\t制表符开头", "#N/A"]
    ids = [services.enterprises.create(EnterpriseInput(name=f"企业{i}", notes=t)).id for i, t in enumerate(texts)]
    path = tmp_path / "f.xlsx"
    services.exchange.export(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["企业名录"]
    notes = [c.value for c in ws[1]].index("备注") + 1
    cells = [ws.cell(row=r, column=notes) for r in range(2, len(texts) + 2)]
    assert all(c.data_type == "s" for c in cells)  # strings, never formulas
    assert all(c.quotePrefix for c in cells if c.value[0] in "=+-@\t")
    other = acting(Services(make_database("o"), FixedClock(TODAY)))
    other.exchange.import_paths([path])
    assert [other.enterprises.get(i).notes for i in ids] == [services.enterprises.get(i).notes for i in ids]
    assert other.enterprises.get(ids[0]).notes == texts[0] and other.enterprises.get(ids[-1]).notes == "#N/A"
    other.db.close()


def test_dry_run_writes_nothing(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    problem(a, enterprise(a, code=VALID_CODES[0]))
    a.exchange.export(tmp_path / "a.xlsx")
    before = snapshot(office)
    report = office.exchange.import_paths([tmp_path / "a.xlsx"], dry_run=True)
    assert report.files[0].status == "dry-run" and report.totals["problems"]["created"] == 1
    assert snapshot(office) == before and office.exchange.batches() == []


def test_undo_a_batch_exactly(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    pid = problem(a, e)
    send(a, office, tmp_path / "1.xlsx")
    before = snapshot(office)
    a.problems.assign(pid, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    problem(a, e, category="用地")
    a.exchange.export(tmp_path / "2.xlsx")
    report = office.exchange.import_paths([tmp_path / "2.xlsx"])
    assert snapshot(office) != before
    [latest, _first] = office.exchange.batches()
    assert latest.id == report.batch_id and latest.changes >= 3
    result = office.exchange.undo_batch(latest.id[:8])
    assert result.removed >= 2 and result.restored == 1
    assert snapshot(office) == before
    # The undone workbook can be imported again, judged as the first time.
    again = office.exchange.import_paths([tmp_path / "2.xlsx"]).totals
    assert again["problems"]["updated"] == 1 and again["problems"]["created"] == 1


def sync_state(services: Services) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """What the merge knows of each record (its clock), and the conflicts waiting."""
    with services.db.engine.connect() as c:
        clocks = {tuple(r) for spec in SHEETS for r in c.execute(text(f"SELECT id, clock FROM {spec.table.name}"))}
        waiting = {tuple(r) for r in c.execute(text(
            "SELECT id, incoming_clock, resolution FROM exchange_conflicts WHERE resolved_at IS NULL"))}
    return clocks, waiting


def test_undo_a_batch_that_changed_a_record_in_two_of_its_files(installations: dict[str, Services],
                                                                 tmp_path: Path) -> None:
    """The office's usual batch: the same enterprise's workbook twice in one folder (sent again with
    changes), and a copy of older data from another laptop. The batch creates a problem from the
    first file and changes it from the second, changes an older problem twice and learns that laptop B
    holds it; undo takes it all back as before the batch, also what the merge knew."""
    a, b, office = installations["a"], installations["b"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    old = problem(a, e)
    send(a, office, tmp_path / "0.xlsx")
    b.exchange.import_paths([tmp_path / "0.xlsx"])
    b.exchange.export(tmp_path / "b.xlsx")
    before = snapshot(office), sync_state(office)
    a.problems.assign(old, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    new = problem(a, e, category="用地")
    a.exchange.export(tmp_path / "1.xlsx")
    a.problems.extend(old, "需省里协调", date(2026, 7, 31))
    a.problems.decide_extension(old, True, actor="县营商办")  # only an approved extension moves the deadline
    a.problems.assign(new, AssignInput(lead_unit="自然资源局", deadline=date(2026, 8, 31)))
    a.exchange.export(tmp_path / "2.xlsx")
    files = [tmp_path / "1.xlsx", tmp_path / "2.xlsx", tmp_path / "b.xlsx"]
    first = office.exchange.import_paths(files)
    assert first.totals["problems"] == {"created": 1, "updated": 3, "unchanged": 1, "conflicts": 0, "rejected": 0}
    assert office.problems.get(new).lead_unit == "自然资源局"
    assert sync_state(office) != before[1]
    [batch, _] = office.exchange.batches()

    result = office.exchange.undo_batch(first.batch_id or "")
    # Each record once: the new problem (and its progress entries) removed, the old problem restored.
    assert result.removed == sum(c["created"] for kind, c in first.totals.items() if kind != "history")
    assert result.restored == 1
    assert batch.changes == result.removed + result.restored  # the listing counts records, not log rows
    assert (snapshot(office), sync_state(office)) == before
    # Judged as the first time when imported again.
    again = office.exchange.import_paths(files)
    # (The trail the files brought stays after an undo: those rows are not added twice.)
    assert {k: c for k, c in again.totals.items() if k != "history"} == \
        {k: c for k, c in first.totals.items() if k != "history"}
    assert snapshot(office)["problems"] == snapshot(a)["problems"]


def test_the_records_a_file_creates_are_logged_for_undo_in_a_few_rows(installations: dict[str, Services],
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A first merge creates nearly every record it writes: their undo log is one row per file and
    table (and per so many records), not one each — and the batch's count and its undo are as exact."""
    from app.exchange import merge

    monkeypatch.setattr(merge, "CREATED_PER_ROW", 2)  # a table's records over more than one row
    a, office = installations["a"], installations["office"]
    generate(a.db, scale=0.05, seed=3, today=TODAY)
    before = snapshot(office), sync_state(office)
    report = office.exchange.import_paths([_export(a, tmp_path / "a.xlsx")])
    created = sum(c["created"] for kind, c in report.totals.items() if kind != "history")
    assert created > 20
    with office.db.engine.connect() as c:
        rows = c.execute(text("SELECT record_type, operation, record_id, \"before\" FROM exchange_changes "
                              "WHERE batch_id = :b"), {"b": report.batch_id}).all()
    assert {r.operation for r in rows} == {"新增组"}
    assert len(rows) < created  # grouped, at most two records a row here
    # Each created record's creation row in the trail, written in bulk: who, when, through which file.
    from db.models import History

    with office.db.session() as s:
        made = [h for h in s.scalars(select(History).where(History.received.is_(False)))]
    assert len(made) == created == len({h.record_id for h in made})
    assert {(h.operation, h.actor, h.via, h.changed_at) for h in made} == \
        {("新增", made[0].actor, f"导入：a.xlsx（批次 {(report.batch_id or '')[:8]}）", made[0].changed_at)}
    assert made[0].actor and made[0].changed_at is not None
    assert all(h.changes == {} and h.installation_id == a.db.installation_id for h in made)
    [batch] = office.exchange.batches()
    assert batch.changes == created

    result = office.exchange.undo_batch(report.batch_id or "")
    assert result.removed == created and result.restored == 0
    assert (snapshot(office), sync_state(office)) == before


def _export(src: Services, path: Path) -> Path:
    src.exchange.export(path)
    return path


def test_a_copy_of_a_version_held_here_changes_nothing(installations: dict[str, Services],
                                                       tmp_path: Path) -> None:
    """Laptop B sends a copy of A's problem, unchanged: the same version (the same clock), so the batch
    changes nothing, not even what the merge knows, and undoing it leaves the office's later work."""
    a, b, office = installations["a"], installations["b"], installations["office"]
    pid = problem(a, enterprise(a, code=VALID_CODES[0]))
    send(a, office, tmp_path / "a.xlsx")
    b.exchange.import_paths([tmp_path / "a.xlsx"])
    before = sync_state(office)
    report = office.exchange.import_paths([b.exchange.export(tmp_path / "b.xlsx").path])
    assert report.totals["problems"]["unchanged"] == 1 and sync_state(office) == before
    [batch, _] = office.exchange.batches()
    assert batch.changes == 0
    office.problems.assign(pid, AssignInput(lead_unit="人社局", deadline=date(2026, 6, 30)))
    assert office.exchange.undo_batch(batch.id).removed == 0
    assert office.problems.get(pid).lead_unit == "人社局"


def test_undo_of_a_batch_that_only_moved_a_clock(installations: dict[str, Services], tmp_path: Path) -> None:
    """A and B both hand the problem over to the same unit on the same day: the same values, written twice.
    The office's second import changes no content, only what the record has seen; its undo sets the
    clock back, unless the office has worked on the problem since (then that work stays)."""
    a, b, office = installations["a"], installations["b"], installations["office"]
    pid = problem(a, enterprise(a, code=VALID_CODES[0]))
    send(a, office, tmp_path / "0.xlsx")
    b.exchange.import_paths([tmp_path / "0.xlsx"])
    for laptop in (a, b):
        laptop.problems.assign(pid, AssignInput(lead_unit="人社局", deadline=date(2026, 6, 30)))
    send(a, office, tmp_path / "a.xlsx")
    before = sync_state(office)
    report = office.exchange.import_paths([b.exchange.export(tmp_path / "b.xlsx").path])
    assert report.totals["problems"] == {"created": 0, "updated": 0, "unchanged": 1, "conflicts": 0, "rejected": 0}
    after = sync_state(office)
    assert after != before and not office.exchange.conflicts()
    [batch, *_] = office.exchange.batches()
    office.exchange.undo_batch(batch.id)
    assert sync_state(office) == before
    # Again, with the office's own work after it: the clock that work descends from stays.
    office.exchange.import_paths([tmp_path / "b.xlsx"])
    office.problems.record_progress(pid, "已电话联系企业")

    def problem_clock() -> str:
        return next(c for r, c in sync_state(office)[0] if r == pid)

    kept = problem_clock()
    [batch, *_] = office.exchange.batches()
    office.exchange.undo_batch(batch.id)
    assert problem_clock() == kept  # (B's 交办 entry, which the batch created, is taken back)


def test_a_cancelled_undo_changes_nothing(installations: dict[str, Services], tmp_path: Path) -> None:
    from app.exchange.progress import Cancelled

    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    for _ in range(3):
        problem(a, e)
    send(a, office, tmp_path / "1.xlsx")
    before = snapshot(office), sync_state(office)
    [batch] = office.exchange.batches()
    steps: list[str] = []
    with pytest.raises(Cancelled, match="未做任何修改"):
        office.exchange.undo_batch(batch.id, progress=lambda _d, _t, m: steps.append(m),
                                   cancel=lambda: any("删除" in m for m in steps))
    assert any("删除" in m for m in steps)  # cancelled after records were taken back in the transaction
    assert (snapshot(office), sync_state(office)) == before
    assert office.exchange.batches()[0].undone_at is None


def test_undo_refuses_when_a_later_record_refers_to_one_it_created(installations: dict[str, Services],
                                                                    tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    problem(a, e)
    send(a, office, tmp_path / "1.xlsx")
    [batch] = office.exchange.batches()
    problem(office, e, category="用地")  # recorded at the office for the imported enterprise
    before = snapshot(office), sync_state(office)
    with pytest.raises(UserError, match="已被其他记录引用.*未做任何修改"):
        office.exchange.undo_batch(batch.id)
    assert (snapshot(office), sync_state(office)) == before
    assert office.exchange.batches()[0].undone_at is None


def test_undo_refuses_when_records_changed_since(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    pid = problem(a, enterprise(a, code=VALID_CODES[0]))
    report = send(a, office, tmp_path / "1.xlsx") and office.exchange.batches()[0]
    office.problems.assign(pid, AssignInput(lead_unit="人社局", deadline=date(2026, 6, 30)))
    before = snapshot(office)
    with pytest.raises(UserError, match="又被修改过"):
        office.exchange.undo_batch(report.id)
    assert snapshot(office) == before


def test_an_enterprise_entered_on_two_laptops_is_not_duplicated(installations: dict[str, Services],
                                                               tmp_path: Path) -> None:
    a, b, office = installations["a"], installations["b"], installations["office"]
    ea = enterprise(a, "河阳县恒达铝业有限公司", code=VALID_CODES[0])
    eb = enterprise(b, "河阳县恒达铝业有限公司", code=VALID_CODES[0])
    problem(a, ea)
    pb = problem(b, eb, category="用地")
    send(a, office, tmp_path / "a.xlsx")
    send(b, office, tmp_path / "b.xlsx")
    assert office.enterprises.count() == 1
    assert office.problems.get(pb).enterprise_id == ea
    # Sent again unchanged: still one enterprise, nothing changes.
    totals = office.exchange.import_paths([tmp_path / "b.xlsx"]).totals
    assert totals["problems"]["unchanged"] == 1 and office.enterprises.count() == 1


def test_changed_since_last_export_to_the_same_file(services: Services, tmp_path: Path) -> None:
    e1 = enterprise(services, "甲公司", code=VALID_CODES[0])
    enterprise(services, "乙公司", code=VALID_CODES[1])
    c = cadre(services)
    services.cadres.assign(c, e1)
    path = tmp_path / "to-office.xlsx"
    first = services.exchange.export(path, changed_since_last=True)
    assert first.since is None and first.counts["enterprises"] == 2
    pid = problem(services, e1)
    second = services.exchange.export(path, changed_since_last=True)
    assert second.since == first.exported_at
    assert second.counts["problems"] == 1 and second.counts["enterprises"] == 1  # the problem's enterprise
    assert second.counts["cadres"] == 0
    other = tmp_path / "elsewhere.xlsx"
    assert services.exchange.export(other, changed_since_last=True).counts["enterprises"] == 2
    assert pid


def test_filtered_export_keeps_references(services: Services, tmp_path: Path, make_database: MakeDatabase) -> None:
    generate(services.db, scale=0.2, seed=5, today=TODAY)
    from app.exchange.selection import ExportFilter

    path = tmp_path / "石桥镇.xlsx"
    summary = services.exchange.export(path, ExportFilter(region="石桥镇", date_from=date(2026, 1, 1)))
    other = acting(Services(make_database("o"), FixedClock(TODAY)))
    report = other.exchange.import_paths([path])
    assert report.rejection_count == 0, report.files[0].rejections[:3]
    regions = {e.region_name for e in other.enterprises.search(limit=1000)}
    assert regions == {"石桥镇"} and summary.counts["problems"] > 0
    from app.services.problems import ProblemFilter

    assert all(p.received_date >= date(2026, 1, 1) for p in other.problems.search(ProblemFilter(), limit=5000).rows)
    with pytest.raises(UserError, match="没有找到企业"):
        services.exchange.export(tmp_path / "x.xlsx", ExportFilter(enterprise="不存在的公司"))
    other.db.close()


def test_history_travels_and_is_never_duplicated(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office, b = installations["a"], installations["office"], installations["b"]
    pid = problem(a, enterprise(a, code=VALID_CODES[0]))
    a.problems.assign(pid, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    a.problems.solve(pid, "已办结")
    totals = send(a, office, tmp_path / "a.xlsx")
    assert totals["history"]["created"] >= 2
    solved = [h for h in office.history.for_record(pid) if any(c.field == "status" and c.new == "已办结"
                                                                for c in h.changes)]
    assert solved and solved[0].actor == "张伟（工信局）" and solved[0].installation_id == a.db.installation_id
    count = len(office.history.for_record(pid))
    office.exchange.import_paths([tmp_path / "a.xlsx"])
    send(office, b, tmp_path / "o.xlsx")
    office.exchange.import_paths([tmp_path / "a.xlsx"])
    assert len(office.history.for_record(pid)) == count


def test_rejected_rows_can_be_fixed_and_imported_again(installations: dict[str, Services], tmp_path: Path) -> None:
    a, office = installations["a"], installations["office"]
    e = enterprise(a, code=VALID_CODES[0])
    bad_date, bad_status = problem(a, e), problem(a, e)
    path = tmp_path / "a.xlsx"
    a.exchange.export(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["问题台账"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows[bad_date], column=header.index("收到日期") + 1).value = "2026年2月30日"
    ws.cell(row=rows[bad_status], column=header.index("状态") + 1).value = "已解决"
    wb.save(path)
    report = office.exchange.import_paths([path], rejects_path=tmp_path / "退回.xlsx")
    reasons = {(r.sheet, r.column): r.reason for r in report.files[0].rejections}
    assert reasons[("问题台账", "收到日期")] == "2026年2月30日不存在"
    assert reasons[("问题台账", "状态")].startswith("应为以下之一")
    assert ("办理进展", "问题ID") in reasons  # their timelines wait for them
    assert report.totals["problems"]["rejected"] == 2 and report.totals["enterprises"]["created"] == 1
    [rejects] = report.rejects_paths
    wb = openpyxl.load_workbook(rejects)
    ws = wb["问题台账"]
    header = [c.value for c in ws[1]]
    assert header[-4:] == ["原因", "来源文件", "原行号", "来源安装"]
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=header.index("收到日期") + 1).value = "2026-02-28"
        ws.cell(row=r, column=header.index("状态") + 1).value = "待交办"
    wb.save(rejects)
    again = office.exchange.import_paths([rejects])
    assert again.totals["problems"]["created"] == 2 and again.totals["progress"]["created"] == 2
    assert again.files[0].source == a.db.installation_id
    assert office.problems.get(bad_date).received_date == date(2026, 2, 28)


def test_the_window_merges_in_one_call_with_progress_and_can_cancel(installations: dict[str, Services], tmp_path: Path,
                                                                    make_database: MakeDatabase) -> None:
    a, b, office = installations["a"], installations["b"], installations["office"]
    problem(a, enterprise(a, "甲企业", code=VALID_CODES[0]))
    problem(b, enterprise(b, "乙企业", code=VALID_CODES[1]))
    a.exchange.export(tmp_path / "a.xlsx")
    b.exchange.export(tmp_path / "b.xlsx")
    seen: list[tuple[int, int, str]] = []
    result = office.exchange.merge([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], tmp_path / "汇总.xlsx",
                                   progress=lambda d, t, m: seen.append((d, t, m)))
    assert result.imported.totals["enterprises"]["created"] == 2
    assert result.exported.counts["enterprises"] == 2 and (tmp_path / "汇总.xlsx").exists()
    assert any("合并 a.xlsx" in m for _d, _t, m in seen)
    # Cancelled before the second file: the first stays imported, the second not at all, and the
    # report says so.
    fresh = acting(Services(make_database("fresh"), FixedClock(TODAY)))
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return any("合并 b.xlsx" in m for _d, _t, m in seen2)

    seen2: list[tuple[int, int, str]] = []
    report = fresh.exchange.import_paths([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], cancel=cancel,
                                         progress=lambda d, t, m: seen2.append((d, t, m)))
    assert report.cancelled and report.as_json()["cancelled"] is True
    assert [(Path(f.path).name, f.status, f.error) for f in report.files] == [
        ("a.xlsx", "imported", ""), ("b.xlsx", "skipped", "已取消，未导入")]
    assert [f.cancelled for f in report.files] == [False, True]
    assert report.totals["enterprises"]["created"] == 1
    # The batch keeps the state with the file; a batch written before it (the text alone) reads the same.
    assert [f.cancelled for f in fresh.exchange.batches()[0].files] == [False, True]
    with fresh.db.session() as s:
        entries = s.execute(select(ExchangeBatch.files)).scalar_one()
        assert [e.get("cancelled", False) for e in entries] == [False, True]
        s.execute(update(ExchangeBatch).values(files=[{k: v for k, v in e.items() if k != "cancelled"}
                                                      for e in entries]))
    assert [f.cancelled for f in fresh.exchange.batches()[0].files] == [False, True]
    # The window's one-step merge stops too, without writing the ledger.
    stopped = fresh.exchange.merge([tmp_path / "b.xlsx"], tmp_path / "汇总2.xlsx", cancel=lambda: True)
    assert stopped.imported.cancelled and stopped.exported is None and "已取消" in stopped.export_error
    assert not (tmp_path / "汇总2.xlsx").exists()
    names = {e.name for e in fresh.enterprises.search()}
    assert names == {"甲企业"} and calls["n"] > 0
    fresh.db.close()


def test_a_file_cancelled_part_way_leaves_the_files_before_it_in_its_group_imported(
        installations: dict[str, Services], tmp_path: Path, make_database: MakeDatabase) -> None:
    """The files of a group share one transaction: a file stopped after its first sheet was written
    takes the group with it, and the files merged before it in the group are merged again."""
    a, b, office = installations["a"], installations["b"], installations["office"]
    assert SHEETS[0].key == "enterprises"  # b's enterprise is written before the cancel below
    problem(a, enterprise(a, "甲企业", code=VALID_CODES[0]))
    problem(b, enterprise(b, "乙企业", code=VALID_CODES[1]))
    a.exchange.export(tmp_path / "a.xlsx")
    b.exchange.export(tmp_path / "b.xlsx")
    roster = tmp_path / "名录.csv"
    roster.write_text(f"企业名称,统一社会信用代码\n丙企业,{VALID_CODES[2]}\n", encoding="utf-8")
    files = [tmp_path / "a.xlsx", roster, tmp_path / "b.xlsx"]
    said: list[str] = []
    checks_in_b = {"n": 0}

    def cancel() -> bool:
        if any("合并 b.xlsx" in m for m in said):
            checks_in_b["n"] += 1
        return checks_in_b["n"] >= 2  # before b's second sheet

    assert office.exchange.import_paths(files, cancel=cancel, progress=lambda _d, _t, m: said.append(m)).cancelled
    assert checks_in_b["n"] == 2
    assert {e.name for e in office.enterprises.search()} == {"甲企业", "丙企业"}
    [batch] = office.exchange.batches()
    assert [(Path(f.path).name, f.status) for f in batch.files] == [("a.xlsx", "imported"), ("名录.csv", "imported"),
                                                                     ("b.xlsx", "skipped")]
    # Exactly what importing the two files alone gives: records, bases and versions.
    reference = acting(Services(make_database("reference"), FixedClock(TODAY)))
    reference.exchange.import_paths(files[:2])

    def state(services: Services) -> tuple[dict[str, list[str]], list[str], set[tuple[str, ...]]]:
        """Content and clocks, without record IDs (the roster gives each database its own, and its
        enterprises are this database's own writes), and the conflicts waiting."""
        clocks, waiting = sync_state(services)
        me = actor_of(services.db.installation_id)
        return ({key: sorted(hashes.values()) for key, hashes in snapshot(services).items()},
                sorted(c.replace(me, "本机") for _r, c in clocks), waiting)

    assert state(office) == state(reference)
    reference.db.close()
    # The cancelled file imports in full afterwards, and the first batch can still be undone.
    assert office.exchange.import_paths([tmp_path / "b.xlsx"]).totals["enterprises"]["created"] == 1
    office.exchange.undo_batch(batch.id)
    assert {e.name for e in office.enterprises.search()} == {"乙企业"}


def test_a_file_gone_before_its_group_is_merged_again_is_reported_not_imported(
        installations: dict[str, Services], tmp_path: Path) -> None:
    a, b, office = installations["a"], installations["b"], installations["office"]
    problem(a, enterprise(a, "甲企业", code=VALID_CODES[0]))
    problem(b, enterprise(b, "乙企业", code=VALID_CODES[1]))
    a.exchange.export(tmp_path / "a.xlsx")
    b.exchange.export(tmp_path / "b.xlsx")
    b.exchange.export(tmp_path / "c.xlsx")
    said: list[str] = []

    def cancel() -> bool:
        if any("合并 c.xlsx" in m for m in said):
            (tmp_path / "a.xlsx").unlink(missing_ok=True)  # moved away by someone meanwhile
            return True
        return False

    report = office.exchange.import_paths([tmp_path / n for n in ("a.xlsx", "b.xlsx", "c.xlsx")], cancel=cancel,
                                          progress=lambda _d, _t, m: said.append(m))
    assert report.cancelled and [f.status for f in report.files] == ["failed", "imported", "skipped"]
    assert {e.name for e in office.enterprises.search()} == {"乙企业"}
    [batch] = office.exchange.batches()
    assert [(Path(f.path).name, f.status) for f in batch.files] == [("a.xlsx", "failed"), ("b.xlsx", "imported"),
                                                                     ("c.xlsx", "skipped")]
    assert "文件不存在" in batch.files[0].error


def test_the_same_name_with_two_credit_codes_is_two_enterprises(installations: dict[str, Services],
                                                                 tmp_path: Path) -> None:
    a, b, office = installations["a"], installations["b"], installations["office"]
    enterprise(a, "河阳县同名商贸有限公司", code=VALID_CODES[0])
    enterprise(b, "河阳县同名商贸有限公司", code=VALID_CODES[1])
    enterprise(b, "河阳县无码企业")
    enterprise(a, "河阳县无码企业")  # no code on either side: the name decides
    send(a, office, tmp_path / "a.xlsx")
    totals = send(b, office, tmp_path / "b.xlsx")
    # 同名商贸 with another code is created; 无码企业 is matched by its name, with the same content.
    assert totals["enterprises"] == {"created": 1, "updated": 0, "unchanged": 1, "conflicts": 0, "rejected": 0}
    assert office.enterprises.count() == 3


def test_an_imported_record_shows_the_values_it_was_imported_with(installations: dict[str, Services],
                                                                   tmp_path: Path) -> None:
    """The merge stores a record it creates with an empty creation row; its 历史 still shows
    every field as imported, after later changes and after an undo removed the record."""
    from app.services.history import HistoryEntry
    from db import audit
    from db.models import History, Problem

    a, office, b = installations["a"], installations["office"], installations["b"]
    pid = problem(a, enterprise(a, code=VALID_CODES[0]))
    a.problems.assign(pid, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    with a.db.session() as s:
        expected = audit.current_values(s.get(Problem, pid))
    assert expected["lead_unit"] == "金融工作局" and expected["status"]
    path = tmp_path / "a.xlsx"
    send(a, office, path)
    def creation(services: Services) -> HistoryEntry:
        # A's own rows travel with its workbook (its 交办 came before the office's creation).
        [first] = [e for e in services.history.for_record(pid) if e.operation == "新增"]
        return first

    with office.db.session() as s:
        assert s.get(History, creation(office).id).changes == {}
    office.problems.solve(pid, "已协调续贷")

    def created(services: Services) -> dict[str, object]:
        first = creation(services)
        assert all(c.old in (None, []) for c in first.changes)
        return {c.field: c.new for c in first.changes}

    assert created(office) == expected
    assert office.history.for_record(pid)[-1].operation == "修改"  # the solve, with its old values
    # Imported elsewhere and undone: the record is gone, its trail still shows what it was.
    b.exchange.import_paths([path])
    b.exchange.undo_batch(b.exchange.batches()[0].id)
    assert b.history.for_record(pid)[-1].operation == "删除"
    assert created(b) == expected


def test_history_ids_of_a_merge_are_random_uuids() -> None:
    import uuid

    from app.exchange.merge import new_history_id

    ids = [new_history_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    for hid in ids[:2000]:
        u = uuid.UUID(hid)
        assert str(u) == hid and u.version == 4 and u.variant == uuid.RFC_4122


def test_a_credit_code_turned_into_a_number_in_the_office_is_refused(installations: dict[str, Services],
                                                                     tmp_path: Path) -> None:
    """Someone retyped a digits-only code into the workbook and Excel made it a number of 15 digits:
    even with 保留校验位不符的代码 ticked, the row is rejected instead of keeping other digits."""
    a, office = installations["a"], installations["office"]
    enterprise(a, code=VALID_CODES[0])
    path = tmp_path / "a.xlsx"
    a.exchange.export(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["企业名录"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("统一社会信用代码") + 1).value = int(VALID_CODES[0])
    ws.cell(row=2, column=header.index("保留校验位不符的代码") + 1).value = "是"
    wb.save(path)
    report = office.exchange.import_paths([path])
    [r] = [r for r in report.files[0].rejections if r.sheet == "企业名录"]
    assert r.column == "统一社会信用代码" and "后几位已丢失" in r.reason
    assert office.enterprises.find_existing(VALID_CODES[0], "") is None


def test_a_column_deleted_or_renamed_in_the_office_is_named_and_its_field_kept(
        installations: dict[str, Services], tmp_path: Path) -> None:
    """Someone deleted 地址 and renamed 联系电话 to 电话: the import says so, and the enterprise
    keeps both values instead of losing them; an untouched workbook has no such note."""
    a, office = installations["a"], installations["office"]
    e = a.enterprises.create(EnterpriseInput(name="甲公司", credit_code=VALID_CODES[0], contact_phone="13812345678",
                                             address="城关镇1号"))
    path = tmp_path / "a.xlsx"
    a.exchange.export(path)
    assert office.exchange.import_paths([path]).files[0].notes == ()
    wb = openpyxl.load_workbook(path)
    ws = wb["企业名录"]
    header = [c.value for c in ws[1]]
    ws.cell(row=1, column=header.index("联系电话") + 1).value = "电话"
    ws.delete_cols(header.index("地址") + 1)
    wb.save(path)
    f = office.exchange.import_paths([path]).files[0]
    assert f.notes == ("工作表“企业名录”缺少列“地址、联系电话”：已有记录的这些字段保持不变，新增记录的为空",
                       "工作表“企业名录”的列“电话”不是交换格式的列（可能被改名），未读取")
    kept = office.enterprises.get(e.id)
    assert (kept.address, kept.contact_phone) == ("城关镇1号", "13812345678")


def test_the_exchange_writes_say_which_kinds_of_records_they_changed(installations: dict[str, Services],
                                                                     tmp_path: Path) -> None:
    """Import, undo and the settling of conflicts return what they changed (the window reloads
    those screens, and declares nothing itself)."""
    a, b, office = installations["a"], installations["b"], installations["office"]
    conflicts_on(a, office, tmp_path, 2)
    assert office.exchange.import_paths([tmp_path / "2.xlsx"], dry_run=True).changes == Change.NONE
    settled = office.exchange.resolve_conflicts([office.exchange.conflicts()[0].id], "incoming")
    assert len(settled) == 1 and settled.changes == Change.PROBLEMS
    assert office.exchange.resolve_conflict(office.exchange.conflicts()[0].id, "local").changes == Change.PROBLEMS
    # An enterprise and its problems, imported and undone: those kinds, not the cadres.
    imported = b.exchange.import_paths([tmp_path / "1.xlsx"])
    assert imported.changes & Change.ENTERPRISES and imported.changes & Change.PROBLEMS
    assert not imported.changes & Change.CADRES
    undone = b.exchange.undo_batch(imported.batch_id or "").changes
    assert undone & Change.ENTERPRISES and undone & Change.PROBLEMS and not undone & Change.CADRES


def test_downgrading_writes_the_grouped_undo_log_out_one_row_per_record(installations: dict[str, Services],
                                                                         tmp_path: Path) -> None:
    """An older program reads one undo-log row per record, each record's in the order written: migration
    25j's downgrade writes them out so (a problem the batch created from one file and changed from the
    next keeps its 新增 before its 修改)."""
    from alembic import command
    from sqlalchemy import create_engine

    from db.database import alembic_config
    from tests.conftest import database_url

    a, office = installations["a"], installations["office"]
    generate(a.db, scale=0.02, seed=5, today=TODAY)
    pid = problem(a, enterprise(a, "河阳县豫新机械有限公司"))
    first = _export(a, tmp_path / "1.xlsx")
    a.problems.assign(pid, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    report = office.exchange.import_paths([first, _export(a, tmp_path / "2.xlsx")])
    created = sum(c["created"] for kind, c in report.totals.items() if kind != "history")
    with office.db.engine.connect() as c:
        grouped = c.execute(text("SELECT \"before\" FROM exchange_changes WHERE operation = '新增组'")).scalars().all()
    listed = {(rid, clock) for before in grouped
              for rid, clock in (before if isinstance(before, dict) else json.loads(before))["created"]}
    assert len(listed) == created and pid in {rid for rid, _clock in listed}
    url = database_url(office.db)
    backend = office.db.engine.dialect.name
    office.db.close()
    engine = create_engine(url if backend != "sqlite" else f"sqlite:///{url}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "26c_pg_ledger_order")
            rows = conn.execute(text("SELECT record_id, after_clock, operation, \"before\" "
                                     "FROM exchange_changes ORDER BY id")).all()
    finally:
        engine.dispose()
    made = [r for r in rows if r.operation == "新增"]
    assert {(r.record_id, r.after_clock) for r in made} == listed and len(made) == created
    # As the older programs wrote them: a JSON null before (SQLite returns its text here).
    assert {json.loads(r.before) if isinstance(r.before, str) else r.before for r in made} == {None}
    assert [r.operation for r in rows if r.record_id == pid] == ["新增", "修改"]
