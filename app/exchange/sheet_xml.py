"""A worksheet's rows read by a streaming XML parse, for the sheets too big for python-calamine.

python-calamine loads a whole sheet (and a transient copy) before it hands out the first row: a
county's 办理进展 (378 MiB of XML, 11.4 M cells) took the reader alone past 1 GB. Here the sheet part
is parsed as a stream by expat, a few megabytes at a time, and each row is handed out as it ends; the
shared strings are held as one UTF-8 buffer with an array of offsets (a Python str apiece took about
three times the memory). Rows have the shape calamine gives them once padded from column A (see
reading.Book._stream): every row from row 1 to the last with a value, each as wide as the sheet's
widest valued cell, empty cells "". Values as calamine converts them: shared, inline and formula
strings (``_xHHHH_`` escapes resolved), numbers as float, booleans, errors as empty; a number whose
cell style is a date or time format becomes a date, datetime, time or timedelta by calamine's rules.
Formulas are never evaluated: their saved results are read.

The parts were checked before (reading._check_zip: sizes, ratios, entity declarations in the prolog);
the parser refuses a DTD or any entity declaration all the same, as defusedxml does."""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.parsers import expat

#: Bytes of a part fed to the parser at a time.
_FEED_BYTES = 1 << 20
_EPOCH = datetime(1899, 12, 30)
_1904_OFFSET = 1462
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Builtin number formats calamine takes for dates and times (ECMA-376 18.8.30); 46 is a duration.
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47})
_BUILTIN_DURATION = 46
_OTHER, _DATETIME, _DURATION = 0, 1, 2
_REF_LETTERS = re.compile(r"[A-Z]{1,3}")
_DIGITS = "0123456789"


class SheetXmlError(ValueError):
    """The part is not well-formed, or a cell cannot be read; the message says where."""


def _forbid(*_args: Any) -> Any:
    raise SheetXmlError("含有 DTD 或实体声明")


def _parser() -> Any:
    """An expat parser that refuses DTDs and entity declarations (what defusedxml forbids)."""
    p = expat.ParserCreate()
    p.StartDoctypeDeclHandler = _forbid
    p.EntityDeclHandler = _forbid
    p.UnparsedEntityDeclHandler = _forbid
    p.ExternalEntityRefHandler = _forbid
    p.buffer_text = True
    p.buffer_size = 1 << 16
    return p


