"""Laptops and the office converge through exchanged workbooks: each true conflict
raised once and settled once, nothing else (issue: sync that converges).

Three laptops A, B, C and the office. A's records went out to B, C and the office;
then each changed some problems, in the window or by hand in its exported workbook.
Every installation is a real database and every workbook a real file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text

from app.clock import FixedClock
from app.exchange.records import iter_records
from app.exchange.schema import SHEETS, K
from app.exchange.values import to_cell
from app.services import Services
from app.services.problems import AssignInput, ProblemInput, RevisitInput
from app.standards.text import name_key
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import VALID_CODES, enterprise, problem

NAMES = ("a", "b", "c", "office", "office2")


@pytest.fixture
def places(tmp_path: Path) -> Iterator[dict[str, Services]]:
    out = {}
    for name in NAMES:
        out[name] = Services(open_database(tmp_path / f"{name}.sqlite"), FixedClock(TODAY))
        out[name].profile.set({"office": "王芳", "office2": "王芳"}.get(name, f"干部{name.upper()}"), "营商办")
    yield out
    for s in out.values():
        s.db.close()


def edit(services: Services, pid: str, **changes: str) -> None:
    """A person edits what the problem is, in the window (the same service)."""
    p = services.problems.get(pid)
    data = {k: v for k, v in asdict(p).items() if k in ProblemInput.__dataclass_fields__}
    services.problems.update_details(pid, ProblemInput(**{**data, **changes}))


def edit_by_hand(path: Path, record_id: str, header: str, value: str, sheet: str = "问题台账") -> None:
    """A person opens the exported workbook in a spreadsheet program, changes one cell and saves."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    column = headers.index(header) + 1
    for row in ws.iter_rows(min_row=2):
        if row[0].value == record_id:
            ws.cell(row=row[0].row, column=column, value=value)
            break
    else:
        raise AssertionError(f"no row {record_id}")
    book.save(path)


def contents(services: Services) -> dict[str, dict[str, dict[str, Any]]]:
    """Every record as its exported row shows it: content, who and when, and history (not this
    database's own trail)."""
    with services.db.reading() as s:
        return {spec.key: {r["id"]: {c.field: to_cell(c.kind, r.get(c.field)) for c in spec.columns
                                     if c.kind is not K.DISPLAY and c.field != "fingerprint"}
                           for r in iter_records(s, spec)}
                for spec in SHEETS}


def waiting(services: Services) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((c.record_id, tuple(f.field for f in c.fields)) for c in services.exchange.conflicts())


@pytest.fixture
def started(places: dict[str, Services], tmp_path: Path) -> dict[str, str]:
    """A's enterprise and problems P1–P4, sent to B, C and both offices."""
    a = places["a"]
    e = enterprise(a, code=VALID_CODES[0])
    ids = {f"p{i}": problem(a, e) for i in range(1, 5)}
    first = tmp_path / "a0.xlsx"
    a.exchange.export(first)
    for name in ("b", "c", "office", "office2"):
        assert places[name].exchange.import_paths([first]).all_read
    return ids


def the_three_workbooks(places: dict[str, Services], p: dict[str, str], tmp_path: Path) -> list[Path]:
    """A rewrites P1's description and P2's demand in the window; B exports, then rewrites P1's
    description by hand in its workbook and P3's demand in the window before exporting again;
    C rewrites P4's description."""
    a, b, c = places["a"], places["b"], places["c"]
    edit(a, p["p1"], description="甲：流动资金缺口约800万元")
    edit(a, p["p2"], demand="甲：协调首贷")
    edit(b, p["p3"], demand="乙：协调担保")
    wb = tmp_path / "b.xlsx"
    b.exchange.export(wb)
    edit_by_hand(wb, p["p1"], "问题描述", "乙：订单回款慢，资金周转困难")
    edit(c, p["p4"], description="丙：用工缺口30人")
    wa, wc = tmp_path / "a.xlsx", tmp_path / "c.xlsx"
    a.exchange.export(wa)
    c.exchange.export(wc)
    return [wa, wb, wc]


