"""Kill the process (SIGKILL) at random points while it saves visits and moves
problems through the workflow, then check that nothing is half there: the file
passes its integrity check, every operation is wholly present or wholly absent,
and every operation the process reported as saved survived."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.services.integrity import check_database
from db.database import open_database

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

#: Kills here; the exchange tests kill imports and exports too (50+ in all).
KILLS = 35

WORKER = textwrap.dedent(
    """
    import sys
    from datetime import date, timedelta
    from app.services import Services
    from app.services.enterprises import EnterpriseInput
    from app.services.problems import AssignInput, ProblemInput
    from app.services.visits import VisitInput
    from db.database import open_database

    services = Services(open_database(sys.argv[1]))
    services.profile.set("测试员", "营商办")  # workflow steps record who acted
    ent = services.enterprises.search(limit=1)[0].id
    out = sys.stdout
    for i in range(100000):
        v = services.visits.create(
            VisitInput(enterprise_id=ent, discussion="了解生产经营情况" * 20, employees=i),
            problems=(ProblemInput(enterprise_id=ent, category="融资", description=f"续贷困难 {i}"),
                      ProblemInput(enterprise_id=ent, category="用工", description=f"招工难 {i}")),
        )
        out.write(f"V {v.id}\\n"); out.flush()
        pid = v.problem_ids[0]
        services.problems.assign(pid, AssignInput("金融工作局", deadline=date.today() + timedelta(days=7)))
        out.write(f"A {pid}\\n"); out.flush()
        services.problems.solve(pid, "已协调续贷")
        out.write(f"S {pid}\\n"); out.flush()
    """
)


def _run_and_kill(db: Path, delay: float) -> list[tuple[str, str]]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    # The delay counts from the worker's first save, not from its start: on a slow machine the
    # start-up alone can take longer than the delay, and the kill would land before any work.
    assert proc.stdout is not None
    first = proc.stdout.readline()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err[-2000:]  # it was still working when killed
    return [tuple(line.split()) for line in (first + out).splitlines()  # type: ignore[misc]
            if line.count(" ") == 1]


def test_kills_during_visit_saves_and_workflow(tmp_path: Path) -> None:
    db_path = tmp_path / "zhuqi.sqlite"
    db = open_database(db_path)
    from app.services import Services
    from app.services.enterprises import EnterpriseInput

    Services(db).enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司"))
    db.close()
    rng = random.Random(20261122)
    reported: list[tuple[str, str]] = []
    for _ in range(KILLS):
        reported += _run_and_kill(db_path, rng.uniform(0.1, 1.0))
        assert _integrity(db_path) == ["ok"]

    con = sqlite3.connect(db_path)
    visits = {r[0] for r in con.execute("SELECT id FROM visits")}
    problems = dict(con.execute("SELECT id, status FROM problems"))
    assert len(visits) >= KILLS and len(reported) > 3 * KILLS  # the kills landed mid-work
    # Every save the worker reported is there (synchronous=FULL, committed before the report).
    for kind, rid in reported:
        if kind == "V":
            assert rid in visits
        elif kind == "A":
            assert problems[rid] in ("办理中", "已办结")
        elif kind == "S":
            assert problems[rid] == "已办结"
    # A visit and its problems are saved together or not at all.
    per_visit = dict(con.execute("SELECT visit_id, count(*) FROM problems GROUP BY visit_id"))
    assert all(per_visit.get(v) == 2 for v in visits)
    assert set(per_visit) == visits
    # Each workflow change is wholly there: status, its progress entry and its history row.
    for pid, status in problems.items():
        last = con.execute("SELECT to_status FROM progress_entries WHERE problem_id = ? "
                           "ORDER BY recorded_at DESC LIMIT 1", (pid,)).fetchone()
        assert last == (status,)
        entries = con.execute("SELECT count(*) FROM progress_entries WHERE problem_id = ?", (pid,)).fetchone()[0]
        changes = con.execute("SELECT count(*) FROM history WHERE record_id = ?", (pid,)).fetchone()[0]
        assert changes == entries  # created + one change per workflow step
    con.close()
    report = check_database(db_path)
    assert report.ok, report.findings[:5]


def _integrity(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()
