"""Opening spreadsheets that arrive from anywhere, safely.

Before any parser sees a workbook: size limits, the zip's member sizes and
compression ratios (zip bombs), XML entity declarations (billion laughs), the
extent of the cells (a sheet with one cell at A1 and one at XFD1048576 makes
the reader allocate the whole grid — the process dies) and the text that
shared strings expand to. Encrypted workbooks are OLE containers: they are
called password-protected, not "not a zip". Values are read with
python-calamine (also legacy .xls and Strict OOXML), never formulas: formula
cells are reported and their saved results read. CSV in UTF-8 (with or
without BOM) and GBK/GB18030."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from app.errors import UserError
from app.exchange import sheet_xml
from app.exchange.cells import UncachedFormula

#: The packed file. Memory, not this, is what bounds a workbook now: a county of 10,000 enterprises
#: exports 158 MB; see docs/exchange-format.md for what each limit protects and why it is where it is.
MAX_FILE_BYTES = 1024 * 1024 * 1024
MAX_CSV_BYTES = 100 * 1024 * 1024
#: One part unpacked: a sanity bound only (every part is read as a stream; a county of 10,000
#: enterprises has a 378 MiB sheet).
MAX_MEMBER_BYTES = 8 * 1024 * 1024 * 1024
MAX_MEMBERS = 5000
#: Deflate reaches 3–10 on real sheets, 30 on a column of one repeated value; bombs reach thousands.
#: Checked for each part over 1 MB and for the workbook as a whole — never an absolute total, which a
#: real county's whole database reaches (774 MiB at 10,000 enterprises).
MAX_RATIO = 150
MAX_TOTAL_RATIO = 100
#: The grid of one sheet, which the reader allocates at once (32 bytes a cell): sheets are read one
#: at a time, so the limit is per sheet (summed over sheets, 30 M refused a county's whole database).
MAX_SHEET_CELLS = 60_000_000
#: The text (UTF-8 bytes, tags included: a bound) that shared strings expand to in the whole workbook:
#: any file may reach MAX_TEXT_CHARS, a bigger one MAX_TEXT_RATIO times its packed size. A county's
#: whole database expands 2.7 times (426 M from 158 MB); one long string in thousands of cells of a
#: small file expands thousands of times — the attack this refuses.
MAX_TEXT_CHARS = 150_000_000
MAX_TEXT_RATIO = 8
MAX_CELL_CHARS = 32_767
#: A sheet's grid larger than this, with fewer than one cell in SPARSE_RATIO holding a value, is refused
#: (real sheets, even the merged ledger's 400,000 progress rows, are far denser).
SPARSE_MIN_CELLS = 2_000_000
SPARSE_RATIO = 20
#: A workbook with a worksheet part unpacking to more than this is read by a streaming XML parse
#: (app.exchange.sheet_xml) instead of python-calamine, which loads a whole sheet at once: a county's
#: 378 MiB 办理进展 took the reader past 1 GB. Cadre workbooks (a few MB at most) keep calamine's speed.
STREAM_PART_BYTES = 48 * 1024 * 1024

#: Where a DOCTYPE could be: XML allows one only before the first element.
PROLOG_BYTES = 65536
SHARED_STRINGS = "xl/sharedStrings.xml"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
#: Files an office finds among the workbooks sent in, which hold data but cannot be read here:
#: each is reported with what to do, never passed over in silence.
UNREADABLE_FORMATS = {
    ".et": "是 WPS 表格文件（.et），请在 WPS 中“另存为”Excel 工作簿（.xlsx）后再导入",
    ".ett": "是 WPS 表格模板（.ett），请在 WPS 中“另存为”Excel 工作簿（.xlsx）后再导入",
    ".xlsb": "是 Excel 二进制工作簿（.xlsb），请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入",
    ".ods": "是 OpenDocument 表格（.ods），请“另存为”Excel 工作簿（.xlsx）后再导入",
    ".numbers": "是 Numbers 表格，请导出为 Excel 工作簿（.xlsx）后再导入",
    ".zip": "是压缩包，请先解压，再导入其中的工作簿",
    ".rar": "是压缩包，请先解压，再导入其中的工作簿",
    ".7z": "是压缩包，请先解压，再导入其中的工作簿",
}
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,3})[0-9]{1,7}"')
_CELL_ROW = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')
_FORMULA = re.compile(rb' r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<(?:\w+:)?f[\s>/]')
_SHARED_REF = re.compile(rb't="s"[^>]*>\s*<(?:\w+:)?v>([0-9]+)<')
_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


class UnreadableFile(UserError):
    """A file that cannot be read at all; nothing from it is imported."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"文件“{path.name}”无法导入：{reason}；未导入其中任何内容")


