"""Reading the sheets of an exchange workbook into records: columns found by
their headers (a person may have moved or hidden some), every cell checked by
the same rules as the forms, each failure a rejection naming file, sheet, row,
column, value and reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import compress, repeat
from operator import is_, is_not, itemgetter
from typing import Any

from app import fields
from app.domain import INDUSTRY_SECTIONS, CodeListKind
from app.errors import ValidationError
from app.exchange import cells
from app.exchange.cells import MAX_CELL_CHARS, CellError
from app.exchange.reading import Sheet
from app.exchange.report import Rejection
from app.exchange.schema import FORMAT_NAME, FORMAT_VERSION, LEGACY_COLUMNS, LIST_SEPARATOR, Column, K, SheetSpec
from app.exchange.values import WORKBOOK_TZ, field_checks_many, field_checks_of_columns
from app.fields import LABELS
from app.standards import dates
from app.standards.text import CONTROL

#: Column of a rejection workbook naming the installation each row came from.
SOURCE_HEADER = "来源安装"
#: The other columns a rejection workbook adds after a sheet's own: read back, they are not data.
REJECTS_HEADERS = ("原因", "来源文件", "原行号")



@dataclass
class RejectedRow:
    """A rejected row as the file had it, for the rejection workbook."""

    sheet: str
    row: int
    header: list[str]
    values: list[Any]
    reasons: list[Rejection]
    #: For a row of an exchange workbook: the installation it came from (re-imported as from it).
    source: str = ""


@dataclass(slots=True)
class Incoming:
    spec: SheetSpec
    row: int
    values: dict[str, Any]
    #: 版本指纹: each field's check as exported (format 1: the content hash as exported).
    fingerprint: str = ""
    #: 同步基线 (format 1 only): the content hash of the version the row derives from.
    base: str = ""
    raw: list[Any] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    #: The installation a row came from, when a rejection workbook gathered rows of several.
    source: str = ""
    #: IDs as the file wrote them, where an alias replaced them by ours.
    written_ids: dict[str, str] = field(default_factory=dict)
    #: 版本历史 (format 2): the row's causal history as written (db.causal).
    clock: str = ""
    #: Each field's check as the row reads now (app.exchange.values.field_checks; format 2), made where
    #: the file is read — in a reader process, beside the merge: 版本指纹 against it finds hand edits.
    check: str = ""

    @property
    def aliased(self) -> bool:
        return bool(self.written_ids)

    def __reduce__(self) -> tuple[type[Incoming], tuple[Any, ...]]:
        # Sent from a reader process as the constructor's arguments: by default a slotted object goes
        # as a dict of its eleven slot names, built, pickled and set again field by field in the merge's
        # process for every row.
        return Incoming, (self.spec, self.row, self.values, self.fingerprint, self.base, self.raw, self.header,
                          self.source, self.written_ids, self.clock, self.check)


@dataclass(frozen=True)
class Meta:
    installation_id: str
    name: str
    unit: str
    version: int
    exported_at: str
    #: The same, read as a time (None if the cell is not one).
    exported: datetime | None = None
    #: A workbook exported with --redact: for sharing, never for importing (its personal fields are empty).
    redacted: bool = False


def read_meta(sheet: Sheet) -> Meta | None:
    """The _meta sheet of an exchange workbook, or None if this is not one."""
    values = {cells.as_text(r[0]): r[1] if len(r) > 1 else "" for r in sheet.rows if r and r[0]}
    if cells.as_text(values.get("格式")) != FORMAT_NAME:
        return None
    try:
        version = int(float(values.get("格式版本") or 0))
    except (TypeError, ValueError):
        version = 0
    try:
        exported = cells.as_datetime(values.get("导出时间"))
    except cells.CellError:
        exported = None
    return Meta(cells.as_text(values.get("导出安装ID")).lower(), cells.as_text(values.get("导出人")),
                cells.as_text(values.get("单位")), version, cells.shown(values.get("导出时间")), exported,
                cells.as_text(values.get("个人信息")).startswith("已隐去"))


def _column_notes(spec: SheetSpec, header: list[str], positions: dict[str, int], version: int) -> list[str]:
    """Columns someone deleted or renamed in the office: their fields keep this database's values."""
    ours = {c.header for c in (*spec.columns, *LEGACY_COLUMNS)}
    # Format 1 had no 版本历史, and its sheet of timeline entries no 所属问题版本.
    absent_then = {"clock", "problem_version"} if version < 2 else set()
    missing = [c.header for c in spec.columns
               if c.header not in positions and c.kind is not K.DISPLAY and c.field not in absent_then]
    strange = [h for h in header if h and h not in ours and h != SOURCE_HEADER and h not in REJECTS_HEADERS]
    notes = []
    if missing:
        notes.append(f"工作表“{spec.title}”缺少列“{'、'.join(missing)}”：已有记录的这些字段保持不变，新增记录的为空")
    if strange:
        notes.append(f"工作表“{spec.title}”的列“{'、'.join(strange)}”不是交换格式的列（可能被改名），未读取")
    return notes


