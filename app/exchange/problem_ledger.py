"""Problem ledgers in other offices' layouts (问题台账, 上级交办清单): a sheet a roster's
reading finds a 问题描述 column in. Its enterprise columns are read as a roster's (the
enterprises matched or created, see app.exchange.roster); each row's problem is then
created with its status (是否办结 / 办理状态 words mapped to ours), lead unit, deadline
and the latest progress as a timeline entry — or, when this installation has the same
problem (the same enterprise and description), brought up to date without a duplicate.
A row that cannot be read goes to the rejection workbook with its reason."""

from __future__ import annotations

import calendar
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import CodeListKind, Level, ProblemScope, ProblemSource, ProblemStatus, ProgressKind
from app.exchange import cells
from app.exchange import values as V
from app.exchange.outcome import FileResult, add_codes, file_transaction
from app.exchange.parse import RejectedRow
from app.exchange.progress import Cancel, Progress, check_cancel
from app.exchange.records import chunks, fetch
from app.exchange.report import DRY_RUN, IMPORTED, FileReport, Rejection, empty_counts
from app.exchange.schema import PROBLEMS, PROGRESS
from app.fields import LABELS
from app.services import codelists
from app.services.calendar import load_calendar, load_limits, refresh_dues
from app.stages import Handling
from app.standards.text import clean_text, fold_code
from db.audit import CREATE, UPDATE
from db.exchange_models import ExchangeChange
from db.models import Problem, ProgressEntry
from db.types import utcnow

if TYPE_CHECKING:
    from app.exchange.roster import RosterImport, SheetGuess, _Row

#: The kind of file in an import's report.
LEDGER = "问题台账"
LEDGER_NAMESPACE = uuid.UUID("6c1d2a8e-4f0b-4d53-9a57-1e2f3b4c5d6e")
LONG_TEXT = 5000

S = ProblemStatus
#: 是否办结 / 办理状态 words as offices write them → our status. Checked whole, after folding spaces.
STATUS_WORDS: dict[str, ProblemStatus] = {
    **dict.fromkeys(("待交办", "未交办", "待办", "未办理", "待办理", "未启动", "新增"), S.LISTED),
    **dict.fromkeys(("办理中", "正在办理", "在办", "推进中", "正在推进", "持续推进", "未办结", "否", "未完成", "未解决",
                     "跟踪办理", "长期跟踪", "长期推进", "已交办", "正在解决", "部分解决", "办理", "进行中", "研究中",
                     "协调中", "对接中", "正在协调"),
                    S.IN_PROGRESS),
    **dict.fromkeys(("已办结", "办结", "是", "已完成", "完成", "已解决", "解决", "已答复", "已化解", "化解"), S.SOLVED),
    # 销号 needs the company's evaluation recorded here (回访): such a row comes in as 已办结.
    **dict.fromkeys(("已销号", "销号", "已销号清零", "清零", "已清零"), S.CLOSED),
    **dict.fromkeys(("暂不具备条件", "暂不具备解决条件", "无法办理", "暂缓办理", "暂缓", "不具备条件"), S.DEFERRED),
}
SOURCE_WORDS: dict[str, ProblemSource] = {
    **dict.fromkeys(("上级交办", "交办", "上级", "省交办", "市交办", "县交办", "上级转办", "领导交办"),
                    ProblemSource.ASSIGNED_FROM_ABOVE),
    **dict.fromkeys(("走访发现", "走访", "入企走访", "实地走访", "自查"), ProblemSource.VISIT),
    **dict.fromkeys(("企业自报", "自报", "企业反映", "企业上报", "企业来电"), ProblemSource.SELF_REPORTED),
    **dict.fromkeys(("12345热线", "12345", "热线", "市长热线", "12345政务服务热线"), ProblemSource.HOTLINE),
}
_RANK = {S.LISTED: 0, S.IN_PROGRESS: 1, S.SOLVED: 2, S.CLOSED: 3}
_SPLIT_UNITS = re.compile(r"[、，,;；/\s]+")
#: 2026年12月底, 2026.12 — a deadline given as a month: its last day.
_MONTH_END = re.compile(r"^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?\s*(?:底|末|前|份)?$")
#: Deadlines that are not a day: kept blank (the time-limit scheme decides), the words in the timeline.
_NO_DAY = ("长期", "持续", "长期坚持", "长期推进", "持续推进")