class Sheet:
    """A sheet's rows, from the first row (row 1 is index 0) and the first column. Either given whole
    (`rows`) or read as a stream (`iter_rows()`): a sheet of 670,000 rows made whole took a gigabyte
    beside the reader's own copy; a stream holds one row at a time. `rows` makes the stream whole
    (once) for the callers that need to look at a sheet more than once (a roster's guess and read)."""

    def __init__(self, name: str, rows: list[list[Any]] | None = None, formula_cells: list[str] | None = None,
                 *, stream: Callable[[], Iterator[list[Any]]] | None = None) -> None:
        assert rows is not None or stream is not None
        self.name = name
        self._rows = rows
        self._stream = stream
        #: Cells holding a formula (A1 references): their saved results were read, nothing was calculated.
        self.formula_cells: list[str] = formula_cells if formula_cells is not None else []

    @property
    def rows(self) -> list[list[Any]]:
        if self._rows is None:
            assert self._stream is not None
            self._rows = list(self._stream())
        return self._rows

    def iter_rows(self) -> Iterator[list[Any]]:
        """Each row in turn (a list the caller may keep); an unreadable cell raises UnreadableFile."""
        if self._rows is not None:
            return iter(self._rows)
        assert self._stream is not None
        return self._stream()


@dataclass
class Book:
    path: Path
    kind: str  # xlsx, xls or csv
    sheet_names: list[str]
    _calamine: CalamineWorkbook | None = None
    _csv_rows: list[list[Any]] | None = None
    _formulas: dict[str, list[str]] = field(default_factory=dict)
    #: Per sheet, formula cells saved without a result: (row, column) from 0 → the formula.
    _uncached: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    #: The last row number of each sheet, as far as the checks before parsing saw it (.xlsx and .csv).
    sheet_rows: dict[str, int] = field(default_factory=dict)
    #: Set for a workbook read by the streaming XML parse (see STREAM_PART_BYTES) instead of calamine.
    _xml: _XmlSheets | None = None
    #: The sheet read last, kept until another is read: a spreadsheet that is not an exchange
    #: workbook is read by the policy-list check and then by the roster import (parsing a
    #: 10,000-row sheet twice cost 0.15 s). Callers only read its rows.
    _last: Sheet | None = None

    def sheet(self, name: str) -> Sheet:
        if self._csv_rows is not None:
            return Sheet(name, self._csv_rows)
        if self._last is not None and self._last.name == name:
            return self._last
        self._last = None  # not held while the next one is read
        self._last = Sheet(name, None, self._formulas.get(name, []), stream=lambda: self._stream(name))
        return self._last

    def _stream(self, name: str) -> Iterator[list[Any]]:
        """The sheet's rows as the reader gives them, from A1, with formulas saved without a result put
        in their cells. The reader's grid of the sheet lives while the stream does (a few bytes a cell,
        where the same rows as Python lists took ten times more)."""
        uncached: dict[int, dict[int, str]] = {}
        for (r, c), formula in self._uncached.get(name, {}).items():
            uncached.setdefault(r, {})[c] = formula
        last_uncached = max(uncached, default=-1)
        try:
            if self._xml is not None:
                start: tuple[int, int] | None = None  # rows from column A already
                rows: Iterator[list[Any]] = self._xml.iter_rows(name)
            else:
                assert self._calamine is not None
                sheet = self._calamine.get_sheet_by_name(name)
                start = sheet.start
                rows = sheet.iter_rows()
            # The reader gives rows from row 1 but columns from the first one used.
            pad: list[Any] = [""] * start[1] if start is not None else []
            index = -1
            if not pad and not uncached:
                yield from rows  # the usual sheet: rows as the reader gives them, without a step per row here
                return
            for index, row in enumerate(rows):
                if pad:
                    row = pad + row
                if index in uncached:
                    _put_uncached(row, uncached[index])
                yield row
        except (CalamineError, sheet_xml.SheetXmlError) as exc:
            raise UnreadableFile(self.path, f"工作表“{name}”已损坏（{_short(exc)}）") from None
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise UnreadableFile(self.path, f"文件已损坏（{_short(exc)}）") from None
        except BaseException as exc:
            if not _is_reader_panic(exc):
                raise
            # The Rust reader panics on some values (e.g. a date cell far outside Excel's range).
            raise UnreadableFile(self.path, f"工作表“{name}”含有无法读取的单元格（{_short(exc)}）") from None
        for r in range(index + 1, last_uncached + 1):
            # Formulas without a result beyond the last row the reader saw (it takes them for empty).
            row = []
            _put_uncached(row, uncached.get(r, {}))
            yield row

    def close(self) -> None:
        self._last = None
        if self._calamine is not None:
            self._calamine.close()
        if self._xml is not None:
            self._xml.close()


