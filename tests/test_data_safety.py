"""Data safety, second round (issue 22): the probes of a hostile or unlucky user,
each kept here so that the defect it found cannot come back — malformed IDs,
control characters, personal data in logs, file modes, and the rest."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app import errorlog
from app.services import Services
from app.services.demo import _Gen
from app.services.enterprises import EnterpriseInput
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import enterprise, problem

POSIX = os.name == "posix"


def zhuqi(home: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ZHUQI_HOME=str(home), PYTHONIOENCODING="utf-8")
    env.pop("ZHUQI_DB", None)
    before = None if umask is None or not POSIX else (lambda: os.umask(umask))
    return subprocess.run([sys.executable, "-m", "app", *args], check=False, capture_output=True, text=True,
                          env=env, encoding="utf-8", timeout=300, preexec_fn=before)


def exported(services: Services, path: Path) -> Path:
    services.exchange.export(path)
    return path


def set_column(path: Path, sheet: str, header: str, values: list[object]) -> None:
    """Write values down one column of a sheet (from row 2), as a person editing the workbook would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if c.value == header)
    for i, v in enumerate(values, start=2):
        ws.cell(i, col).value = v
    wb.save(path)


# ---- 2. malformed IDs ----------------------------------------------------

BAD_IDS = ["not-a-uuid", "12345", "../../etc/passwd", "x" * 200, "{0b1f4c2e-6a7d-4e3b-9c1a-2f3e4d5c6b7a}"]


def test_malformed_ids_are_rejected_with_row_and_reason_never_new_records(services: Services,
                                                                          tmp_path: Path) -> None:
    eid = enterprise(services)
    ids = [problem(services, eid) for _ in range(len(BAD_IDS) + 1)]
    book = exported(services, tmp_path / "改过的.xlsx")
    set_column(book, "问题台账", "ID", [*BAD_IDS, ids[-1].upper()])
    report = services.exchange.import_paths([book])
    counts = report.totals["problems"]
    assert counts["created"] == 0 and counts["rejected"] == len(BAD_IDS), counts
    assert counts["unchanged"] == 1  # the upper-case form of an existing ID is that record
    reasons = [r for f in report.files for r in f.rejections if r.sheet == "问题台账"]
    assert sorted(r.row for r in reasons) == list(range(2, 2 + len(BAD_IDS)))
    assert all(r.column == "ID" and "不是有效的 ID" in r.reason for r in reasons)
    with sqlite3.connect(services.db.path) as con:  # type: ignore[arg-type]
        assert con.execute("SELECT count(*) FROM problems").fetchone()[0] == len(ids)
    from app.services.integrity import check_database

    assert check_database(services.db.url).ok


def test_a_malformed_reference_or_enterprise_id_is_rejected_not_aliased(services: Services, tmp_path: Path) -> None:
    eid = enterprise(services)
    problem(services, eid)
    book = exported(services, tmp_path / "改过的.xlsx")
    set_column(book, "企业名录", "ID", ["zzzz"])
    set_column(book, "问题台账", "企业ID", ["ZZZZ-not-an-id"])
    report = services.exchange.import_paths([book])
    assert report.totals["enterprises"]["rejected"] == 1 and report.totals["problems"]["rejected"] == 1
    with sqlite3.connect(services.db.path) as con:  # type: ignore[arg-type]
        assert con.execute("SELECT count(*) FROM exchange_aliases").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 1


# ---- 7. control characters -----------------------------------------------

def test_control_characters_are_rejected_on_import(services: Services, tmp_path: Path) -> None:
    eid = enterprise(services)
    problem(services, eid)
    book = exported(services, tmp_path / "改过的.xlsx")
    # openpyxl refuses control characters; the file format escapes them so (and readers decode them).
    set_column(book, "问题台账", "问题描述", ["资金_x001B_[2J_x001B_[31m紧张"])
    set_column(book, "企业名录", "企业名称", ["河阳县_x0000_恒达铝业有限公司"])
    report = services.exchange.import_paths([book])
    reasons = [r for f in report.files for r in f.rejections]
    assert {r.column for r in reasons} == {"问题描述", "企业名称"}
    assert all("控制字符" in r.reason for r in reasons)
    with sqlite3.connect(services.db.path) as con:  # type: ignore[arg-type]
        texts = [r[0] for r in con.execute("SELECT description FROM problems UNION ALL SELECT name FROM enterprises")]
    assert not [t for t in texts if re.search("[\x00-\x08\x1b]", t)]


