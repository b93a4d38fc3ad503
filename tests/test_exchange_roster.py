"""Foreign rosters: title rows and merged cells above the header, header names
as other systems write them, full-width text, empty markers, Chinese dates,
old registration numbers, early pilot credit codes, CSV in UTF-8/BOM/GBK,
legacy .xls; matching to enterprises already here; every rejection reason."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from app.clock import FixedClock
from app.exchange.roster import RosterMapping
from app.services import Services
from app.services.enterprises import EnterpriseInput
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import VALID_CODES, acting
from tests.test_exchange_merge import snapshot, sync_state

HEADER = ["序号", "单位名称", "社会信用代码", "法人", "联系方式", "所属乡镇（街道）", "成立日期", "备注"]
ROWS = [
    [1, "河阳县恒达铝业有限公司", "９１４４０３００１９２２０３８２１６", "王伟", "138 1234 5678", "城关镇",
     "2021年9月28日", ""],
    [2, "河阳县豫新机械有限公司", "91440300708461136T", "李强", "0371-67891234", "石桥镇", dt.date(2019, 3, 1), "不详"],
    [3, "河阳县老字号食品厂", "410923100012345", "张三", "-", "柳林镇", "2001.5.6", ""],
    [4, "河阳县试点企业有限公司", "914403001922038217", "赵六", "13900001111", "王庄乡", 44000, "无"],
    [5, "河阳县错码企业", "91440300ABC", "钱七", "13900002222", "白沙乡", "", ""],
    [6, "河阳县恒达铝业有限公司", "914403001922038216", "王伟", "", "城关镇", "", "重复"],
    [7, "河阳县坏电话企业", "", "孙八", "12345", "马集镇", "", ""],
    [8, "河阳县坏日期企业", "", "周九", "", "马集镇", "2021年2月30日", ""],
    ["合计", "", "", "", "", "", "", ""],
]


def roster_xlsx(path: Path, rows: list[list[object]] = ROWS, header: list[str] = HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "规上企业"
    ws["A1"] = "河阳县2026年规模以上工业企业名录"
    ws.merge_cells("A1:H1")
    ws["A2"] = "填报单位：县统计局"
    ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_roster_under_title_rows_imports_with_every_rule(services: Services, tmp_path: Path) -> None:
    path = roster_xlsx(tmp_path / "名录.xlsx")
    report = services.exchange.import_paths([path], rejects_path=tmp_path / "退回.xlsx")
    [f] = report.files
    assert f.status == "imported" and f.kind == "企业名录"
    assert f.counts["enterprises"] == {"created": 4, "updated": 0, "unchanged": 0, "conflicts": 0, "rejected": 4}
    reasons = {r.row: (r.column, r.value, r.reason) for r in f.rejections}
    assert reasons[9] == ("社会信用代码", "91440300ABC", "应为 18 位，实际 11 位")
    assert "同一企业出现两次" in reasons[10][2]
    assert reasons[11][0] == "联系方式" and "不是有效的手机号" in reasons[11][2]
    assert reasons[12][0] == "成立日期" and "不存在" in reasons[12][2]
    assert all(r.file == "名录.xlsx" and r.sheet == "规上企业" for r in f.rejections)
    found = {e.name: e for e in services.enterprises.search(limit=50)}
    hengda = found["河阳县恒达铝业有限公司"]
    assert hengda.credit_code == VALID_CODES[0] and hengda.contact_phone == "13812345678"
    assert hengda.notes == "成立日期：2021年9月28日" and hengda.legal_representative == "王伟"
    assert found["河阳县豫新机械有限公司"].notes == "成立日期：2019年3月1日"  # 不详 means empty
    old = found["河阳县老字号食品厂"]
    assert old.credit_code is None and "注册号：410923100012345" in old.notes and old.contact_phone == ""
    pilot = found["河阳县试点企业有限公司"]
    assert pilot.credit_code_override and "2020年6月18日" in pilot.notes
    assert any("校验位不符" in n for n in f.notes) and any("注册号" in n for n in f.notes)
    # The rejected rows, with their reason, in a workbook a person can fix and import again.
    [rejects] = report.rejects_paths
    wb = openpyxl.load_workbook(rejects)
    ws = wb["规上企业"]
    header = [c.value for c in ws[1]]
    assert header[:8] == HEADER and header[8:] == ["原因", "来源文件", "原行号"]
    assert ws.max_row == 5
    for row in range(2, 6):
        if ws.cell(row=row, column=2).value == "河阳县错码企业":
            ws.cell(row=row, column=3).value = VALID_CODES[2]
    wb.save(rejects)
    again = services.exchange.import_paths([rejects]).files[0]
    assert again.counts["enterprises"]["created"] == 1  # the corrected row
    assert services.enterprises.find_existing(VALID_CODES[2], "河阳县错码企业") is not None


def test_importing_a_roster_twice_creates_nothing_new(services: Services, tmp_path: Path) -> None:
    path = roster_xlsx(tmp_path / "名录.xlsx")
    services.exchange.import_paths([path])
    count = services.enterprises.count()
    again = services.exchange.import_paths([path]).files[0].counts["enterprises"]
    assert again["created"] == 0 and again["unchanged"] == 4 and services.enterprises.count() == count


def test_existing_enterprises_are_matched_blanks_filled_differences_kept(services: Services,
                                                                        tmp_path: Path) -> None:
    by_code = services.enterprises.create(EnterpriseInput(name="恒达铝业（旧名）", credit_code=VALID_CODES[0])).id
    by_name = services.enterprises.create(EnterpriseInput(name="河阳县豫新机械有限公司",
                                                          contact_phone="13700000000")).id
    report = services.exchange.import_paths([roster_xlsx(tmp_path / "名录.xlsx", ROWS[:2])])
    c = report.files[0].counts["enterprises"]
    assert c["created"] == 0 and c["conflicts"] == 2
    assert services.enterprises.count() == 2
    e = services.enterprises.get(by_code)
    assert e.name == "恒达铝业（旧名）" and e.contact_phone == "13812345678"  # blank filled, name kept
    conflicts = {x.record_id: x for x in services.exchange.conflicts()}
    assert {f.field for f in conflicts[by_code].fields} == {"name"}
    assert {f.field for f in conflicts[by_name].fields} == {"contact_phone"}  # the missing code was filled
    services.exchange.resolve_conflict(conflicts[by_name].id, "incoming")
    assert services.enterprises.get(by_name).contact_phone == "0371-67891234"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_every_encoding(services: Services, tmp_path: Path, encoding: str) -> None:
    text = ("企业名称,统一社会信用代码,法定代表人,联系电话,乡镇\n"
            f"河阳县华瑞电子科技有限公司,{VALID_CODES[1]},刘洋,13612345678,城东街道\n"
            "河阳县嘉禾农业开发有限公司,,陈静,,青龙乡\n")
    path = tmp_path / f"名录-{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    f = services.exchange.import_paths([path]).files[0]
    assert f.status == "imported" and f.counts["enterprises"]["created"] == 2, f.error
    names = {e.name for e in services.enterprises.search(limit=10)}
    assert names == {"河阳县华瑞电子科技有限公司", "河阳县嘉禾农业开发有限公司"}


def test_a_header_the_guess_misses_can_be_mapped(services: Services, tmp_path: Path) -> None:
    path = roster_xlsx(tmp_path / "客户.xlsx", [["甲客户公司", VALID_CODES[0]]], header=["客户", "识别码"])
    preview = services.exchange.preview_roster(path)
    assert preview.sheets[0].problem  # nothing recognisable
    f = services.exchange.import_paths([path]).files[0]
    assert f.status == "failed" and "无法识别为企业名录" in f.error
    mapping = RosterMapping(header_row=4, columns={"客户": "企业名称", "识别码": "统一社会信用代码"})
    guess = services.exchange.preview_roster(path, mapping).sheets[0]
    assert not guess.problem and [c.field for c in guess.columns] == ["name", "credit_code"]
    assert guess.sample[0] == ("甲客户公司", VALID_CODES[0])
    f = services.exchange.import_paths([path], roster_mapping=mapping).files[0]
    assert f.counts["enterprises"]["created"] == 1


def test_a_column_can_be_left_out(services: Services, tmp_path: Path) -> None:
    """A column the guess maps (电话) but that holds something else is left out by mapping it to nothing."""
    path = roster_xlsx(tmp_path / "名单.xlsx", [["甲公司", "分机 8021"]], header=["企业名称", "电话"])
    f = services.exchange.import_paths([path], dry_run=True).files[0]
    assert f.counts["enterprises"]["rejected"] == 1
    mapping = RosterMapping(columns={"电话": ""})
    assert [c.field for c in services.exchange.preview_roster(path, mapping).sheets[0].columns] == ["name", None]
    f = services.exchange.import_paths([path], roster_mapping=mapping).files[0]
    assert f.counts["enterprises"]["created"] == 1 and services.enterprises.search(limit=1)[0].contact_phone == ""


def test_folders_are_searched_and_excel_lock_files_skipped(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "来件" / "三月"
    folder.mkdir(parents=True)
    roster_xlsx(folder / "名录.xlsx", ROWS[:1])
    (folder / "~$名录.xlsx").write_bytes(b"\x00" * 165)
    (folder / "说明.txt.bak").write_text("not a spreadsheet")
    report = services.exchange.import_paths([tmp_path / "来件"])
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses == {"名录.xlsx": "imported", "~$名录.xlsx": "skipped"}
    assert report.all_read


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the legacy .xls here")
def test_legacy_xls(services: Services, tmp_path: Path) -> None:
    source = roster_xlsx(tmp_path / "老名录.xlsx", ROWS[:4])
    out = tmp_path / "xls"
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(out), str(source)],
                   check=False, capture_output=True, timeout=120)
    xls = out / "老名录.xls"
    if not xls.exists():
        pytest.skip("LibreOffice did not convert the workbook")
    f = services.exchange.import_paths([xls]).files[0]
    assert f.status == "imported" and f.counts["enterprises"]["created"] == 4, f.error
    assert services.enterprises.find_existing(VALID_CODES[1], "") is not None


def test_a_roster_import_is_undone_exactly(services: Services, tmp_path: Path) -> None:
    """Undo takes back the enterprises a roster created and the blanks it filled in ours, also when
    an exchange workbook of the same batch had created the enterprise the roster then filled."""
    services.enterprises.create(EnterpriseInput(name="恒达铝业（旧名）", credit_code=VALID_CODES[0]))
    laptop = tmp_path / "laptop"
    other = acting(Services(open_database(tmp_path / "laptop.sqlite"), FixedClock(TODAY)))
    other.enterprises.create(EnterpriseInput(name="河阳县豫新机械有限公司"))
    laptop.mkdir()
    other.exchange.export(laptop / "0-张伟.xlsx")
    other.db.close()
    roster_xlsx(laptop / "1-名录.xlsx", ROWS[:4])
    before = snapshot(services), sync_state(services)
    report = services.exchange.import_paths([laptop])
    assert [f.status for f in report.files] == ["imported", "imported"]
    roster_counts = report.files[1].counts["enterprises"]
    assert roster_counts["created"] == 2 and roster_counts["updated"] + roster_counts["conflicts"] == 2
    result = services.exchange.undo_batch(report.batch_id or "")
    assert result.removed == 3  # the laptop's enterprise and the roster's two new ones
    assert (snapshot(services), sync_state(services)) == before


def two_level_roster(path: Path) -> Path:
    """A roster as county offices lay them out: a title, a header of two rows with merged cells
    (法定代表人 and 联系人 each over 姓名 | 电话), section headings, a total and the signature lines."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "包联企业"
    ws["A1"] = "河阳县2026年“万人助万企”包联企业名单"
    ws.merge_cells("A1:G1")
    ws.append(["序号", "企业名称", "统一社会信用代码", "法定代表人", None, "联系人", None])
    ws.append([None, None, None, "姓名", "电话", "姓名", "电话"])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2"):
        ws.merge_cells(cells)
    ws.append(["一、工业企业"])
    ws.merge_cells("A4:G4")
    ws.append([1, "河阳县恒达铝业有限公司", VALID_CODES[0], "王伟", "0371-67891234", "刘芳", "13900001111"])
    ws.append([2, "河阳县豫新机械有限公司", VALID_CODES[1], "李强", "", "陈静", "13900002222"])
    ws.append([None, "（二）商贸企业"])
    ws.append([3, "河阳县老字号食品厂", None, "张三", None, "张三", "13900003333"])
    ws.append(["序号", "企业名称", "统一社会信用代码", "法定代表人", None, "联系人", None])  # pasted from another sheet
    ws.append([4, "河阳县嘉禾农业开发有限公司", None, "陈静", None, None, "不详"])
    ws.append(["合计", "4家"])
    ws.append([None, "填表人：赵敏    审核人：孙磊    联系电话：0371-1234567"])
    ws.append(["注：企业名称以营业执照为准。"])
    wb.save(path)
    return path


