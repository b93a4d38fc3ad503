"""The audit trail: every change, with who, when, which fields and through what."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from app.services import Services
from app.services.enterprises import EnterpriseInput
from app.services.problems import AssignInput, ProblemInput
from app.services.visits import VisitInput
from tests.conftest import TODAY, database_url
from tests.factories import enterprise, problem

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends


def test_create_update_delete_are_recorded_with_fields(services: Services) -> None:
    services.profile.set("张伟", "工信局")
    e = services.enterprises.create(EnterpriseInput(name="甲公司", tags=("科技型",)))
    services.enterprises.update(e.id, EnterpriseInput(name="甲公司", address="人民路 1 号", tags=("科技型", "外贸型")))
    services.enterprises.delete(e.id)
    entries = services.history.for_record(e.id)
    assert [x.operation for x in entries] == ["新增", "修改", "删除"]
    created = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert created["name"] == (None, "甲公司") and created["tags"] == ([], ["科技型"])
    updated = {c.field: (c.old, c.new) for c in entries[1].changes}
    assert updated == {"address": ("", "人民路 1 号"), "tags": (["科技型"], ["外贸型", "科技型"])}
    assert all(x.actor == "张伟（工信局）" and x.via == "表单" for x in entries)
    assert all(x.installation_id == services.db.installation_id for x in entries)


def test_an_unchanged_save_writes_no_history(services: Services) -> None:
    e = services.enterprises.create(EnterpriseInput(name="甲公司"))
    services.enterprises.update(e.id, EnterpriseInput(name="甲公司"))
    assert len(services.history.for_record(e.id)) == 1
    assert services.enterprises.get(e.id).revision == 1


def test_workflow_actions_name_the_action(services: Services) -> None:
    pid = problem(services, enterprise(services), received=TODAY - timedelta(days=3))
    services.problems.assign(pid, AssignInput("工信局", deadline=TODAY + timedelta(days=7)))
    services.problems.solve(pid, "已协调")
    vias = [e.via for e in services.history.for_record(pid)]
    assert vias == ["表单", "工作流：交办", "工作流：办结"]
    solved = {c.field: c.new for c in services.history.for_record(pid)[-1].changes}
    assert solved["status"] == "已办结" and solved["resolution"] == "已协调"


def test_a_failed_action_leaves_no_history(services: Services) -> None:
    pid = problem(services, enterprise(services), received=TODAY - timedelta(days=3))
    try:
        services.problems.assign(pid, AssignInput("不存在的局"))
    except Exception:
        pass
    assert len(services.history.for_record(pid)) == 1


def test_history_command(tmp_path: Path, services: Services) -> None:
    e = services.enterprises.create(EnterpriseInput(name="甲公司"))
    services.enterprises.update(e.id, EnterpriseInput(name="甲公司（新名）"))
    db = database_url(services.db)
    env = dict(os.environ, ZHUQI_HOME=str(tmp_path), PYTHONIOENCODING="utf-8")
    r = subprocess.run([sys.executable, "-m", "app", "history", e.id, "--db", db], capture_output=True, text=True,
                       env=env, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert "企业新增" in r.stdout and "名称：甲公司 → 甲公司（新名）" in r.stdout
    r = subprocess.run([sys.executable, "-m", "app", "history", "nope", "--db", db], capture_output=True, text=True,
                       env=env, encoding="utf-8")
    assert r.returncode == 2 and "没有记录" in r.stderr


def test_id_fields_read_as_names_and_keep_their_ids(services: Services) -> None:
    eid = enterprise(services, "河阳县恒达机械有限公司")
    v = services.visits.create(VisitInput(enterprise_id=eid, visit_date=TODAY - timedelta(days=3)),
                               (ProblemInput(enterprise_id=eid, category="融资", description="流动资金紧张"),))
    [pid] = v.problem_ids
    created = {c.field: c for c in services.history.for_record(pid)[0].changes}
    assert created["enterprise_id"].new == eid
    assert created["enterprise_id"].text == "企业：（空） → 河阳县恒达机械有限公司"
    day = (TODAY - timedelta(days=3)).isoformat()
    assert created["visit_id"].text == f"走访记录：（空） → {day} 走访河阳县恒达机械有限公司"
    services.problems.assign(pid, AssignInput("工信局", deadline=TODAY + timedelta(days=7)))
    [entry] = [p for p in services.problems.timeline(pid) if p.kind == "交办"]
    progress = {c.field: c for c in services.history.for_record(entry.id)[0].changes}
    assert progress["problem_id"].text == "问题：（空） → 流动资金紧张"
