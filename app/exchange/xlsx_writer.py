"""A streaming .xlsx writer for the exchange workbook.

openpyxl (even with lxml) spends about 6 µs per cell: 8.7 s for one 50,000-row
problem sheet here, too slow for the merged ledger (millions of cells, target
under 10 s). This writer emits the SpreadsheetML itself, row by row, into the
zip: shared strings, real dates, frozen header, column widths and default
styles, drop-down lists, auto-filter and hidden sheets. Every text is written
as a string cell — never a formula — and text a spreadsheet would take for a
formula gets Excel's quote prefix so it stays text when a person edits it.

Memory stays flat however many rows are written. The shared-string table is
written to a temporary file beside the workbook as it grows and copied into the
zip at the end; only the texts of columns that repeat themselves (units,
statuses, names beside IDs) are remembered, so that each is stored once. A
column of mostly new texts (IDs, descriptions, version fingerprints) gets a new
entry per cell and nothing is kept of it. Remembering every distinct text took
the county ledger's export to 645 MB (2.3 million texts). Inline strings would
need no table at all, but they made the progress sheet's part 449 MiB, past the
400 MiB a part may have when the workbook is imported (app.exchange.reading)."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from app import tempfiles
from app.errors import StorageError, UserError, os_reason

EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_CELL_TEXT = 32_767
#: Leading characters that make a spreadsheet (or a CSV reader) treat text as a formula.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")

#: A column whose texts are mostly new (more than half of its rows after the first SHARE_TRIAL new
#: ones) stops being remembered; the remembered texts never pass these bounds, whatever the data
#: (about 250 bytes each with their finished cell end, measured: at most about 125 MB). Past them a repeated
#: text gets an entry per cell, which makes the table bigger: the county ledger remembers about
#: 295,000 (the 99,000 problem IDs its progress entries refer to among them).
SHARE_TRIAL = 512
SHARED_MAX_STRINGS = 500_000
SHARED_MAX_CHARS = 20_000_000

# Cell styles (indexes into cellXfs below).
HEADER, DATE, DATETIME, TEXT, QUOTED, WRAP = 1, 2, 3, 4, 5, 6

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_OOXML_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


#: Anything _escape would change; most texts have none of it and are written as they are.
_NEEDS_ESCAPE = re.compile('[_&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    # A literal "_x0041_" would be decoded by readers; OOXML escapes its underscore.
    text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    text = _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


@dataclass(frozen=True)
class Validation:
    """A drop-down list on a column: inline values, or a range of the hidden list sheet."""

    column: int
    values: tuple[str, ...]
    #: stop refuses other values; warning lets a person type a new one (user-extensible lists).
    strict: bool = True


@dataclass
class _Sheet:
    name: str
    hidden: bool = False
    rows: int = 0
    columns: int = 0
    filtered: bool = False


@dataclass
class XlsxWriter:
    """Write one workbook to `path` atomically: a temporary file beside it, renamed at the end."""

    path: Path
    _sheets: list[_Sheet] = field(default_factory=list)
    #: The remembered texts of the shared-string table and their index (see _new_text).
    _strings: dict[str, int] = field(default_factory=dict)
    #: Entries of the shared-string table, all written to the spool (remembered or not).
    _count: int = 0
    _shared_chars: int = 0
    _spooled: list[str] = field(default_factory=list)
    #: Per column of the sheet being written: texts remembered, and whether it has stopped remembering.
    _misses: list[int] = field(default_factory=list)
    _unique: list[bool] = field(default_factory=list)
    _names: list[str] = field(default_factory=list)
    _lists: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    #: Column letters by index, and finished cell ends by value (see _row).
    _letters: list[str] = field(default_factory=list)
    _ends: dict[str, str] = field(default_factory=dict)
    _header_ends: dict[str, str] = field(default_factory=dict)
    _date_ends: dict[date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        # Litter of an export killed earlier is removed (a younger temporary may be another export's,
        # running), and the folder remembered, so that litter of this one is removed on the next start.
        self._tmp = tempfiles.claim(self.path, tempfiles.registry())
        #: The shared strings' entries as they are made (personal data: private, removed at the end,
        #: and named as our temporaries are so that a kill leaves litter the next start removes).
        self._spool_path = tempfiles.beside(self.path)
        try:
            self._file = tempfiles.open_private(self._tmp)
            self._zip = zipfile.ZipFile(self._file, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
            self._spool = tempfiles.open_private(self._spool_path)
        except OSError as exc:
            self.abort()
            raise StorageError(f"无法写入文件 {self.path}（{os_reason(exc)}），未生成该文件") from None

    # ---- sheets ------------------------------------------------------------
    def add_sheet(
        self,
        name: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        widths: Sequence[float] = (),
        column_styles: Sequence[int] = (),
        validations: Sequence[Validation] = (),
        freeze: bool = True,
        hidden: bool = False,
        header_style: int = HEADER,
    ) -> int:
        """Write a sheet: a header row, then `rows`. Returns the number of data rows."""
        try:
            return self._add_sheet(name, header, rows, widths, column_styles, validations, freeze, hidden,
                                   header_style)
        except OSError as exc:
            self.abort()
            raise StorageError(f"无法写入文件 {self.path}（{os_reason(exc)}），未生成该文件") from None

    def _add_sheet(self, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float],
                   column_styles: Sequence[int], validations: Sequence[Validation], freeze: bool, hidden: bool,
                   header_style: int) -> int:
        sheet = _Sheet(name, hidden, 0, len(header))
        self._sheets.append(sheet)
        index = len(self._sheets)
        ncol = max(len(header), len(widths), 1)
        last_col = column_letter(ncol - 1)
        self._misses = [0] * ncol
        self._unique = [False] * ncol
        with self._zip.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as out:
            self._write_head(out, index, widths, column_styles, freeze)
            out.write(b"<sheetData>")
            out.write(self._row(1, header, header_style).encode())
            buffer: list[str] = []
            n = 0
            for n, values in enumerate(rows, start=1):
                buffer.append(self._row(n + 1, values, 0))
                if len(buffer) >= 500:
                    out.write("".join(buffer).encode())
                    buffer.clear()
            out.write("".join(buffer).encode())
            out.write(b"</sheetData>")
            sheet.rows = n
            if freeze and header:
                sheet.filtered = True
                out.write(f'<autoFilter ref="A1:{last_col}{n + 1}"/>'.encode())
            if validations:
                out.write(self._validations(validations).encode())
            out.write(b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
            out.write(b"</worksheet>")
        return sheet.rows

    def _write_head(self, out: IO[bytes], index: int, widths: Sequence[float], styles: Sequence[int],
                    freeze: bool) -> None:
        selected = ' tabSelected="1"' if index == 1 else ""
        pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' if freeze else ""
        parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS}>',
                 f'<sheetViews><sheetView workbookViewId="0"{selected}>{pane}</sheetView></sheetViews>',
                 '<sheetFormatPr defaultRowHeight="15"/>']
        if widths:
            parts.append("<cols>")
            for i, w in enumerate(widths, start=1):
                style = styles[i - 1] if i - 1 < len(styles) else 0
                style_attr = f' style="{style}"' if style else ""
                parts.append(f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"{style_attr}/>')
            parts.append("</cols>")
        out.write("".join(parts).encode())

    def _row(self, r: int, values: Sequence[Any], style: int) -> str:
        # The merged ledger has millions of cells: each kind of value has its one short path, and a
        # text seen before (most are: units, categories, statuses, names) reuses its finished cell end.
        row = str(r)
        letters = self._letters
        if len(values) > len(letters):
            letters.extend(column_letter(i) for i in range(len(letters), len(values)))
        if len(values) > len(self._unique):
            self._misses.extend([0] * (len(values) - len(self._misses)))
            self._unique.extend([False] * (len(values) - len(self._unique)))
        ends = self._ends if style == 0 else self._header_ends
        cells = [f'<row r="{row}">']
        add = cells.append
        for c, v in enumerate(values):
            kind = type(v)
            if kind is str:
                if not v:
                    continue
                end = ends.get(v)
                if end is None:
                    end = self._new_text(v, c, r, style)
            elif v is None:
                continue
            elif kind is date:
                end = self._date_ends.get(v)
                if end is None:
                    end = self._date_ends[v] = _value_end(v)
            elif isinstance(v, str):  # a subclass of str: written as plain text
                if not v:
                    continue
                v = str(v)  # (an enum's hash is its name's: looked up as the plain text it is written as)
                end = ends.get(v)
                if end is None:
                    end = self._new_text(v, c, r, style)
            else:
                end = _value_end(v)
            add(f'<c r="{letters[c]}{row}"{end}')
        add("</row>")
        return "".join(cells)

    def _new_text(self, v: str, c: int, r: int, style: int) -> str:
        """The end of a text cell whose finished end is not at hand: remembered (with its end) while its
        column repeats itself, a new entry of the table each time in a column of mostly new texts or once
        the remembered texts reach their bounds."""
        if style != 0:  # header cells: few, and always remembered
            end = self._header_ends[v] = self._string_end(v, style, remember=True)
            return end
        if not self._unique[c] and len(self._strings) < SHARED_MAX_STRINGS and self._shared_chars < SHARED_MAX_CHARS:
            misses = self._misses[c] = self._misses[c] + 1
            if misses <= SHARE_TRIAL or 2 * misses <= r:
                end = self._ends[v] = self._string_end(v, style, remember=True)
                return end
            self._unique[c] = True
        return self._string_end(v, style, remember=False)

    def _string_end(self, v: str, style: int, *, remember: bool) -> str:
        """A text cell after its reference: the shared string's index and the cell style."""
        if len(v) > MAX_CELL_TEXT:
            v = v[: MAX_CELL_TEXT - 1] + "…"
        i = self._strings.get(v)
        if i is None:
            i = self._count
            self._count += 1
            if remember:
                self._strings[v] = i
                self._shared_chars += len(v)
            spooled = self._spooled
            spooled.append(f"<si><t{_space(v)}>{_escape(v)}</t></si>")
            if len(spooled) >= 2000:
                self._spool.write("".join(spooled).encode())
                spooled.clear()
        s = QUOTED if looks_like_formula(v) else style
        return f' t="s" s="{s}"><v>{i}</v></c>' if s else f' t="s"><v>{i}</v></c>'

    def _validations(self, validations: Sequence[Validation]) -> str:
        parts = [f'<dataValidations count="{len(validations)}">']
        for v in validations:
            col = column_letter(v.column)
            inline = ",".join(v.values)
            if len(inline) <= 250 and not any("," in x or '"' in x for x in v.values):
                formula = f'"{_escape(inline)}"'
            else:
                formula = self._list_name(v.values)
            style = "stop" if v.strict else "warning"
            parts.append(
                f'<dataValidation type="list" errorStyle="{style}" allowBlank="1" showErrorMessage="1" '
                f'errorTitle="{_escape("请从下拉列表中选择")}" error="{_escape("该值不在下拉列表中")}" '
                f'sqref="{col}2:{col}1048576"><formula1>{formula}</formula1></dataValidation>'
            )
        parts.append("</dataValidations>")
        return "".join(parts)

    def _list_name(self, values: tuple[str, ...]) -> str:
        for name, existing in self._lists:
            if existing == values:
                return name
        name = f"list_{len(self._lists) + 1}"
        self._lists.append((name, values))
        return name

    # ---- finishing ---------------------------------------------------------
    def close(self) -> Path:
        """Finish the workbook and move it under its real name."""
        try:
            if self._lists:
                width = max(len(v) for _, v in self._lists)
                columns = list(zip(*[v + ("",) * (width - len(v)) for _, v in self._lists]))
                self.add_sheet("_lists", [f"{n}" for n, _ in self._lists], columns, freeze=False, hidden=True)
            self._write_parts()
            self._zip.close()
            self._drop_spool()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self._tmp, self.path)
        except PermissionError:
            self.abort()
            raise UserError(f"无法写入 {self.path}：文件可能正被 Excel 等程序打开，请关闭后重试") from None
        except OSError as exc:
            self.abort()
            raise StorageError(f"无法写入文件 {self.path}（{os_reason(exc)}），未生成该文件") from None
        except BaseException:
            self.abort()
            raise
        return self.path

    def abort(self) -> None:
        """Drop the temporary files; the real name is never touched."""
        for name in ("_zip", "_file", "_spool"):
            part = getattr(self, name, None)
            try:
                if part is not None:
                    part.close()
            except (OSError, ValueError):
                pass
        self._drop_spool()
        self._tmp.unlink(missing_ok=True)

    def _drop_spool(self) -> None:
        try:
            self._spool_path.unlink(missing_ok=True)
        except OSError:
            pass  # litter the next start removes (see app.tempfiles)

    def _write_parts(self) -> None:
        z = self._zip
        n = len(self._sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            f"{overrides}</Types>"
        ))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1)
        )
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}"
            f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ))
        sheets = "".join(
            f'<sheet name="{_escape(s.name)}" sheetId="{i}"{" state=" + chr(34) + "hidden" + chr(34) if s.hidden else ""}'
            f' r:id="rId{i}"/>'
            for i, s in enumerate(self._sheets, start=1)
        )
        names = []
        for i, s in enumerate(self._sheets):
            if s.filtered:
                ref = f"'{_escape(s.name)}'!$A$1:${column_letter(s.columns - 1)}${s.rows + 1}"
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{ref}</definedName>')
        for col, (name, values) in enumerate(self._lists):
            letter = column_letter(col)
            names.append(f"<definedName name=\"{name}\">'_lists'!${letter}$2:${letter}${len(values) + 1}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS}>'
            '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}</workbook>"
        ))
        z.writestr("xl/styles.xml", _STYLES)
        self._spool.write("".join(self._spooled).encode())
        self._spooled.clear()
        self._spool.close()
        self._strings.clear()
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {_NS.split(" ")[0]} '
                f'count="{self._count}" uniqueCount="{self._count}">'.encode()
            )
            with open(self._spool_path, "rb") as spool:
                shutil.copyfileobj(spool, out, 1 << 20)
            out.write(b"</sst>")


def _space(text: str) -> str:
    """xml:space="preserve" where a reader would otherwise drop leading or trailing spaces or line breaks."""
    return ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""


def _value_end(v: Any) -> str:
    """A cell after its reference, for a value that is not text: its type, style and value."""
    if isinstance(v, bool):
        return f' t="b"><v>{int(v)}</v></c>'
    if isinstance(v, datetime):
        return f' s="{DATETIME}"><v>{_serial(v)!r}</v></c>'
    if isinstance(v, date):
        return f' s="{DATE}"><v>{(v - EXCEL_EPOCH.date()).days}</v></c>'
    if isinstance(v, (int, float)):
        return f"><v>{v}</v></c>"
    raise TypeError(f"cannot write {type(v).__name__} to a cell")


def _serial(value: datetime) -> float:
    if value.tzinfo is not None:
        raise ValueError("aware datetimes must be converted to the workbook's local time first")
    delta: timedelta = value - EXCEL_EPOCH
    return delta.days + delta.seconds / 86400