class _XmlSheets:
    """A workbook's sheets read by the streaming XML parse: its zip kept open, the shared strings and
    the cell styles read once, on the first sheet asked for."""

    def __init__(self, path: Path, parts: dict[str, str], widths: dict[str, int]) -> None:
        self._zip = zipfile.ZipFile(path)
        self._parts = parts
        self._widths = widths
        self._strings: sheet_xml.SharedStrings | None = None
        self._kinds: list[int] = []
        self._1904 = False

    def iter_rows(self, name: str) -> Iterator[list[Any]]:
        member = self._parts.get(name)
        if member is None:
            raise sheet_xml.SheetXmlError(f"找不到工作表“{name}”")
        if self._strings is None:
            names = set(self._zip.namelist())
            self._strings = (sheet_xml.SharedStrings.read(self._zip, SHARED_STRINGS) if SHARED_STRINGS in names
                             else sheet_xml.SharedStrings())
            self._kinds = sheet_xml.style_kinds(self._zip, names)
            self._1904 = sheet_xml.is_1904(self._zip)
        return sheet_xml.iter_rows(self._zip, member, self._strings, self._kinds, self._1904, self._widths[name])

    def close(self) -> None:
        self._strings = None
        self._zip.close()


def _put_uncached(row: list[Any], formulas: dict[int, str]) -> None:
    """The reader gives a formula cell saved without a result as empty: it holds the formula instead,
    which no cell reader takes for a value (app.exchange.cells.UncachedFormula)."""
    for c, formula in formulas.items():
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        if row[c] in (None, ""):
            row[c] = UncachedFormula(formula)


