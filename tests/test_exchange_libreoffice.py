"""The exchange workbook in a real spreadsheet program (LibreOffice, where it is
installed): the values it shows are ours, and a workbook it saved again imports
back without loss and without looking edited."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.exchange.records import iter_records
from app.exchange.schema import SHEETS
from app.exchange.values import content_hash
from app.services import Services
from app.services.demo import generate
from app.services.enterprises import EnterpriseInput
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import acting

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")]


def soffice(target: str, source: Path, out: Path) -> None:
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to",
                    target, "--outdir", str(out), str(source)], check=False, capture_output=True, timeout=300)


def snapshot(services: Services) -> dict[str, dict[str, str]]:
    with services.db.session() as s:
        return {spec.key: {r["id"]: content_hash(spec, r) for r in iter_records(s, spec)} for spec in SHEETS}


def test_libreoffice_shows_our_values_and_saves_a_workbook_we_read_back(services: Services, tmp_path: Path) -> None:
    generate(services.db, scale=0.1, seed=4, today=TODAY)
    services.enterprises.create(EnterpriseInput(name="公式样文字企业", notes="=SUM(A1:A9)",
                                                contact_phone="0371-67891234"))
    path = tmp_path / "台账.xlsx"
    services.exchange.export(path)

    # Every sheet as CSV (sheet -1): LibreOffice names them 台账-<sheet>.csv.
    csv_dir = tmp_path / "csv"
    soffice('csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', path, csv_dir)
    problems_csv = csv_dir / "台账-问题台账.csv"
    assert problems_csv.exists(), "LibreOffice did not convert the workbook"
    with problems_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with services.db.session() as s:
        from app.exchange.schema import PROBLEMS

        ours = {r["id"]: r for r in iter_records(s, PROBLEMS)}
    assert len(rows) == len(ours)
    for row in rows:
        p = ours[row["ID"]]
        assert row["收到日期"] == p["received_date"].isoformat()
        assert row["状态"] == p["status"] and row["问题描述"] == p["description"]
        assert row["协办单位"] == "、".join(p["assist_units"])
    with (csv_dir / "台账-企业名录.csv").open(encoding="utf-8") as fh:
        formula_like = next(r for r in csv.DictReader(fh) if r["企业名称"] == "公式样文字企业")
    assert formula_like["备注"] == "=SUM(A1:A9)" and formula_like["联系电话"] == "0371-67891234"

    # Saved again by LibreOffice: the same records, and nothing looks edited.
    resaved_dir = tmp_path / "resaved"
    soffice("xlsx", path, resaved_dir)
    resaved = resaved_dir / "台账.xlsx"
    assert resaved.exists()
    other = acting(Services(open_database(tmp_path / "other.sqlite"), FixedClock(TODAY)))
    report = other.exchange.import_paths([resaved])
    assert report.all_read and report.rejection_count == 0, report.files[0].rejections[:3]
    assert snapshot(other) == snapshot(services)
    again = services.exchange.import_paths([resaved]).totals
    assert all(c["updated"] == c["created"] == c["conflicts"] == 0 for c in again.values())
    other.db.close()


def test_a_workbook_saved_as_excel_97_imports_as_the_same_records(services: Services, tmp_path: Path) -> None:
    """Cadres' older Excel or WPS saves 另存为 .xls: dates, codes and formula-looking text survive."""
    generate(services.db, scale=0.05, seed=6, today=TODAY)
    services.enterprises.create(EnterpriseInput(name="公式样文字企业", notes="=SUM(A1:A9)",
                                                contact_phone="0371-67891234"))
    path = tmp_path / "台账.xlsx"
    services.exchange.export(path)
    soffice("xls", path, tmp_path / "xls")
    legacy = tmp_path / "xls" / "台账.xls"
    assert legacy.exists(), "LibreOffice did not write the .xls"
    other = acting(Services(open_database(tmp_path / "other.sqlite"), FixedClock(TODAY)))
    report = other.exchange.import_paths([legacy])
    assert report.all_read and report.rejection_count == 0, report.files[0].rejections[:3]
    assert snapshot(other) == snapshot(services)
    again = services.exchange.import_paths([legacy]).totals
    assert all(c["updated"] == c["created"] == c["conflicts"] == 0 for c in again.values())
    other.db.close()