def _feed(z: zipfile.ZipFile, member: str, parser: Any) -> Iterator[None]:
    """Feed a part to the parser a piece at a time, yielding after each piece."""
    with z.open(member) as fh:
        while True:
            data = fh.read(_FEED_BYTES)
            try:
                parser.Parse(data, not data)
            except expat.ExpatError as exc:
                raise SheetXmlError(f"XML 格式错误（{expat.errors.messages[exc.code]}，第 {exc.lineno} 行）") from None
            yield
            if not data:
                return


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def unescape_x(text: str) -> str:
    """OOXML's _xHHHH_ escapes (a character XML cannot hold), resolved as calamine does."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class SharedStrings:
    """A workbook's shared strings, compact: one UTF-8 buffer and each string's end offset."""

    def __init__(self) -> None:
        self._blob = bytearray()
        self._ends: array[int] = array("q")

    def __len__(self) -> int:
        return len(self._ends)

    def get(self, index: int) -> str:
        ends = self._ends
        if index <= 0:
            if index < 0:
                raise IndexError(index)
            return self._blob[:ends[0]].decode("utf-8")
        start = ends[index - 1]
        return self._blob[start:ends[index]].decode("utf-8")

    @classmethod
    def read(cls, z: zipfile.ZipFile, member: str) -> SharedStrings:
        table = cls()
        blob, ends = table._blob, table._ends
        parts: list[str] = []
        depth_rph = 0
        collecting = False
        in_si = False

        def start(name: str, _attrs: dict[str, str]) -> None:
            nonlocal collecting, in_si, depth_rph
            local = _local(name)
            if local == "t":
                collecting = in_si and not depth_rph
            elif local == "si":
                in_si = True
                parts.clear()
            elif local == "rPh":
                depth_rph += 1  # phonetic runs: not part of the text

        def end(name: str) -> None:
            nonlocal collecting, in_si, depth_rph
            local = _local(name)
            if local == "t":
                collecting = False
            elif local == "si":
                in_si = False
                blob.extend(unescape_x("".join(parts)).encode("utf-8"))
                ends.append(len(blob))
            elif local == "rPh":
                depth_rph -= 1

        def text(data: str) -> None:
            if collecting:
                parts.append(data)

        p = _parser()
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, text
        for _ in _feed(z, member, p):
            pass
        return table


def custom_format_kind(code: str) -> int:
    """Whether a number format code shows a date/time, a duration or neither: calamine's
    detect_custom_number_format, step by step."""
    escaped = is_quote = hms = ap = False
    brackets = 0
    prev = " "
    for s in code:
        if escaped:
            escaped = False
        elif s in "_\\":
            escaped = True
        elif is_quote:
            if s == '"':
                is_quote = False
        elif s == '"':
            is_quote = True
        elif s == ";":
            return _OTHER  # the first section only
        elif s == "[":
            brackets += 1
        elif s == "]" and brackets == 1 and hms:
            return _DURATION
        elif s == "]":
            brackets = max(0, brackets - 1)
        elif s in "aA" and not ap and brackets == 0:
            ap = True
        elif s in "pm/PM" and ap and brackets == 0:
            return _DATETIME
        elif s in "dmhysDMHYS" and not ap and brackets == 0:
            return _DATETIME
        elif not (hms and s.lower() == prev.lower()):
            hms = prev == "[" and s in "mhsMHS"
        prev = s
    return _OTHER


def style_kinds(z: zipfile.ZipFile, names: set[str]) -> list[int]:
    """For each cell style (cellXfs), whether its number format is a date/time, a duration or other."""
    member = "xl/styles.xml"
    if member not in names:
        return []
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth_xfs = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth_xfs
        local = _local(name)
        if local == "numFmt":
            try:
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif local == "cellXfs":
            depth_xfs += 1
        elif local == "xf" and depth_xfs:
            try:
                formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(name: str) -> None:
        nonlocal depth_xfs
        if _local(name) == "cellXfs":
            depth_xfs -= 1

    p = _parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    for _ in _feed(z, member, p):
        pass
    kinds = []
    for fmt in formats:
        if fmt in custom:
            kinds.append(custom_format_kind(custom[fmt]))
        elif fmt in _BUILTIN_DATES:
            kinds.append(_DATETIME)
        else:
            kinds.append(_DURATION if fmt == _BUILTIN_DURATION else _OTHER)
    return kinds


def is_1904(z: zipfile.ZipFile) -> bool:
    try:
        data = z.read("xl/workbook.xml")
    except KeyError:
        return False
    m = re.search(rb'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="([^"]*)"', data)
    return m is not None and m.group(1) in (b"1", b"true")


def _round(x: float) -> int:
    """Rust's f64::round: halves away from zero (Python's round() goes to even)."""
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def excel_datetime(value: float, kind: int, date1904: bool) -> Any:
    """A date-styled number as python-calamine gives it: timedelta for a duration; a time below one day,
    a date at midnight, else a datetime; to the millisecond."""
    if kind == _DURATION:
        return timedelta(milliseconds=_round(value * 86_400_000))
    f = value + _1904_OFFSET if date1904 else value
    if f < 60:
        f += 1  # Excel's 1900 counts a 29 February that never was
    moment = _EPOCH + timedelta(milliseconds=_round(f * 86_400_000))
    if moment.date() == date(1899, 12, 31):
        return moment.time()
    if moment.time() == time(0):
        return moment.date()
    return moment


def _column(ref: str, letters_cache: dict[str, int]) -> int:
    m = _REF_LETTERS.match(ref)
    if m is None:
        raise SheetXmlError(f"单元格引用“{ref[:20]}”无效")
    letters = m.group(0)
    found = letters_cache.get(letters)
    if found is None:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        found = letters_cache[letters] = n - 1
    return found


#: A cell holding a value: its reference, then (after an optional formula) a <v> with text or an <is>.
_VALUED = re.compile(rb'\sr="([A-Z]{1,3})[0-9]{1,7}"[^>]*(?<!/)>\s*'
                     rb'(?:<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*)?<(?:\w+:)?(?:v(?:\s[^>]*)?>[^<]|is\b)')


def sheet_width(pieces: Iterable[bytes]) -> int:
    """The columns up to the last cell holding a value, read with a regular expression as a stream:
    calamine pads every row to its sheet's range, which leaves out styled empty cells (`<c …/>`) and
    formulas saved without a result. The rows are padded to this. `pieces`: the part's bytes, each cut
    before a cell or row tag (reading._pieces)."""
    widest = 0
    cache: dict[str, int] = {}
    for piece in pieces:
        for letters in set(_VALUED.findall(piece)):
            widest = max(widest, _column(letters.decode(), cache) + 1)
    return widest


def iter_rows(z: zipfile.ZipFile, member: str, strings: SharedStrings, kinds: list[int], date1904: bool,
              width: int) -> Iterator[list[Any]]:
    """The rows of one worksheet part, from row 1, each `width` cells wide (longer if a row has more)."""
    done: list[tuple[int, list[Any]]] = []  # rows ended in the last piece parsed: (row from 0, cells)
    cells: list[Any] = []
    row_at = -1
    col = -1
    ctype = "n"
    kind = 0  # of the cell's number format: _OTHER, _DATETIME or _DURATION
    text: list[str] = []
    collecting = False
    in_is = False
    depth_rph = 0
    cache: dict[str, int] = {}
    nstrings = len(strings)
    # Each style attribute as written → the kind of its number format (no int() per cell).
    kind_of = {str(i): k for i, k in enumerate(kinds)}

    def _kind_of(s: str) -> int:
        try:
            i = int(s)
        except ValueError:
            return _OTHER
        return kinds[i] if 0 <= i < len(kinds) else _OTHER

    #: Whole-day dates as written → their value: a day repeats from row to row (three date columns in
    #: each of 670,000 progress entries), the conversion is a few datetime steps.
    days: dict[tuple[str, int], Any] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row_at, col, ctype, kind, collecting, in_is, depth_rph, text
        # A Python step per event is what this costs (11.4 M cells: five events each): the usual events
        # first, no call that can be saved.
        if name == "c":
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                found = cache.get(letters)
                col = found if found is not None else _column(ref, cache)
            else:
                col += 1
            ctype = attrs.get("t", "n")
            s = attrs.get("s")
            kind = (kind_of[s] if s in kind_of else _kind_of(s)) if s else 0
            text = []
            return
        if name == "v":
            collecting = not in_is
            return
        if ":" in name:
            name = _local(name)
            if name in ("c", "v"):
                start(name, attrs)
                return
        if name == "row":
            r = attrs.get("r")
            row_at = int(r) - 1 if r else row_at + 1
            col = -1
            cells.clear()
        elif name == "is":
            in_is = True
        elif name == "t":
            collecting = in_is and not depth_rph
        elif name == "rPh":
            depth_rph += 1

    def end(name: str) -> None:
        nonlocal collecting, in_is, depth_rph
        if name == "v":
            collecting = False
            return
        if ":" in name:
            name = _local(name)
        if name == "c":
            collecting = False
            if len(text) == 1 and ctype == "s":  # the usual cell: a shared string
                try:
                    value: Any = strings.get(int(text[0]))
                except (ValueError, IndexError):
                    value = _value()  # says what is wrong
            elif len(text) == 1 and ctype == "n" and kind:  # a number in a date style
                raw = text[0]
                value = days.get((raw, kind))
                if value is None:
                    value = _value()
                    if "." not in raw and len(days) < 100_000:
                        days[(raw, kind)] = value
            elif len(text) == 1 and ctype == "n":  # a plain number
                try:
                    value = float(text[0])
                except ValueError:
                    value = _value()  # says what is wrong
            else:
                value = _value()
            if value is not None:
                if col == len(cells):
                    cells.append(value)
                elif col < len(cells):
                    cells[col] = value
                else:
                    cells.extend([""] * (col - len(cells)))
                    cells.append(value)
        elif name == "t":
            collecting = False
        elif name == "row":
            if cells:
                done.append((row_at, cells.copy()))
        elif name == "is":
            in_is = False
        elif name == "rPh":
            depth_rph -= 1

    def chars(data: str) -> None:
        if collecting:
            text.append(data)

    def _value() -> Any:
        """The cell's value, or None when calamine takes it for empty."""
        raw = "".join(text) if len(text) != 1 else text[0]
        if ctype == "s":
            if not raw:
                return None
            try:
                i = int(raw)
            except ValueError:
                raise SheetXmlError(f"共享文字编号“{raw[:20]}”无效") from None
            if not 0 <= i < nstrings:
                raise SheetXmlError(f"共享文字编号 {i} 超出范围")
            return strings.get(i)
        if ctype == "n":
            if not raw:
                return None
            try:
                number = float(raw)
            except ValueError:
                raise SheetXmlError(f"数值“{raw[:20]}”无效") from None
            return excel_datetime(number, kind, date1904) if kind else number
        if ctype == "str":
            return raw if raw else None
        if ctype == "inlineStr":
            return unescape_x(raw) if raw else None
        if ctype == "b":
            return None if not raw else raw != "0"
        if ctype == "d":
            if not raw:
                return None
            try:
                moment = datetime.fromisoformat(raw)
            except ValueError:
                raise SheetXmlError(f"日期“{raw[:30]}”无效") from None
            return moment.date() if moment.time() == time(0) and "T" not in raw else moment
        return None  # "e": an error value, which calamine gives as empty

    p = _parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    next_row = 0
    for _ in _feed(z, member, p):
        for at, row in done:
            if at < next_row:
                raise SheetXmlError(f"第 {at + 1} 行出现在第 {next_row} 行之后")
            while next_row < at:  # rows without a value before this one
                next_row += 1
                yield [""] * width
            if len(row) < width:
                row.extend([""] * (width - len(row)))
            next_row = at + 1
            yield row
        done.clear()