def status_of(written: str) -> ProblemStatus | None:
    """Our status for a ledger's 是否办结 / 办理状态 cell, or None when the word is not known."""
    key = re.sub(r"[\s。.!！]", "", fold_code(written))
    return STATUS_WORDS.get(key)


def source_of(written: str) -> ProblemSource | None:
    key = re.sub(r"\s", "", fold_code(written))
    if key in SOURCE_WORDS:
        return SOURCE_WORDS[key]
    try:
        return ProblemSource(key)
    except ValueError:
        return None


def description_key(text: str) -> str:
    """Two writings of one problem's description compare equal: spaces and punctuation aside."""
    return re.sub(r"[\s，。,.；;：:、！!？?“”\"'‘’()（）]", "", fold_code(text))


@dataclass
class LedgerRow:
    """One row's problem, read and checked (nothing written yet)."""

    row: _Row
    description: str
    category: str
    demand: str
    source: str
    status: ProblemStatus
    lead_unit: str
    assist_units: list[str]
    responsible_person: str
    received: date | None
    deadline: date | None
    solved: date | None
    progress: str
    resolution: str
    deferred_policy: str
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"第 {self.row.number} 行"


def import_ledger(run: RosterImport, path: Path, ledgers: dict[str, SheetGuess], rows: list[_Row],
                  rejected: list[RejectedRow], notes: list[str]) -> FileResult:
    """Merge the enterprises the rows name, then their problems: one transaction (see import_roster)."""
    from app.exchange.roster import ROSTER_NAMESPACE, add_roster_tags, merge_enterprise_rows

    open_session, actor, batch_id, dry_run = run.open_session, run.actor, run.batch_id, run.dry_run
    mapping, say, cancel, today = run.mapping, run.say, run.cancel, run.today

    name = path.name
    default_source = ""
    if mapping is not None and mapping.problem_source:
        given = source_of(mapping.problem_source)
        if given is None:
            from app.errors import UserError

            known = "、".join(s.value for s in ProblemSource)
            raise UserError(f"问题来源“{mapping.problem_source}”无法识别，可用：{known}")
        default_source = given.value
    problems: list[LedgerRow] = []
    plain: list[_Row] = []
    for row in rows:
        g = ledgers.get(row.sheet)
        if g is None:
            plain.append(row)
            continue
        read = _read_problem(g, row, name, default_source, today, rejected)
        if read is not None:
            problems.append(read)
    # An enterprise is merged once, from the first row that names it.
    firsts: dict[tuple[str, str], int] = {}
    unique: list[_Row] = list(plain)
    for pr in problems:
        key = _enterprise_key(pr.row)
        if key not in firsts:
            firsts[key] = len(unique)
            unique.append(pr.row)
    counts = empty_counts()
    check_cancel(cancel)
    say(0, len(unique) + len(problems), f"合并 {name}")
    with file_transaction(open_session, actor, batch_id, dry_run, what="问题台账", name=name,
                          namespace=ROSTER_NAMESPACE) as (s, source_id):
        add_roster_tags(s, mapping.tags if mapping else (), notes)
        ids: dict[int, str] = {}
        rejected_before = len(rejected)
        c = merge_enterprise_rows(s, unique, rejected, name, batch_id, source_id, notes, say, cancel, ids)
        bad = {(r.sheet, r.row) for r in rejected[rejected_before:]}
        c["rejected"] = len(bad)
        counts["enterprises"] = c
        ready: list[tuple[LedgerRow, str]] = []
        for pr in problems:
            place = firsts[_enterprise_key(pr.row)]
            eid = ids.get(place)
            if eid is None:
                if (pr.row.sheet, pr.row.number) not in bad:
                    first = unique[place]
                    _reject(rejected, name, pr.row, LABELS.enterprise_name, pr.row.data.name,
                            f"该企业的信息有误（见工作表“{first.sheet}”第 {first.number} 行），问题未导入")
                continue
            ready.append((pr, eid))
        merged = _merge_problems(s, ready, rejected, name, batch_id, source_id, notes, today, actor, say, cancel)
        merged["problems"]["rejected"] = len({(r.sheet, r.row) for r in rejected})
        counts.update(merged)
        rejected.sort(key=lambda r: (r.sheet, r.row))
        report = FileReport(str(path), DRY_RUN if dry_run else IMPORTED, "", LEDGER, "", counts,
                            tuple(r for row in rejected for r in row.reasons), tuple(notes))
    return FileResult(report, rejected)


