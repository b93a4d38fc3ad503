"""The 数据交换 page's office work: the one-step merge into a consolidated ledger,
and the import batches, where a batch is undone (or refused, changing nothing).
Real databases and real workbooks; the work runs off the GUI thread as for a user."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.errors import UserError
from app.exchange.report import ImportReport
from app.services import Services
from app.services.problems import AssignInput, ProblemFilter
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import VALID_CODES, acting, enterprise, problem
from tests.ui.conftest import idle, shown
from tests.ui.test_window import exchange_page
from ui.context import Context
from ui.operations import Change

#: The window on SQLite and on PostgreSQL (see tests/conftest.py).
pytestmark = pytest.mark.backends


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Services]:
    """A cadre's laptop with one enterprise and two problems, one assigned with progress, exported
    to 收件/张伟.xlsx."""
    services = acting(Services(open_database(tmp_path / "laptop.sqlite"), FixedClock(TODAY)))
    services.profile.set("张伟", "工信局")
    e = enterprise(services, code=VALID_CODES[0])
    pid = problem(services, e)
    problem(services, e, category="用地")
    services.problems.assign(pid, AssignInput(lead_unit="金融工作局"))
    services.problems.record_progress(pid, "已对接两家银行")
    (tmp_path / "收件").mkdir()
    services.exchange.export(tmp_path / "收件" / "张伟.xlsx")
    yield services
    services.db.close()


def test_merge_imports_the_folder_and_writes_the_consolidated_ledger(qtbot: QtBot, ctx: Context, services: Services,
                                                                     laptop: Services, tmp_path: Path) -> None:
    page = exchange_page(qtbot, ctx)
    page.choose_paths([tmp_path / "收件"])
    assert page.merge_button.isEnabled()
    ledger = tmp_path / "汇总台账"
    page.run_merge(ledger)  # the extension is added, as a save dialog would
    idle(qtbot, ctx)
    written = tmp_path / "汇总台账.xlsx"
    assert written.exists() and page.open_ledger.isVisible()
    summary = page.import_summary.text()
    assert "导入完成" in summary and str(written) in summary
    counts = summary.split("汇总台账已保存到")[0]
    assert "问题台账：新增 2" in counts and not re.search("[A-Za-z]", counts), counts  # every kind in Chinese
    assert services.problems.search(ProblemFilter()).total == 2
    book = openpyxl.load_workbook(written, read_only=True)
    assert len(list(book["问题台账"].iter_rows(values_only=True))) == 3  # header and the two problems
    book.close()
    assert page.batch_model.rowCount() == 1


def test_a_batch_is_undone_from_the_window(qtbot: QtBot, ctx: Context, services: Services, laptop: Services,
                                           tmp_path: Path) -> None:
    page = exchange_page(qtbot, ctx)
    page.choose_paths([tmp_path / "收件"])
    page.dry_run.setChecked(False)
    page.import_button.click()
    idle(qtbot, ctx)
    assert services.problems.search(ProblemFilter()).total == 2
    page.tabs.setCurrentIndex(3)
    assert page.batch_model.rowCount() == 1 and not page.undo_button.isEnabled()
    page.batch_table.selectRow(0)
    assert page.batch_file_model.rowCount() == 1 and page.undo_button.isEnabled()
    batch = page.batch_model.rows[0]
    assert batch.changes == sum(c["created"] for kind, c in batch.files[0].counts.items() if kind != "history") >= 3
    page.undo_button.click()
    box = shown(QMessageBox, "confirmUndo")
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    box.button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, ctx)
    assert "已撤销批次" in page.batch_result.text()
    assert services.problems.search(ProblemFilter()).total == 0
    qtbot.waitUntil(lambda: page.batch_model.rowCount() == 1 and page.batch_model.rows[0].undone_at is not None)
    assert "撤销" in page.batch_model.data(page.batch_model.index(0, 6))
    page.batch_table.selectRow(0)
    assert not page.undo_button.isEnabled()


def test_the_screens_reload_what_the_import_and_its_undo_said_they_changed(
        qtbot: QtBot, ctx: Context, services: Services, laptop: Services, tmp_path: Path) -> None:
    """The page declares nothing: an enterprise and its problems reload those screens, not the cadres'."""
    said: list[Change] = []
    ctx.ops.changed.connect(lambda changes, _source: said.append(changes))
    page = exchange_page(qtbot, ctx)
    page.choose_paths([tmp_path / "收件"])
    page.dry_run.setChecked(False)
    page.import_button.click()
    idle(qtbot, ctx)
    assert said == [Change.ENTERPRISES | Change.PROBLEMS | Change.CODE_LISTS]
    page.tabs.setCurrentIndex(3)
    page.batch_table.selectRow(0)
    page.undo_button.click()
    shown(QMessageBox, "confirmUndo").button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, ctx)
    assert "已撤销批次" in page.batch_result.text()
    assert said[1:] == [Change.ENTERPRISES | Change.PROBLEMS | Change.CODE_LISTS]


