"""Foreign rosters (企业名录, 规上企业清单, 专精特新名单 …) made by other systems
and people: find the header row under title rows and merged cells, map the
headers by their usual names (or as a person says), normalise full-width text,
empty markers and dates, and match each enterprise to the one already here by
credit code, then by normalised name — never creating a duplicate. A value
that differs from ours becomes a conflict for a person to settle; blanks of
ours are filled."""

from __future__ import annotations

import gc
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Insert, Table, insert, select
from sqlalchemy.orm import Session

from app.domain import CodeListKind
from app.errors import ValidationError
from app.exchange import cells
from app.exchange import values as V
from app.exchange.merge import new_history_id, write_rows
from app.exchange.outcome import FileResult, add_codes, file_transaction
from app.exchange.parse import REJECTS_HEADERS, RejectedRow
from app.exchange.progress import Cancel, Progress, check_cancel
from app.exchange.reading import Book, open_book
from app.exchange.records import chunks, fetch
from app.exchange.report import DRY_RUN, IMPORTED, FileReport, Rejection, empty_counts
from app.exchange.schema import ENTERPRISES
from app.exchange.versions import stored_clock
from app.fields import LABELS as FIELD_LABELS
from app.services import codelists
from app.services.enterprises import EnterpriseInput, validated
from app.standards import credit_code as cc
from app.standards import dates, industry, phone
from app.standards.text import CONTROL, fold_code, name_key, tidy_name
from db import audit, causal, dialect
from db.audit import CREATE, UPDATE
from db.base import new_id
from db.database import PRESERVE_SYNC_FIELDS
from db.exchange_models import ExchangeConflict, table_of
from db.models import Enterprise
from db.types import utcnow

ROSTER_NAMESPACE = uuid.UUID("0b6f1f9e-54a4-4c8e-8d2e-3f7b7f0a9c21")
HEADER_SCAN_ROWS = 30
#: A county's rosters have thousands of rows; a bigger sheet is refused before it is read.
MAX_ROSTER_ROWS = 200_000
EMPTY_MARKERS = frozenset({"-", "--", "—", "——", "/", "\\", "不详", "空", "无", "暂无", "N/A", "NA", "#N/A", "null",
                           "NULL"})
#: Rows that are not enterprises, as offices lay out their rosters: totals, section
#: headings (一、工业企业), the signature lines under the table, a header repeated.
SUMMARY_WORDS = ("合计", "总计", "小计")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+["
                      r"部类批组])")
_FOOTER = re.compile(r"^(?:填表人|填报人|制表人|审核人|审核|负责人|单位负责人|分管领导|统计人|联系人|联系电话|填表日期|"
                     r"填报日期|制表日期|填报时间|填表时间|填报单位|填表单位|制表单位|报送单位|注|备注|说明|附注)"
                     r"\s*[:：]"
                     r"|^注\s*[0-9０-９一二三四五六七八九]")
#: The lower row of a two-level header names parts of the one above (联系人 → 姓名 | 电话,
#: 营业收入 → 2024年 | 2025年): short words, not figures. A parent's own field is taken only
#: for the parts that name it (姓名, 名称).
SUB_HEADER_CHARS = 12
_FIGURES = re.compile(r"[\d\s.,+\-/:()%]+")
#: A 登记状态 naming one of these: the enterprise is closed, not one to serve.
CLOSED_STATUS = ("注销", "吊销", "撤销", "责令关闭")
#: One naming these still exists but does not trade: imported, with its status in 备注.
IDLE_STATUS = ("停业", "歇业", "清算", "迁出")
#: Rows skipped as not enterprises are listed in a note up to this many.
MAX_LISTED = 10
_NAME_PARTS = frozenset({"", "姓名", "名称", "全称"})
#: The kind of file in an import's report (also of a spreadsheet that failed as a roster).
ROSTER = "企业名录"

_NAME, _CODE = FIELD_LABELS.enterprise_name, FIELD_LABELS.credit_code