def test_a_two_level_header_and_rows_that_are_not_enterprises(services: Services, tmp_path: Path) -> None:
    """The parts under a merged header are columns of their own (联系人电话 is the contact's phone,
    not the legal representative's), and totals, headings, a repeated header and the signature
    lines are listed in a note, not imported as enterprises nor rejected."""
    path = two_level_roster(tmp_path / "包联企业名单.xlsx")
    guess = services.exchange.preview_roster(path).sheets[0]
    assert (guess.header_row, guess.header_rows, guess.data_rows, guess.problem) == (2, 2, 4, "")
    assert [(c.header, c.field) for c in guess.columns] == [
        ("序号", "serial"), ("企业名称", "name"), ("统一社会信用代码", "credit_code"),
        ("法定代表人姓名", "legal_representative"), ("法定代表人电话", None), ("联系人姓名", "contact_person"),
        ("联系人电话", "contact_phone")]
    assert guess.sample[0][1] == "河阳县恒达铝业有限公司"
    f = services.exchange.import_paths([path]).files[0]
    assert f.counts["enterprises"] == {"created": 4, "updated": 0, "unchanged": 0, "conflicts": 0, "rejected": 0}
    found = {e.name: e for e in services.enterprises.search(limit=50)}
    assert set(found) == {"河阳县恒达铝业有限公司", "河阳县豫新机械有限公司", "河阳县老字号食品厂",
                          "河阳县嘉禾农业开发有限公司"}
    hengda = found["河阳县恒达铝业有限公司"]
    assert (hengda.legal_representative, hengda.contact_person, hengda.contact_phone) == ("王伟", "刘芳", "13900001111")
    [note] = [n for n in f.notes if "不是企业的行" in n]
    assert note == ("工作表“包联企业”中不是企业的行未导入：第 4 行（分类标题）、第 7 行（分类标题）、第 9 "
                    "行（重复的表头）、"
                    "第 11 行（合计行）、第 12 行（表尾说明）、第 13 行（表尾说明）")
    # A person who names the header row gets the same reading.
    again = services.exchange.preview_roster(path, RosterMapping(header_row=2)).sheets[0]
    assert again.columns == guess.columns and again.data_rows == 4