def supported(meta: Meta) -> bool:
    return 1 <= meta.version <= FORMAT_VERSION


@dataclass
class SheetResult:
    records: list[Incoming]
    rejected: list[RejectedRow]
    #: Code-list values the file uses that this database does not know yet.
    new_codes: dict[CodeListKind, set[str]]
    #: How the sheet was read, for the person importing it (columns missing or not ours).
    notes: list[str] = field(default_factory=list)


#: Rows converted at a time: a sheet is read as a stream, and a column's cells are converted together
#: (the fast path of _fast) a chunk at a time, so only the records kept grow with the sheet.
CHUNK_ROWS = 20_000


def parse_sheet(spec: SheetSpec, sheet: Sheet, file: str, known_codes: dict[CodeListKind, set[str]],
                today: date, version: int = FORMAT_VERSION) -> SheetResult:
    """The whole sheet at once (a small workbook read in a reader process)."""
    result = SheetResult([], [], {})
    for part in iter_sheet(spec, sheet, file, known_codes, today, version):
        result.records += part.records
        result.rejected += part.rejected
        result.notes += part.notes
        for kind, values in part.new_codes.items():
            result.new_codes.setdefault(kind, set()).update(values)
    return result


def iter_sheet(spec: SheetSpec, sheet: Sheet, file: str, known_codes: dict[CodeListKind, set[str]],
               today: date, version: int = FORMAT_VERSION, chunk_rows: int | None = None) -> Iterator[SheetResult]:
    """The sheet's records and rejections, CHUNK_ROWS rows at a time, so that a merge can take a big
    workbook a piece at a time and drop each piece's records (the sheet's notes come with the first)."""
    size = chunk_rows or CHUNK_ROWS
    stream = sheet.iter_rows()
    first = next(stream, None)
    if first is None:
        return
    header = [cells.as_text(h) for h in first]
    positions = {h: i for i, h in enumerate(header) if h}
    missing = [c.header for c in spec.columns if c.required and c.header not in positions]
    if missing:
        missing_column = Rejection(file, spec.title, 1, missing[0], "",
                                   f"缺少必需的列“{'、'.join(missing)}”，整张工作表未导入")
        yield SheetResult([], [RejectedRow(spec.title, 1, header, list(first), [missing_column])], {})
        return
    notes = _column_notes(spec, header, positions, version)
    formula_rows = _formula_rows(sheet.formula_cells)
    source_at = positions.get(SOURCE_HEADER)
    readable = (*spec.columns, *LEGACY_COLUMNS) if version < 2 else spec.columns
    columns = [(c, positions[c.header]) for c in readable if c.header in positions and c.kind is not K.DISPLAY]
    width = max([i for _c, i in columns] + [source_at or 0]) + 1 if columns else 0
    rows: list[tuple[int, list[Any]]] = []
    shared: dict[Any, Any] = {}
    for number, raw in enumerate(stream, start=2):
        if raw.count("") + raw.count(None) < len(raw):  # not an empty row (two C passes, not a generator)
            rows.append((number, raw if len(raw) >= width else list(raw) + [None] * (width - len(raw))))
            if len(rows) >= size:
                part = SheetResult([], [], {}, notes)
                notes = []
                _parse_rows(spec, rows, columns, header, source_at, formula_rows, file, known_codes, today,
                            version, part, shared)
                rows = []
                yield part
    part = SheetResult([], [], {}, notes)
    _parse_rows(spec, rows, columns, header, source_at, formula_rows, file, known_codes, today, version, part,
                shared)
    yield part