def test_control_characters_are_stripped_from_what_is_typed_and_never_printed(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.sqlite")
    services = Services(db)
    services.profile.set("张伟", "营商办")
    e = services.enterprises.create(EnterpriseInput(name="河阳县\x1b]0;pwned\x07恒达\x00铝业有限公司",
                                                    notes="第一行\r\n第二行\x1b[31m红\x9b字"))
    assert e.name == "河阳县]0;pwned恒达铝业有限公司" and e.notes == "第一行\n第二行[31m红字"
    # A value stored by an earlier version is printed with its control characters shown, not obeyed.
    with sqlite3.connect(tmp_path / "d.sqlite") as con:
        con.execute("UPDATE history SET changes = ? WHERE record_id = ?",
                    ('{"name": [null, "\\u001b[2J清屏"]}', e.id))
    db.close()
    r = zhuqi(tmp_path, "history", e.id, "--db", str(tmp_path / "d.sqlite"))
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "清屏" in r.stdout


# ---- 8. the error log ----------------------------------------------------

def test_demo_credit_codes_never_repeat() -> None:
    g = _Gen(21, TODAY, "5f3c1e2a-0b4d-4c6e-8a9b-7d1e2f3a4b5c")
    codes = [g.credit_code("410923") for _ in range(30_000)]
    assert len(set(codes)) == len(codes)


def test_the_error_log_holds_no_cell_values_and_is_private(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.sqlite")
    services = Services(db)
    services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", credit_code="914403001922038216",
                                                contact_person="王秀兰", contact_phone="13812345678"))
    from sqlalchemy import insert

    from db.models import Enterprise
    row = {"id": "0b1f4c2e-6a7d-4e3b-9c1a-2f3e4d5c6b7a", "name": "甲公司", "name_key": "甲公司",
           "credit_code": "914403001922038216", "contact_person": "王秀兰", "contact_phone": "13812345678",
           "revision": 1}
    try:
        with db.session() as s:  # the UNIQUE credit code the demo once broke, with a person's data in the row
            s.execute(insert(Enterprise), [row])
        raise AssertionError("expected an IntegrityError")
    except Exception as exc:  # noqa: BLE001
        person, phone, row = "王秀兰", "13812345678", {"name": "甲公司"}
        try:  # a bug whose message carries values (the source lines in a log are code, never data)
            raise RuntimeError(f"while saving {person} {phone!r} {row}") from exc
        except RuntimeError as bug:
            log = errorlog.write(tmp_path / "logs", bug)
    text = log.read_text(encoding="utf-8")
    assert "IntegrityError" in text and "UNIQUE constraint failed: enterprises.credit_code" in text
    for secret in ("王秀兰", "13812345678", "914403001922038216", "甲公司"):
        assert secret not in text
    if POSIX:
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    db.close()


# ---- 9. private files ----------------------------------------------------