def _enterprise_key(row: _Row) -> tuple[str, str]:
    from app.standards.text import name_key

    return (row.data.credit_code or "", "" if row.data.credit_code else name_key(row.data.name))


def _reject(rejected: list[RejectedRow], file: str, row: _Row, column: str, value: Any, reason: str) -> None:
    rejected.append(RejectedRow(row.sheet, row.number, row.header, list(row.raw),
                                [Rejection(file, row.sheet, row.number, column, cells.shown(value), reason)]))


def _read_problem(g: SheetGuess, row: _Row, file: str, default_source: str, today: date,
                  rejected: list[RejectedRow]) -> LedgerRow | None:
    """The row's problem, or None when it cannot be read (rejected with its column and reason)."""
    cols = {c.field: c for c in g.columns if c.field}

    def raw(f: str) -> Any:
        c = cols.get(f)
        if c is None or c.index >= len(row.raw):
            return None
        v = row.raw[c.index]
        from app.exchange.roster import EMPTY_MARKERS

        return None if isinstance(v, str) and v.strip() in EMPTY_MARKERS else v

    def header(f: str) -> str:
        from app.exchange.roster import FIELDS

        return cols[f].header if f in cols else FIELDS[f][0]

    def fail(f: str, reason: str) -> None:
        _reject(rejected, file, row, header(f), raw(f), reason)

    texts: dict[str, str] = {}
    for f in ("description", "category", "demand", "lead_unit", "assist_units", "responsible_person", "progress",
              "problem_status", "resolution", "source", "deferred_policy", "notes"):
        v = raw(f)
        if isinstance(v, date) and f != "progress":
            fail(f, "应为文字，不是日期")
            return None
        try:
            texts[f] = cells.no_controls(cells.as_text(v))
        except cells.CellError as exc:
            fail(f, str(exc))
            return None
    if not texts["description"]:
        fail("description", "问题描述为空")
        return None
    for f, limit in (("description", LONG_TEXT), ("demand", LONG_TEXT), ("progress", LONG_TEXT),
                     ("resolution", LONG_TEXT), ("lead_unit", 100), ("responsible_person", 50)):
        if len(texts[f]) > limit:
            fail(f, f"超过 {limit} 字")
            return None
    notes: list[str] = [f"备注：{texts['notes']}"] if texts["notes"] else []
    dated: dict[str, date | None] = {}
    for f in ("received_date", "deadline", "solved_date"):
        v = raw(f)
        try:
            dated[f] = cells.as_date(v)
        except cells.CellError as exc:
            written = clean_text(str(v))
            m = _MONTH_END.match(fold_code(written))
            if f == "deadline" and m and 1 <= int(m.group(2)) <= 12:
                y, mo = int(m.group(1)), int(m.group(2))
                dated[f] = date(y, mo, calendar.monthrange(y, mo)[1])
            elif f == "deadline" and written.startswith(_NO_DAY):
                dated[f] = None
                notes.append(f"原台账办理时限：{written}")
            else:
                fail(f, f"无法识别的日期：{exc}")
                return None
    received, deadline, solved = dated["received_date"], dated["deadline"], dated["solved_date"]
    if received is not None and received > today:
        fail("received_date", "收到日期不能晚于今天")
        return None
    if solved is not None and solved > today:
        fail("solved_date", "办结日期不能晚于今天")
        return None
    written_status = texts["problem_status"]
    if written_status:
        status = status_of(written_status)
        if status is None:
            fail("problem_status", f"无法识别的办理状态“{written_status}”：应为 待交办、办理中、已办结、已销号、"
                                   "暂不具备条件，或 是/否（是否办结）")
            return None
    else:
        status = S.IN_PROGRESS if texts["lead_unit"] else S.LISTED
    source = default_source or ProblemSource.VISIT.value
    if texts["source"]:
        found = source_of(texts["source"])
        if found is None:
            known = "、".join(s.value for s in ProblemSource)
            fail("source", f"无法识别的问题来源“{texts['source']}”（可用：{known}）")
            return None
        source = found.value
    units = [u for u in _SPLIT_UNITS.split(texts["lead_unit"]) if u]
    lead = units[0] if units else ""
    assists = list(dict.fromkeys([*units[1:], *(u for u in _SPLIT_UNITS.split(texts["assist_units"]) if u)]))
    assists = [u for u in assists if u != lead]
    if len(units) > 1:
        notes.append(f"原台账责任单位：{texts['lead_unit']}（第一个为主办，其余为协办）")
    if status in (S.IN_PROGRESS, S.SOLVED, S.CLOSED) and not lead:
        fail("lead_unit", f"状态为“{written_status or status.value}”的问题须写明责任单位（主办单位）")
        return None
    if status is S.CLOSED:
        notes.append(f"原台账为“{written_status}”：销号须在回访企业、登记评价后办理，先记为已办结")
        status = S.SOLVED
    resolution = texts["resolution"]
    if status is S.SOLVED and not resolution:
        resolution = texts["progress"] or f"原台账记为“{written_status}”"
    if status is S.DEFERRED and (not (texts["progress"] or resolution) or not texts["deferred_policy"]):
        fail("problem_status" if "problem_status" in cols else "description",
             "“暂不具备条件”的问题须写明原因（办理进展或办理结果）和政策依据")
        return None
    if received is not None and deadline is not None and deadline < received:
        fail("deadline", f"办结时限早于收到日期 {received.isoformat()}")
        return None
    if received is not None and solved is not None and solved < received:
        fail("solved_date", f"办结日期早于收到日期 {received.isoformat()}")
        return None
    return LedgerRow(row, texts["description"], texts["category"], texts["demand"], source, status, lead, assists,
                     texts["responsible_person"], received, deadline, solved, texts["progress"], resolution,
                     texts["deferred_policy"], notes)