#: field → (label shown to people, header names seen in real rosters).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": (_NAME, (_NAME, "单位名称", "公司名称", "企业(单位)名称", "名称", "市场主体名称", "企业全称",
                     "纳税人名称", "企业名称(全称)", "单位详细名称", "详细名称", "单位全称")),
    "credit_code": (_CODE, (_CODE, "社会信用代码", "信用代码", "统一代码", "社会统一信用代码",
                            "统一社会信用代码(注册号)", "注册号", "纳税人识别号")),
    "legal_representative": ("法定代表人", ("法定代表人", "法人", "法人代表", "法定代表人姓名", "法定代表人(负责人)",
                                       "负责人")),
    "contact_person": ("联系人", ("联系人", "企业联系人", "联络员", "联系人姓名")),
    #: One column for both (张三 13812345678): split into 联系人 and 联系电话.
    "contact": ("联系人及电话", ("联系人及电话", "联系人及联系电话", "联系人及联系方式", "联系人及手机", "联系人/电话",
                             "联系人/联系电话", "联系人/联系方式", "联系人、电话", "联系人和电话", "联系人和联系方式")),
    "contact_phone": ("联系电话", ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "联系人电话",
                                "联系人手机", "联系人电话(手机)")),
    "region_name": ("乡镇/街道", ("乡镇/街道", "乡镇", "街道", "所属乡镇", "所在乡镇", "乡镇(街道)",
                               "所属乡镇(街道)", "属地", "所属区域", "所在地")),
    "region_code": ("行政区划代码", ("行政区划代码", "区划代码")),
    "address": ("地址", ("地址", "注册地址", "企业地址", "经营地址", "住所", "详细地址", "生产经营地址", "通讯地址")),
    "industry_text": ("行业", ("行业", "所属行业", "行业类别", "国民经济行业", "行业名称", "主营业务", "国标行业",
                             "所属国标行业", "行业分类", "国民经济行业分类", "国民经济行业类别")),
    "industry_code": ("行业门类", ("行业门类", "门类", "行业代码", "国标行业代码", "行业分类代码", "国民经济行业代码")),
    "size": ("企业规模", ("企业规模", "规模", "单位规模", "企业规模类型")),
    "above_scale": ("规上企业", ("是否规上", "规上企业", "是否规模以上", "是否规上企业", "规上")),
    "industrial_chain": ("产业链", ("产业链", "所属产业链")),
    #: Not kept as a field: a closed enterprise is refused, one not trading is noted in 备注.
    "status": ("登记状态", ("登记状态", "经营状态", "企业状态", "企业登记状态", "存续状态")),
    "founded": ("成立日期", ("成立日期", "注册日期", "成立时间", "登记日期")),
    "notes": ("备注", ("备注", "说明")),
    "serial": ("序号", ("序号", "编号", "序")),
    # A problem ledger's columns (问题台账, 上级交办清单): a sheet with 问题描述 is read as one
    # (see app.exchange.problem_ledger); the enterprise's columns above are read as in a roster.
    "category": ("问题类别", ("问题类别", "问题类型", "问题分类", "诉求类别", "诉求类型", "类别", "问题种类")),
    "description": ("问题描述", ("问题描述", "问题内容", "问题简述", "存在问题", "存在的问题", "具体问题", "反映问题",
                             "企业反映问题", "企业反映的问题", "问题及诉求", "诉求内容", "问题", "困难问题",
                             "企业困难问题", "问题诉求", "企业问题", "困难和问题", "问题名称")),
    "demand": ("企业诉求", ("企业诉求", "诉求", "意见建议", "企业诉求及建议", "企业建议")),
    "lead_unit": ("主办单位", ("主办单位", "责任单位", "牵头单位", "承办单位", "责任部门", "主办部门", "牵头部门",
                           "办理单位", "牵头责任单位")),
    "assist_units": ("协办单位", ("协办单位", "配合单位", "协办部门", "配合部门")),
    "responsible_person": ("责任人", ("责任人", "具体责任人", "承办人", "经办人")),
    "deadline": ("办结时限", ("办结时限", "办理时限", "完成时限", "时限", "办结期限", "完成时间", "计划完成时间",
                          "时限要求", "办结时间要求")),
    "progress": ("办理进展", ("办理进展", "进展情况", "办理情况", "工作进展", "推进情况", "最新进展", "办理进度",
                          "目前进展", "当前进展")),
    "problem_status": ("办理状态", ("办理状态", "是否办结", "办结情况", "问题状态", "状态", "完成情况", "是否解决")),
    "resolution": ("办理结果", ("办理结果", "解决情况", "答复意见", "办理结果及答复", "办结情况说明")),
    "received_date": ("收到日期", ("收到日期", "反映时间", "反映日期", "交办日期", "交办时间", "登记日期",
                               "受理日期", "收集时间", "提出时间", "收集日期")),
    "solved_date": ("办结日期", ("办结日期", "办结时间", "实际办结时间", "实际完成时间")),
    "source": ("问题来源", ("问题来源", "来源", "诉求来源")),
    "deferred_policy": ("政策依据", ("政策依据",)),
}
#: The columns only a problem ledger has: a roster does not import them.
PROBLEM_FIELDS = frozenset({"category", "description", "demand", "lead_unit", "assist_units",
                            "responsible_person", "deadline", "progress", "problem_status", "resolution",
                            "received_date", "solved_date", "source", "deferred_policy"})
LABELS = {label: f for f, (label, _aliases) in FIELDS.items()}


def normalized_header(header: str) -> str:
    text = fold_code(header)
    return _HEADER_NOISE.sub("", text).replace("（", "(").replace("）", ")")


#: Compiled once: every row of a roster is compared with the header (a repeated header is no enterprise).
_HEADER_NOISE = re.compile(r"[\s*:：]")