def test_the_office_raises_the_one_true_conflict_in_any_order(places: dict[str, Services], started: dict[str, str],
                                                             tmp_path: Path) -> None:
    p = started
    wa, wb, wc = the_three_workbooks(places, p, tmp_path)
    office, office2 = places["office"], places["office2"]
    for w in (wa, wb, wc):
        assert office.exchange.import_paths([w]).all_read
    office2.exchange.import_paths([wc, wb])  # another order, two batches: C and B in one
    office2.exchange.import_paths([wa])
    for o in (office, office2):
        assert waiting(o) == [(p["p1"], ("description",))], waiting(o)
        # Every change that is not in conflict is in: A's P2, B's P3, C's P4.
        assert o.problems.get(p["p2"]).demand == "甲：协调首贷"
        assert o.problems.get(p["p3"]).demand == "乙：协调担保"
        assert o.problems.get(p["p4"]).description == "丙：用工缺口30人"
    [c1], [c2] = office.exchange.conflicts(), office2.exchange.conflicts()
    assert {c1.fields[0].local, c1.fields[0].incoming} == {c2.fields[0].local, c2.fields[0].incoming} == {
        "甲：流动资金缺口约800万元", "乙：订单回款慢，资金周转困难"}
    # Settled the same way, the two offices hold the same ledger, whatever the order was.
    for o, c in ((office, c1), (office2, c2)):
        keep = "local" if c.fields[0].local.startswith("乙") else "incoming"
        o.exchange.resolve_conflict(c.id, keep)
        assert o.problems.get(p["p1"]).description == "乙：订单回款慢，资金周转困难"
    ours, theirs = contents(office), contents(office2)
    for key in ours:
        assert {r: {k: v for k, v in rec.items() if k not in ("clock", "updated_at", "changed_by", "revision")}
                for r, rec in ours[key].items()} == \
               {r: {k: v for k, v in rec.items() if k not in ("clock", "updated_at", "changed_by", "revision")}
                for r, rec in theirs[key].items()}, key
    # Importing the three again raises nothing: each is old news now.
    again = office.exchange.import_paths([wa, wb, wc], ).totals
    assert again["problems"]["conflicts"] == 0 and not office.exchange.conflicts()


def test_a_settled_conflict_does_not_come_back(places: dict[str, Services], started: dict[str, str],
                                              tmp_path: Path) -> None:
    p = started
    workbooks = the_three_workbooks(places, p, tmp_path)
    office = places["office"]
    office.exchange.import_paths(workbooks)
    [conflict] = office.exchange.conflicts()
    office.exchange.resolve_conflict(conflict.id, "local" if conflict.fields[0].local.startswith("乙") else "incoming")
    ledger = tmp_path / "汇总台账.xlsx"
    office.exchange.export(ledger)
    for name in ("a", "b", "c"):
        report = places[name].exchange.import_paths([ledger])
        assert report.totals["problems"]["conflicts"] == 0 and not places[name].exchange.conflicts(), name
    reference = contents(office)
    for name in ("a", "b", "c"):
        assert contents(places[name]) == reference, name
    # And the laptops' old workbooks, arriving late at the office, are old news.
    totals = office.exchange.import_paths(workbooks).totals
    assert totals["problems"]["conflicts"] == 0 and contents(office) == reference


def test_the_losing_side_of_a_settled_conflict_is_history_in_the_timeline(
        places: dict[str, Services], started: dict[str, str], tmp_path: Path) -> None:
    p = started["p1"]
    a, b, office = places["a"], places["b"], places["office"]
    a.problems.assign(p, AssignInput(lead_unit="金融工作局", deadline=TODAY.replace(month=7)))
    b.problems.assign(p, AssignInput(lead_unit="人民银行", deadline=TODAY.replace(month=7)))
    wa, wb = a.exchange.export(tmp_path / "a.xlsx").path, b.exchange.export(tmp_path / "b.xlsx").path
    office.exchange.import_paths([wa, wb])
    [conflict] = office.exchange.conflicts()
    assert "主办单位" in {f.label for f in conflict.fields}
    keep = "local" if office.problems.get(p).lead_unit == "人民银行" else "incoming"
    office.exchange.resolve_conflict(conflict.id, keep)
    ledger = office.exchange.export(tmp_path / "ledger.xlsx").path
    a.exchange.import_paths([ledger])
    b.exchange.import_paths([ledger])
    for services in (office, a, b):
        assert services.problems.get(p).lead_unit == "人民银行"
        handed = [e for e in services.problems.timeline(p) if e.kind == "交办"]
        assert len(handed) == 2  # both kept, as history
        current = [e for e in handed if not e.superseded]
        assert [e.content.split("；")[0] for e in current] == ["主办：人民银行"]
    assert check(tmp_path / "office.sqlite").returncode == 0
    # A timeline that contradicts its record is caught.
    con = sqlite3.connect(tmp_path / "office.sqlite")
    con.execute("UPDATE progress_entries SET superseded = 0")
    con.commit()
    con.close()
    r = check(tmp_path / "office.sqlite")
    assert r.returncode == 1 and "办理进展记录与问题状态不符" in r.stdout + r.stderr, r.stderr


