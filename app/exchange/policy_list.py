"""An office's list of policies (政策汇编, 惠企政策清单) in its own layout: a sheet whose header —
found under any title rows the way a roster's is (app.exchange.roster.find_header) — names a
政策名称 column and at least two more policy columns (文号, 发文单位, 支持内容 …). Each row is a
policy: matched to the one here by its 文号, else by its title and issuing body, and brought up
to date, or created. A row that cannot be read goes to the rejection workbook with its column,
value and reason; the rest are imported."""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import INDUSTRY_SECTIONS, EnterpriseSize
from app.errors import ValidationError
from app.exchange import cells
from app.exchange import values as V
from app.exchange.outcome import FileResult, file_transaction
from app.exchange.parse import RejectedRow
from app.exchange.progress import Cancel, Progress, check_cancel
from app.exchange.reading import Book
from app.exchange.records import chunks, fetch
from app.exchange.report import DRY_RUN, IMPORTED, FileReport, Rejection, empty_counts
from app.exchange.roster import (
    EMPTY_MARKERS,
    HeaderLayout,
    alias_table,
    find_header,
    guess_in,
    normalized_header,
    row_text,
)
from app.exchange.schema import POLICIES
from app.services.policies import (
    PolicyInput,
    add_tags,
    apply_input,
    codes_from_eligibility,
    doc_number_key,
    input_of,
    title_key,
    validated,
)
from app.standards import dates
from app.standards.text import fold_code
from db.audit import CREATE, UPDATE
from db.base import new_id
from db.exchange_models import ExchangeChange
from db.models import Policy

#: The kind of file in an import's report.
POLICY_LIST = "政策汇编"
POLICY_NAMESPACE = uuid.UUID("3f4b8c2e-7a51-4e0d-b6c9-2d8e1f0a4b73")

#: field → (label shown to people, header names seen in offices' policy lists).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "serial": ("序号", ("序号", "编号", "序")),
    "title": ("政策名称", ("政策名称", "政策文件名称", "文件名称", "政策标题", "文件标题", "政策文件", "政策措施名称",
                        "惠企政策名称", "政策")),
    "issuer": ("发文单位", ("发文单位", "发文机关", "发布单位", "发布机关", "制定单位", "出台单位", "印发单位",
                         "制发单位", "出台部门", "发文部门")),
    "doc_number": ("文号", ("文号", "发文字号", "发文文号", "文件文号", "文件编号", "文件号", "政策文号")),
    "issued_date": ("发布日期", ("发布日期", "发文日期", "印发日期", "发布时间", "出台时间", "成文日期", "印发时间",
                              "出台日期", "发文时间")),
    "valid_from": ("有效期起", ("有效期起", "施行日期", "生效日期", "实施日期", "执行日期", "起始日期",
                             "有效期开始")),
    "valid_to": ("有效期至", ("有效期至", "有效期止", "截止日期", "失效日期", "有效截止日期", "到期日期",
                           "有效期截止", "有效期截至", "执行截止日期")),
    #: One column for both ends: 2025年1月1日至2027年12月31日, or 长期.
    "validity": ("有效期", ("有效期", "有效期限", "执行期限", "执行期", "政策有效期")),
    "eligibility": ("适用对象", ("适用对象", "支持对象", "适用范围", "申报条件", "扶持对象", "享受主体", "申报对象",
                              "适用企业", "享受对象", "政策对象", "适用主体")),
    "benefits": ("支持内容", ("支持内容", "政策内容", "主要内容", "扶持内容", "支持标准", "政策要点", "奖补标准",
                           "优惠内容", "政策措施", "支持措施", "扶持标准", "奖补内容", "政策摘要")),
    "how_to_apply": ("申报方式", ("申报方式", "申报流程", "办理流程", "申报渠道", "办理方式", "兑现方式", "申报程序",
                               "申请方式", "兑现流程", "申报途径")),
    "contact_unit": ("联系单位", ("联系单位", "主管部门", "受理单位", "咨询单位", "联系部门", "责任单位",
                               "牵头单位", "主管单位", "政策解读单位", "咨询部门")),
    "contact_phone": ("联系电话", ("联系电话", "咨询电话", "电话", "联系方式")),
    "industries": ("适用行业门类", ("适用行业门类", "行业门类", "适用行业", "所属行业")),
    "sizes": ("适用企业规模", ("适用企业规模", "企业规模", "规模")),
    "tags": ("适用企业标签", ("适用企业标签", "企业标签", "标签", "企业类型")),
    "notes": ("备注", ("备注", "说明")),
}
_ALIASES = alias_table(FIELDS)
#: Besides 政策名称, a policy list names at least this many of its columns.
_MIN_OTHER = 2
_TEXTS = ("title", "issuer", "doc_number", "eligibility", "benefits", "how_to_apply", "contact_unit",
          "contact_phone", "notes")