def _parse_rows(spec: SheetSpec, rows: list[tuple[int, list[Any]]], columns: list[tuple[Column, int]],
                header: list[str], source_at: int | None, formula_rows: dict[int, str], file: str,
                known_codes: dict[CodeListKind, set[str]], today: date, version: int,
                result: SheetResult, shared: dict[Any, Any]) -> None:
    """Rows of a sheet (number, cells) into `result`'s records and rejections. `shared`: one object for
    each short text seen in the sheet's columns that repeat (see _SHARED_KINDS)."""
    # Column by column: a fast path for the usual typed cells, the full rules for the rest.
    problems: dict[int, list[Rejection]] = {}
    converted: list[list[Any]] = []
    if not rows:
        return
    # The cells of the columns read, as columns, taken and transposed in C (rows are padded to `width`).
    used = [i for _c, i in columns]
    picked = list(map(itemgetter(*used), [raw for _n, raw in rows])) if len(used) > 1 else []
    cells_by_column = dict(zip(used, zip(*picked))) if picked else {}
    for col, i in columns:
        raw_values = list(cells_by_column[i]) if i in cells_by_column else [raw[i] for _n, raw in rows]
        out = _fast(col, today, known_codes)(raw_values)
        if col.kind in _SHARED_KINDS and col.field not in _NOT_SHARED:
            _share(out, rows, i, shared)
        convert = None
        # The cells the fast path left to the full rules, found in C (most columns have none).
        for j in compress(range(len(out)), map(is_, out, repeat(_SLOW))):
            convert = convert or _converter(col, today, known_codes, result.new_codes)
            try:
                out[j] = convert(raw_values[j])
            except (CellError, ValidationError) as exc:
                why = exc.reason if isinstance(exc, ValidationError) else str(exc)
                number = rows[j][0]
                problems.setdefault(j, []).append(
                    Rejection(file, spec.title, number, col.header, cells.shown(raw_values[j]), why))
        converted.append(out)
    names = [c.field for c, _i in columns]
    # The sync texts go to the record's own attributes, not into its values: taken from their columns.
    kept = [k for k, name in enumerate(names) if name not in _RECORD_TEXTS]
    kept_names = [names[k] for k in kept]
    empty_column = [""] * len(rows)
    fingerprints, bases, clocks = ([str(v or "") for v in converted[names.index(name)]] if name in names
                                   else empty_column for name in ("fingerprint", "base", "clock"))
    row_values_of = zip(*(converted[k] for k in kept)) if kept else [()] * len(rows) if converted else []
    # Only these sheets have rules across columns, besides a deletion time (see _row_rules).
    rules = spec.key in _ROW_RULE_SHEETS
    first_record = len(result.records)
    for j, row_values in enumerate(row_values_of):
        number, raw = rows[j]
        values = dict(zip(kept_names, row_values))
        found = problems.get(j, [])
        if number in formula_rows:
            # One reason for the row: the exchange workbook takes no formula, with or without a result.
            found = [r for r in found if r.reason != cells.UNCACHED_FORMULA]
            found.append(Rejection(file, spec.title, number, formula_rows[number], "",
                                   "单元格是公式：交换工作簿只接受填写的值，请改为数值或文字"))
        if not found and (rules or values.get("deleted_at") is not None):
            found = _row_rules(spec, values, file, number)
        source = ""
        if source_at is not None:
            try:
                source = cells.as_uuid(raw[source_at])
            except CellError as exc:
                found.append(Rejection(file, spec.title, number, SOURCE_HEADER, cells.shown(raw[source_at]), str(exc)))
        if found:
            result.rejected.append(RejectedRow(spec.title, number, header, list(raw), found))
            continue
        result.records.append(Incoming(spec, number, values, fingerprints[j], bases[j], raw, header, source,
                                       clock=clocks[j]))
    if version >= 2:
        # Each field's check of the rows kept, a column at a time (after _row_rules, which may fold a value).
        made = result.records[first_record:]
        if len(made) == len(rows) and spec.key not in _ROW_RULE_SHEETS:
            # Every row kept, none changed by a rule: the converted columns are the records' values.
            checks = field_checks_of_columns(spec, {kept_names[n]: converted[k] for n, k in enumerate(kept)},
                                             len(made))
        else:
            checks = field_checks_many(spec, [r.values for r in made])
        for record, check in zip(made, checks, strict=True):
            record.check = check