@pytest.mark.parametrize("kept", ["不满意", "满意"])
def test_a_dissatisfied_evaluation_and_its_automatic_send_back_against_a_satisfied_one(
        places: dict[str, Services], started: dict[str, str], tmp_path: Path, kept: str) -> None:
    """Issue 21's 回访评价: 不满意 sends the problem back (退回重办) in the same write. The office
    settles the evaluations' conflict; the losing evaluation is history, and the timeline's current
    course still leads to the status the merged problem has (B wrote no status: A's stands)."""
    p = started["p1"]
    a, b, office = places["a"], places["b"], places["office"]
    a.problems.assign(p, AssignInput(lead_unit="金融工作局"))
    a.problems.solve(p, "已协调银行授信")
    solved = a.exchange.export(tmp_path / "a1.xlsx").path
    for services in (b, office):
        services.exchange.import_paths([solved])
    checks = dict(check_solved=True, check_answered=True, check_contacted=True, check_satisfied=True)
    a.problems.evaluate(p, RevisitInput("不满意", "李总", "电话", comment="利率偏高"))
    assert a.problems.get(p).status.value == "办理中"
    b.problems.evaluate(p, RevisitInput("满意", "李总", "现场", **checks))
    wa, wb = a.exchange.export(tmp_path / "a2.xlsx").path, b.exchange.export(tmp_path / "b2.xlsx").path
    office.exchange.import_paths([wa, wb])
    [conflict] = office.exchange.conflicts()
    assert "evaluation" in {f.field for f in conflict.fields}
    office.exchange.resolve_conflict(conflict.id, "local" if office.problems.get(p).evaluation == kept else "incoming")
    ledger = office.exchange.export(tmp_path / "ledger.xlsx").path
    a.exchange.import_paths([ledger])
    b.exchange.import_paths([ledger])
    lost = "满意" if kept == "不满意" else "不满意"
    for services in (office, a, b):
        view = services.problems.get(p)
        assert (view.status.value, view.evaluation) == ("办理中", kept)
        timeline = services.problems.timeline(p)
        evaluations = {(e.content.split("（")[0], e.superseded) for e in timeline if e.kind == "企业评价"}
        assert evaluations == {(kept, False), (lost, True)}
        assert [e.superseded for e in timeline if e.kind == "退回重办"] == [False]
    for name in ("office", "a", "b"):
        assert check(tmp_path / f"{name}.sqlite").returncode == 0, name


def check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "check", "--db", str(path)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)


def test_a_deletion_against_an_edit_is_a_conflict_named_as_such(places: dict[str, Services],
                                                               started: dict[str, str], tmp_path: Path) -> None:
    p = started["p2"]
    a, office = places["a"], places["office"]
    a.problems.delete(p)
    edit(office, p, demand="办公室：协调首贷")
    office.exchange.import_paths([a.exchange.export(tmp_path / "a.xlsx").path])
    [conflict] = office.exchange.conflicts()
    assert conflict.kind == "删除"
    assert {"deleted_at", "demand"} <= {f.field for f in conflict.fields}
    office.exchange.resolve_conflict(conflict.id, "local")  # the office keeps the problem, with its edit
    assert office.problems.get(p).demand == "办公室：协调首贷"
    a.exchange.import_paths([office.exchange.export(tmp_path / "o.xlsx").path])
    assert a.problems.get(p).demand == "办公室：协调首贷" and not a.exchange.conflicts()


def test_deleted_on_both_sides_is_no_conflict(places: dict[str, Services], started: dict[str, str],
                                             tmp_path: Path) -> None:
    p = started["p3"]
    a, b, office = places["a"], places["b"], places["office"]
    a.problems.delete(p)
    b.problems.delete(p)
    office.exchange.import_paths([a.exchange.export(tmp_path / "a.xlsx").path,
                                  b.exchange.export(tmp_path / "b.xlsx").path])
    assert not office.exchange.conflicts()
    assert contents(office)["problems"][p]["deleted_at"] is not None


def test_a_hand_edit_counts_as_one_edit_by_its_sender(places: dict[str, Services], started: dict[str, str],
                                                     tmp_path: Path) -> None:
    """B edits P3's demand by hand in its workbook; the office and laptop C import the same file and agree,
    and B takes its own edit back from the office without a conflict."""
    p = started["p3"]
    b, c, office = places["b"], places["c"], places["office"]
    wb = b.exchange.export(tmp_path / "b.xlsx").path
    edit_by_hand(wb, p, "企业诉求", "乙（手填）：协调担保公司")
    for services in (office, c):
        totals = services.exchange.import_paths([wb]).totals
        assert totals["problems"]["updated"] == 1 and services.problems.get(p).demand == "乙（手填）：协调担保公司"
    assert contents(office)["problems"][p] == contents(c)["problems"][p]
    b.exchange.import_paths([office.exchange.export(tmp_path / "o.xlsx").path])
    assert b.problems.get(p).demand == "乙（手填）：协调担保公司" and not b.exchange.conflicts()
    # A later edit at the office, back at B: a plain update.
    edit(office, p, demand="办公室：已对接担保公司")
    b.exchange.import_paths([office.exchange.export(tmp_path / "o2.xlsx").path])
    assert b.problems.get(p).demand == "办公室：已对接担保公司" and not b.exchange.conflicts()