@pytest.mark.skipif(not POSIX, reason="file modes are POSIX; on Windows the data is in the user's profile")
def test_every_file_written_is_private_even_under_a_lax_umask(tmp_path: Path) -> None:
    home = tmp_path / "数据"
    out = tmp_path / "输出"
    out.mkdir()
    db = str(home / "zhuqi.sqlite")
    steps = [
        ("demo", "--scale", "0.05", "--db", db),
        ("profile", "set", "--name", "张伟", "--unit", "营商办", "--db", db),
        ("backup", "--db", db),
        ("export", str(out / "导出.xlsx"), "--db", db),
        ("report", "ledger", "-o", str(out / "台账.pdf"), "--db", db),
        ("report", "visits", "--from", "2020-01-01", "--to", "2030-01-01", "-o", str(out / "走访"), "--db", db),
    ]
    for args in steps:
        r = zhuqi(home, *args, umask=0o022)
        assert r.returncode == 0, (args, r.stderr)
    bad = out / "有错的.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码"])
    wb.active.append(["河阳县坏代码有限公司", "123"])
    wb.save(bad)
    os.chmod(bad, 0o600)
    r = zhuqi(home, "import", str(bad), "--rejects", str(out / "被拒绝.xlsx"), "--db", db, umask=0o022)
    assert r.returncode == 0 and (out / "被拒绝.xlsx").exists(), r.stderr
    found = []
    for folder in (home, out):
        for root, dirs, files in os.walk(folder):
            for name in dirs:
                found.append((Path(root) / name, 0o700))
            for name in files:
                found.append((Path(root) / name, 0o600))
    assert len(found) > 10
    lax = [(str(p), oct(stat.S_IMODE(p.stat().st_mode))) for p, want in found
           if stat.S_IMODE(p.stat().st_mode) != want]
    assert not lax, lax


# ---- privacy: redacted exports ---------------------------------------------

PHONE_OR_ID = re.compile(r"(?<![0-9A-Za-z])(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def test_a_redacted_export_has_no_phone_number_and_cannot_be_imported(services: Services, tmp_path: Path) -> None:
    from app.services.cadres import CadreInput
    from app.services.problems import ProblemInput

    e = services.enterprises.create(EnterpriseInput(
        name="河阳县恒达铝业有限公司", legal_representative="赵建国", contact_person="王秀兰",
        contact_phone="13812345678", notes="厂长手机 139 1234 5678，办公室 0371-62345678"))
    services.enterprises.update(e.id, EnterpriseInput(name=e.name, legal_representative="赵建国",
                                                      contact_person="王秀兰", contact_phone="13598765432"))
    services.cadres.create(CadreInput(name="张伟", role="助企干部", unit="工信局", phone="13700001111"))
    services.problems.create(ProblemInput(enterprise_id=e.id, category="融资",
                                          description="法人身份证 41092319900101123X 抵押登记被退回"))
    db = str(services.db.path)
    out = tmp_path / "对外.xlsx"
    r = zhuqi(tmp_path, "export", str(out), "--redact", "--db", db)
    assert r.returncode == 0 and "已隐去个人信息" in r.stdout, r.stderr
    wb = openpyxl.load_workbook(out)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and (PHONE_OR_ID.search(v) or "王秀兰" in v or "赵建国" in v):
                    found.append((ws.title, v))
    assert not found, found
    assert "张伟" in [c.value for c in wb["干部"]["B"]]  # the officials' own names stay
    assert any(row[0] == "个人信息" for row in wb["_meta"].iter_rows(values_only=True))
    other = Services(open_database(tmp_path / "o.sqlite"))
    other.profile.set("李娜", "营商办")
    f = other.exchange.import_paths([out]).files[0]
    assert f.status == "failed" and "隐去了个人信息" in f.error
    # Without --redact the same data is all there (the check above can fail).
    services.exchange.export(tmp_path / "全部.xlsx")
    full = openpyxl.load_workbook(tmp_path / "全部.xlsx")
    assert any(isinstance(v, str) and PHONE_OR_ID.search(v) for v in
               (c for ws in full.worksheets for row in ws.iter_rows(values_only=True) for c in row))


# ---- 13. who acts, in the services --------------------------------------

def test_a_workflow_step_without_anyone_named_is_refused(tmp_path: Path) -> None:
    from app.errors import IdentityRequired
    from app.services.problems import AssignInput

    db = open_database(tmp_path / "d.sqlite")
    services = Services(db)  # a database the command line made: nobody named
    pid = problem(services, enterprise(services))
    with pytest.raises(IdentityRequired, match="还没有设置使用人"):
        services.problems.assign(pid, AssignInput(lead_unit="金融工作局"))
    services.profile.set("张伟", "营商办")
    view = services.problems.assign(pid, AssignInput(lead_unit="金融工作局"))
    assert view.status == "办理中"
    assert services.problems.timeline(pid)[-1].actor == "张伟（营商办）"
    db.close()