def test_a_row_under_the_header_is_data_when_it_names_an_enterprise(services: Services, tmp_path: Path) -> None:
    """Only a row of short words, no figures and no enterprise name is taken for the header's
    second row: a first data row is still data when it names an enterprise, or when it names none
    but holds a figure or only a value under a named column."""
    header = ["企业名称", "统一社会信用代码", "法定代表人", "营业收入（万元）", None]
    for first in (["河阳县华瑞电子科技有限公司", "", "刘洋", 1200, 1500], ["", "", "陈静"], ["", "", "", "", 800]):
        path = roster_xlsx(tmp_path / "名录.xlsx", [first, ["河阳县嘉禾农业开发有限公司", "", "陈静"]], header=header)
        guess = services.exchange.preview_roster(path).sheets[0]
        assert guess.header_rows == 1 and guess.data_rows == 2, first


def test_a_header_of_two_rows_with_years_under_a_figure(services: Services, tmp_path: Path) -> None:
    """营业收入 over 2024年 | 2025年: the years are the header's second row, not an enterprise
    without a name."""
    path = roster_xlsx(tmp_path / "名录.xlsx", [["", "", "", "2024年", "2025年"],
                                                ["河阳县华瑞电子科技有限公司", "", "刘洋", 1200, 1500]],
                       header=["企业名称", "统一社会信用代码", "法定代表人", "营业收入（万元）", None])
    guess = services.exchange.preview_roster(path).sheets[0]
    assert guess.header_rows == 2 and guess.data_rows == 1
    assert [c.header for c in guess.columns][3:] == ["营业收入（万元）2024年", "营业收入（万元）2025年"]
    f = services.exchange.import_paths([path]).files[0]
    assert f.counts["enterprises"] == {"created": 1, "updated": 0, "unchanged": 0, "conflicts": 0, "rejected": 0}