def _merge_problems(s: Session, ready: list[tuple[LedgerRow, str]], rejected: list[RejectedRow], file: str,
                    batch_id: str, source_id: str, notes: list[str], today: date, actor: str, say: Progress,
                    cancel: Cancel | None) -> dict[str, dict[str, int]]:
    counts = empty_counts()
    pc, ec = counts["problems"], counts["progress"]
    known_categories = set(codelists.values(s, CodeListKind.CATEGORY))
    known_units = set(codelists.values(s, CodeListKind.UNIT))
    new_categories: set[str] = set()
    new_units: set[str] = set()
    existing: dict[tuple[str, str], Problem] = {}
    eids = {eid for _pr, eid in ready}
    for part in chunks(eids):
        for p in s.scalars(select(Problem).where(Problem.enterprise_id.in_(part), Problem.deleted_at.is_(None))):
            existing.setdefault((p.enterprise_id, description_key(p.description)), p)
    latest_progress = _latest_progress(s, [p.id for p in existing.values()])
    cal, limits = load_calendar(s), load_limits(s)
    seen: dict[tuple[str, str], int] = {}
    created: list[str] = []
    entries: list[ProgressEntry] = []
    updated: list[tuple[str, dict[str, Any]]] = []
    defaulted_category = defaulted_solved = 0
    for n, (pr, eid) in enumerate(ready):
        if n % 200 == 0:
            check_cancel(cancel)
            say(n, len(ready), f"合并 {file} 的问题：{n}/{len(ready)} 行")
        key = (eid, description_key(pr.description))
        if key in seen:
            _reject(rejected, file, pr.row, "问题描述", pr.description,
                    f"与第 {seen[key]} 行是同一企业的同一问题（重复的行）")
            continue
        seen[key] = pr.row.number
        category = pr.category or "其他"
        defaulted_category += not pr.category
        if category not in known_categories:
            new_categories.add(category)
            known_categories.add(category)
        for unit in (pr.lead_unit, *pr.assist_units):
            if unit and unit not in known_units:
                new_units.add(unit)
                known_units.add(unit)
        found = existing.get(key)
        if found is None:
            solved = pr.solved or (today if pr.status is S.SOLVED else None)
            defaulted_solved += pr.status is S.SOLVED and pr.solved is None
            new = _create(s, pr, eid, category, solved, today, file, actor, entries)
            refresh_dues(new, cal, limits)
            created.append(new.id)
            existing[key] = new
            pc["created"] += 1
            continue
        p = found
        before = fetch(s, PROBLEMS, [p.id])[p.id]
        changed = _update(p, pr, today, actor, latest_progress.get(p.id, ""), entries, notes)
        if changed:
            refresh_dues(p, cal, limits)
            p.updated_at = utcnow()
            updated.append((p.id, before))
            pc["updated"] += 1
        else:
            pc["unchanged"] += 1
    for kind, values in ((CodeListKind.CATEGORY, new_categories), (CodeListKind.UNIT, new_units)):
        if values:

            add_codes(s, {kind: values})
            notes.append(f"代码表“{kind.value}”新增：{'、'.join(sorted(values))}")
    if defaulted_category:
        notes.append(f"{defaulted_category} 个问题没有问题类别，记为“其他”")
    if defaulted_solved:
        notes.append(f"{defaulted_solved} 个已办结的问题没有办结日期，按导入日期 {today.isoformat()} 记")
    s.add_all(entries)
    s.flush()
    ec["created"] = len(entries)
    _log(s, batch_id, source_id, created, updated, [e.id for e in entries])
    return {"problems": pc, "progress": ec}