def alias_table(fields: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """Header names as compared (see guess_in) → field, for a table of field → (label, header names)."""
    return {normalized_header(a): f for f, (_label, aliases) in fields.items() for a in aliases}


_ALIASES = alias_table(FIELDS)


def guess_in(aliases: dict[str, str], header: str) -> str | None:
    """The field a header names, spaces, colons, asterisks and a trailing (…) aside."""
    key = normalized_header(header)
    if not key:
        return None
    if key in aliases:
        return aliases[key]
    bare = re.sub(r"\(.*?\)", "", key)
    return aliases.get(bare)


def guess_field(header: str) -> str | None:
    return guess_in(_ALIASES, header)


@dataclass(frozen=True)
class RosterMapping:
    """A person's answer when the guess fails: the header row and/or header → field (or its label;
    an empty field: the column is not imported). `tags` are given to every enterprise the roster
    names (专精特新 for a 专精特新名单), those already here included."""

    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    tags: tuple[str, ...] = ()
    #: A problem ledger's 问题来源 where its row does not say (上级交办 for a list handed down).
    problem_source: str = ""

    def field_for(self, header: str) -> str | None:
        wanted = self.columns.get(header) or self.columns.get(normalized_header(header))
        if wanted is None:
            return None
        return LABELS.get(wanted, wanted if wanted in FIELDS else None)

    def skips(self, header: str) -> bool:
        """The person said this column is not imported (mapped to an empty field)."""
        return self.columns.get(header, self.columns.get(normalized_header(header))) == ""


@dataclass(frozen=True)
class ColumnGuess:
    index: int
    header: str
    field: str | None
    label: str


@dataclass(frozen=True)
class SheetGuess:
    sheet: str
    header_row: int
    columns: tuple[ColumnGuess, ...]
    sample: tuple[tuple[str, ...], ...]
    data_rows: int
    #: Empty when usable; otherwise why not (no name column, no data).
    problem: str
    #: 2 when the header has a second row naming parts of the first (联系人 → 姓名 | 电话).
    header_rows: int = 1

    @property
    def first_data_row(self) -> int:
        """The 1-based number of the row after the header."""
        return self.header_row + self.header_rows

    @property
    def is_ledger(self) -> bool:
        """A problem ledger: each row a problem of the enterprise it names (a 问题描述 column)."""
        return any(c.field == "description" for c in self.columns)


@dataclass(frozen=True)
class RosterPreview:
    path: str
    sheets: tuple[SheetGuess, ...]
    #: Fields a person can map a column to: (field, label).
    choices: tuple[tuple[str, str], ...] = tuple((f, label) for f, (label, _a) in FIELDS.items())


def _cell_text(value: Any) -> str:
    """A cell as text for finding the header and telling rows apart ("" when it cannot be read)."""
    try:
        return cells.as_text(value)
    except cells.CellError:
        return ""


def row_text(row: list[Any]) -> list[str]:
    return [_cell_text(v) for v in row]


def find_header(rows: list[list[Any]], guess: Callable[[str], str | None] = guess_field, key: str = "name") -> int:
    """The index of the row naming the most known fields (`key`, the name, counts most), or -1:
    the header under any title rows."""
    best, header_index = 0, -1
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {guess(h) for h in row_text(row)} - {None, "serial"}
        score = len(found) + (5 if key in found else 0)
        if score > best and len(found) >= 2:
            best, header_index = score, i
    return header_index


def _parents(header: list[str], below: list[str]) -> list[str]:
    """Each column's header text; a blank cell with a part named below it belongs to the merged
    header on its left (联系人 spans 姓名 and 电话, and only its first cell holds the text)."""
    out: list[str] = []
    for i in range(max(len(header), len(below))):
        text = header[i] if i < len(header) else ""
        if not text and i < len(below) and below[i] and out:
            text = out[-1]
        out.append(text)
    return out


def _sub_header(rows: list[list[Any]], header_index: int, header: list[str]) -> list[str] | None:
    """The second row of a two-level header, or None when the row under the header is data."""
    if header_index + 1 >= len(rows):
        return None
    raw = rows[header_index + 1]
    if any(v is not None and not isinstance(v, str) for v in raw):
        return None  # numbers and dates are data
    below = row_text(raw)
    parts = [(i, t) for i, t in enumerate(below) if t]
    if not parts or any(len(t) > SUB_HEADER_CHARS or _FIGURES.fullmatch(fold_code(t)) for _i, t in parts):
        return None
    names = [i for i, h in enumerate(header) if guess_field(h) == "name"]
    if any(i < len(below) and below[i] and guess_field(below[i]) != "name" for i in names):
        return None  # an enterprise's name under the name column: data
    parents = _parents(header, below)
    merged = [i for i, _t in parts if i >= len(header) or not header[i]]
    named = [i for i, t in parts if guess_field(_joined(parents[i], t)) or guess_field(t)]
    return below if merged or named else None


def _joined(parent: str, part: str) -> str:
    """A two-level header's column name: 联系人 and 电话 make 联系人电话."""
    if not part:
        return parent
    if not parent or part.startswith(parent):
        return part
    return parent + part


def _column_fields(parents: list[str], below: list[str] | None,
                   mapping: RosterMapping | None) -> list[tuple[str, str | None]]:
    """(header, field) per column. One column per field: a person's choice first, then the
    closest name (联系人电话 over a bare 电话 under 法定代表人), then the leftmost."""
    chosen: list[tuple[str, str | None, int]] = []
    for i, parent in enumerate(parents):
        part = below[i] if below is not None and i < len(below) else ""
        header = _joined(parent, part)
        if mapping is not None and mapping.skips(header):
            chosen.append((header, None, 0))
            continue
        f = mapping.field_for(header) if mapping else None
        if f:
            chosen.append((header, f, 4))
        elif not part:
            chosen.append((header, guess_field(parent), 3))
        elif guess_field(header):
            chosen.append((header, guess_field(header), 3))
        elif guess_field(part):
            own = guess_field(parent)
            chosen.append((header, guess_field(part), 2 if own in (None, "contact_person") else 1))
        elif part in _NAME_PARTS:
            chosen.append((header, guess_field(parent), 2))
        else:
            chosen.append((header, None, 0))
    best: dict[str, int] = {}
    for i, (_h, f, rank) in enumerate(chosen):
        if f and (f not in best or rank > chosen[best[f]][2]):
            best[f] = i
    return [(h, f if f and best[f] == i else None) for i, (h, f, _rank) in enumerate(chosen)]


def guess_sheet(name: str, rows: list[list[Any]], mapping: RosterMapping | None) -> SheetGuess:
    return _guess(name, rows, mapping)[0]


def _guess(name: str, rows: list[list[Any]], mapping: RosterMapping | None) -> tuple[SheetGuess, dict[int, str]]:
    """The sheet's guess, and the rows under its header that are not enterprises (index from 0 → why),
    which the import then need not tell again."""
    header_index = mapping.header_row - 1 if mapping and mapping.header_row else find_header(rows)
    if header_index < 0 or header_index >= len(rows):
        return SheetGuess(name, 0, (), (), 0, f"找不到表头行（没有“{_NAME}”“{_CODE}”等列名）"), {}
    header = row_text(rows[header_index])
    above = row_text(rows[header_index - 1]) if header_index > 0 else []
    for i, h in enumerate(header):
        if not h and i < len(above):
            header[i] = above[i]  # a header merged over two rows keeps its text in the upper row
    below = _sub_header(rows, header_index, header)
    fields = _column_fields(_parents(header, below or []), below, mapping)
    columns = tuple(ColumnGuess(i, h, f, FIELDS[f][0] if f else "") for i, (h, f) in enumerate(fields))
    header_rows = 1 if below is None else 2
    first = header_index + header_rows
    layout = HeaderLayout.of(columns)
    data: list[list[Any]] = []
    skipped: dict[int, str] = {}
    for i in range(first, len(rows)):
        r = rows[i]
        if any(v not in (None, "") for v in r):
            why = layout.skip_reason(r)
            if why is None:
                data.append(r)
            else:
                skipped[i] = why
    sample = tuple(tuple(row_text(r)) for r in data[:5])
    problem = ""
    if not any(c.field == "name" for c in columns):
        problem = f"没有找到“{_NAME}”列（可指定列的对应关系）"
    elif not data:
        problem = "表头下没有数据行"
    return SheetGuess(name, header_index + 1, columns, sample, len(data), problem, header_rows), skipped


@dataclass(frozen=True)
class HeaderLayout:
    """Where a row's name and serial number are, to tell rows that are not enterprises."""

    name: int
    serial: int | None
    name_header: str

    @classmethod
    def of(cls, columns: tuple[ColumnGuess, ...]) -> HeaderLayout:
        by_field = {c.field: c for c in columns if c.field}
        name = by_field.get("name")
        serial = by_field["serial"].index if "serial" in by_field else None
        return cls(name.index if name else -1, serial, normalized_header(name.header) if name else "")

    def skip_reason(self, raw: list[Any]) -> str | None:
        """Why this row is not an enterprise (合计, 分类标题, 表尾说明, 重复的表头), or None."""
        def text(i: int | None) -> str:
            if i is None or not 0 <= i < len(raw):
                return ""
            v = raw[i]
            # _cell_text of a short text cell without its calls: every row of a roster is asked.
            return v.replace("\u3000", " ").strip() if type(v) is str and len(v) <= cells.MAX_CELL_CHARS \
                else _cell_text(v)

        name, first, serial = text(self.name), text(0), text(self.serial)
        for t in (name, first, serial):
            if t and t.replace(" ", "").startswith(SUMMARY_WORDS):
                return "合计行"
        if _FOOTER.match(name) or (not name and _FOOTER.match(first)):
            return "表尾说明"
        if _HEADING.match(name) or (not name and _HEADING.match(first)):
            return "分类标题"
        if name and normalized_header(name) == self.name_header:
            return "重复的表头"
        return None


def preview(path: Path, mapping: RosterMapping | None = None) -> RosterPreview:
    book = open_book(path)
    try:
        names = [mapping.sheet] if mapping and mapping.sheet else book.sheet_names
        return RosterPreview(str(path), tuple(guess_sheet(n, book.sheet(n).rows, mapping) for n in names
                                              if n in book.sheet_names))
    finally:
        book.close()


# ---- import ---------------------------------------------------------------------

@dataclass
class _Row:
    sheet: str
    number: int
    header: list[str]
    raw: list[Any]
    data: EnterpriseInput
    notes: list[str]
    #: The name the roster says the enterprise had before (…（原…）), to find it by.
    former: str = ""


@dataclass(frozen=True)
class RosterImport:
    """How the importer has a roster (or a problem ledger) imported into its batch."""

    #: A unit of work of the batch's connection, named by its `via` (what the audit trail says).
    open_session: Callable[[str], Any]
    actor: str
    batch_id: str
    dry_run: bool
    mapping: RosterMapping | None
    say: Progress
    cancel: Cancel | None
    today: date
    #: Takes the sheets found to be problem ledgers (app.exchange.problem_ledger.import_ledger, given by
    #: the importer: that module builds on this one); None: only rosters are taken.
    import_ledger: Callable[[RosterImport, Path, dict[str, SheetGuess], list[_Row], list[RejectedRow], list[str]],
                            FileResult] | None = None


def import_roster(path: Path, book: Book, run: RosterImport) -> FileResult:
    """A foreign roster as one file of the batch: its sheets guessed, its rows merged into the enterprises
    (or handed to `run.import_ledger` when they are a problem ledger), all in one transaction."""
    with _cyclic_gc_paused():
        return _import_roster(path, book, run)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a roster is read and merged. Its rows, records and
    their audit and undo rows are thousands of small lists and dicts, none in a cycle (reference
    counting frees them), yet each 700 of them set off a collection, and now and then one over
    every object of the program: 0.15-0.23 s of a county roster's 1.7-1.9 s of CPU. A roster
    has at most MAX_ROSTER_ROWS rows, and what cycles it leaves are collected when it is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import_roster(path: Path, book: Book, run: RosterImport) -> FileResult:
    open_session, actor, batch_id, dry_run = run.open_session, run.actor, run.batch_id, run.dry_run
    mapping, say, cancel, import_ledger = run.mapping, run.say, run.cancel, run.import_ledger
    from app.exchange.readahead import NoData

    name = path.name
    names = [mapping.sheet] if mapping and mapping.sheet else book.sheet_names
    guesses = []
    for sheet_name in names:
        if sheet_name not in book.sheet_names or sheet_name.startswith("_"):
            continue
        row_count = book.sheet_rows.get(sheet_name, 0)
        if row_count > MAX_ROSTER_ROWS:
            raise NoData(f"工作表“{sheet_name}”有 {row_count} 行，超过企业名录的上限 {MAX_ROSTER_ROWS} 行，"
                         f"请拆分后分批导入")
        sheet = book.sheet(sheet_name)
        guess, skipped = _guess(sheet_name, sheet.rows, mapping)
        guesses.append((guess, sheet, skipped))
    usable = [(g, sh, sk) for g, sh, sk in guesses if not g.problem]
    if not usable:
        problems = "；".join(f"工作表“{g.sheet}”{g.problem}" for g, _sheet, _sk in guesses) or "没有工作表"
        raise NoData(f"不是本程序的交换工作簿，也无法识别为企业名录（{problems}）")
    rejected: list[RejectedRow] = []
    notes: list[str] = [f"工作表“{g.sheet}”未导入：{g.problem}" for g, _sheet, _sk in guesses if g.problem]
    rows: list[_Row] = []
    for g, sheet, skipped in usable:
        if sheet.formula_cells:
            notes.append(f"工作表“{g.sheet}”有 {len(sheet.formula_cells)} 个公式单元格，已读取其保存的结果，未计算公式")
        unused = [c.header for c in g.columns if c.header and c.header not in REJECTS_HEADERS
                  and (c.field is None or (c.field in PROBLEM_FIELDS and not g.is_ledger))
                  and not (mapping and mapping.skips(c.header))]
        if unused:
            notes.append(f"工作表“{g.sheet}”的列“{'、'.join(unused)}”没有对应的字段，未导入（需要时可设置列对应）")
        rows += _read_rows(g, sheet.rows, skipped, name, rejected, notes, mapping.tags if mapping else ())
    ledgers = {g.sheet: g for g, _sheet, _sk in usable if g.is_ledger}
    if ledgers:
        if import_ledger is None:
            raise NoData("这是问题台账，此处只能导入企业名录")
        return import_ledger(run, path, ledgers, rows, rejected, notes)
    counts = empty_counts()
    check_cancel(cancel)
    say(0, len(rows), f"合并 {name}")

    with file_transaction(open_session, actor, batch_id, dry_run, what="名录", name=name,
                          namespace=ROSTER_NAMESPACE) as (s, source):
        add_roster_tags(s, mapping.tags if mapping else (), notes)
        c = merge_enterprise_rows(s, rows, rejected, name, batch_id, source, notes, say, cancel)
        c["rejected"] = len(rejected)
        rejected.sort(key=lambda r: (r.sheet, r.row))
        counts["enterprises"] = c
        report = FileReport(str(path), DRY_RUN if dry_run else IMPORTED, "", ROSTER, "", counts,
                            tuple(r for row in rejected for r in row.reasons), tuple(notes))
    return FileResult(report, rejected)


def add_roster_tags(s: Session, tags: tuple[str, ...], notes: list[str]) -> None:
    """Tags given for the roster join the 企业标签 code list if they are new (as a peer's do)."""
    new = set(tags) - set(codelists.values(s, CodeListKind.TAG))
    if new:
        add_codes(s, {CodeListKind.TAG: new})
        notes.append(f"代码表“{CodeListKind.TAG.value}”新增：{'、'.join(sorted(new))}")
    if tags:
        notes.append(f"名录中的企业加标签：{'、'.join(tags)}")


def _value(raw: list[Any], index: int) -> Any:
    v = raw[index] if index < len(raw) else None
    if type(v) is str:
        # Folding keeps or lengthens what it does not strip: only a short cell can be a marker.
        bare = v.strip()
        if len(bare) <= _MARKER_CHARS and (bare in EMPTY_MARKERS or fold_code(bare).strip() in EMPTY_MARKERS):
            return None
    elif isinstance(v, str) and (v.strip() in EMPTY_MARKERS or fold_code(v).strip() in EMPTY_MARKERS):
        return None
    return v


def _values(raw: list[Any], columns: list[tuple[str, int]]) -> dict[str, Any]:
    """field → the row's cell (an empty marker as None) for (field, column index) pairs: `_value`
    for each, inlined for the plain text cell (a call per cell was a tenth of a roster's reading)."""
    out: dict[str, Any] = {}
    width = len(raw)
    for f, index in columns:
        v = raw[index] if index < width else None
        if type(v) is str:
            bare = v.strip()
            if len(bare) <= _MARKER_CHARS and (bare in EMPTY_MARKERS or fold_code(bare).strip() in EMPTY_MARKERS):
                v = None
        elif v is not None:
            v = _value(raw, index)
        out[f] = v
    return out


_MARKER_CHARS = max(len(m) for m in EMPTY_MARKERS)


#: Fields read as codes (a number cell becomes its digits; one Excel has cut short is refused).
_CODES = frozenset({"credit_code", "contact_phone", "region_code"})
#: Fields read by their own rules, not as text.
_NOT_TEXT = frozenset({"founded", "above_scale"})


def _texts(found: dict[str, Any], reject: Callable[[str, Any, str], None]) -> dict[str, str] | None:
    """The row's values as text, or None when one cannot be read (rejected with its column)."""
    out: dict[str, str] = {}
    for f, v in found.items():
        if f in _NOT_TEXT:
            continue
        try:
            if type(v) is str and f not in _CODES and len(v) <= cells.MAX_CELL_CHARS:
                t = v.replace("\u3000", " ").strip()  # cells.as_text of a text cell, without its calls
            else:
                t = cells.as_code(v) if f in _CODES else cells.as_text(v)
            if _CONTROL_SEARCH(t) is not None:
                cells.no_controls(t)  # refused, with its reason
            out[f] = t
        except cells.CellError as exc:
            reject(f, v, str(exc))
            return None
    return out


_CONTROL_SEARCH = CONTROL.search
_NON_DIGIT = re.compile(r"\D")


def _read_rows(g: SheetGuess, rows: list[list[Any]], not_enterprises: dict[int, str], file: str,
               rejected: list[RejectedRow], notes: list[str], tags: tuple[str, ...]) -> list[_Row]:
    """The sheet's enterprises; `not_enterprises` are the rows its guess found to be none (index → why)."""
    out: list[_Row] = []
    header = [c.header for c in g.columns]
    by_field = {c.field: c for c in g.columns if c.field}
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    skipped: list[str] = []
    is_ledger = g.is_ledger
    # In a problem ledger an enterprise has a row per problem, and 备注 is about the problem.
    own = {f: c for f, c in by_field.items() if f not in PROBLEM_FIELDS and not (is_ledger and f == "notes")}
    columns = [(f, c.index) for f, c in own.items() if f != "serial"]
    previous: dict[str, Any] | None = None
    for number, raw in enumerate(rows[g.first_data_row - 1:], start=g.first_data_row):
        why = not_enterprises.get(number - 1)
        if why is None and not any(v not in (None, "") for v in raw):
            continue
        if why is not None:
            skipped.append(f"第 {number} 行（{why}）")
            continue
        found = _values(raw, columns)
        if is_ledger:
            # An enterprise with several problems: its cells merged down the rows, so only the first holds them.
            if found.get("name") in (None, "") and previous is not None:
                found = previous
            previous = found

        def reject(f: str, value: Any, reason: str, number: int = number, raw: list[Any] = raw) -> None:
            col = by_field[f].header if f in by_field else FIELDS[f][0]
            rejected.append(RejectedRow(g.sheet, number, header, list(raw),
                                        [Rejection(file, g.sheet, number, col, cells.shown(value), reason)]))

        text = _texts(found, reject)
        if text is None:
            continue
        if not any(text.values()):
            continue
        if not text.get("name"):
            reject("name", "", f"{_NAME}为空")
            continue
        row_notes: list[str] = []
        text["name"], former = _former_name(text["name"])
        if former:
            row_notes.append(f"曾用名：{former}")
        status = text.get("status", "")
        if any(word in status for word in CLOSED_STATUS):
            reject("status", status, "已注销、吊销的企业不列入名录（确需导入的，清空该单元格后再导入）")
            continue
        if any(word in status for word in IDLE_STATUS):
            row_notes.append(f"登记状态：{status}")
        section, industry_text = _industry(text)
        if section == _UNKNOWN:
            written = text["industry_code"]
            cut = len(written) in (1, 3) and written.isdigit()
            reject("industry_code", written,
                   f"行业代码少了一位：数字单元格会丢掉开头的 0（如 0{written}），请写成文本或加上门类字母"
                   if cut else "无法识别的行业门类：应为门类代码 A 至 T、门类名称（如 制造业）或行业代码（如 C3421）")
            continue
        code = fold_code(text.get("credit_code", "")).replace(" ", "").upper()
        allow = False
        if code:
            code = _typed_letters(code, g.sheet, number, notes)
            check = cc.check(code)
            digits = _NON_DIGIT.sub("", code)
            if len(code) == 15 and digits == code:
                row_notes.append(f"注册号：{code}")
                notes.append(f"工作表“{g.sheet}”第 {number} 行：15 位旧注册号，已记入备注，{_CODE}留空")
                code = ""
            elif check.checksum_only:
                allow = True
                notes.append(f"工作表“{g.sheet}”第 {number} 行：{_CODE} {check.code} 校验位不符，"
                             "按早期代码保留（请核对）")
        founded = found.get("founded")
        if founded not in (None, ""):
            try:
                d = cells.as_date(founded)
            except cells.CellError as exc:
                # Kept as written in 备注, a year or a month is worth keeping; it rejects nothing.
                known = dates.partial(founded) if isinstance(founded, str) else None
                if known is None:
                    reject("founded", founded, str(exc))
                    continue
                row_notes.append(f"成立日期：{known}")
                d = None
            if d is not None:
                row_notes.append(f"成立日期：{dates.format_cn(d)}")
        try:
            above = cells.as_bool(found.get("above_scale"))
        except cells.CellError as exc:
            reject("above_scale", found.get("above_scale"), str(exc))
            continue
        region = fold_code(text.get("region_code", "")).strip()
        if len(region) in (9, 12) and region.isdigit():
            # 统计局's 统计用区划代码: the county's code and then the 乡镇's (and village's).
            row_notes.append(f"统计用区划代码：{region}")
            region = region[:6]
        if text.get("contact"):
            person, their_phone = _person_and_phone(text["contact"], row_notes)
            text["contact_person"] = text.get("contact_person") or person
            text["contact_phone"] = text.get("contact_phone") or their_phone
        contact_phone = _phone(text.get("contact_phone", ""), row_notes)
        notes_text = "；".join(p for p in (text.get("notes", ""), *row_notes) if p)
        data = EnterpriseInput(
            name=text["name"], credit_code=code or None, allow_checksum_override=allow,
            region_name=text.get("region_name", ""), region_code=region or None,
            address=text.get("address", ""), industry_code=section, industry_text=industry_text,
            size=_size(text.get("size", "")) or None, above_scale=above,
            legal_representative=text.get("legal_representative", ""), contact_person=text.get("contact_person", ""),
            contact_phone=contact_phone, industrial_chain=text.get("industrial_chain", ""), notes=notes_text,
            tags=tags,
        )
        key_code, key_name = code, _name_key(text["name"])
        if is_ledger:
            out.append(_Row(g.sheet, number, header, list(raw), data, row_notes, former))
            continue
        if key_code and key_code in seen_codes:
            reject("credit_code", key_code, f"与第 {seen_codes[key_code]} 行的{_CODE}相同（同一企业出现两次）")
            continue
        if not key_code and key_name in seen_names:
            reject("name", text["name"], f"与第 {seen_names[key_name]} 行的{_NAME}相同（同一企业出现两次）")
            continue
        if key_code:
            seen_codes[key_code] = number
        seen_names.setdefault(key_name, number)
        out.append(_Row(g.sheet, number, header, list(raw), data, row_notes, former))
    if skipped:
        shown = "、".join(skipped[:MAX_LISTED]) + (f" 等 {len(skipped)} 行" if len(skipped) > MAX_LISTED else "")
        notes.append(f"工作表“{g.sheet}”中不是企业的行未导入：{shown}")
    return out


_UNKNOWN = "?"
#: Letters a credit code never has, typed for the digits they look like.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1"})


def _typed_letters(code: str, sheet: str, number: int, notes: list[str]) -> str:
    """A credit code with O for 0 or I for 1 (GB 32100 uses neither letter) is read with the
    digits when that makes its check character right — a 1 in 31 chance otherwise — and noted."""
    if cc.check(code).ok or not set(code) & {"O", "I"}:
        return code
    fixed = code.translate(_LOOKALIKES)
    if not cc.check(fixed).ok:
        return code
    notes.append(f"工作表“{sheet}”第 {number} 行：{_CODE} {code} 中的字母 O/I 按数字 0/1 读取为 {fixed}"
                 "（校验位相符，请核对）")
    return fixed
#: A name followed by the one it had before: 河阳县恒达铝业有限公司（原河阳县恒达铝材厂）.
_FORMER = re.compile(r"^(.+?)\s*[(（]\s*(?:原名称|原名|曾用名|原)\s*[:：]?\s*(.+?)\s*[)）]$")


_ENTERPRISE_END = ("公司", "厂", "店", "社", "中心", "商行", "部", "企业", "集团", "场", "所")


def _former_name(written: str) -> tuple[str, str]:
    """(name, former name) of a roster's 企业名称 cell; the former name is "" when none is given.
    After a bare 原 it must read as an enterprise's name: （原料分公司） is not a former name."""
    m = _FORMER.match(written)
    if m is None:
        return written, ""
    name, former = m.group(1), m.group(2)
    said = written[len(name):].lstrip(" (（")
    if not said.startswith(("原名", "曾用名")) and (len(former) < 5 or not former.endswith(_ENTERPRISE_END)):
        return written, ""
    return name, former
#: A mobile, or a landline with its area code, inside other text (13812345678（微信同号）).
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}[-\s]?[2-9]\d{6,7})(?!\d)")