def test_an_undo_refused_says_why_and_changes_nothing(qtbot: QtBot, ctx: Context, services: Services,
                                                      laptop: Services, tmp_path: Path) -> None:
    page = exchange_page(qtbot, ctx)
    page.choose_paths([tmp_path / "收件"])
    page.dry_run.setChecked(False)
    page.import_button.click()
    idle(qtbot, ctx)
    pid = next(p.id for p in services.problems.search(ProblemFilter()).rows if p.category == "用地")
    services.problems.assign(pid, AssignInput(lead_unit="人社局"))  # the office works on it after the import
    page.tabs.setCurrentIndex(3)
    page._load_batches()
    idle(qtbot, ctx)
    page.batch_table.selectRow(0)
    page.undo_batch(page.batch_model.rows[0].id)
    idle(qtbot, ctx)
    assert "又被修改过" in page.batch_result.text() and "未做任何修改" in page.batch_result.text()
    assert services.problems.search(ProblemFilter()).total == 2
    assert services.problems.get(pid).lead_unit == "人社局"
    assert page.undo_button.isEnabled()


def test_several_conflicts_are_settled_with_one_click(qtbot: QtBot, ctx: Context, services: Services,
                                                       tmp_path: Path) -> None:
    from tests.test_exchange_merge import conflicts_on

    a = acting(Services(open_database(tmp_path / "a.sqlite"), FixedClock(TODAY)))
    pids = conflicts_on(a, services, tmp_path, 3)
    page = exchange_page(qtbot, ctx)
    page.tabs.setCurrentIndex(2)
    assert page.conflict_model.rowCount() == 3 and "（3）" in page.tabs.tabText(2)
    page.conflicts.selectRow(0)
    assert page.keep_incoming.text() == "采用来件版本" and page.field_model.rowCount() > 0
    page.conflicts.selectAll()
    assert page.keep_incoming.text() == "采用来件版本（3 个）"
    assert "已选中 3 个冲突" in page.fields_label.text()
    page.keep_incoming.click()
    shown(QMessageBox, "confirmResolve").button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 0)
    assert {services.problems.get(pid).lead_unit for pid in pids} == {"商务局"}
    assert page.tabs.tabText(2) == "冲突处理" and not page.keep_incoming.isEnabled()
    a.db.close()


def test_a_roster_the_guess_misses_is_mapped_in_the_window_and_imported(qtbot: QtBot, ctx: Context,
                                                                        services: Services, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QComboBox, QDialogButtonBox

    from ui.widgets.roster_mapping import RosterMappingDialog

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["二〇二六年个体工商户转企名单"])
    ws.append([])
    ws.append(["序号", "主体名称", "信用代码", "经营者", "备用列"])
    ws.append([1, "河阳县恒达铝业有限公司", VALID_CODES[0], "王伟", "甲"])
    ws.append([2, "河阳县豫新机械有限公司", "", "李强", "乙"])
    path = tmp_path / "转企名单.xlsx"
    book.save(path)
    (tmp_path / "说明.xlsx").write_text("不是表格")
    page = exchange_page(qtbot, ctx)
    page.choose_paths([path, tmp_path / "说明.xlsx"])
    page.dry_run.setChecked(False)
    page.import_button.click()
    idle(qtbot, ctx)
    assert [f.status for f in page.file_model.rows] == ["failed", "failed"] and not page.roster_button.isEnabled()
    assert "找不到表头行" in page.import_summary.text() and "设置名录或台账的列对应" in page.import_summary.text()
    page.import_files.selectRow(1)
    assert not page.roster_button.isEnabled()  # not a spreadsheet: nothing to map
    page.import_files.selectRow(0)
    assert page.roster_button.isEnabled()
    page.roster_button.click()
    dialog = shown(RosterMappingDialog, "rosterMapping")
    idle(qtbot, ctx)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.table.rowCount() == 0 and not ok.isEnabled()  # no header row found
    dialog.header_row.setValue(3)
    dialog.header_row.editingFinished.emit()
    idle(qtbot, ctx)
    assert dialog.table.rowCount() == 5 and dialog.table.item(1, 0).text() == "主体名称"
    assert dialog.table.item(1, 2).text() == "河阳县恒达铝业有限公司"  # the first data row under its column
    assert "企业名称" in dialog.status.text() and not ok.isEnabled()
    combos = [dialog.table.cellWidget(r, 1) for r in range(5)]
    assert all(isinstance(c, QComboBox) for c in combos)
    combos[1].setCurrentIndex(combos[1].findData("name"))
    combos[3].setCurrentIndex(combos[3].findData("legal_representative"))
    assert ok.isEnabled() and "2 行数据" in dialog.status.text()
    ok.click()
    idle(qtbot, ctx)
    assert [f.status for f in page.file_model.rows] == ["imported"], page.file_model.rows[0].error
    assert services.enterprises.count() == 2
    names = {e.name: e for e in services.enterprises.search(limit=10)}
    assert names["河阳县恒达铝业有限公司"].credit_code == VALID_CODES[0]
    assert names["河阳县豫新机械有限公司"].legal_representative == "李强"