def test_a_credit_code_excel_stored_as_a_number_is_refused_not_kept_with_other_digits(services: Services,
                                                                                      tmp_path: Path) -> None:
    """An 18-digit code without letters typed into a number cell keeps 15 digits in Excel: the row is
    rejected with that reason (it used to pass as an 'early code' with a wrong check character).
    Numbers of 15 digits or fewer (an old 注册号, a mobile number) are exact and read as before."""
    digits_only = "914403001922038216"  # a valid code with digits only
    assert VALID_CODES[0] == digits_only
    path = roster_xlsx(tmp_path / "名录.xlsx", [
        [1, "河阳县恒达铝业有限公司", int(digits_only), "王伟", 13812345678, "城关镇", "", ""],
        [2, "河阳县老字号食品厂", 410923100012345, "张三", 13900001111.0, "柳林镇", "", ""]])
    f = services.exchange.import_paths([path], rejects_path=tmp_path / "退回.xlsx").files[0]
    assert f.counts["enterprises"]["created"] == 1 and f.counts["enterprises"]["rejected"] == 1
    [r] = f.rejections
    assert (r.row, r.column) == (5, "社会信用代码") and "被 Excel 存成了数字，后几位已丢失" in r.reason
    assert not any("校验位不符" in n for n in f.notes)
    old = services.enterprises.search(limit=5)[0]
    assert "注册号：410923100012345" in old.notes and old.contact_phone == "13900001111"