def _is_reader_panic(exc: BaseException) -> bool:
    """pyo3's PanicException derives from BaseException, so `except Exception` misses it."""
    return type(exc).__name__ == "PanicException"


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def open_book(path: Path) -> Book:
    """Check and open a spreadsheet; raises UnreadableFile with one plain reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise UnreadableFile(path, "文件不存在") from None
    except OSError as exc:
        raise UnreadableFile(path, f"无法打开（{exc.strerror or exc}）") from None
    if size == 0:
        raise UnreadableFile(path, "文件为空")
    suffix = path.suffix.lower()
    if suffix in UNREADABLE_FORMATS:
        raise UnreadableFile(path, UNREADABLE_FORMATS[suffix])
    if suffix in (".csv", ".txt"):
        return _open_csv(path, size)
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(path, f"文件过大（{size / 1e6:.0f} MB，最多 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    if head.startswith(OLE_SIGNATURE):
        return _open_ole(path)
    if head.startswith(ZIP_SIGNATURE):
        return _open_xlsx(path)
    raise UnreadableFile(path, _not_a_spreadsheet(path, head))


def _not_a_spreadsheet(path: Path, head: bytes) -> str:
    with path.open("rb") as fh:
        start = fh.read(512).lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        return "是网页（HTML）文件，不是 Excel 工作簿，请在 Excel 中另存为 .xlsx 后再导入"
    if head.startswith(b"%PDF"):
        return "是 PDF 文件，不是电子表格"
    return "不是电子表格文件（文件内容不是 .xlsx、.xls 或 .csv）"


def _open_ole(path: Path) -> Book:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise UnreadableFile(path, "工作簿设有打开密码（已加密），请在 Excel 中取消密码后再导入")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise UnreadableFile(path, "是 Office 文件，但不是 Excel 工作簿（可能是 Word 文档）")
    return _calamine(path, "xls", {})


def _open_xlsx(path: Path) -> Book:
    threshold = STREAM_PART_BYTES  # read here, not bound at import: tests lower it
    xml: _XmlSheets | None = None
    try:
        with zipfile.ZipFile(path) as z:
            formulas, rows, uncached = _check_zip(path, z)
            parts = _sheet_files(z)
            sizes = {i.filename: i.file_size for i in z.infolist()}
            if parts and max(sizes.get(m, 0) for m in parts.values()) > threshold:
                # One sheet's rows at a time, not the whole sheet: python-calamine is left out of this book.
                present = {n: m for n, m in parts.items() if m in sizes}
                widths = {n: sheet_xml.sheet_width(_pieces(z, m, _CELL_OR_ROW)) for n, m in present.items()}
                xml = _XmlSheets(path, present, widths)
    except zipfile.BadZipFile:
        raise UnreadableFile(path, "文件已损坏（不是完整的 .xlsx 压缩包）") from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error) as exc:
        raise UnreadableFile(path, f"文件已损坏（{_short(exc)}）") from None
    if xml is not None:
        book = Book(path, "xlsx", list(xml._parts), None, None, formulas, _xml=xml)
    else:
        book = _calamine(path, "xlsx", formulas)
    book.sheet_rows = rows
    book._uncached = uncached
    return book


def _calamine(path: Path, kind: str, formulas: dict[str, list[str]]) -> Book:
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise UnreadableFile(path, "工作簿设有打开密码（已加密），请在 Excel 中取消密码后再导入") from None
    except CalamineError as exc:
        raise UnreadableFile(path, f"文件已损坏或格式无法识别（{_short(exc)}）") from None
    except (OSError, ValueError) as exc:
        raise UnreadableFile(path, f"文件已损坏或格式无法识别（{_short(exc)}）") from None
    except BaseException as exc:
        if not _is_reader_panic(exc):
            raise
        raise UnreadableFile(path, f"文件已损坏或格式无法识别（{_short(exc)}）") from None
    names = list(wb.sheet_names)
    if not names:
        raise UnreadableFile(path, "工作簿中没有可识别的工作表")
    return Book(path, kind, names, wb, None, formulas)


def _check_zip(path: Path, z: zipfile.ZipFile
               ) -> tuple[dict[str, list[str]], dict[str, int], dict[str, dict[tuple[int, int], str]]]:
    """Refuse bombs and entity attacks before parsing; find formula cells (and those saved without a
    result) and row counts per sheet. Every part is read as a stream, a few megabytes at a time: a
    county's whole database has a 400 MB sheet, which read whole took the check alone to 900 MB."""
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(path, f"压缩包内文件过多（{len(infos)} 个），疑似恶意文件")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        if "word/document.xml" in names:
            raise UnreadableFile(path, "是 Word 文档，不是 Excel 工作簿")
        raise UnreadableFile(path, "是压缩文件，但不是 Excel 工作簿")
    _check_sizes(path, infos)
    # Read with regular expressions only (no parser) to find the parts read in full below.
    sheet_files = _sheet_files(z)
    read_in_full = {*sheet_files.values(), SHARED_STRINGS}
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.filename not in read_in_full:
            with z.open(info) as fh:
                _refuse_entities(path, fh.read(PROLOG_BYTES))
    text_limit = max(MAX_TEXT_CHARS, MAX_TEXT_RATIO * sum(i.compress_size for i in infos))
    shared_text = _SharedText(z, _shared_string_lengths(path, z, names), text_limit)
    formulas: dict[str, list[str]] = {}
    uncached: dict[str, dict[tuple[int, int], str]] = {}
    rows: dict[str, int] = {}
    for sheet_name, member in sheet_files.items():
        if member not in names:
            continue
        scan = _scan_sheet(path, z, member)
        extent, rows[sheet_name] = scan.extent, scan.rows
        if extent > MAX_SHEET_CELLS:
            # A bound: the exact grid decides (the bound of a 670,000-row sheet of 17 columns is 26 M).
            extent, rows[sheet_name] = _exact_extent(z, member)
        if extent > MAX_SHEET_CELLS:
            raise UnreadableFile(path, f"工作表“{sheet_name}”的单元格范围过大（数据分布到极远的行列），疑似恶意文件")
        if extent > SPARSE_MIN_CELLS:
            # The reader makes the whole grid: one column filled down to row 1,048,576 beside a 13-column
            # header cost 30 s and 1.7 GB before its rows were rejected. A row of any real sheet has at
            # least two values (an exchange row seven: ID and sync columns; a roster row a name and a code).
            valued = scan.valued
            if valued * SPARSE_RATIO < extent or valued < 2 * rows[sheet_name]:
                # `extent` may be a bound (99,999 rows × 26 columns for a 10,000-row roster): the exact
                # grid decides, or every roster of 10,000 to 99,999 rows was refused.
                extent, rows[sheet_name] = _exact_extent(z, member)
            if valued * SPARSE_RATIO < extent or valued < 2 * rows[sheet_name]:
                raise UnreadableFile(path, f"工作表“{sheet_name}”延伸到第 {rows[sheet_name]} 行，但大多数行几乎是空的"
                                           "（多半是整列被误填或远处的单元格留有内容）：请删除多余的行后再导入")
        if not shared_text.add(member, scan.shared_cells):
            raise UnreadableFile(path, "共享文字展开后过大（疑似恶意文件）")
        if scan.formulas:
            formulas[sheet_name] = scan.formulas
            if scan.uncached:
                uncached[sheet_name] = scan.uncached
    return formulas, rows, uncached