#: Sync columns kept as an Incoming's attributes, not among its values.
_RECORD_TEXTS = frozenset({"fingerprint", "base", "clock"})
#: The sheets _row_rules has rules of its own for (every sheet: a deletion before the creation).
_ROW_RULE_SHEETS = frozenset({"enterprises", "assignments", "extensions", "policies", "projects"})


#: Columns whose texts repeat from row to row (a problem's ID in each of its progress entries, the
#: installation, a status, a cadre's name). The reader makes a new object for every cell, and the
#: records are kept until the file's transaction ends: one object for each repeated text saved 18%
#: of a county's records (~380 of 2,100 bytes a progress entry).
_SHARED_KINDS = frozenset({K.REF, K.META, K.TEXT})
#: Columns of those kinds whose fast path gives no text to share: sync texts, times, a count. The fast
#: path of the others gives only str, None and _SLOW, so no two values of different types are equal.
_NOT_SHARED = frozenset({"clock", "fingerprint", "deleted_at", "created_at", "updated_at", "revision"})


def _share(out: list[Any], rows: list[tuple[int, list[Any]]], i: int, shared: dict[Any, Any]) -> None:
    """The texts of a column, read fast, replaced by the one object of the same text seen first, in the
    converted values and in the raw row alike. The lookups and the comparison run in C (map over the
    column): a Python step per cell here was a tenth of a reader's parsing."""
    firsts = list(map(shared.setdefault, out, out))
    for j in compress(range(len(out)), map(is_not, firsts, out)):
        first = out[j] = firsts[j]
        raw = rows[j][1]
        if raw[i] == first:
            raw[i] = first


_SLOW: Any = object()
_EARLIEST = dates.EARLIEST
#: The fast path's test of an ID cell as exports write it (anything else takes the full rule).
is_id = cells.UUID_PATTERN.fullmatch
_HALF_SECOND = timedelta(microseconds=500_000)
_MOBILE_OR_LANDLINE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-[2-9]\d{6,7}(-\d{1,6})?")
#: Sync columns that are text of the program's own making, read as written: a clock, the fields' checks.
_SYNC_TEXTS = frozenset({"clock", "fingerprint"})
_SYNC_TEXT_MAX = 20_000
_NO_CHECK = frozenset({"fingerprint", "base", "changed_by", "id", "clock"})