def _entry(p: Problem, kind: ProgressKind, on: date, actor: str, content: str, before: ProblemStatus | None,
           after: ProblemStatus) -> ProgressEntry:
    return ProgressEntry(id=str(uuid.uuid4()), problem_id=p.id, entry_date=on, recorded_at=utcnow(), kind=kind.value,
                         actor=actor, content=content, from_status=before.value if before else None,
                         to_status=after.value)


def _create(s: Session, pr: LedgerRow, eid: str, category: str, solved: date | None, today: date, file: str,
            actor: str, entries: list[ProgressEntry]) -> Problem:
    received = pr.received or min(d for d in (today, pr.solved) if d is not None)
    p = Problem(id=str(uuid.uuid4()), enterprise_id=eid, category=category, description=pr.description,
                demand=pr.demand, source=pr.source, scope=ProblemScope.INDIVIDUAL.value, received_date=received,
                level=Level.COUNTY.value, status=S.LISTED.value, assist_units=[])
    s.add(p)
    s.flush()
    origin = f"导入自 {file} 工作表“{pr.row.sheet}”{pr.where}"
    listed = "；".join(x for x in (f"{pr.source}：{category}", origin, *pr.notes) if x)
    entries.append(_entry(p, ProgressKind.LISTED, received, actor, listed, None, S.LISTED))
    if pr.status is S.LISTED:
        return p
    if pr.lead_unit:
        _hand_over(p, pr, received, actor, entries)
    if pr.status is S.DEFERRED:
        p.deferred_reason = pr.progress or pr.resolution
        p.deferred_policy = pr.deferred_policy
        entries.append(_entry(p, ProgressKind.DEFERRED, today, actor,
                              f"{p.deferred_reason}（依据：{p.deferred_policy}）", S(p.status), S.DEFERRED))
        p.status = S.DEFERRED.value
        return p
    if pr.progress and pr.progress != pr.resolution:
        on = min(today, solved) if solved else today
        entries.append(_entry(p, ProgressKind.PROGRESS, on, pr.lead_unit, pr.progress, S.IN_PROGRESS, S.IN_PROGRESS))
        p.feedback_date = on
        p.last_report_date = on
    if pr.status is S.SOLVED:
        assert solved is not None
        _solve(p, pr.resolution, solved, pr.lead_unit, entries)
    return p


def _hand_over(p: Problem, pr: LedgerRow, on: date, actor: str, entries: list[ProgressEntry]) -> None:
    """交办 to the row's lead unit; the deadline the row gives is the original one."""
    p.lead_unit, p.assist_units = pr.lead_unit, list(pr.assist_units)
    p.responsible_person = pr.responsible_person
    p.assigned_date = on
    p.handling = Handling.ORDINARY.value
    p.deadline = p.original_deadline = pr.deadline
    parts = [f"主办：{pr.lead_unit}"]
    if pr.assist_units:
        parts.append("协办：" + "、".join(pr.assist_units))
    if pr.deadline:
        parts.append(f"时限：{pr.deadline.isoformat()}")
    parts.append("据导入的台账")
    entries.append(_entry(p, ProgressKind.ASSIGNED, on, actor, "；".join(parts), S.LISTED, S.IN_PROGRESS))
    p.status = S.IN_PROGRESS.value


def _solve(p: Problem, resolution: str, on: date, actor: str, entries: list[ProgressEntry]) -> None:
    p.resolution = resolution
    p.solved_date = on
    p.feedback_date = p.feedback_date or on
    entries.append(_entry(p, ProgressKind.SOLVED, on, actor, resolution, S.IN_PROGRESS, S.SOLVED))
    p.status = S.SOLVED.value


