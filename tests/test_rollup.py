"""Roll-up from counties to a city through exchange workbooks: a county exports its whole
merged database, the city imports every county's, and a county's later export updates the
city's records, never duplicates them. The counties and the city are databases of the test's
backend (SQLite files, or databases on the PostgreSQL server); the cadres' laptops SQLite files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.exchange.records import iter_records
from app.exchange.schema import SHEETS
from app.exchange.values import content_hash
from app.services import Services
from app.services.enterprises import EnterpriseInput
from app.services.problems import AssignInput
from db.database import open_database
from tests.conftest import TODAY, MakeDatabase
from tests.factories import VALID_CODES, acting, enterprise, problem

pytestmark = pytest.mark.backends


def snapshot(services: Services) -> dict[str, dict[str, str]]:
    with services.db.reading() as s:
        return {spec.key: {r["id"]: content_hash(spec, r) for r in iter_records(s, spec)} for spec in SHEETS}


def send(src: Services, dst: Services, path: Path) -> dict[str, dict[str, int]]:
    src.exchange.export(path)
    report = dst.exchange.import_paths([path])
    assert report.all_read and report.rejection_count == 0, report.files[0].error
    return report.totals


def test_county_to_city_roll_up_updates_and_never_duplicates(tmp_path: Path, make_database: MakeDatabase) -> None:
    laptop = acting(Services(open_database(tmp_path / "laptop.sqlite"), FixedClock(TODAY)), "张伟", "工信局")
    counties = {name: acting(Services(make_database(name), FixedClock(TODAY)), f"{name}营商办", "营商办")
                for name in ("changyuan", "fengqiu")}
    city = acting(Services(make_database("xinxiang"), FixedClock(TODAY)), "市营商办", "市营商办")

    e1 = enterprise(laptop, "长垣甲公司", code=VALID_CODES[0])
    p1 = problem(laptop, e1)
    send(laptop, counties["changyuan"], tmp_path / "laptop-1.xlsx")  # the cadre's workbook reaches the county
    enterprise(counties["changyuan"], "长垣乙公司", code=VALID_CODES[1])  # the county's own entry
    enterprise(counties["fengqiu"], "封丘丙公司", code=VALID_CODES[2])

    for name, county in counties.items():
        send(county, city, tmp_path / f"{name}-1.xlsx")
    first = snapshot(city)
    assert len(first["enterprises"]) == 3 and len(first["problems"]) == 1
    # Every record keeps the installation it came from (the laptop's, not the county's).
    assert city.history.for_record(e1)[0].installation_id == laptop.db.installation_id

    # Later: the cadre's problem is assigned on the laptop, the county merges it and reports again.
    laptop.problems.assign(p1, AssignInput(lead_unit="金融工作局", deadline=date(2026, 6, 30)))
    send(laptop, counties["changyuan"], tmp_path / "laptop-2.xlsx")
    counties["changyuan"].enterprises.update(
        e1, EnterpriseInput(name="长垣甲公司", credit_code=VALID_CODES[0], address="蒲西街道 8 号"))
    totals = send(counties["changyuan"], city, tmp_path / "changyuan-2.xlsx")
    assert totals["enterprises"]["created"] == 0 and totals["problems"]["created"] == 0
    assert totals["problems"]["updated"] == 1 and totals["enterprises"]["updated"] == 1
    later = snapshot(city)
    for kind in ("enterprises", "problems"):  # the same records, none twice
        assert set(later[kind]) == set(first[kind]), kind
    assert set(later["progress"]) > set(first["progress"])  # the 交办 step's timeline entry came up too
    assert later["problems"][p1] != first["problems"][p1]
    assert city.problems.get(p1).lead_unit == "金融工作局"
    assert city.enterprises.get(e1).address == "蒲西街道 8 号"
    # The county and the city now hold the same records, with nothing waiting for a person.
    assert snapshot(counties["changyuan"])["problems"] == {p1: later["problems"][p1]}
    assert city.exchange.conflicts() == []
    # An older county workbook arriving late changes nothing.
    again = city.exchange.import_paths([tmp_path / "changyuan-1.xlsx"])
    assert again.all_read and snapshot(city) == later
    laptop.db.close()


def test_city_figures_cut_by_county(services: Services, tmp_path: Path) -> None:
    """The city's statistics and its 通报 for one county count that county's enterprises only:
    by the enterprise's region code, else by where its credit code was issued."""
    from app.services.stats import StatsQuery

    a = services.enterprises.create(EnterpriseInput(name="长垣甲公司", region_code="410728")).id
    # No region code: the credit code's characters 3–8 (440300, 深圳) place it.
    b = services.enterprises.create(EnterpriseInput(name="深圳乙公司", credit_code="914403001922038216")).id
    c = services.enterprises.create(EnterpriseInput(name="封丘丙公司", region_code="410727")).id
    for eid, n in ((a, 2), (b, 1), (c, 3)):
        for _ in range(n):
            problem(services, eid)
    whole = services.stats.report(StatsQuery()).totals.raised
    cut = {code: services.stats.report(StatsQuery(county=code)).totals.raised
           for code in ("410728", "440300", "410727", "410923")}
    assert whole == 6 and cut == {"410728": 2, "440300": 1, "410727": 3, "410923": 0}
    env = dict(__import__("os").environ, ZHUQI_HOME=str(tmp_path / "home"), PYTHONIOENCODING="utf-8")
    import json
    import subprocess
    import sys

    from tests.conftest import database_url

    run = subprocess.run([sys.executable, "-m", "app", "--db", database_url(services.db), "stats", "--json",
                          "--county", "410727"], capture_output=True, text=True, env=env, encoding="utf-8",
                         check=False)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["filters"]["county"] == "410727" and figures["problems"]["raised"] == 3
    out = tmp_path / "通报.pdf"
    run = subprocess.run([sys.executable, "-m", "app", "--db", database_url(services.db), "report", "periodic",
                          "--month", "2026-06", "--county", "410727", "-o", str(out)],
                         capture_output=True, text=True, env=env, encoding="utf-8", check=False)
    assert run.returncode == 0 and out.exists(), run.stderr
    bad = subprocess.run([sys.executable, "-m", "app", "--db", database_url(services.db), "stats",
                          "--county", "长垣"], capture_output=True, text=True, env=env, encoding="utf-8",
                         check=False)
    assert bad.returncode == 2 and "不是 6 位行政区划代码" in bad.stderr
