"""The rejection workbook: every rejected row as the file had it, plus 原因,
来源文件 and 原行号, so a person can fix the rows and import the workbook again.
Rows of exchange workbooks keep their sheet names and carry 来源安装, with a
_meta sheet, so the fixed workbook merges as if it came from the original
installations; rows of foreign rosters go to a second workbook (…-企业名录.xlsx)
that imports as a roster."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.exchange import cells
from app.exchange.parse import REJECTS_HEADERS, SOURCE_HEADER, RejectedRow
from app.exchange.schema import FORMAT_NAME, FORMAT_VERSION, META_SHEET
from app.exchange.xlsx_writer import XlsxWriter

REASON, FILE, ROW = REJECTS_HEADERS


def write_rejects(path: Path, rejected: list[tuple[str, list[RejectedRow]]]) -> tuple[Path, ...]:
    """Write the rejection workbook(s); returns the paths written."""
    exchange = [(f, r) for f, rows in rejected for r in rows if r.source]
    roster = [(f, r) for f, rows in rejected for r in rows if not r.source]
    written = []
    if exchange:
        written.append(_write(Path(path), exchange, exchange_meta=exchange[0][1].source))
    if roster:
        target = Path(path) if not exchange else Path(path).with_name(f"{Path(path).stem}-企业名录{Path(path).suffix}")
        written.append(_write(target, roster, exchange_meta=None))
    return tuple(written)


def _write(path: Path, rows: list[tuple[str, RejectedRow]], exchange_meta: str | None) -> Path:
    groups: dict[str, list[tuple[str, RejectedRow]]] = {}
    for file, r in rows:
        groups.setdefault(r.sheet[:31], []).append((file, r))
    writer = XlsxWriter(path)
    try:
        for sheet, items in groups.items():
            header: list[str] = []
            for _file, r in items:
                header += [h for h in r.header if h and h not in header and h not in (REASON, FILE, ROW)]
            extra = [REASON, FILE, ROW] + ([SOURCE_HEADER] if exchange_meta else [])
            if SOURCE_HEADER in header:
                header.remove(SOURCE_HEADER)
            body = []
            for file, r in items:
                by_header = {h: r.values[i] for i, h in enumerate(r.header) if h and i < len(r.values)}
                reason = "；".join(f"{x.column}：{x.reason}" if x.column else x.reason for x in r.reasons)
                line: list[Any] = [_cell(by_header.get(h)) for h in header]
                line += [reason, file, r.row] + ([r.source] if exchange_meta else [])
                body.append(line)
            writer.add_sheet(sheet, header + extra, body,
                             widths=[14] * len(header) + [40, 24, 8] + ([38] if exchange_meta else []))
        if exchange_meta:
            writer.add_sheet(META_SHEET, ["项目", "值"], [
                ["格式", FORMAT_NAME], ["格式版本", FORMAT_VERSION], ["导出安装ID", exchange_meta],
                ["说明", "被拒绝的行：改正后可再次导入；“来源安装”列保留每行原来的来源"],
            ], widths=[20, 60], freeze=False)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


def _cell(value: Any) -> Any:
    """A value as the file had it, in a form the writer takes: a time (what a reader makes of 0 or −1 in a
    date cell), a duration, an infinite number or anything else odd becomes its text — never an error
    once the import is done."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is date:
        return value if value.year > 1899 else cells.shown(value)
    if kind is float:
        return value if math.isfinite(value) else str(value)
    if kind is datetime:
        return value if value.tzinfo is None and value.year > 1899 else cells.shown(value)
    return str(value)