def _person_and_phone(written: str, row_notes: list[str]) -> tuple[str, str]:
    """A 联系人及电话 cell as (name, phone): 张三 13812345678, 张三：0371-67891234, 13812345678（张三）.
    A cell with more than one contact keeps the first, and the whole cell in 备注."""
    text = fold_code(written).strip()
    found = list(_PHONE_IN_TEXT.finditer(text))
    if not found:
        return text, ""
    first = found[0]
    before, after = _CONTACT_GAPS.sub(" ", text[:first.start()]).strip(), text[first.end():]
    person = before or _CONTACT_GAPS.sub(" ", after if len(found) == 1
                                         else after[:found[1].start() - first.end()]).strip()
    if len(found) > 1:
        row_notes.append(f"联系人及电话（原文）：{text}")
    return person, first.group()


_CONTACT_GAPS = re.compile(r"[\s:：,，;；/、()\-]+")


_PHONE_SEPARATORS = re.compile(r"[/、,，;；]")


def _phone(written: str, row_notes: list[str]) -> str:
    """The one number a roster's phone cell gives us. A cell holding more (two numbers, 微信同号,
    a name) keeps the first number and leaves the whole cell in 备注, so nothing is lost; a cell
    with no number we can find is left for the rules to reject."""
    first = _PHONE_SEPARATORS.split(written, maxsplit=1)[0].strip()
    if phone.is_valid(first) and first == written.strip():
        return first
    found = _PHONE_IN_TEXT.findall(fold_code(written))
    if not found:
        return first
    row_notes.append(f"联系电话（原文）：{written.strip()}")
    return str(found[0])