_FORMULA_START = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_OPEN = re.compile(rb'<(?:\w+:)?c\b([^>]*)>')
_CELL_CLOSE = re.compile(rb"</(?:\w+:)?c>")
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_STRING_TYPE = re.compile(rb'\bt="str"')


def uncached_formulas(data: bytes) -> dict[tuple[int, int], str]:
    """The formula cells of a worksheet part saved without a result (no <v>, or an empty one that is
    not a formula's empty text): (row, column) from 0 → the formula's text. Found from each formula
    tag back to its cell's opening tag, so a sheet's plain cells are never scanned."""
    out: dict[tuple[int, int], str] = {}
    for m in _FORMULA_START.finditer(data):
        # A cell's formula is its first child: the tag before it opens the cell.
        start = data.rfind(b"<", 0, m.start())
        opening = _CELL_OPEN.match(data, start) if start >= 0 else None
        close = _CELL_CLOSE.search(data, m.start())
        if opening is None or close is None:
            continue
        ref = _REF.search(opening.group(1))
        if ref is None:
            continue
        inner = data[m.start():close.start()]
        value = _VALUE.search(inner)
        if value is not None and (value.group(1).strip() or _STRING_TYPE.search(opening.group(1))):
            continue
        letters, digits = ref.group(1).decode(), int(ref.group(2))
        column = 0
        for ch in letters:
            column = column * 26 + ord(ch) - 64
        text = _FORMULA_TEXT.search(inner)
        out[(digits - 1, column - 1)] = _unescape(text.group(1).decode("utf-8", "replace")) if text else ""
    return out


