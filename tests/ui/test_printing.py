"""Printing from the window (issue 23): the save dialog offers a name that says what the PDF
holds and the day; the status bar says where it went; with no PDF viewer on the machine a
message gives the path and the folder instead of nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.visits import VisitInput
from tests.conftest import TODAY
from tests.factories import enterprise
from tests.ui.conftest import idle, shown
from tests.ui.test_window import open_window
from ui.context import Context


class Viewer(QObject):
    """Stands in for the system's PDF viewer (QDesktopServices' handler for file: URLs)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The save dialog: records the name it offers and saves under that name in tmp_path."""
    offered: list[str] = []

    def save_as(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        offered.append(start)
        return str(tmp_path / "out" / Path(start).name), ""

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    return offered


def a_visit(services: Services) -> str:
    eid = enterprise(services, "河阳县恒达铝业有限公司")
    return services.visits.create(VisitInput(enterprise_id=eid, visit_date=TODAY, way="实地走访",
                                             operation_status="正常", discussion="了解生产经营情况"), (), "张伟").id


def test_a_visit_record_is_offered_under_its_own_name_and_opened(qtbot: QtBot, ctx: Context, services: Services,
                                                                 chosen: list[str], tmp_path: Path) -> None:
    vid = a_visit(services)
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "open")
    try:
        window = open_window(qtbot, ctx)
        window.show_page(window.visits)
        window.visits.tabs.setCurrentIndex(1)
        idle(qtbot, ctx)
        window.visits.table.selectRow(0)
        window.visits.print_current()
        idle(qtbot, ctx)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    name = f"走访记录表_2026-06-15_河阳县恒达铝业有限公司_{vid.split('-')[0]}.pdf"
    assert Path(chosen[0]).name == name
    out = tmp_path / "out" / name
    assert viewer.opened == [str(out)]
    assert len(PdfReader(out).pages) == 1
    assert str(out) in window.statusBar().currentMessage() and "1 页" in window.statusBar().currentMessage()


def test_without_a_pdf_viewer_the_window_says_where_the_pdf_is(qtbot: QtBot, ctx: Context, services: Services,
                                                               chosen: list[str], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    a_visit(services)
    opened: list[str] = []

    def no_viewer(url: QUrl) -> bool:  # as on a machine where nothing opens a PDF
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(no_viewer))
    window = open_window(qtbot, ctx)
    window.show_page(window.visits)
    idle(qtbot, ctx)
    window.visits.table.selectRow(0)
    window.visits.print_current()
    idle(qtbot, ctx)
    out = tmp_path / "out" / Path(chosen[0]).name
    assert out.exists()
    box = shown(QMessageBox, "pdfMade")
    assert str(out) in box.text()
    folder = next(b for b in box.buttons() if b.objectName() == "openFolder")
    folder.click()
    assert opened == [str(out), str(out.parent)]


def test_the_other_reports_are_named_by_what_they_hold(qtbot: QtBot, ctx: Context, services: Services,
                                                        chosen: list[str], tmp_path: Path) -> None:
    a_visit(services)
    ctx.settings.open_after_print = False
    window = open_window(qtbot, ctx)
    window.show_page(window.enterprises)
    idle(qtbot, ctx)
    window.enterprises.table.selectRow(0)
    idle(qtbot, ctx)
    window.enterprises.print_current()
    window.ledger.print_current()
    window.show_page(window.stats)
    idle(qtbot, ctx)
    window.stats.print_current()
    idle(qtbot, ctx)
    names = [Path(c).name for c in chosen]
    assert names[0] == "一企一档_河阳县恒达铝业有限公司_2026-06-15.pdf"
    assert names[1] == "问题台账_2026-06-15.pdf"
    assert names[2] == "通报_2026-01-01至2026-06-15.pdf"
    assert all((tmp_path / "out" / n).exists() for n in names)