def test_names_broken_over_lines_or_padded_in_a_cell_are_read_on_one_line(services: Services,
                                                                         tmp_path: Path) -> None:
    path = roster_xlsx(tmp_path / "名录.xlsx", [[1, "河阳县恒达\n铝业有限公司", VALID_CODES[0], "王  伟"]])
    services.exchange.import_paths([path])
    e = services.enterprises.search(limit=1)[0]
    assert (e.name, e.legal_representative) == ("河阳县恒达铝业有限公司", "王伟")
    # Matched by its name on the next import, with or without the break.
    again = services.exchange.import_paths([roster_xlsx(tmp_path / "名录2.xlsx", [[1, "河阳县恒达铝业有限公司"]])])
    assert again.files[0].counts["enterprises"]["unchanged"] == 1


def test_a_name_stored_padded_before_is_not_a_conflict_with_the_same_name_tidied(services: Services,
                                                                                  tmp_path: Path) -> None:
    from sqlalchemy import update

    from db.models import Enterprise

    eid = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", credit_code=VALID_CODES[0])).id
    with services.db.session() as s:  # as an earlier version stored it
        s.execute(update(Enterprise).where(Enterprise.id == eid).values(legal_representative="王  伟"))
        s.commit()
    path = roster_xlsx(tmp_path / "名录.xlsx", [[1, "河阳县恒达铝业有限公司", VALID_CODES[0], "王伟"]])
    counts = services.exchange.import_paths([path]).files[0].counts["enterprises"]
    assert counts["conflicts"] == 0 and counts["unchanged"] == 1


