"""Databases and workbooks from before causal histories (exchange format 1): a laptop's database
of the old program is upgraded, and its old workbook, already at the office, never raises a false
conflict against the laptop's later versions — in either order."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import openpyxl

from app.clock import FixedClock
from app.services import Services
from app.services.problems import ProblemInput
from db import causal
from db.database import open_database
from tests.conftest import TODAY
from tests.test_database import database_at

ENTERPRISE, PROBLEM, OLD = "e0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002", \
    "a0000000-0000-4000-8000-00000000000a"


def old_laptop(path: Path) -> dict[str, str]:
    """The old program's database (schema 0006) holding an enterprise and a problem it has exported once
    (so each record's own base is its content hash then). Returns the two hashes."""
    with database_at(path, "0006") as conn:
        conn.exec_driver_sql("INSERT INTO app_meta (key, value) VALUES ('installation_id', ?)", (OLD,))
        conn.exec_driver_sql(
            "INSERT INTO enterprises (id, created_at, updated_at, changed_by, revision, name, name_key, credit_code,"
            " credit_code_override, region_name, address, industry_text, above_scale, legal_representative,"
            " contact_person, contact_phone, industrial_chain, notes) VALUES (?, '2026-05-01 02:00:00',"
            " '2026-05-01 02:00:00', ?, 1, '河阳县恒达铝业有限公司', '河阳县恒达铝业有限公司', '914403001922038216', 0,"
            " '城关镇', '', '', 0, '', '', '', '', '')", (ENTERPRISE, OLD))
        conn.exec_driver_sql(
            "INSERT INTO problems (id, created_at, updated_at, changed_by, revision, enterprise_id, category,"
            " description, demand, source, scope, received_date, lead_unit, assist_units, responsible_person,"
            " responsible_phone, level, status, resolution, deferred_reason, deferred_policy, evaluation_comment)"
            " VALUES (?, '2026-05-02 02:00:00', '2026-05-02 02:00:00', ?, 1, ?, '融资', '流动资金紧张', '协调续贷',"
            " '走访发现', '个性', '2026-05-02', '', '[]', '', '', '县', '待交办', '', '', '', '')",
            (PROBLEM, OLD, ENTERPRISE))
        hashes = {}
        for table, rid in (("enterprises", ENTERPRISE), ("problems", PROBLEM)):
            cursor = conn.exec_driver_sql(f"SELECT * FROM {table} WHERE id = ?", (rid,))
            row = dict(zip(cursor.keys(), cursor.fetchone(), strict=True))
            row = _typed(row)
            hashes[table] = causal.v1_hash(table, row)
            conn.exec_driver_sql("INSERT INTO exchange_bases (record_id, installation_id, content_hash)"
                                 " VALUES (?, ?, ?)", (rid, OLD, hashes[table]))
    return hashes


def _typed(row: dict[str, object]) -> dict[str, object]:
    """Raw SQLite values as the program reads them (dates, JSON lists, booleans)."""
    import json
    from datetime import date

    out = dict(row)
    for key, value in row.items():
        if key in ("received_date",) and isinstance(value, str):
            out[key] = date.fromisoformat(value)
        elif key == "assist_units" and isinstance(value, str):
            out[key] = json.loads(value)
        elif key in ("above_scale", "credit_code_override"):
            out[key] = bool(value)
    out["tags"] = []
    return out


def to_format_1(source: Path, target: Path, hashes: dict[str, str]) -> None:
    """The workbook the old program wrote: format 1, a content hash as 版本指纹, 同步基线 instead of 版本历史."""
    book = openpyxl.load_workbook(source)
    for title, table in (("企业名录", "enterprises"), ("问题台账", "problems")):
        ws = book[title]
        headers = [c.value for c in ws[1]]
        fp, clock = headers.index("版本指纹") + 1, headers.index("版本历史") + 1
        ws.cell(row=1, column=clock, value="同步基线")
        for row in ws.iter_rows(min_row=2):
            ws.cell(row=row[0].row, column=fp, value=hashes[table])
            ws.cell(row=row[0].row, column=clock, value="")
    meta = book["_meta"]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "格式版本":
            meta.cell(row=row[0].row, column=2, value=1)
    book.save(target)


def services_at(path: Path) -> Services:
    services = Services(open_database(path), FixedClock(TODAY))
    services.profile.set("王芳", "营商办")
    return services


def test_an_old_workbook_and_the_upgraded_laptop_s_later_versions(tmp_path: Path) -> None:
    hashes = old_laptop(tmp_path / "laptop.sqlite")
    # What the old program exported: the same records, in format 1 (made here from a copy).
    shutil.copy(tmp_path / "laptop.sqlite", tmp_path / "copy.sqlite")
    con = sqlite3.connect(tmp_path / "copy.sqlite")
    con.execute("UPDATE app_meta SET value = ? WHERE key = 'installation_id'", (OLD,))
    con.commit()
    con.close()
    copy = services_at(tmp_path / "copy.sqlite")
    copy.exchange.export(tmp_path / "v2.xlsx")
    copy.db.close()
    old_workbook = tmp_path / "旧版导出.xlsx"
    to_format_1(tmp_path / "v2.xlsx", old_workbook, hashes)

    office = services_at(tmp_path / "office.sqlite")
    first = office.exchange.import_paths([old_workbook])
    assert first.all_read and first.totals["problems"]["created"] == 1, first.files[0].error

    laptop = services_at(tmp_path / "laptop.sqlite")  # the upgrade: its records get their starting history
    with laptop.db.reading() as s:
        from sqlalchemy import text

        clock = s.execute(text("SELECT clock FROM problems WHERE id = :p"), {"p": PROBLEM}).scalar()
    assert causal.legacy_actor(hashes["problems"]) in clock
    p = laptop.problems.get(PROBLEM)
    laptop.problems.update_details(PROBLEM, ProblemInput(enterprise_id=p.enterprise_id, category=p.category,
                                                         description=p.description, demand="协调首贷（升级后修改）",
                                                         received_date=p.received_date))
    later = laptop.exchange.export(tmp_path / "升级后导出.xlsx").path

    totals = office.exchange.import_paths([later]).totals
    assert totals["problems"]["updated"] == 1 and totals["problems"]["conflicts"] == 0
    assert office.problems.get(PROBLEM).demand == "协调首贷（升级后修改）"
    # The old workbook again, late: old news.
    again = office.exchange.import_paths([old_workbook]).totals
    assert again["problems"]["conflicts"] == 0 and office.problems.get(PROBLEM).demand == "协调首贷（升级后修改）"

    # The other order: a second office gets the later version first, the old workbook after.
    office2 = services_at(tmp_path / "office2.sqlite")
    office2.exchange.import_paths([later])
    late = office2.exchange.import_paths([old_workbook]).totals
    assert late["problems"]["unchanged"] == 1 and late["problems"]["conflicts"] == 0
    assert not office2.exchange.conflicts() and office2.problems.get(PROBLEM).demand == "协调首贷（升级后修改）"
    for s in (office, office2, laptop):
        s.db.close()


def test_an_old_workbook_changed_since_on_both_sides_is_a_conflict(tmp_path: Path) -> None:
    """The old format still merges three ways: a version that derives from ours is taken, and one that
    does not, changed here too, waits for a person."""
    hashes = old_laptop(tmp_path / "laptop.sqlite")
    laptop = services_at(tmp_path / "laptop.sqlite")
    laptop.exchange.export(tmp_path / "v2.xlsx")
    old_workbook = tmp_path / "旧版导出.xlsx"
    to_format_1(tmp_path / "v2.xlsx", old_workbook, hashes)
    office = services_at(tmp_path / "office.sqlite")
    office.exchange.import_paths([old_workbook])
    p = office.problems.get(PROBLEM)
    office.problems.update_details(PROBLEM, ProblemInput(enterprise_id=p.enterprise_id, category=p.category,
                                                         description="办公室改写的描述", demand=p.demand,
                                                         received_date=p.received_date))
    # The old laptop changed the demand by hand in its old workbook and sent it again: a hand edit
    # of format 1 (its cells no longer match its 版本指纹) on a version the office has moved past.
    book = openpyxl.load_workbook(old_workbook)
    ws = book["问题台账"]
    column = [c.value for c in ws[1]].index("企业诉求") + 1
    ws.cell(row=2, column=column, value="旧版手改的诉求")
    book.save(tmp_path / "旧版手改.xlsx")
    totals = office.exchange.import_paths([tmp_path / "旧版手改.xlsx"]).totals
    assert totals["problems"]["conflicts"] == 1
    [c] = office.exchange.conflicts()
    # Only fields changed here can conflict: the demand, changed only in the old workbook, merges. (A
    # version of format 1 says nothing of which fields it changed, so the description — changed here,
    # and different there — waits for a person, as the old program would have asked for the whole record.)
    assert {f.field for f in c.fields} == {"description"}
    office.exchange.resolve_conflict(c.id, "local")
    assert office.problems.get(PROBLEM).description == "办公室改写的描述"
    assert office.problems.get(PROBLEM).demand == "旧版手改的诉求"
    laptop.db.close()
    office.db.close()


def test_the_starting_history_counts_every_version_the_old_database_knew(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    with database_at(path, "0006") as conn:
        conn.exec_driver_sql("INSERT INTO app_meta (key, value) VALUES ('installation_id', ?)", (str(uuid.uuid4()),))
        conn.exec_driver_sql(
            "INSERT INTO enterprises (id, created_at, updated_at, changed_by, revision, name, name_key,"
            " credit_code_override, region_name, address, industry_text, above_scale, legal_representative,"
            " contact_person, contact_phone, industrial_chain, notes) VALUES (?, '2026-05-01 02:00:00',"
            " '2026-05-01 02:00:00', 'x', 4, '甲企业', '甲企业', 0, '', '', '', 0, '', '', '', '', '')", (ENTERPRISE,))
        for h in ("a" * 32, "b" * 32):
            conn.exec_driver_sql("INSERT INTO exchange_versions (record_id, content_hash) VALUES (?, ?)", (ENTERPRISE,
                                                                                                           h))
        conn.exec_driver_sql("INSERT INTO exchange_bases (record_id, installation_id, content_hash) VALUES (?, ?, ?)",
                             (ENTERPRISE, "y", "c" * 32))
    db = open_database(path)
    with db.engine.connect() as conn:
        clock = conn.exec_driver_sql("SELECT clock FROM enterprises").scalar()
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name IN ('exchange_bases',"
                                    " 'exchange_versions')").all() == []
    db.close()
    parsed = causal.parse_clock(clock, ("name",))
    assert {causal.legacy_actor(h) for h in ("a" * 32, "b" * 32, "c" * 32)} <= set(parsed.vv)
    assert len(parsed.vv) == 4  # and its own content