def _size(written: str) -> str:
    """企业规模 as registers write it: 中型企业 is 中型."""
    return written[:-2] if written.endswith("企业") and len(written) > 2 else written


def _industry(text: dict[str, str]) -> tuple[str | None, str]:
    """(门类 letter, 行业 text) of a row: the letter from its own column (_UNKNOWN when that
    cell names none), else found in the text; the text less the 门类 the letter holds."""
    return _industry_of(text.get("industry_text", ""), text.get("industry_code", ""))


#: A roster names a few hundred industries for its thousands of rows: each is read once.
@lru_cache(maxsize=4096)
def _industry_of(written: str, cell: str) -> tuple[str | None, str]:
    letter = (industry.section(cell) or _UNKNOWN) if cell else industry.section(written) if written else None
    if letter and letter != _UNKNOWN and written:
        written = industry.without_section(written, letter)
    return letter, written


#: Names tidied on input (see tidy_name): one of ours written before differs only in spaces.
_NAMES = frozenset({"name", "legal_representative", "contact_person"})
_COMPARED = ("name", "credit_code", "region_name", "region_code", "address", "industry_code", "industry_text",
             "size", "legal_representative", "contact_person", "contact_phone", "industrial_chain")


def merge_enterprise_rows(s: Session, rows: list[_Row], rejected: list[RejectedRow], file: str, batch_id: str,
                          source: str, notes: list[str], say: Progress, cancel: Cancel | None,
                          ids: dict[int, str] | None = None) -> dict[str, int]:
    """Each row's enterprise matched here or created; `ids` gets the place of each row merged → its ID.

    Set-based: the enterprises here are matched from two queries (codes, names), those the rows
    name are read as dicts a block at a time, and what the file changes — rows, tags, the audit
    trail, the undo log, conflicts — is written at the end in one statement per kind
    (`_Changes.write`), inside the file's one transaction."""
    counts = dict.fromkeys(("created", "updated", "unchanged", "conflicts", "rejected"), 0)
    by_code: dict[str, str] = {code: eid for code, eid in s.execute(
        select(Enterprise.credit_code, Enterprise.id).where(Enterprise.credit_code.is_not(None))) if code}
    by_name: dict[str, str] = {}
    for key, eid in s.execute(select(Enterprise.name_key, Enterprise.id).where(Enterprise.deleted_at.is_(None))):
        by_name.setdefault(key, eid)
    known_tags = frozenset(codelists.values(s, CodeListKind.TAG))
    changes = _Changes(s, batch_id, source, file)
    for n, row in enumerate(rows):
        if n % 200 == 0:
            check_cancel(cancel)
            say(n, len(rows), f"合并 {file}：{n}/{len(rows)} 行")
        if n % _BLOCK == 0:
            changes.load({m for r in rows[n:n + _BLOCK] if (m := _match(r.data, r.former, by_code, by_name))})
        try:
            d = validated(s, row.data, known_tags)
        except ValidationError as exc:
            col = next((h for h in row.header if guess_field(h) and FIELDS[guess_field(h) or ""][0] == exc.field),
                       exc.field)
            rejected.append(RejectedRow(row.sheet, row.number, row.header, row.raw, [
                Rejection(file, row.sheet, row.number, col, cells.shown(exc.value), exc.reason)]))
            continue
        existing_id = _match(d, row.former, by_code, by_name)
        if existing_id is None:
            eid = changes.create(d)
            by_name.setdefault(_name_key(d.name), eid)
            if d.credit_code:
                by_code[d.credit_code] = eid
            if ids is not None:
                ids[n] = eid
            counts["created"] += 1
            continue
        if ids is not None:
            ids[n] = existing_id
        counts[changes.update(existing_id, d, row)] += 1
    changes.write()
    return counts