def test_a_wps_file_or_an_archive_in_the_folder_is_reported_with_what_to_do(services: Services,
                                                                            tmp_path: Path) -> None:
    """A cadre's .et (WPS) or zipped submission holds data we cannot read: it is listed as not
    imported with what to do, not passed over as if the folder held only the other files."""
    import zipfile

    folder = tmp_path / "来件"
    folder.mkdir()
    roster_xlsx(folder / "名录.xlsx", ROWS[:1])
    shutil.copy(folder / "名录.xlsx", folder / "张伟.et")
    with zipfile.ZipFile(folder / "李娜报送.zip", "w") as z:
        z.write(folder / "名录.xlsx", "名录.xlsx")
    (folder / "说明.docx").write_bytes(b"not read")
    report = services.exchange.import_paths([folder])
    by_name = {Path(f.path).name: f for f in report.files}
    assert set(by_name) == {"名录.xlsx", "张伟.et", "李娜报送.zip"}
    assert by_name["名录.xlsx"].status == "imported"
    assert by_name["张伟.et"].status == "failed" and "WPS 表格文件（.et）" in by_name["张伟.et"].error
    assert by_name["李娜报送.zip"].status == "failed" and "请先解压" in by_name["李娜报送.zip"].error
    assert not report.all_read


def test_a_founding_year_or_month_is_kept_in_the_notes_and_rejects_nothing(services: Services,
                                                                           tmp_path: Path) -> None:
    path = roster_xlsx(tmp_path / "名录.xlsx", [
        [1, "河阳县恒达铝业有限公司", VALID_CODES[0], "王伟", "", "城关镇", "2021年9月", ""],
        [2, "河阳县豫新机械有限公司", VALID_CODES[1], "李强", "", "石桥镇", "2019", ""],
        [3, "河阳县老字号食品厂", "", "张三", "", "柳林镇", "去年", ""]])
    f = services.exchange.import_paths([path]).files[0]
    assert f.counts["enterprises"]["created"] == 2 and f.counts["enterprises"]["rejected"] == 1
    assert f.rejections[0].column == "成立日期" and f.rejections[0].value == "去年"
    notes = {e.name: e.notes for e in services.enterprises.search(limit=5)}
    assert notes == {"河阳县恒达铝业有限公司": "成立日期：2021年9月", "河阳县豫新机械有限公司": "成立日期：2019年"}


def test_a_register_export_gives_industries_and_leaves_out_closed_enterprises(services: Services,
                                                                            tmp_path: Path) -> None:
    # As 企查查 and 天眼查 export a search: a title row, 登记状态, the industry as a path or a
    # 大类 name, and columns we keep no field for.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业列表"
    ws.append(["企查查导出数据  导出时间：2026-11-30 10:12:33"])
    ws.append(["企业名称", "登记状态", "法定代表人", "注册资本", "统一社会信用代码", "国标行业", "邮箱"])
    ws.append(["河阳县恒达铝业有限公司", "存续（在营、开业、在册）", "王伟", "1000万元人民币", VALID_CODES[0],
               "制造业 > 有色金属冶炼和压延加工业 > 铝冶炼", "hd@example.com"])
    ws.append(["河阳县华瑞电子科技有限公司", "停业", "刘洋", "500万元人民币", VALID_CODES[1], "软件和信息技术服务业",
               ""])
    ws.append(["河阳县旧商贸有限公司", "注销", "赵强", "100万元人民币", VALID_CODES[2], "批发和零售业 > 批发业", ""])
    ws.append(["河阳县嘉禾农业开发有限公司", "吊销，未注销", "陈静", "", "", "农、林、牧、渔业", ""])
    ws.append(["河阳县新材料有限公司", "在业", "孙八", "", "", "新材料", ""])
    path = tmp_path / "企查查.xlsx"
    wb.save(path)
    f = services.exchange.import_paths([path]).files[0]
    assert f.counts["enterprises"]["created"] == 3 and f.counts["enterprises"]["rejected"] == 2
    closed = {r.row: (r.column, r.value) for r in f.rejections if "已注销、吊销" in r.reason}
    assert closed == {5: ("登记状态", "注销"), 6: ("登记状态", "吊销，未注销")}
    assert any("注册资本、邮箱" in n and "未导入" in n for n in f.notes)
    found = {e.name: e for e in services.enterprises.search(limit=10)}
    hengda = found["河阳县恒达铝业有限公司"]
    assert (hengda.industry_code, hengda.industry_text) == ("C", "有色金属冶炼和压延加工业 > 铝冶炼")
    huarui = found["河阳县华瑞电子科技有限公司"]
    assert (huarui.industry_code, huarui.industry_text) == ("I", "软件和信息技术服务业")
    assert "登记状态：停业" in huarui.notes
    other = found["河阳县新材料有限公司"]
    assert (other.industry_code, other.industry_text) == (None, "新材料")  # not guessed