def _fast(col: Column, today: date, known: dict[CodeListKind, set[str]]) -> Callable[[list[Any]], list[Any]]:
    """A whole column at once for the cells a peer's export writes; _SLOW marks cells that need the
    full rules (empty required cells, odd types, new code-list values, anything to reject)."""
    kind = col.kind
    if col.field == "revision":
        return lambda vals: [int(v) if type(v) is float and v.is_integer() and v >= 1 else _SLOW for v in vals]
    if col.field in ("deleted_at", "created_at", "updated_at") or kind is K.DATETIME:
        # Excel keeps times as fractions of a day: round to the second written.
        return lambda vals: [(v + _HALF_SECOND).replace(microsecond=0, tzinfo=WORKBOOK_TZ)
                             if type(v) is datetime and v.year > 1900
                             else None if v == "" or v is None else _SLOW for v in vals]
    if col.field in _SYNC_TEXTS:
        return lambda vals: [v.strip() if type(v) is str and len(v) <= _SYNC_TEXT_MAX else
                             "" if v is None else _SLOW for v in vals]
    if kind is K.ID:
        return lambda vals: [v if type(v) is str and is_id(v) else _SLOW for v in vals]
    if kind is K.META:
        return lambda vals: [v.strip() if type(v) is str and len(v) <= 64 else _SLOW for v in vals]
    if kind is K.REF:
        # An empty optional reference reads as None (the rule's `ref`), without the full rules.
        none = _SLOW if col.required else None
        return lambda vals: [v if type(v) is str and is_id(v) else none if v == "" or v is None else _SLOW
                             for v in vals]
    if kind is K.REFS:
        return lambda vals: [[] if v == "" or v is None else _ids(v) if type(v) is str else _SLOW for v in vals]
    if kind is K.LIST:
        items_known = known.get(col.choices) if isinstance(col.choices, CodeListKind) else None
        if items_known is None:
            return lambda vals: [[] if v == "" or v is None else _SLOW for v in vals]
        return lambda vals: [[] if v == "" or v is None else _known_items(v, items_known) if type(v) is str
                             else _SLOW for v in vals]
    if kind is K.DATE:
        latest = today if col.field in _NOT_AFTER_TODAY else date.max
        empty = _SLOW if col.required else None
        return lambda vals: [v if type(v) is date and _EARLIEST <= v <= latest else empty if v == "" or v is None
                             else _SLOW for v in vals]
    if kind is K.INT:
        return lambda vals: [int(v) if type(v) is float and v.is_integer() and 0 <= v <= 10_000_000 else
                             None if v == "" or v is None else _SLOW for v in vals]
    if kind is K.BOOL:
        return lambda vals: [True if v == "是" else False if v == "否" or v == "" or v is None else _SLOW
                             for v in vals]
    if kind is K.CODE:
        if col.field in _PHONES:
            match = _MOBILE_OR_LANDLINE.fullmatch
            return lambda vals: [v if type(v) is str and match(v) else "" if v == "" or v is None else _SLOW
                                 for v in vals]
        return lambda vals: [_SLOW] * len(vals)
    allowed = col.choices if isinstance(col.choices, tuple) else None
    codes = known.get(col.choices, set()) if isinstance(col.choices, CodeListKind) else None
    limit = col.max_len or MAX_CELL_CHARS
    # An empty cell: a required one is refused by the full rules; an optional one of fixed choices reads
    # as None, any other as "" (read_text's results).
    empty = _SLOW if col.required else None if allowed else ""
    control = CONTROL.search

    def text(vals: list[Any]) -> list[Any]:
        texts = [v.strip() if type(v) is str else v for v in vals]
        # The column's texts at once: no control character and no full-width space in any of them (the
        # usual case) spares a search in each cell. "\n" is neither.
        joined = "\n".join([t for t in texts if type(t) is str])
        clean = "\u3000" not in joined and not control(joined)
        out = []
        for t in texts:
            if type(t) is str:
                if not t:
                    out.append(empty)
                elif len(t) > limit or (allowed and t not in allowed) or (codes is not None and t not in codes) \
                        or not (clean or ("\u3000" not in t and not control(t))):
                    out.append(_SLOW)
                else:
                    out.append(t)
            else:
                out.append(empty if t is None else _SLOW)
        return out
    return text