#: Rows whose enterprises already here are read together (one query, not one per row).
_BLOCK = 1000
#: name_key (NFKC and a regular expression) was worked out five times a row — reading, matching
#: twice, creating: cached, as credit_code.check is, for a county roster's names.
_name_key = lru_cache(maxsize=16_384)(name_key)
#: The enterprise's own columns as a roster's import writes them (all but the tags).
_TABLE = ENTERPRISES.table
_COLUMNS = tuple(c.name for c in _TABLE.columns)
_FIELDS = causal.tracked_fields(_TABLE)


def _match(d: EnterpriseInput, former: str, by_code: dict[str, str], by_name: dict[str, str]) -> str | None:
    """The enterprise here a roster's row names: by credit code, then by name, then by its former name."""
    return ((by_code.get(d.credit_code) if d.credit_code else None) or by_name.get(_name_key(d.name))
            or (by_name.get(_name_key(former)) if former else None))


@dataclass
class _Conflict:
    record_id: str
    differs: dict[str, Any]
    sheet: str
    row: int


class _Changes:
    """What a roster file does to the enterprises, kept as plain records (dicts as
    app.exchange.records reads them) and written in bulk by `write`: each record created or
    changed stamped as a unit of work would (revision, who, when, its clock's next write), with
    its History row (who, when, through which file) and its undo-log row for the batch."""

    def __init__(self, s: Session, batch_id: str, source: str, file: str) -> None:
        self.s, self.batch_id, self.source, self.file = s, batch_id, source, file
        #: ID → the record as it is now (as read, or as this file made or changed it).
        self.records: dict[str, dict[str, Any]] = {}
        #: ID → the record as it was before the file, for those read here (deep enough: tags copied).
        self.before: dict[str, dict[str, Any]] = {}
        self.created: dict[str, dict[str, Any]] = {}
        self.changed: set[str] = set()
        self.conflicts: list[_Conflict] = []

    def load(self, ids: set[str]) -> None:
        """Read the records of these IDs that are not read yet (one query per chunk)."""
        wanted = [i for i in ids if i not in self.records]
        if not wanted:
            return
        for eid, record in fetch(self.s, ENTERPRISES, wanted).items():
            self.before[eid] = {**record, "tags": list(record["tags"])}
            self.records[eid] = record

    def create(self, d: EnterpriseInput) -> str:
        eid = new_id()
        record = dict.fromkeys(_COLUMNS)
        record.update(
            id=eid, name=d.name, name_key=_name_key(d.name), credit_code=d.credit_code,
            credit_code_override=d.allow_checksum_override, region_name=d.region_name, region_code=d.region_code,
            address=d.address, industry_code=d.industry_code, industry_text=d.industry_text, size=d.size,
            above_scale=d.above_scale, four_above=d.four_above, legal_representative=d.legal_representative,
            contact_person=d.contact_person, contact_phone=d.contact_phone, industrial_chain=d.industrial_chain,
            notes=d.notes, tags=sorted(set(d.tags)), clock="", revision=1)
        self.records[eid] = self.created[eid] = record
        return eid

    def update(self, eid: str, d: EnterpriseInput, row: _Row) -> str:
        """Blanks of ours filled, tags added; a value that differs becomes a conflict. The outcome's count key."""
        self.load({eid})
        e = self.records[eid]
        mine = {f: e[f] for f in _COMPARED}
        theirs = {f: getattr(d, f) for f in _COMPARED}
        filled = {f: v for f, v in theirs.items() if v not in (None, "") and mine[f] in (None, "")}
        differs = {f: v for f, v in theirs.items() if v not in (None, "") and mine[f] not in (None, "")
                   and mine[f] != v and not (f == "name" and name_key(str(v)) == e["name_key"])
                   and not (f in _NAMES and tidy_name(str(mine[f])) == v)}  # ours from before names were tidied
        if d.above_scale and not e["above_scale"]:
            filled["above_scale"] = True
        if d.notes and d.notes not in (e["notes"] or ""):
            filled["notes"] = "；".join(p for p in (e["notes"], d.notes) if p)
        added = [t for t in d.tags if t not in e["tags"]]
        if filled or added:
            e.update(filled)
            if "name" in filled:
                e["name_key"] = name_key(filled["name"])
            if "credit_code" in filled:
                e["credit_code_override"] = d.allow_checksum_override
            e["tags"] = sorted({*e["tags"], *added})
            if eid not in self.created:
                self.changed.add(eid)
        if differs:
            self.conflicts.append(_Conflict(eid, differs, row.sheet, row.number))
            return "conflicts"
        return "updated" if filled or added else "unchanged"

    def write(self) -> None:
        s, now = self.s, utcnow()
        installation = s.info.get("installation_id", "")
        actor = causal.actor_of(installation) if installation else ""
        who = {"actor": s.info.get("actor", ""), "via": s.info.get("via", ""), "changed_at": now}
        stamp = not s.info.get(PRESERVE_SYNC_FIELDS)
        first_clock = causal.format_clock(causal.fresh(actor, _FIELDS)) if actor else ""
        history: list[dict[str, Any]] = []
        undo: list[dict[str, Any]] = []
        for eid, record in self.created.items():
            if stamp:
                record.update(created_at=now, updated_at=now, changed_by=installation, clock=first_clock)
            # A created record holds the table's columns and its sorted tags, as _audited would copy them.
            history.append(self._history(eid, CREATE, audit.diff(None, record), record, who))
            undo.append(self._undo(eid, CREATE, None, record))
        changed = []
        for eid in self.changed:
            record, before = self.records[eid], self.before[eid]
            diff = audit.diff(_audited(before), _audited(record))
            if not diff:
                continue
            if stamp:
                clock = causal.tick(stored_clock(ENTERPRISES, before), actor, diff) if actor else None
                record.update(revision=(before["revision"] or 0) + 1, updated_at=now, changed_by=installation,
                              clock=causal.format_clock(clock) if clock is not None else before["clock"])
            changed.append(record)
            history.append(self._history(eid, UPDATE, diff, record, who))
            undo.append(self._undo(eid, UPDATE, before, record))
        tags = ENTERPRISES.child
        assert tags is not None
        tag_rows = [{"enterprise_id": eid, "tag": t} for eid, record in self.created.items() for t in record["tags"]]
        tag_rows += [{"enterprise_id": r["id"], "tag": t} for r in changed
                     for t in sorted(set(r["tags"]) - set(self.before[r["id"]]["tags"]))]
        name = s.get_bind().dialect.name
        dialect.execute_many(s, _insert(_TABLE), [{c: r[c] for c in _COLUMNS} for r in self.created.values()])
        dialect.execute_many(s, _upsert(name), [{c: r[c] for c in _COLUMNS} for r in changed])
        dialect.execute_many(s, _insert(tags.table), tag_rows)
        write_rows(s, name, history, undo, self._conflict_rows(now))

    def _history(self, eid: str, operation: str, diff: dict[str, list[Any]], record: dict[str, Any],
                 who: dict[str, Any]) -> dict[str, Any]:
        return {"id": new_history_id(), "record_id": eid, "record_type": "enterprises", "operation": operation,
                "installation_id": record["changed_by"] or self.s.info.get("installation_id", ""), "changes": diff,
                "received": False, **who}

    def _undo(self, eid: str, operation: str, before: dict[str, Any] | None,
              record: dict[str, Any]) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "record_type": "enterprises", "record_id": eid, "operation": operation,
                "before": V.to_json(before) if before is not None else None,
                "after_hash": V.content_hash(ENTERPRISES, record), "after_clock": record["clock"],
                "source_installation": self.source}

    def _conflict_rows(self, now: Any) -> list[dict[str, Any]]:
        """A conflict for each value that differs, unless the same one already waits (one query)."""
        if not self.conflicts:
            return []
        c = table_of(ExchangeConflict)
        waiting: set[tuple[str, str]] = set()
        for part in chunks({x.record_id for x in self.conflicts}):
            waiting.update((rid, h) for rid, h in self.s.execute(
                select(c.c.record_id, c.c.incoming_hash).where(c.c.record_id.in_(part), c.c.resolved_at.is_(None))))
        out = []
        for x in self.conflicts:
            after = self.records[x.record_id]
            incoming = {**after, **x.differs, "name_key": name_key(str(x.differs.get("name", after["name"])))}
            incoming_hash = V.content_hash(ENTERPRISES, incoming)
            if (x.record_id, incoming_hash) in waiting:
                continue
            waiting.add((x.record_id, incoming_hash))
            out.append({
                "id": str(uuid.uuid4()), "batch_id": self.batch_id, "record_type": "enterprises",
                "record_id": x.record_id, "source_installation": self.source, "source_file": self.file,
                "sheet": x.sheet, "row": x.row, "local_hash": V.content_hash(ENTERPRISES, after),
                "incoming_hash": incoming_hash, "incoming": V.to_json(incoming), "created_at": now,
                "resolved_at": None, "resolution": None, "local_clock": "", "incoming_clock": "", "kind": "修改"})
        return out


def _audited(record: dict[str, Any]) -> dict[str, Any]:
    """The fields the audit trail compares: the table's own and the tags."""
    return {**{c: record[c] for c in _COLUMNS}, "tags": sorted(record["tags"])}


@lru_cache(maxsize=2)
def _insert(table: Table) -> Insert:
    return insert(table)


@lru_cache(maxsize=2)
def _upsert(dialect_name: str) -> Insert:
    return dialect.upsert(dialect_name, _TABLE, ["id"])