def test_an_industry_column_takes_names_and_codes_and_names_what_it_cannot_read(services: Services,
                                                                                tmp_path: Path) -> None:
    rows = [["甲公司", "制造业"], ["乙公司", "C3421"], ["丙公司", 3421], ["丁公司", "Ｆ"], ["戊公司", "机械"],
            ["己公司", 711]]  # 0711 in a number cell
    path = roster_xlsx(tmp_path / "行业.xlsx", rows, header=["企业名称", "行业门类"])
    f = services.exchange.import_paths([path]).files[0]
    assert f.counts["enterprises"]["created"] == 4
    bad, cut = f.rejections
    assert (bad.row, bad.column, bad.value) == (9, "行业门类", "机械") and "无法识别的行业门类" in bad.reason
    assert cut.value == "711" and "丢掉开头的 0（如 0711）" in cut.reason
    found = {e.name: e.industry_code for e in services.enterprises.search(limit=10)}
    assert found == {"甲公司": "C", "乙公司": "C", "丙公司": "C", "丁公司": "F"}


def test_a_statistics_bureau_list_with_its_own_names_and_codes(services: Services, tmp_path: Path) -> None:
    # 统计局's 规上企业名录: 单位详细名称, a 4-digit 行业代码 without its letter, the 12-digit
    # 统计用区划代码 and 单位规模 written as 小型企业.
    header = ["序号", "单位详细名称", "统一社会信用代码", "法定代表人(单位负责人)", "区划代码", "行业代码", "行业名称",
              "单位规模"]
    rows = [[1, "河阳县恒达铝业有限公司", VALID_CODES[0], "王伟", "410923101000", "3216", "铝冶炼", "中型"],
            [2, "河阳县豫新机械有限公司", VALID_CODES[1], "李强", "410923", "3421", "金属切削机床制造", "小型企业"]]
    f = services.exchange.import_paths([roster_xlsx(tmp_path / "规上.xlsx", rows, header)]).files[0]
    assert f.counts["enterprises"]["created"] == 2, f.rejections
    found = {e.name: e for e in services.enterprises.search(limit=10)}
    hengda = found["河阳县恒达铝业有限公司"]
    assert (hengda.region_code, hengda.industry_code, hengda.industry_text, hengda.size) == \
        ("410923", "C", "铝冶炼", "中型")
    assert "统计用区划代码：410923101000" in hengda.notes
    assert found["河阳县豫新机械有限公司"].size == "小型"


def test_a_phone_cell_with_more_than_a_number_keeps_the_number_and_the_rest_in_notes(services: Services,
                                                                                     tmp_path: Path) -> None:
    rows = [["甲公司", "13812345678（微信同号）"], ["乙公司", "王经理 13900001111"],
            ["丙公司", "0371-67891234；13838001234"], ["丁公司", "0371-67891234转8001"], ["戊公司", "67891234"]]
    f = services.exchange.import_paths([roster_xlsx(tmp_path / "电话.xlsx", rows, ["企业名称", "联系电话"])]).files[0]
    assert f.counts["enterprises"]["created"] == 4
    [bad] = f.rejections  # no area code: which county's number it is, we cannot know
    assert (bad.value, bad.column) == ("67891234", "联系电话")
    found = {e.name: (e.contact_phone, e.notes) for e in services.enterprises.search(limit=10)}
    assert found["甲公司"] == ("13812345678", "联系电话（原文）：13812345678(微信同号)")
    assert found["乙公司"] == ("13900001111", "联系电话（原文）：王经理 13900001111")
    assert found["丙公司"] == ("0371-67891234", "联系电话（原文）：0371-67891234;13838001234")  # the second kept
    assert found["丁公司"] == ("0371-67891234-8001", "")