def test_export_of_one_cadres_or_one_enterprises_records_from_the_window(qtbot: QtBot, ctx: Context,
                                                                          services: Services, tmp_path: Path) -> None:
    from app.exchange.selection import ExportFilter
    from app.services.demo import generate

    generate(services.db, scale=0.05, seed=5, today=TODAY)
    page = exchange_page(qtbot, ctx)
    page.tabs.setCurrentIndex(1)
    cadre = services.cadres.list()[0]
    assert page.export_cadre.count() == len(services.cadres.list()) + 1
    page.export_cadre.setCurrentIndex(page.export_cadre.findData(cadre.id))
    page.export_to_path(tmp_path / "一位干部.xlsx")
    idle(qtbot, ctx)
    expected = services.exchange.export(tmp_path / "对照.xlsx", ExportFilter(cadre=cadre.id)).counts
    assert f"干部：{cadre.name}" in page.export_result.text() and cadre.id not in page.export_result.text()
    rows = len(list(openpyxl.load_workbook(tmp_path / "一位干部.xlsx", read_only=True)["企业名录"].values)) - 1
    assert rows == expected["enterprises"] and 0 < rows < services.enterprises.count()

    page.export_cadre.setCurrentIndex(0)
    e = services.enterprises.search(limit=1)[0]
    page.export_enterprise.set_enterprise(e)
    page.export_to_path(tmp_path / "一家企业.xlsx")
    idle(qtbot, ctx)
    assert f"企业：{e.name}" in page.export_result.text() and "企业名录 1" in page.export_result.text()
    page.export_enterprise.setText("没有这家企业")
    page.export_enterprise.set_enterprise(None)
    page.export_to_path(tmp_path / "无.xlsx")
    idle(qtbot, ctx)
    assert "没有找到企业“没有这家企业”" in page.export_result.text() and not (tmp_path / "无.xlsx").exists()


def test_a_ledger_that_cannot_be_written_keeps_the_import_and_says_why(qtbot: QtBot, ctx: Context,
                                                                      services: Services, laptop: Services,
                                                                      tmp_path: Path) -> None:
    blocked = tmp_path / "汇总台账.xlsx"
    blocked.mkdir()  # as a file Excel holds open on Windows: it cannot be replaced
    page = exchange_page(qtbot, ctx)
    page.choose_paths([tmp_path / "收件"])
    page.run_merge(blocked)
    idle(qtbot, ctx)
    assert "导入完成" in page.import_summary.text() and "汇总台账未保存：无法写入" in page.import_summary.text()
    assert page.file_model.rowCount() == 1 and not page.open_ledger.isVisible()
    assert services.problems.search(ProblemFilter()).total == 2
    assert page.merge_button.isEnabled()


def test_the_roster_dialog_closed_before_its_preview_arrives_is_left_alone(qtbot: QtBot, ctx: Context,
                                                                          tmp_path: Path) -> None:
    from ui.widgets.roster_mapping import RosterMappingDialog

    book = openpyxl.Workbook()
    book.active.append(["企业名称"])
    book.active.append(["甲公司"])
    book.save(tmp_path / "名录.xlsx")
    page = exchange_page(qtbot, ctx)
    dialog = RosterMappingDialog(ctx, tmp_path / "名录.xlsx", page)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.reject()  # before the preview read off the GUI thread is delivered
    idle(qtbot, ctx)
    qtbot.wait(50)
    assert page.isVisible()