_DATES = ("issued_date", "valid_from", "valid_to")
_LISTS = ("industries", "sizes", "tags")
_SPLIT = re.compile(r"[、,，;；/\s]+")
#: A validity range: 2025年1月1日至2027年12月31日, 2025.1.1-2027.12.31.
_RANGE = re.compile(r"^(.+?)\s*(?:至|到|—|–|~|～|-{1,2})\s*(.+)$")
#: No end: the policy stays in force.
_OPEN_END = ("长期", "长期有效", "持续有效", "长期执行", "无", "未定", "另行通知", "至今")
_MONTH = re.compile(r"^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?\s*(?:底|末|份)?$")
_YEAR = re.compile(r"^(\d{4})\s*年\s*(?:底|末)?$")
_INDUSTRY_BY_NAME = {name: code for code, name in INDUSTRY_SECTIONS.items()}


def guess_field(header: str) -> str | None:
    return guess_in(_ALIASES, header)


@dataclass(frozen=True)
class PolicySheet:
    sheet: str
    #: The 0-based index of the header row.
    header_index: int
    #: (column index, header, field) of the columns read.
    columns: tuple[tuple[int, str, str], ...]
    headers: tuple[str, ...]


def find_sheets(book: Book) -> list[PolicySheet]:
    """The book's sheets that are policy lists (none when it is a roster, a ledger or anything else)."""
    found = []
    for name in book.sheet_names:
        if name.startswith("_"):
            continue
        sheet = policy_sheet(name, book.sheet(name).rows)
        if sheet is not None:
            found.append(sheet)
    return found


def policy_sheet(name: str, rows: list[list[Any]]) -> PolicySheet | None:
    index = find_header(rows, guess_field, "title")
    if index < 0:
        return None
    headers = row_text(rows[index])
    columns: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for i, h in enumerate(headers):
        f = guess_field(h)
        if f and f not in seen:
            seen.add(f)
            columns.append((i, h, f))
    if "title" not in seen or len(seen - {"title", "serial"}) < _MIN_OTHER:
        return None
    return PolicySheet(name, index, tuple(columns), tuple(headers))