def test_a_name_with_its_former_name_finds_the_enterprise_we_know_by_the_old_one(services: Services,
                                                                                tmp_path: Path) -> None:
    old = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝材厂")).id
    rows = [["河阳县恒达铝业有限公司（原河阳县恒达铝材厂）", "城关镇"], ["河阳县豫新机械有限公司（原料车间）",
                                                "石桥镇"]]
    f = services.exchange.import_paths([roster_xlsx(tmp_path / "更名.xlsx", rows, ["企业名称", "乡镇"])]).files[0]
    c = f.counts["enterprises"]
    assert (c["created"], c["conflicts"]) == (1, 1)  # not a duplicate: the new name waits for a person
    assert services.enterprises.count() == 2
    [conflict] = services.exchange.conflicts()
    assert conflict.record_id == old and {x.field for x in conflict.fields} == {"name"}
    assert "曾用名：河阳县恒达铝材厂" in services.enterprises.get(old).notes
    services.exchange.resolve_conflict(conflict.id, "incoming")
    assert services.enterprises.get(old).name == "河阳县恒达铝业有限公司"
    # (原料车间) is part of a name, not a former one.
    assert services.enterprises.find_existing(None, "河阳县豫新机械有限公司（原料车间）") is not None


def test_a_credit_code_typed_with_o_for_0_is_read_when_its_check_character_agrees(services: Services,
                                                                                  tmp_path: Path) -> None:
    typed = "91440300708461136T".replace("0", "O", 2)  # 9144O3OO708461136T
    rows = [["甲公司", typed], ["乙公司", "9I440300ABCDEFGHJK"]]
    f = services.exchange.import_paths([roster_xlsx(tmp_path / "代码.xlsx", rows, ["企业名称",
                                                                                 "统一社会信用代码"])]).files[0]
    assert f.counts["enterprises"]["created"] == 1
    assert any(typed in n and "91440300708461136T" in n for n in f.notes)
    [bad] = f.rejections  # an I that does not make a valid code stays the error it is
    assert bad.value == "9I440300ABCDEFGHJK" and "不允许的字符" in bad.reason
    assert services.enterprises.find_existing("91440300708461136T", "甲公司") is not None


def test_a_csv_with_codes_written_as_excel_text_formulas(services: Services, tmp_path: Path) -> None:
    # Systems keep leading zeros in a CSV by writing ="0371…"; Excel shows the text, and so do we.
    path = tmp_path / "导出.csv"
    path.write_text('企业名称,统一社会信用代码,联系电话\n'
                    f'河阳县华瑞电子科技有限公司,="{VALID_CODES[1]}",="037167891234"\n', encoding="utf-8-sig")
    f = services.exchange.import_paths([path]).files[0]
    assert f.counts["enterprises"]["created"] == 1, f.rejections
    [e] = services.enterprises.search(limit=10)
    assert (e.credit_code, e.contact_phone) == (VALID_CODES[1], "0371-67891234")


def test_one_column_for_the_contact_and_the_phone_is_split(services: Services, tmp_path: Path) -> None:
    rows = [["甲公司", "张三 13812345678"], ["乙公司", "李四：0371-67891234"], ["丙公司", "13900001111（王伟）"],
            ["丁公司", "赵六 13700001111，钱七 13600001111"], ["甲公司", "张三 13812345678"]]
    f = services.exchange.import_paths([roster_xlsx(tmp_path / "联系.xlsx", rows, ["企业名称",
                                                                                 "联系人及电话"])]).files[0]
    assert f.counts["enterprises"]["created"] == 4
    [twice] = f.rejections
    assert twice.row == 9 and "与第 5 行的企业名称相同" in twice.reason
    found = {e.name: (e.contact_person, e.contact_phone, e.notes) for e in services.enterprises.search(limit=10)}
    assert found["甲公司"] == ("张三", "13812345678", "")
    assert found["乙公司"] == ("李四", "0371-67891234", "")
    assert found["丙公司"] == ("王伟", "13900001111", "")
    assert found["丁公司"][:2] == ("赵六", "13700001111") and "钱七 13600001111" in found["丁公司"][2]