def test_an_import_cancelled_part_way_shows_the_files_it_kept(qtbot: QtBot, ctx: Context, services: Services,
                                                              laptop: Services, tmp_path: Path) -> None:
    other = acting(Services(open_database(tmp_path / "other.sqlite"), FixedClock(TODAY)))
    problem(other, enterprise(other, "乙企业", code=VALID_CODES[1]))
    other.exchange.export(tmp_path / "收件" / "李娜.xlsx")
    other.db.close()
    files = [tmp_path / "收件" / "张伟.xlsx", tmp_path / "收件" / "李娜.xlsx"]
    page = exchange_page(qtbot, ctx)
    said: list[str] = []

    def work(job: object) -> ImportReport:  # the window's import, cancelled at the second file
        return services.exchange.import_paths(files, progress=lambda _d, _t, m: said.append(m),
                                              cancel=lambda: any("李娜" in m for m in said))

    ctx.ops.long("正在导入……", work, page._imported, changes=Change.ALL, parent=page)
    idle(qtbot, ctx)
    assert page.import_summary.text().startswith("已取消：1 个文件已处理，其余 1 个未导入")
    assert [(Path(f.path).name, f.status) for f in page.file_model.rows] == [("张伟.xlsx", "imported"),
                                                                            ("李娜.xlsx", "skipped")]
    page.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: page.batch_model.rowCount() == 1)
    assert "已取消" in page.batch_model.data(page.batch_model.index(0, 6))


def test_screens_reload_after_long_work_that_failed_having_kept_part_of_itself(
        qtbot: QtBot, ctx: Context, services: Services, laptop: Services, tmp_path: Path) -> None:
    page = exchange_page(qtbot, ctx)
    page.tabs.setCurrentIndex(3)
    idle(qtbot, ctx)
    assert page.batch_model.rowCount() == 0
    failures: list[Exception] = []

    def work(job: object) -> None:  # a first step kept, then the second fails
        services.exchange.import_paths([tmp_path / "收件" / "张伟.xlsx"])
        raise UserError("磁盘空间不足")

    ctx.ops.long("正在导入……", work, lambda _r: None, changes=Change.ALL, failed=failures.append, parent=page)
    idle(qtbot, ctx)
    assert [str(e) for e in failures] == ["磁盘空间不足"]
    qtbot.waitUntil(lambda: page.batch_model.rowCount() == 1)


def test_how_a_roster_was_read_is_shown_under_the_file_list(qtbot: QtBot, ctx: Context, services: Services,
                                                            tmp_path: Path) -> None:
    """The notes of an import (rows that are not enterprises, old 注册号 kept in 备注 …) are on the page,
    not only in a tooltip: all files' at first, the selected file's when one is selected."""
    from tests.test_exchange_roster import ROWS, roster_xlsx, two_level_roster

    two_level = two_level_roster(tmp_path / "包联企业名单.xlsx")
    plain = roster_xlsx(tmp_path / "规上企业.xlsx", ROWS[2:3])
    page = exchange_page(qtbot, ctx)
    page.choose_paths([two_level, plain])
    page.import_button.click()  # a preview
    idle(qtbot, ctx)
    # The skipped rows, and the phone column that lost to 联系人电话.
    assert page.file_model.data(page.file_model.index(0, 2)) == "预览（未写入），2 条说明见下方"
    notes = page.file_notes.text()
    assert page.file_notes.isVisibleTo(page)
    assert "包联企业名单.xlsx：工作表“包联企业”中不是企业的行未导入：第 4 行（分类标题）" in notes
    assert "规上企业.xlsx：" in notes and "15 位旧注册号" in notes
    page.import_files.selectRow(1)
    assert "包联企业名单" not in page.file_notes.text() and "15 位旧注册号" in page.file_notes.text()