def test_changes_since_the_last_export_carry_a_history_that_alone_moved(
        places: dict[str, Services], started: dict[str, str], tmp_path: Path) -> None:
    """A and B correct P's demand to the same words: at the office B's version changes no content, only P's
    history. The office's next export of what changed still carries P, so A learns B's write too."""
    p = started["p1"]
    a, b, office = places["a"], places["b"], places["office"]
    back = tmp_path / "下发.xlsx"
    office.exchange.export(back)
    for laptop in (a, b):
        edit(laptop, p, demand="协调续贷500万元")
    office.exchange.import_paths([a.exchange.export(tmp_path / "a.xlsx").path])
    office.exchange.export(back, changed_since_last=True)
    totals = office.exchange.import_paths([b.exchange.export(tmp_path / "b.xlsx").path]).totals
    assert totals["problems"]["unchanged"] == 4 and totals["problems"]["updated"] == 0  # P1: its history alone
    summary = office.exchange.export(back, changed_since_last=True)
    assert summary.counts["problems"] == 1
    a.exchange.import_paths([back])
    assert contents(a)["problems"][p] == contents(office)["problems"][p]


def test_a_rename_merged_with_another_change_is_found_by_its_new_name(
        places: dict[str, Services], started: dict[str, str], tmp_path: Path) -> None:
    """A renames the enterprise while the office fills in its address: both changes merge, and the office
    finds the enterprise by its new name (the name key follows the name taken from A)."""
    from app.services.enterprises import EnterpriseInput

    a, office = places["a"], places["office"]
    [e] = [v.id for v in a.enterprises.search()]
    a.enterprises.update(e, EnterpriseInput(name="河阳县恒达新材料有限公司", credit_code=VALID_CODES[0],
                                            region_name="城关镇"))
    office.enterprises.update(e, EnterpriseInput(name="河阳县恒达铝业有限公司", credit_code=VALID_CODES[0],
                                                 region_name="城关镇", address="工业园区纬二路8号"))
    office.exchange.import_paths([a.exchange.export(tmp_path / "a.xlsx").path])
    assert not office.exchange.conflicts()
    found = office.enterprises.search("恒达新材料")
    assert [(v.name, v.address) for v in found] == [("河阳县恒达新材料有限公司", "工业园区纬二路8号")]
    # Matched by its new name too (a roster naming it, another laptop entering it again).
    with office.db.reading() as s:
        [key] = s.execute(text("SELECT name_key FROM enterprises")).scalars().all()
    assert key == name_key("河阳县恒达新材料有限公司")


def test_the_same_file_again_after_the_record_in_conflict_changed_here(
        places: dict[str, Services], started: dict[str, str], tmp_path: Path) -> None:
    """A deleted P2 while the office handed it over: a conflict. The office then deletes P2 itself, and A's
    same workbook arrives again (the same bytes): it is read again, the two versions now agree (both
    deleted) and the conflict closes — it is not passed over as a file known to have met conflicts."""
    p = started["p2"]
    a, office = places["a"], places["office"]
    a.problems.delete(p)
    office.problems.assign(p, AssignInput(lead_unit="人社局", deadline=TODAY.replace(month=7)))
    wa = a.exchange.export(tmp_path / "a.xlsx").path
    office.exchange.import_paths([wa])
    assert [c.kind for c in office.exchange.conflicts()] == ["删除"]
    office.problems.delete(p)
    again = office.exchange.import_paths([wa])
    assert not again.files[0].same_as  # read, not passed over
    assert not office.exchange.conflicts()


def test_a_lower_revision_typed_by_hand_never_takes_a_record_back(places: dict[str, Services],
                                                                  started: dict[str, str], tmp_path: Path) -> None:
    """Issue 22, point 12: a workbook whose 修改次数 was lowered by hand, with content changed. The history
    decides what is newer, and the revision only ever rises: 8 never becomes 2."""
    p = started["p1"]
    a, office = places["a"], places["office"]
    for n in range(7):
        edit(a, p, demand=f"第{n}次修改")
    wa = a.exchange.export(tmp_path / "a.xlsx").path
    assert office.exchange.import_paths([wa]).all_read
    before = contents(office)["problems"][p]["revision"]
    assert int(before) >= 8
    edit_by_hand(wa, p, "修改次数", "2")
    edit_by_hand(wa, p, "问题描述", "手改的描述")
    office.exchange.import_paths([wa])
    after = contents(office)["problems"][p]
    assert after["description"] == "手改的描述"
    assert int(after["revision"]) > int(before)