def _valued_cells(data: bytes) -> int:
    """Cells holding a value (<v> or an inline string), counted without parsing; a bound from above
    (a prefixed closing tag counts too), which is the safe side for the sparseness check."""
    return data.count(b"<v>") + data.count(b"<v ") + data.count(b":v>") + data.count(b"<is>") + data.count(b":is>")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Zip bombs: a part that unpacks to far more than real sheets do, alone or all together."""
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnreadableFile(path, f"其中一个部件解压后过大（{info.file_size / 2**20:.0f} MB，"
                                       f"最多 {MAX_MEMBER_BYTES // 2**20} MB），疑似“压缩炸弹”")
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFile(path, "压缩比异常（疑似“压缩炸弹”）")
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unpacked > 1_000_000 and unpacked > MAX_TOTAL_RATIO * max(packed, 1):
        raise UnreadableFile(path, "压缩比异常（疑似“压缩炸弹”）")


def _sheet_files(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part, from workbook.xml and its relationships."""
    try:
        wb = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {m.group(1).decode(): m.group(2).decode()
               for m in re.finditer(rb'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets.update({m.group(2).decode(): m.group(1).decode()
                    for m in re.finditer(rb'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    out: dict[str, str] = {}
    for m in re.finditer(rb'<(?:\w+:)?sheet\b[^>]*>', wb):
        tag = m.group(0)
        name = re.search(rb'name="([^"]*)"', tag)
        rid = re.search(rb'(?:\w+:)?id="([^"]*)"', tag)
        if not name or not rid:
            continue
        target = targets.get(rid.group(1).decode(), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out[_unescape(name.group(1).decode())] = member
    return out


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _refuse_entities(path: Path, prolog: bytes) -> None:
    """An XML part declaring a DOCTYPE or entities (billion laughs) is never parsed."""
    if _DOCTYPE.search(prolog):
        raise UnreadableFile(path, "含有 XML 实体声明（疑似 XML 实体攻击文件）")


#: A part is read this much at a time, cut before the last tag that opens a cell or row (a shared
#: string in the shared strings), so that no pattern below is ever split between two pieces.
_PIECE_BYTES = 4 << 20
#: A piece grows past _PIECE_BYTES only while it holds no place to cut; a real part has one every
#: few hundred bytes (a cell holds at most 32,767 characters).
_PIECE_MAX = 64 << 20
_CELL_OR_ROW = re.compile(rb"<(?:\w+:)?(?:c|row)[\s>/]")
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si>")


def _pieces(z: zipfile.ZipFile, member: str, cut: re.Pattern[bytes]) -> Iterator[bytes]:
    """A part's bytes, a few megabytes at a time, each piece ending just before a tag `cut` matches."""
    with z.open(member) as fh:
        carry = b""
        chunk = fh.read(_PIECE_BYTES)
        while chunk:
            # One piece read ahead: the last piece of a part needs no place to cut (nothing follows it to be
            # split), and most parts are one piece — looking for the cut cost 0.15 ms a part, 20% of the checks.
            following = fh.read(_PIECE_BYTES)
            buf = carry + chunk if carry else chunk
            chunk = following
            if not following:
                carry = b""
                yield buf
                break
            at = _last_match(cut, buf)
            if at <= 0 and len(buf) < _PIECE_MAX:
                carry = buf
                continue
            at = at if at > 0 else len(buf)
            carry = buf[at:]
            yield buf[:at]
        if carry:
            yield carry


def _last_match(pattern: re.Pattern[bytes], buf: bytes) -> int:
    """Where the last match of `pattern` in `buf` starts (searched from the end); -1 when none."""
    window = 1 << 12  # a real part has a place to cut every few hundred bytes
    while True:
        start = max(0, len(buf) - window)
        last = -1
        for m in pattern.finditer(buf, start):
            last = m.start()
        if last >= 0 or start == 0:
            return last
        window *= 16


class _SheetScan:
    """What the checks need of a worksheet part, found in one streamed pass: the highest row
    number, a bound of the columns, the cells holding values or shared strings, the formulas."""

    def __init__(self) -> None:
        self.rows = 0
        #: Digits of the longest row number of any reference (cell or row): 10**digits - 1 bounds every row.
        self.digits = 0
        self.columns = 0
        self._valued = 0
        self.shared_cells = 0
        self.formulas: list[str] = []
        self.uncached: dict[tuple[int, int], str] = {}
        #: The last piece, its values not yet counted: most sheets are one piece and too small to be sparse.
        self._held: bytes | None = None
        self._piece_count = 0

    @property
    def extent(self) -> int:
        """A bound from above of the cells the reader allocates (used rows times used columns)."""
        return (10 ** self.digits - 1) * self.columns if self.digits else 0

    @property
    def valued(self) -> int:
        """Cells holding a value (see _valued_cells). Those of the last piece are counted when asked:
        only the sparseness check asks, for a sheet whose grid could be large (SPARSE_MIN_CELLS), and
        most sheets are one small piece — counting every piece was a sixth of the checks."""
        if self._held is not None:
            self._valued += _valued_cells(self._held)
            self._held = None
        return self._valued

    def add(self, piece: bytes) -> None:
        highest, plain = _highest_row(piece)
        self.rows = max(self.rows, highest)
        if plain and highest:
            # A plain row tag ( r="N") is a reference of len(N) digits: the searches below up to it match.
            self.digits = max(self.digits, len(str(highest)))
        while self.digits < len(_DIGITS) and _DIGITS[self.digits].search(piece):
            self.digits += 1
        # No reference of two or three letters: none of the bounds below matches (one search, not three).
        if self.columns < 16_384 and _WIDE.search(piece):
            for columns, pattern in _COLUMN_BOUNDS:
                if columns <= self.columns:
                    break
                if pattern.search(piece):
                    self.columns = columns
                    break
        if not self.columns and b' r="' in piece:
            self.columns = 26
        if self._held is not None:
            self._valued += _valued_cells(self._held)
        self._held = piece
        self._piece_count += 1
        self.shared_cells += piece.count(b't="s"')
        # A plain substring search first: the pattern's leading "<" matches at every tag.
        if (b"<f" in piece or b":f" in piece) and _ANY_FORMULA.search(piece):
            found = _FORMULA.findall(piece)
            if found:
                self.formulas.extend(f.decode() for f in found)
                self.uncached.update(uncached_formulas(piece))


    def finish(self) -> None:
        """The part is read: a sheet of several pieces has its last one counted now, not held."""
        if self._piece_count > 1:
            _ = self.valued


def _highest_row(piece: bytes) -> tuple[int, bool]:
    """The highest row number of the row tags (<row … r="N">), and whether every row tag was plain. Row
    tags as writers write them, r first and no prefix, are found by a pattern starting with a literal
    (a tenth of the time of the general one, which tries every "<"); when any "<row" is not of that
    form, or a prefixed tag is present, the general pattern reads the piece."""
    found = _PLAIN_ROW_TAGS.findall(piece)
    if len(found) != piece.count(b"<row") or b":row" in piece:
        return max(map(int, _ROW_TAGS.findall(piece)), default=0), False
    return max(map(int, found), default=0), True


_PLAIN_ROW_TAGS = re.compile(rb'<row r="([0-9]{1,7})"')
_WIDE = re.compile(rb' r="[A-Z]{2,3}[0-9]')
#: A reference with more than n digits in its row number, for n from 0 (compiled once, not per piece).
_DIGITS = tuple(re.compile(rb' r="[A-Z]{0,3}[0-9]{%d,}"' % (n + 1)) for n in range(12))
_COLUMN_BOUNDS = ((16_384, re.compile(rb' r="[A-Z]{3}[0-9]')), (702, re.compile(rb' r="[B-Z][A-Z][0-9]')),
                  (52, re.compile(rb' r="A[A-Z][0-9]')))


def _scan_sheet(path: Path, z: zipfile.ZipFile, member: str) -> _SheetScan:
    scan = _SheetScan()
    head = b""
    for piece in _pieces(z, member, _CELL_OR_ROW):
        if len(head) < PROLOG_BYTES:
            head += piece[:PROLOG_BYTES - len(head)]
            _refuse_entities(path, head)
        scan.add(piece)
    scan.finish()
    return scan


def _shared_string_lengths(path: Path, z: zipfile.ZipFile, names: set[str]) -> array[int]:
    """Bytes of each shared string (with its tags: an upper bound of its text), read as a stream."""
    lengths: array[int] = array("q")
    if SHARED_STRINGS not in names:
        return lengths
    head = b""
    pending = -1  # bytes of the string being measured so far (it may go on in the next piece); -1: none yet
    for piece in _pieces(z, SHARED_STRINGS, _SHARED_ITEM):
        if len(head) < PROLOG_BYTES:
            head += piece[:PROLOG_BYTES - len(head)]
            _refuse_entities(path, head)
        # Split at each <si> in C: the parts between two are the strings (a Python step per match was
        # a fifth of the zip checks of a workbook with a thousand strings).
        parts = _SHARED_ITEM.split(piece)
        if pending >= 0:
            pending += len(parts[0])
        if len(parts) > 1:
            if pending >= 0:
                lengths.append(pending)
            lengths.extend(map(len, parts[1:-1]))
            pending = len(parts[-1])
    if pending >= 0:
        lengths.append(pending)
    return lengths


_ROW_TAGS = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]{1,7})"')


def _exact_extent(z: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """The used rows times the used columns, and the rows, from every cell reference.

    The references are collected by the regular expression engine a piece at a time (a
    Python step per reference cost 0.3 s for a 10,000-row roster); the pieces bound the
    memory (a list of all references took a 1,000,000-row sheet past 500 MB)."""
    letters: set[bytes] = set()
    height = 0
    for piece in _pieces(z, member, _CELL_OR_ROW):
        letters.update(_CELL_COLUMN.findall(piece))
        height = max(height, max(map(int, _CELL_ROW.findall(piece)), default=0))
    width = max((_column_number(c) for c in letters), default=0)
    return width * height, height


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _SharedText:
    """The text a workbook's shared-string cells expand to, held against a limit (MAX_TEXT_CHARS).

    Each sheet is first bounded cheaply (its shared-string cells times the longest string).
    Once the bounds would pass the limit, the sheet is counted exactly, and so are the sheets
    bounded before it, until the figure fits: summed bounds alone refused a workbook that
    LibreOffice had saved, with one long string and many short ones (and a county's whole
    database, whose shared strings include long 问题描述)."""

    def __init__(self, z: zipfile.ZipFile, lengths: array[int], limit: int) -> None:
        self._z = z
        self._limit = limit
        self._lengths = lengths
        self._longest = max(lengths, default=0)
        self._total = 0
        #: Sheet part → the bound counted for it (not yet its exact figure).
        self._bounded: dict[str, int] = {}

    def add(self, member: str, shared_cells: int) -> bool:
        """Count a sheet's text; False when the workbook's text is over the limit."""
        if not self._lengths:
            return True
        bound = shared_cells * self._longest
        if self._total + bound <= self._limit:
            self._total += bound
            self._bounded[member] = bound
            return True
        self._total += self._exact(member)
        while self._total > self._limit and self._bounded:
            earlier, counted = self._bounded.popitem()
            self._total += self._exact(earlier) - counted
        return self._total <= self._limit

    def _exact(self, member: str) -> int:
        lengths = self._lengths
        count = len(lengths)
        total = 0
        for piece in _pieces(self._z, member, _CELL_OR_ROW):
            total += sum(lengths[i] for i in map(int, _SHARED_REF.findall(piece)) if i < count)
        return total


def _open_csv(path: Path, size: int) -> Book:
    if size > MAX_CSV_BYTES:
        raise UnreadableFile(path, f"文件过大（{size / 1e6:.0f} MB，最多 {MAX_CSV_BYTES // 1024 // 1024} MB）")
    raw = path.read_bytes()
    if raw.startswith((ZIP_SIGNATURE, OLE_SIGNATURE)):
        raise UnreadableFile(path, "扩展名是 .csv，内容却是 Excel 工作簿，请把扩展名改为 .xlsx 或 .xls")
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(path, "不是文本文件（含有二进制内容），不能作为 CSV 导入")
    text = _decode(path, raw)
    # Only the delimiter is guessed; quoting follows Excel's rules ("" inside quotes, line
    # breaks inside quoted cells), which the sniffer may otherwise guess wrong.
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows: list[list[Any]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), csv.excel,
                                                             delimiter=delimiter)]
    except csv.Error as exc:
        raise UnreadableFile(path, f"CSV 格式错误（{_short(exc)}）") from None
    for row in rows if '="' in text else ():
        for i, cell in enumerate(row):
            if cell.startswith('="') and cell.endswith('"') and len(cell) > 2:
                # ="0371…": how systems keep codes and leading zeros as text in a CSV; Excel shows the text.
                row[i] = cell[2:-1].replace('""', '"')
    return Book(path, "csv", [path.stem], None, rows, sheet_rows={path.stem: len(rows)})


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(path, "文字编码无法识别（应为 UTF-8 或 GBK/GB18030）")