def _update(p: Problem, pr: LedgerRow, today: date, actor: str, last_progress: str,
            entries: list[ProgressEntry], notes: list[str]) -> bool:
    """The same problem imported again: what the ledger says now that we do not. Returns whether it changed.
    Status only moves forward (交办, 办结; 暂不具备条件 from an open one); ours further on is kept."""
    changed = False
    ours = S(p.status)
    if pr.lead_unit and ours is S.LISTED and pr.status is not S.LISTED:
        _hand_over(p, pr, max(p.received_date, min(today, pr.received or today)), actor, entries)
        changed = True
    elif pr.lead_unit and ours is S.IN_PROGRESS and pr.lead_unit != p.lead_unit:
        notes.append(f"工作表“{pr.row.sheet}”{pr.where}：主办单位本机为“{p.lead_unit}”，台账为“{pr.lead_unit}”，"
                     "保留本机（改派请在本程序中交办）")
    if ours is S.IN_PROGRESS and pr.deadline and p.deadline is None:
        p.deadline = p.original_deadline = pr.deadline
        changed = True
    if pr.demand and not p.demand:
        p.demand = pr.demand
        changed = True
    if pr.responsible_person and not p.responsible_person:
        p.responsible_person = pr.responsible_person
        changed = True
    now = S(p.status)
    if (pr.progress and pr.progress != last_progress and pr.progress != pr.resolution
            and now in (S.IN_PROGRESS, S.DEFERRED)):
        entries.append(_entry(p, ProgressKind.PROGRESS, today, pr.lead_unit or p.lead_unit, pr.progress, now, now))
        if now is S.IN_PROGRESS:
            p.feedback_date = p.feedback_date or today
            p.last_report_date = today
        changed = True
    if pr.status is S.SOLVED and now is S.IN_PROGRESS:
        _solve(p, pr.resolution, max(pr.solved or today, p.received_date), pr.lead_unit or p.lead_unit, entries)
        changed = True
    elif pr.status is S.DEFERRED and now in (S.LISTED, S.IN_PROGRESS):
        p.deferred_reason = pr.progress or pr.resolution
        p.deferred_policy = pr.deferred_policy
        entries.append(_entry(p, ProgressKind.DEFERRED, today, actor,
                              f"{p.deferred_reason}（依据：{p.deferred_policy}）", now, S.DEFERRED))
        p.status = S.DEFERRED.value
        changed = True
    elif pr.status in _RANK and now in _RANK and _RANK[pr.status] < _RANK[now]:
        notes.append(f"工作表“{pr.row.sheet}”{pr.where}：台账为“{pr.status.value}”，本机已是“{now.value}”，保留本机")
    return changed


def _latest_progress(s: Session, ids: list[str]) -> dict[str, str]:
    """Each problem's latest 办理进展 text: the same text imported again adds no entry."""
    out: dict[str, tuple[Any, str]] = {}
    for part in chunks(ids):
        for pid, on, at, content in s.execute(
                select(ProgressEntry.problem_id, ProgressEntry.entry_date, ProgressEntry.recorded_at,
                       ProgressEntry.content)
                .where(ProgressEntry.problem_id.in_(part), ProgressEntry.kind == ProgressKind.PROGRESS.value,
                       ProgressEntry.deleted_at.is_(None))):
            if pid not in out or (on, at) > out[pid][0]:
                out[pid] = ((on, at), content)
    return {pid: content for pid, (_when, content) in out.items()}


def _log(s: Session, batch_id: str, source: str, created: list[str], updated: list[tuple[str, dict[str, Any]]],
         entries: list[str]) -> None:
    """The undo log: problems and timeline entries created, problems changed (with each one's record before)."""
    s.flush()
    for spec, ids in ((PROBLEMS, created), (PROGRESS, entries)):
        for part in chunks(ids):
            after = fetch(s, spec, part)
            s.add_all(ExchangeChange(batch_id=batch_id, record_type=spec.table.name, record_id=rid, operation=CREATE,
                                     before=None, after_hash=V.content_hash(spec, after[rid]),
                                     after_clock=after[rid]["clock"], source_installation=source) for rid in part)
    ids = [pid for pid, _before in updated]
    for part in chunks(ids):
        after = fetch(s, PROBLEMS, part)
        befores = dict(updated)
        s.add_all(ExchangeChange(batch_id=batch_id, record_type=PROBLEMS.table.name, record_id=pid, operation=UPDATE,
                                 before=V.to_json(befores[pid]), after_hash=V.content_hash(PROBLEMS, after[pid]),
                                 after_clock=after[pid]["clock"], source_installation=source) for pid in part)
    s.flush()