class _Reject(Exception):
    def __init__(self, column: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def _date(header: str, value: Any, *, end: bool = False) -> date | None:
    """A date cell: a date, or text such as 2025年3月1日; a month or a year ending a period is its last day."""
    if value is None or (isinstance(value, str) and fold_code(value).strip() in (*EMPTY_MARKERS, *_OPEN_END, "")):
        return None
    if isinstance(value, str):
        text = fold_code(value).strip()
        if end and (m := _MONTH.match(text)) and 1 <= int(m.group(2)) <= 12:
            y, mo = int(m.group(1)), int(m.group(2))
            return date(y, mo, calendar.monthrange(y, mo)[1])
        if end and (m := _YEAR.match(text)):
            return date(int(m.group(1)), 12, 31)
    try:
        return cells.as_date(value)
    except cells.CellError as exc:
        raise _Reject(header, value, str(exc)) from None


def _validity(header: str, value: Any) -> tuple[date | None, date | None]:
    """有效期 in one cell: a range (from, to), an end alone, or 长期 (no end)."""
    if isinstance(value, date) or value is None:
        return None, _date(header, value, end=True)
    text = fold_code(cells.as_text(value)).strip()
    if not text or text in _OPEN_END or text in EMPTY_MARKERS:
        return None, None
    text = re.sub(r"^(?:自|从)", "", text)
    m = _RANGE.match(text)
    if m and not dates_like(text):
        start, stop = m.group(1).strip(), m.group(2).strip()
        stop = re.sub(r"(?:止|为止|结束)$", "", stop)
        return _date(header, start), _date(header, stop, end=True)
    text = re.sub(r"^(?:至|到|截至|截止)", "", text)
    text = re.sub(r"(?:止|为止|前|结束)$", "", text)
    return None, _date(header, text, end=True)


def dates_like(text: str) -> bool:
    """A single date written with dashes (2027-12-31), not a range."""
    try:
        dates.parse(text)
    except dates.DateError:
        return False
    return True


def _codes(header: str, field: str, value: Any) -> tuple[str, ...]:
    items = [t for t in _SPLIT.split(fold_code(cells.as_text(value))) if t]
    if field == "industries":
        out = []
        for t in items:
            code = t.upper() if t.upper() in INDUSTRY_SECTIONS else _INDUSTRY_BY_NAME.get(t)
            if code is None:
                raise _Reject(header, value, f"“{t}”不是国民经济行业门类（可写字母 A–T 或门类名称，如 C、制造业）")
            out.append(code)
        return tuple(out)
    if field == "sizes":
        known = {s.value for s in EnterpriseSize}
        out = []
        for t in items:
            word = t if t in known else t + "企业" if t + "企业" in known else t.removesuffix("企业")
            if word not in known:
                raise _Reject(header, value, "企业规模应为以下之一：" + "、".join(sorted(known)))
            out.append(word)
        return tuple(out)
    return tuple(items)


def read_row(sheet: PolicySheet, raw: list[Any]) -> PolicyInput:
    """The row's policy, checked; _Reject naming the column, value and reason when it cannot be read."""
    by_field = {f: (i, h) for i, h, f in sheet.columns}

    def cell(f: str) -> Any:
        if f not in by_field:
            return None
        i = by_field[f][0]
        v = raw[i] if i < len(raw) else None
        if isinstance(v, str) and (v.strip() in EMPTY_MARKERS or fold_code(v).strip() in EMPTY_MARKERS):
            return None
        return v

    def header(f: str) -> str:
        return by_field[f][1] if f in by_field else FIELDS[f][0]

    texts: dict[str, str] = {}
    for f in _TEXTS:
        v = cell(f)
        if isinstance(v, date):
            raise _Reject(header(f), v, "应为文字，不是日期")
        try:
            texts[f] = cells.no_controls(cells.as_text(v)).strip()
        except cells.CellError as exc:
            raise _Reject(header(f), v, str(exc)) from None
    if not texts["title"]:
        raise _Reject(header("title"), "", "政策名称为空")
    got: dict[str, Any] = {f: _date(header(f), cell(f), end=f == "valid_to") for f in _DATES}
    if "validity" in by_field and cell("validity") is not None:
        start, stop = _validity(header("validity"), cell("validity"))
        got["valid_from"] = got["valid_from"] or start
        got["valid_to"] = got["valid_to"] or stop
    lists = {f: _codes(header(f), f, cell(f)) if cell(f) is not None else () for f in _LISTS}
    industries, sizes, tags = lists["industries"], lists["sizes"], lists["tags"]
    if not (industries or sizes or tags):
        industries, sizes, tags = codes_from_eligibility(texts["eligibility"] or texts["title"])
    contact = texts["contact_unit"]
    if texts["contact_phone"]:
        contact = f"{contact} {texts['contact_phone']}".strip()
    data = PolicyInput(
        title=texts["title"], issuer=texts["issuer"], doc_number=texts["doc_number"],
        issued_date=got["issued_date"], valid_from=got["valid_from"], valid_to=got["valid_to"],
        industries=industries, sizes=sizes, tags=tags, eligibility=texts["eligibility"], benefits=texts["benefits"],
        how_to_apply=texts["how_to_apply"], contact_unit=contact, notes=texts["notes"])
    try:
        return validated(data)
    except ValidationError as exc:
        f = next((f for f, (label, _a) in FIELDS.items() if label == exc.field), "")
        if exc.field == "有效期至" and "validity" in by_field and "valid_to" not in by_field:
            f = "validity"
        raise _Reject(header(f) if f else exc.field, exc.value, exc.reason) from None


def import_policies(open_session: Callable[[str], Any], actor: str, path: Path, book: Book,
                    sheets: list[PolicySheet], batch_id: str, dry_run: bool, say: Progress,
                    cancel: Cancel | None) -> FileResult:
    """The sheets' policies merged into the library in one transaction (rolled back for a dry run)."""
    name = path.name
    rejected: list[RejectedRow] = []
    notes: list[str] = []
    read: list[tuple[str, int, PolicyInput]] = []
    for sheet in sheets:
        rows = book.sheet(sheet.sheet).rows
        title_col = next(i for i, _h, f in sheet.columns if f == "title")
        serial = next((i for i, _h, f in sheet.columns if f == "serial"), None)
        layout = HeaderLayout(title_col, serial, normalized_header(sheet.headers[title_col]))
        unused = [h for i, h in enumerate(sheet.headers) if h and not any(i == c[0] for c in sheet.columns)]
        if unused:
            notes.append(f"工作表“{sheet.sheet}”的列“{'、'.join(unused)}”没有对应的字段，未导入")
        for index in range(sheet.header_index + 1, len(rows)):
            raw = rows[index]
            if not any(v not in (None, "") for v in raw) or layout.skip_reason(raw) is not None:
                continue
            number = index + 1
            try:
                read.append((sheet.sheet, number, read_row(sheet, raw)))
            except _Reject as exc:
                rejected.append(RejectedRow(sheet.sheet, number, list(sheet.headers), list(raw), [
                    Rejection(name, sheet.sheet, number, exc.column, cells.shown(exc.value), exc.reason)]))
    counts = empty_counts()
    c = counts["policies"]
    check_cancel(cancel)
    say(0, len(read), f"合并 {name}")
    with file_transaction(open_session, actor, batch_id, dry_run, what="政策汇编", name=name,
                          namespace=POLICY_NAMESPACE) as (s, source):
        new_tags = add_tags(s, tuple(t for _sh, _n, d in read for t in d.tags))
        if new_tags:
            notes.append(f"代码表“企业标签”新增：{'、'.join(new_tags)}")
        by_number, by_title = _known(s)
        created: list[str] = []
        updated: list[tuple[str, dict[str, Any]]] = []
        for n, (_sheet, _number, d) in enumerate(read):
            if n % 200 == 0:
                check_cancel(cancel)
                say(n, len(read), f"合并 {name}：{n}/{len(read)} 行")
            pid = (by_number.get(doc_number_key(d.doc_number)) if d.doc_number else None) \
                or by_title.get(title_key(d.title, d.issuer))
            if pid is None:
                p = Policy(id=new_id())
                apply_input(p, d)
                s.add(p)
                created.append(p.id)
                c["created"] += 1
            else:
                found = s.get(Policy, pid)
                assert found is not None
                p = found
                merged = _merged(input_of(p), d)
                if merged == input_of(p) and p.deleted_at is None:
                    c["unchanged"] += 1
                    continue
                if pid not in created:
                    updated.append((pid, fetch(s, POLICIES, [pid])[pid]))
                apply_input(p, merged)
                p.deleted_at = None  # the office lists it again
                c["updated"] += 1
            if d.doc_number:
                by_number[doc_number_key(d.doc_number)] = p.id
            by_title.setdefault(title_key(d.title, d.issuer), p.id)
        _log(s, batch_id, source, created, updated)
        c["rejected"] = len(rejected)
        report = FileReport(str(path), DRY_RUN if dry_run else IMPORTED, "", POLICY_LIST, "", counts,
                            tuple(r for row in rejected for r in row.reasons), tuple(notes))
    return FileResult(report, rejected)


def _known(s: Session) -> tuple[dict[str, str], dict[str, str]]:
    """The policies here (deleted ones too, revived when listed again) by 文号 and by title + issuing body."""
    by_number: dict[str, str] = {}
    by_title: dict[str, str] = {}
    q = select(Policy.id, Policy.doc_number, Policy.title, Policy.issuer).order_by(
        Policy.deleted_at.is_not(None), Policy.created_at)
    for pid, number, title, issuer in s.execute(q):
        if number:
            by_number.setdefault(doc_number_key(number), pid)
        by_title.setdefault(title_key(title, issuer), pid)
    return by_number, by_title


def _merged(mine: PolicyInput, theirs: PolicyInput) -> PolicyInput:
    """The list's values where it gives one; ours where its cell is empty."""
    changes = {f: v for f, v in vars(theirs).items() if v not in (None, "", ())}
    return replace(mine, **changes)


def _log(s: Session, batch_id: str, source: str, created: list[str], updated: list[tuple[str, dict[str, Any]]]) -> None:
    """The undo log: policies created, and those changed with each one's record before."""
    s.flush()
    for part in chunks(created):
        after = fetch(s, POLICIES, part)
        s.add_all(ExchangeChange(batch_id=batch_id, record_type=POLICIES.table.name, record_id=pid, operation=CREATE,
                                 before=None, after_hash=V.content_hash(POLICIES, after[pid]),
                                 after_clock=after[pid]["clock"], source_installation=source) for pid in part)
    befores = dict(updated)
    for part in chunks(list(befores)):
        after = fetch(s, POLICIES, part)
        s.add_all(ExchangeChange(batch_id=batch_id, record_type=POLICIES.table.name, record_id=pid, operation=UPDATE,
                                 before=V.to_json(befores[pid]), after_hash=V.content_hash(POLICIES, after[pid]),
                                 after_clock=after[pid]["clock"], source_installation=source) for pid in part)
    s.flush()
