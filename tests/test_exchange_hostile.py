"""Files that cannot be read at all are refused with one clear line naming the
file and why; nothing from them is written; the other files still import.
Every odd file is made here, in the test."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.services import Services
from tests.conftest import TODAY
from tests.factories import VALID_CODES, acting, enterprise, problem

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
      '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
      'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      'spreadsheetml.worksheet+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
      '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="企业名录" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
           'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
           'Target="sharedStrings.xml"/></Relationships>')
SHEET = ('<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')
HEAD_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>统一社会信用代码</t></is></c></row>')


def raw_xlsx(path: Path, rows: str, *, prolog: str = "", shared: str | None = None,
             compress: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", SHEET.format(prolog=prolog, rows=rows))
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
    return path


def good_roster(path: Path) -> Path:
    rows = HEAD_ROW + (f'<row r="2"><c r="A2" t="inlineStr"><is><t>河阳县好企业有限公司</t></is></c>'
                       f'<c r="B2" t="inlineStr"><is><t>{VALID_CODES[0]}</t></is></c></row>')
    return raw_xlsx(path, rows)


def cfb_with_streams(path: Path, names: list[str]) -> Path:
    """A minimal OLE compound file (the container of encrypted workbooks and of .xls)."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    stream_sectors = 8  # 4096 bytes each: at the mini-stream cutoff, so in regular sectors
    fat = [fat_sect, end]
    for i in range(len(names)):
        first = 2 + i * stream_sectors
        fat += [first + k + 1 for k in range(stream_sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<III", header, 56, 4096, end, 0)
    struct.pack_into("<II", header, 68, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        encoded = name.encode("utf-16-le")
        e[0:len(encoded)] = encoded
        struct.pack_into("<HBB", e, 64, len(encoded) + 2, kind, 1)
        struct.pack_into("<III", e, 68, free, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = entry("Root Entry", 5, 1, free, end, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, free, right, 2 + i * stream_sectors, 4096)
    directory += b"\x00" * (512 - len(directory) % 512 if len(directory) % 512 else 0)
    body = struct.pack("<128I", *fat) + directory + os.urandom(4096) * len(names)
    path.write_bytes(bytes(header) + body)
    return path


def zip_bomb(path: Path) -> Path:
    raw_xlsx(path, HEAD_ROW)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/image1.xml", b"\x00" * 50_000_000)  # 50 MB of zeros, about 50 KB packed
    return path


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def _append(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(member, text)
    return path


HOSTILE = {
    "entities": (lambda p: raw_xlsx(p, HEAD_ROW.replace("企业名称", "&lol9;"), prolog=(
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')), "XML 实体"),
    # The same attack in the shared strings and in a part no sheet reads (each is checked its own way).
    "entities-in-shared-strings": (lambda p: raw_xlsx(p, HEAD_ROW, shared=(
        f'<?xml version="1.0"?>{LAUGHS}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<si><t>&lol9;</t></si></sst>')), "XML 实体"),
    "entities-in-styles": (lambda p: _append(raw_xlsx(p, HEAD_ROW), "xl/styles.xml",
                                             f'<?xml version="1.0"?>{LAUGHS}<styleSheet>&lol9;</styleSheet>'),
                           "XML 实体"),
    "bomb": (zip_bomb, "压缩"),
    "far-cell": (lambda p: raw_xlsx(p, HEAD_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
                 "单元格范围过大"),
    "shared-string-blowup": (lambda p: raw_xlsx(
        p, HEAD_ROW + "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 6002)),
        shared=f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{"长" * 32000}'
               '</t></si></sst>'), "共享文字展开后过大"),
    "encrypted": (lambda p: cfb_with_streams(p, ["EncryptionInfo", "EncryptedPackage"]), "密码"),
    "word-in-ole": (lambda p: cfb_with_streams(p, ["WordDocument"]), "不是 Excel 工作簿"),
    "pdf": (lambda p: _write(p, b"%PDF-1.7\n" + os.urandom(2000)), "PDF"),
    "html": (lambda p: _write(p, "<html><table><tr><td>企业名称</td></tr></table></html>".encode()), "网页"),
    "text": (lambda p: _write(p, ("这不是电子表格，只是一段文字。" * 50).encode()), "不是电子表格文件"),
    "docx": (lambda p: _docx(p), "Word"),
    "truncated": (lambda p: _write(p, good_roster(p).read_bytes()[:700]), "损坏"),
    "empty": (lambda p: _write(p, b""), "文件为空"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", "<document/>")
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_file_is_refused_and_the_others_still_import(services: Services, tmp_path: Path,
                                                                kind: str) -> None:
    make, reason = HOSTILE[kind]
    bad = make(tmp_path / f"{kind}.xlsx")
    good = good_roster(tmp_path / "好.xlsx")
    report = services.exchange.import_paths([bad, good])
    failed, imported = report.files
    assert failed.status == "failed", kind
    assert reason in failed.error and f"{kind}.xlsx" in failed.error and "\n" not in failed.error
    assert all(all(v == 0 for v in c.values()) for c in failed.counts.values())
    assert imported.status == "imported" and imported.counts["enterprises"]["created"] == 1
    assert services.enterprises.count() == 1 and not report.all_read


def test_a_workbook_with_nothing_recognisable_is_an_error_not_zero(services: Services, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["会议签到表"])
    wb.active.append(["姓名", "签名"])
    wb.save(tmp_path / "签到.xlsx")
    f = services.exchange.import_paths([tmp_path / "签到.xlsx"]).files[0]
    assert f.status == "failed" and "无法识别为企业名录" in f.error
    # An exchange workbook without a single data row is refused too.
    services.exchange.export(tmp_path / "空.xlsx")
    f = services.exchange.import_paths([tmp_path / "空.xlsx"]).files[0]
    assert f.status == "failed" and "没有数据行" in f.error


def test_formula_cells_are_reported_never_run(services: Services, tmp_path: Path) -> None:
    e = enterprise(services, code=VALID_CODES[0])
    problem(services, e)
    path = tmp_path / "台账.xlsx"
    services.exchange.export(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["问题台账"]
    col = [c.value for c in ws[1]].index("企业诉求") + 1
    ws.cell(row=2, column=col).value = '=HYPERLINK("http://example.invalid","点击")'
    wb.save(path)
    other = acting(Services(__import__("db.database", fromlist=["x"]).open_database(tmp_path / "o.sqlite"),
                            __import__("app.clock", fromlist=["x"]).FixedClock(TODAY)))
    f = other.exchange.import_paths([path]).files[0]
    assert f.counts["problems"]["rejected"] == 1
    [r] = [r for r in f.rejections if r.sheet == "问题台账"]
    assert "公式" in r.reason and r.row == 2
    other.db.close()


def test_a_cell_longer_than_excel_allows_is_rejected(services: Services, tmp_path: Path) -> None:
    long_text = "长" * 33_000
    rows = HEAD_ROW + (f'<row r="2"><c r="A2" t="inlineStr"><is><t>{long_text}</t></is></c></row>'
                       f'<row r="3"><c r="A3" t="inlineStr"><is><t>河阳县正常企业</t></is></c></row>')
    f = services.exchange.import_paths([raw_xlsx(tmp_path / "长.xlsx", rows)]).files[0]
    assert f.counts["enterprises"]["created"] == 1 and f.counts["enterprises"]["rejected"] == 1
    assert "32767" in f.rejections[0].reason


def test_the_command_line_says_one_line_and_exits_2(tmp_path: Path) -> None:
    bad = HOSTILE["encrypted"][0](tmp_path / "加密.xlsx")
    good = good_roster(tmp_path / "好.xlsx")
    env = dict(os.environ, ZHUQI_HOME=str(tmp_path), PYTHONIOENCODING="utf-8")
    r = subprocess.run([sys.executable, "-m", "app", "--as", "测试员", "import", str(bad), str(good), "--db",
                        str(tmp_path / "d.sqlite")], check=False, capture_output=True, text=True, env=env,
                       encoding="utf-8")
    assert r.returncode == 2
    lines = [line for line in r.stderr.splitlines() if "加密.xlsx" in line]
    assert len(lines) == 1 and "设有打开密码" in lines[0] and "Traceback" not in r.stderr
    assert "好.xlsx" in r.stdout and "新增 1" in r.stdout
    r = subprocess.run([sys.executable, "-m", "app", "--as", "测试员", "import", str(bad), "--json", "--db",
                        str(tmp_path / "d.sqlite")], check=False, capture_output=True, text=True, env=env,
                       encoding="utf-8")
    import json

    data = json.loads(r.stdout)
    assert r.returncode == 2 and data["files"][0]["status"] == "failed" and "设有打开密码" in data["files"][0]["error"]
    assert set(data["totals"]) >= {"enterprises", "cadres", "assignments", "visits", "problems", "progress"}
    assert set(data["totals"]["problems"]) == {"created", "updated", "unchanged", "conflicts", "rejected"}


def test_shared_text_is_counted_exactly_before_a_workbook_is_called_a_bomb(services: Services, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sheet's text is bounded cheaply by its shared-string cells times the longest string.
    Summed over sheets, those bounds refused a real workbook re-saved by LibreOffice (one long
    string, many short ones); the limit applies to the text itself."""
    from app.exchange import reading
    from app.services.demo import generate

    generate(services.db, scale=0.2, seed=4, today=TODAY)
    path = services.exchange.export(tmp_path / "全部.xlsx").path
    with zipfile.ZipFile(path) as z:
        lengths = reading._shared_string_lengths(path, z, set(z.namelist()))
        sheets = [z.read(m) for m in reading._sheet_files(z).values()]
    exact = sum(lengths[int(i)] for data in sheets for i in reading._SHARED_REF.findall(data))
    bounds = sum(data.count(b't="s"') * max(lengths) for data in sheets)
    assert bounds > 2 * exact
    monkeypatch.setattr(reading, "MAX_TEXT_RATIO", 0)  # the limit is MAX_TEXT_CHARS alone, for a small file
    monkeypatch.setattr(reading, "MAX_TEXT_CHARS", 2 * exact)
    reading.open_book(path).close()
    monkeypatch.setattr(reading, "MAX_TEXT_CHARS", exact // 2)
    with pytest.raises(reading.UnreadableFile, match="共享文字展开后过大"):
        reading.open_book(path)


def test_a_full_sheet_of_ten_thousand_rows_is_not_taken_for_a_sparse_one(tmp_path: Path) -> None:
    """10,001 rows of 11 columns, every cell filled: the quick bound of its grid (99,999 rows × 26
    columns) is over the sparseness threshold, the grid itself is not; the sheet must be read."""
    from app.exchange.reading import open_book

    cells = "".join(f'<c r="{c}{{n}}" t="inlineStr"><is><t>x</t></is></c>' for c in "ABCDEFGHIJK")
    rows = "".join(f'<row r="{n}">{cells.format(n=n)}</row>' for n in range(1, 10_002))
    book = open_book(raw_xlsx(tmp_path / "名录.xlsx", rows))
    try:
        assert len(book.sheet(book.sheet_names[0]).rows) == 10_001
    finally:
        book.close()
