"""`zhuqi check`: the file's integrity (SQLite's own checks) and the rules of the
work that the data must satisfy. Opens the file read-only and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, exists, func, or_, select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from app.domain import SATISFIED_EVALUATIONS, Evaluation, ProblemStatus
from app.errors import DatabaseError
from app.fields import LABELS
from app.services.stats import FIGURES
from app.standards import credit_code as cc
from app.standards import phone as ph
from db import causal, figure_sums, sqlite_files
from db import engine as engine_mod
from db.database import head_revision
from db.models import SYNCED_MODELS, Enterprise, Problem, ProgressEntry

ERROR = "错误"
WARNING = "警告"
MAX_LISTED = 50  # per kind of finding: enough to act on, not a flood


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    record_id: str | None = None


@dataclass
class CheckReport:
    target: str
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: SQLite's quick_check was run instead of the full integrity_check (indexes not compared with tables).
    quick: bool = False

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    def add(self, severity: str, message: str, record_id: str | None = None) -> None:
        self.findings.append(Finding(severity, message, record_id))


def check_database(path_or_url: str | Path, *, quick: bool = False) -> CheckReport:
    """`quick`: SQLite's quick_check instead of integrity_check, which also compares every index
    with its table (a few times the time: 100 s of CPU of a 6 GB city file's 180; the report
    says which was run)."""
    url = engine_mod.to_url(path_or_url)
    path = engine_mod.sqlite_path(url)
    report = CheckReport(str(path or engine_mod.display_url(url)))
    if path is not None:
        if not path.is_file():
            raise DatabaseError(f"数据库文件不存在：{path}")
        if not sqlite_files.is_sqlite_file(path):
            report.add(ERROR, "不是 SQLite 数据库文件（文件头不符），可能已损坏或不是本程序的数据")
            return report
    engine = engine_mod.create(url, readonly=True)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite" and not _sqlite_checks(conn, report, quick=quick):
                return report
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if revision != head_revision():
                report.add(WARNING, f"数据库结构版本为 {revision}，本程序为 {head_revision()}；打开时会自动升级")
                return report
            _rules(conn, report)
    except SADatabaseError as exc:
        report.add(ERROR, f"数据库无法读取，文件已损坏：{exc.orig}")
    finally:
        engine.dispose()
    return report


def _sqlite_checks(conn: Connection, report: CheckReport, *, quick: bool) -> bool:
    """SQLite's integrity_check (or quick_check) and foreign_key_check; False if the file is unusable."""
    report.quick = quick
    rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {'quick_check' if quick else 'integrity_check'}(100)")]
    if rows != ["ok"]:
        for line in rows[:MAX_LISTED]:
            report.add(ERROR, f"文件结构损坏：{line}")
        return False
    fk = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
    for table, rowid, parent, _ in fk[:MAX_LISTED]:
        report.add(ERROR, f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    return True


#: How the check names each kind of record (its table) to the person reading it.
RECORD_LABELS = {"enterprises": "企业", "cadres": "干部", "assignments": "包联关系", "visits": "走访",
                 "problems": "问题", "deadline_extensions": "延期记录", "progress_entries": "办理进展",
                 "supervisions": "督办记录", "revisits": "回访评价", "policies": "政策",
                 "policy_explanations": "政策宣传", "policy_claims": "政策兑现",
                 "projects": "地企合作项目", "project_investments": "项目投资"}


def _rules(conn: Connection, report: CheckReport) -> None:
    for model in SYNCED_MODELS:
        t = model.__table__  # type: ignore[attr-defined]
        label = RECORD_LABELS.get(t.name, t.name)
        report.counts[t.name] = conn.execute(select(func.count()).select_from(t)).scalar() or 0
        bad = conn.execute(select(t.c.id).where(t.c.revision < 1).limit(MAX_LISTED)).scalars().all()
        for rid in bad:
            report.add(ERROR, f"{label}记录的修订号小于 1", rid)
        _clock_rules(conn, t, report)

    e = Enterprise.__table__
    for rid, name, code, override, phone in conn.execute(
        select(e.c.id, e.c.name, e.c.credit_code, e.c.credit_code_override, e.c.contact_phone)
    ):
        if code is not None:
            result = cc.check(code)
            if not result.ok and not (override and result.checksum_only):
                report.add(ERROR, f"企业“{name}”的{LABELS.credit_code} {code} 无效：{result.reason}", rid)
        if phone and ph.is_valid(phone) and ph.normalise(phone) != phone:
            report.add(WARNING, f"企业“{name}”的联系电话未规范化：{phone}", rid)

    dupes = conn.execute(
        select(e.c.name_key, func.count()).where(e.c.deleted_at.is_(None))
        .group_by(e.c.name_key).having(func.count() > 1).limit(MAX_LISTED)
    ).all()
    for key, n in dupes:
        report.add(WARNING, f"名称相同的企业有 {n} 家：{key}（请核实是否重复）")

    _problem_rules(conn, report)
    _figure_sums_rule(conn, report)


def _figure_sums_rule(conn: Connection, report: CheckReport) -> None:
    """The statistics' running sums (db.figure_sums) agree with the problems they sum."""
    if figure_sums.built_from(conn) is None:
        return  # not built yet, or stale: the next report builds them from the problems
    found = figure_sums.differences(conn, FIGURES)
    if found:
        report.add(ERROR, f"统计汇总数与问题记录不一致（{found} 处），统计报表的全期数字可能有误；"
                          "运行 zhuqi stats --recount 按问题记录重新汇总")


def _clock_rules(conn: Connection, t: Any, report: CheckReport) -> None:
    """Every record's causal history (版本历史) can be read: the exchange merges by it."""
    fields = causal.tracked_fields(t)
    read = lru_cache(maxsize=4096)(lambda text: causal.parse_clock(text, fields))
    found = 0
    for rid, clock_text in conn.execute(select(t.c.id, t.c.clock)):
        try:
            read(clock_text)
        except causal.ClockError as exc:
            found += 1
            if found <= MAX_LISTED:
                report.add(ERROR, f"{t.name} 记录的版本历史无法识别（{exc}）", rid)


def _problem_rules(conn: Connection, report: CheckReport) -> None:
    p = Problem.__table__
    statuses = {s.value for s in ProblemStatus}
    evaluations = {ev.value for ev in Evaluation}
    satisfied = {ev.value for ev in SATISFIED_EVALUATIONS}
    # NOT EXISTS, an anti-join by the entries' index: PostgreSQL ran NOT IN (subquery) as a list
    # searched once per problem when the entries did not fit its hash memory (6.7 million entries:
    # still running after minutes).
    e = ProgressEntry.__table__
    no_timeline = conn.execute(
        select(p.c.id).where(~exists().where(e.c.problem_id == p.c.id)).limit(MAX_LISTED)
    ).scalars().all()
    for rid in no_timeline:
        report.add(ERROR, "问题没有任何办理进展记录（每次状态变化都应留痕）", rid)

    _timeline_rules(conn, report)
    found = 0
    # Only the columns the rules read: the whole rows cost twice the time (JSON and dates decoded).
    columns = [p.c[name] for name in _RULE_COLUMNS]
    for row in conn.execute(select(*columns).where(p.c.deleted_at.is_(None))):
        problems = _problem_row_issues(row, statuses, evaluations, satisfied)
        for msg in problems:
            found += 1
            if found <= MAX_LISTED:
                report.add(ERROR, msg, row.id)
    if found > MAX_LISTED:
        report.add(ERROR, f"另有 {found - MAX_LISTED} 处问题记录不符合规则，未逐条列出")


def _timeline_rules(conn: Connection, report: CheckReport) -> None:
    """A problem's current timeline (its entries but those a settled conflict superseded) must lead,
    one status change after another, from 待交办 to the status the problem has."""
    e, p = ProgressEntry.__table__, Problem.__table__
    statuses = dict(conn.execute(select(p.c.id, p.c.status).where(p.c.deleted_at.is_(None))).all())
    changes: dict[str, list[tuple[str | None, str]]] = {}
    # On SQLite ordered by an expression, not the column: its index gave the order but then fetched
    # 6.7 million entries in random order (61 s at a million problems, where reading the table in
    # its own order and sorting the 3.8 million changes took 33 s). Same text, same order.
    first = e.c.problem_id + "" if conn.dialect.name == "sqlite" else e.c.problem_id
    for pid, before, after in conn.execute(
            select(e.c.problem_id, e.c.from_status, e.c.to_status)
            .where(e.c.deleted_at.is_(None), e.c.superseded.is_(False),
                   # Only the entries that change the status (the rest were skipped here one by one).
                   e.c.to_status.is_not(None), or_(e.c.from_status.is_(None), e.c.from_status != e.c.to_status))
            .order_by(first, e.c.entry_date, e.c.recorded_at, e.c.id)):
        changes.setdefault(pid, []).append((before, after))
    found = 0
    for pid, steps in changes.items():
        status = statuses.get(pid)
        if status is None:
            continue
        reached = timeline_reaches(steps)
        if reached != status:
            found += 1
            if found <= MAX_LISTED:
                why = f"依次衔接到“{reached}”" if reached else "无法依次衔接"
                report.add(ERROR, f"办理进展记录与问题状态不符：记录中的状态变化{why}，而问题为“{status}”", pid)
    if found > MAX_LISTED:
        report.add(ERROR, f"另有 {found - MAX_LISTED} 个问题的办理进展记录与状态不符，未逐条列出")


def timeline_reaches(steps: list[tuple[str | None, str]]) -> str | None:
    """The status a timeline's changes lead to, taken in order but each only where the one before
    left off (clocks of two laptops may disagree by minutes); None if some change cannot be placed."""
    current = ProblemStatus.LISTED.value
    left = sorted(steps, key=lambda s: s[0] is not None)  # 列单 (from nothing) first: it made the problem
    while left:
        step = next((s for s in left if s[0] == current or (s[0] is None and current == ProblemStatus.LISTED)), None)
        if step is None:
            return None
        left.remove(step)
        current = step[1]
    return current


#: The problem columns _problem_row_issues reads.
_RULE_COLUMNS = ("id", "status", "evaluation", "lead_unit", "resolution", "solved_date", "received_date",
                 "closed_date", "deferred_reason", "deferred_policy")


def _problem_row_issues(row: Any, statuses: set[str], evaluations: set[str], satisfied: set[str]) -> list[str]:
    out: list[str] = []
    s = row.status
    if s not in statuses:
        return [f"问题状态“{s}”不是有效状态"]
    if row.evaluation is not None and row.evaluation not in evaluations:
        out.append(f"企业评价“{row.evaluation}”不是有效值")
    if s in (ProblemStatus.IN_PROGRESS, ProblemStatus.SOLVED, ProblemStatus.CLOSED) and not row.lead_unit:
        out.append(f"“{s}”的问题缺少主办单位")
    if s in (ProblemStatus.SOLVED, ProblemStatus.CLOSED):
        if not (row.resolution or "").strip():
            out.append(f"“{s}”的问题缺少办理结果")
        if row.solved_date is None:
            out.append(f"“{s}”的问题缺少办结日期")
        elif row.solved_date < row.received_date:
            out.append("办结日期早于收到日期")
    if s == ProblemStatus.CLOSED:
        if row.evaluation not in satisfied:
            out.append("已销号的问题没有满意的企业评价")
        if row.closed_date is None:
            out.append("已销号的问题缺少销号日期")
    if s == ProblemStatus.DEFERRED and not ((row.deferred_reason or "").strip() and (row.deferred_policy
                                                                                     or "").strip()):
        out.append("“暂不具备条件”的问题缺少原因或政策依据")
    return out