def _ids(v: str) -> Any:
    """A list of IDs as exports write it (lower-case UUIDs joined by 、, nothing else): the IDs, each once
    in order, as cells.as_list and cells.as_uuid read them; anything else _SLOW (the full rules)."""
    parts = v.split(LIST_SEPARATOR)
    if len(v) > MAX_CELL_CHARS or not all(map(is_id, parts)):
        return _SLOW
    return list(dict.fromkeys(parts))


#: What sends a list to the full rules: another separator, a line break, a full-width space, a control character.
_LIST_ODD = re.compile("[,，;；\n\r\u3000\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _known_items(v: str, codes: set[str]) -> Any:
    """A list of code-list values joined by 、, each known already (a unit, a tag, a policy): the items,
    each once in order, as cells.as_list reads them; anything else (a new value too) _SLOW."""
    if len(v) > MAX_CELL_CHARS or _LIST_ODD.search(v):
        return _SLOW
    items = [p for p in map(str.strip, v.split(LIST_SEPARATOR)) if p]
    for item in items:
        if len(item) > _CODE_MAX or item not in codes:
            return _SLOW
    return list(dict.fromkeys(items))


def _formula_rows(refs: list[str]) -> dict[int, str]:
    out: dict[int, str] = {}
    for ref in refs:
        digits = "".join(ch for ch in ref if ch.isdigit())
        if digits:
            out.setdefault(int(digits), ref)
    return out


_PHONES = {"contact_phone": "联系电话", "phone": "电话", "responsible_phone": "责任人电话"}
_NOT_AFTER_TODAY = {"visit_date": "走访日期", "received_date": "收到日期"}


def _converter(col: Column, today: date, known: dict[CodeListKind, set[str]],
               new_codes: dict[CodeListKind, set[str]]) -> Callable[[Any], Any]:
    """The function that reads this column's cells (chosen once per sheet, called per cell)."""
    kind = col.kind
    if col.field == "revision":
        return lambda v: cells.as_int(v) or 1
    if col.field in ("deleted_at", "created_at", "updated_at") or kind is K.DATETIME:
        return cells.as_datetime
    if col.field in _SYNC_TEXTS:
        def sync_text(v: Any) -> str:
            text = cells.as_text(v)
            if len(text) > _SYNC_TEXT_MAX:
                raise CellError(f"过长（{len(text)} 字）")
            return text
        return sync_text
    if kind is K.ID:
        return cells.as_uuid
    if kind is K.META:
        return lambda v: v.strip() if type(v) is str and len(v) <= 64 else cells.as_code(v)
    if kind is K.REF:
        def ref(v: Any) -> str | None:
            text = cells.as_uuid(v)
            if not text:
                if col.required:
                    raise CellError("不能为空")
                return None
            return text
        return ref
    if kind is K.REFS:
        return lambda v: [cells.as_uuid(item) for item in cells.as_list(v)]
    if kind is K.DATE:
        def read_date(v: Any) -> date | None:
            d = cells.as_date(v)
            if d is None and col.required:
                raise CellError("不能为空")
            if d is not None and col.field in _NOT_AFTER_TODAY:
                fields.date_not_after(col.header, d, today)
            return d
        return read_date
    if kind is K.INT:
        return lambda v: fields.non_negative_int(col.header, cells.as_int(v))
    if kind is K.BOOL:
        return cells.as_bool
    if kind is K.LIST:
        def read_list(v: Any) -> list[str]:
            items = cells.as_list(v)
            if isinstance(col.choices, CodeListKind):
                _note_codes(col.choices, items, known, new_codes)
            return items
        return read_list
    if kind is K.CODE:
        return lambda v: _code(col, v)
    choices = col.choices

    def read_text(v: Any) -> str | None:
        text = cells.no_controls(cells.as_text(v))
        if col.required and not text:
            raise CellError("不能为空")
        if col.max_len and len(text) > col.max_len:
            raise CellError(f"过长（{len(text)} 字，最多 {col.max_len} 字）")
        if isinstance(choices, tuple):
            if text and text not in choices:
                raise CellError("应为以下之一：" + "、".join(choices))
            return text or None
        if isinstance(choices, CodeListKind) and text and text not in known.get(choices, ()):
            _note_codes(choices, [text], known, new_codes)
        return text
    return read_text


#: The longest code-list value (a unit's or tag's name).
_CODE_MAX = 100


def _note_codes(kind: CodeListKind, items: list[str], known: dict[CodeListKind, set[str]],
                new_codes: dict[CodeListKind, set[str]]) -> None:
    for item in items:
        if len(item) > _CODE_MAX:
            raise CellError("代码表的值过长（最多 100 字）")
        if item not in known.get(kind, set()):
            new_codes.setdefault(kind, set()).add(item)


def _code(col: Column, value: Any) -> str | None:
    text = cells.no_controls(cells.as_code(value))
    if col.field in _PHONES:
        return fields.phone(col.header, text)
    if col.field == "region_code":
        return fields.region_code(text)
    if col.field == "industry_code":
        code = text.upper() or None
        if code is not None and code not in INDUSTRY_SECTIONS:
            raise CellError("应为国民经济行业分类门类代码 A 至 T")
        return code
    if col.field == "credit_code":
        return text or None  # checked with the row's override flag in _row_rules
    return text


def _row_rules(spec: SheetSpec, values: dict[str, Any], file: str, number: int) -> list[Rejection]:
    """Rules across columns of one row."""
    out: list[Rejection] = []

    def reject(header: str, value: Any, reason: str) -> None:
        out.append(Rejection(file, spec.title, number, header, cells.shown(value), reason))

    if spec.key == "enterprises" and values.get("credit_code"):
        try:
            code, override = fields.credit_code(values["credit_code"],
                                                allow_checksum_override=bool(values.get("credit_code_override")))
            values["credit_code"], values["credit_code_override"] = code, override
        except ValidationError as exc:
            reject(LABELS.credit_code, values["credit_code"], exc.reason)
    if spec.key == "assignments":
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            reject("结束日期", end, "不能早于开始日期")
    if spec.key == "extensions":
        old, new = values.get("old_deadline"), values.get("new_deadline")
        if old and new and new <= old:
            reject("新时限", new, f"应晚于原时限 {old.isoformat()}")
    if spec.key == "policies":
        # The service's checks: 门类 letters, sizes, text lengths, the validity period.
        from app.services.policies import PolicyInput, validated

        try:
            validated(PolicyInput(
                values.get("title") or "", industries=tuple(values.get("industries") or ()),
                sizes=tuple(values.get("sizes") or ()), tags=tuple(values.get("tags") or ()),
                valid_from=values.get("valid_from"), valid_to=values.get("valid_to")))
        except ValidationError as exc:
            reject(exc.field, exc.value, exc.reason)
        else:
            values["industries"] = [v.strip().upper() for v in values.get("industries") or ()]
    if spec.key == "projects":
        # 签约 ≤ 开工 ≤ 投产 ≤ 达效, each after the one before it (as the service checks them).
        from app.services.projects import STAGES

        previous: tuple[str, Any] | None = None
        for word, column, _stage in STAGES:
            day = values.get(column)
            if day is None:
                continue
            if previous is not None and day < previous[1]:
                reject(f"{word}日期", day, f"早于{previous[0]}日期 {previous[1].isoformat()}")
            previous = (word, day)
    deleted = values.get("deleted_at")
    if isinstance(deleted, datetime) and values.get("created_at") and deleted < values["created_at"]:
        reject("删除时间", deleted, "早于创建时间")
    return out