def test_the_roster_dialog_shows_a_header_of_two_rows_as_read(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    from tests.test_exchange_roster import two_level_roster
    from ui.widgets.roster_mapping import RosterMappingDialog

    page = exchange_page(qtbot, ctx)
    dialog = RosterMappingDialog(ctx, two_level_roster(tmp_path / "包联企业名单.xlsx"), page)
    dialog.open()
    idle(qtbot, ctx)
    assert dialog.header_row.value() == 2 and dialog.status.text().startswith("表头在第 2–3 行，其下有 4 行数据")
    headers = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert headers[3:] == ["法定代表人姓名", "法定代表人电话", "联系人姓名", "联系人电话"]
    assert dialog.table.item(6, 2).text() == "13900001111"  # the first enterprise's, not the 电话 sub-header
    dialog.reject()


def test_a_list_of_specialised_enterprises_tags_them_from_the_window(qtbot: QtBot, ctx: Context,
                                                                     services: Services, tmp_path: Path) -> None:
    """An office imports a 专精特新名单 to mark which of its enterprises are on it: the tag chosen
    on the page is given to those already here and to the new ones, and kept for 正式导入."""
    from tests.test_exchange_roster import roster_xlsx

    here = enterprise(services, name="河阳县恒达铝业有限公司", code=VALID_CODES[0])
    rows = [[1, "河阳县恒达铝业有限公司", VALID_CODES[0]], [2, "河阳县新星科技有限公司", ""]]
    path = roster_xlsx(tmp_path / "专精特新名单.xlsx", rows, header=["序号", "企业名称", "统一社会信用代码"])
    page = exchange_page(qtbot, ctx)
    assert "专精特新" in [page.roster_tag.itemText(i) for i in range(page.roster_tag.count())]
    page.choose_paths([path])
    page.roster_tag.setCurrentText("专精特新")
    page.import_button.click()  # a preview first
    idle(qtbot, ctx)
    assert services.enterprises.get(here).tags == ()
    page.roster_tag.setCurrentText("")  # changed after the preview: 正式导入 imports what was previewed
    page.confirm_button.click()
    idle(qtbot, ctx)
    counts = page.file_model.rows[0].counts["enterprises"]
    assert (counts["created"], counts["updated"]) == (1, 1)
    tagged = {e.name: e.tags for e in services.enterprises.search(limit=10)}
    assert tagged == {"河阳县恒达铝业有限公司": ("专精特新",), "河阳县新星科技有限公司": ("专精特新",)}
    # And the other way round: previewed without a tag, confirmed after one was chosen.
    page.import_button.click()
    idle(qtbot, ctx)
    page.roster_tag.setCurrentText("高成长型")
    page.confirm_button.click()
    idle(qtbot, ctx)
    assert services.enterprises.get(here).tags == ("专精特新",)


def test_a_problem_ledger_handed_down_is_previewed_and_imported_from_the_window(
        qtbot: QtBot, ctx: Context, services: Services, tmp_path: Path) -> None:
    """An office imports the 上级交办清单 it was sent: previewed, then imported with 上级交办 as the
    source; the list's problems are in the 问题台账 with their statuses and lead units."""
    from tests.test_exchange_problem_ledger import ledger_xlsx

    path = ledger_xlsx(tmp_path / "上级交办清单.xlsx")
    page = exchange_page(qtbot, ctx)
    page.choose_paths([path])
    page.ledger_source.setCurrentIndex(page.ledger_source.findData("上级交办"))
    page.import_button.click()  # a preview first
    idle(qtbot, ctx)
    [f] = page.file_model.rows
    assert f.status == "dry-run" and f.kind == "问题台账" and f.counts["problems"]["created"] == 3
    assert services.problems.search(ProblemFilter()).total == 0
    page.import_files.selectRow(0)
    assert page.roster_button.isEnabled()  # its columns can be set by hand as a roster's
    page.confirm_button.click()
    idle(qtbot, ctx)
    [f] = page.file_model.rows
    assert f.status == "imported" and page.reject_model.rowCount() == 2
    found = services.problems.search(ProblemFilter()).rows
    assert sorted(p.status.value for p in found) == sorted(["已办结", "待交办", "办理中"])
    assert {p.source for p in found} == {"上级交办"}


def test_the_redact_tick_box_leaves_out_personal_data(qtbot: QtBot, ctx: Context, services: Services,
                                                      tmp_path: Path) -> None:
    from app.services.demo import generate

    generate(services.db, scale=0.05, seed=5, today=TODAY)
    page = exchange_page(qtbot, ctx)
    page.tabs.setCurrentIndex(1)
    page.redact.setChecked(True)
    page.export_to_path(tmp_path / "对外报送.xlsx")
    idle(qtbot, ctx)
    wb = openpyxl.load_workbook(tmp_path / "对外报送.xlsx")
    assert any(row[0] == "个人信息" for row in wb["_meta"].iter_rows(values_only=True))
    phones = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
              if isinstance(v, str) and len(v) == 11 and v.startswith("1") and v.isdigit()]
    assert phones == [] and all(c.value is None for c in wb["企业名录"]["O"][1:])  # 联系电话
