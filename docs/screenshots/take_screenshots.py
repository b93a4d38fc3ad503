"""Open every screen of the window on demo data at 1366×768 and save a PNG of each.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_screenshots.py [--out DIR] [--language en]

Uses a temporary database and data folder (ZHUQI_HOME), never the user's. In English the
files are named *-en.png (the .qm must be built: python build_spec/translations.py release)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--language", default="zh_CN", choices=("zh_CN", "en"))
    args = ap.parse_args()
    suffix = "" if args.language == "zh_CN" else f"-{args.language}"
    tmp = Path(tempfile.mkdtemp())
    os.environ["ZHUQI_HOME"] = str(tmp / "home")

    from PySide6.QtWidgets import QApplication

    from app.clock import FixedClock
    from app.paths import data_dir
    from app.services import Services
    from app.services.demo import DemoPerson, generate
    from db.database import open_database
    from ui.application import build
    from ui.i18n import install_translators
    from ui.look import apply_look
    from ui.settings import Settings

    app = QApplication(sys.argv)
    translators = install_translators(app, args.language)  # noqa: F841 - kept alive
    apply_look(app)
    today = date(2026, 6, 15)
    services = Services(open_database(tmp / "demo.sqlite"), FixedClock(today))
    # As at a first start with demo data: the person is one of the demo's cadres.
    services.profile.set("张伟", "工信局", "助企干部")
    generate(services.db, scale=1, seed=1, today=today, me=DemoPerson("张伟", "工信局", "助企干部"))
    settings = Settings(data_dir())
    settings.language = args.language
    ctx, window = build(services, settings)
    window.resize(1366, 768)
    window.show()

    def settle() -> None:
        for _ in range(200):
            app.processEvents()
            if ctx.ops.pending == 0:
                app.processEvents()
                return
            ctx.ops.wait_all(50)
        app.processEvents()

    settle()
    names = ["dashboard", "enterprises", "visits", "ledger", "stats", "exchange", "settings"]
    pages = {"dashboard": window.dashboard, "enterprises": window.enterprises, "visits": window.visits,
             "ledger": window.ledger, "stats": window.stats, "exchange": window.exchange,
             "settings": window.settings_page}
    for row, name in enumerate(names):
        window.show_page(pages[name])
        settle()
        if name == "enterprises":
            window.enterprises.table.selectRow(0)
            settle()
        if name == "ledger":
            # A problem late at some stage, so the stage and 逾期 columns and the detail show it.
            late = next(i for i, p in enumerate(window.ledger.model.rows) if p.overdue and p.assist_units)
            window.ledger.table.selectRow(late)
            settle()
        if name == "visits":
            form = window.visits.form
            e = services.enterprises.search("恒达")[0]
            form.picker.set_enterprise(e)
            form.people.setText("王建国（总经理）")
            form.discussion.setPlainText("企业二期项目用地指标未落实，订单较去年同期下降约一成。")
            card = form.add_problem()
            card.category.setCurrentIndex(card.category.findData("用地"))
            card.description.setPlainText("新建厂房用地指标未落实，二期项目无法开工")
            card.demand.setText("协调解决约 30 亩建设用地指标")
            settle()
        window.grab().save(str(args.out / f"{row + 1}-{name}{suffix}.png"))
        print(args.out / f"{row + 1}-{name}{suffix}.png")
    window.visits.tabs.setCurrentIndex(1)
    window.show_page(window.visits)
    settle()
    window.grab().save(str(args.out / f"3b-visit-list{suffix}.png"))
    revisit_dialog(window, settle, args.out / f"4b-revisit-dialog{suffix}.png")
    policies(window, settle, args.out / f"4c-policies{suffix}.png")
    projects(window, settle, args.out / f"4f-projects{suffix}.png")
    stats_projects(window, settle, args.out / f"5c-stats-projects{suffix}.png")
    ledger_import(window, settle, tmp, args.out / f"6b-ledger-import{suffix}.png")
    policy_screens(window, settle, args.out, suffix)
    window.visits.form.dirty = False
    window.close()


def policies(window, settle, path: Path) -> None:  # type: ignore[no-untyped-def]
    """政策库 with the demo's policies, one explained at visits selected: its content and reach below."""
    window.show_page(window.policies)
    settle()
    page = window.policies
    page.table.selectRow(next(i for i, p in enumerate(page.model.rows) if p.title.startswith("关于支持专精特新")))
    settle()
    window.grab().save(str(path))
    print(path)


def projects(window, settle, path: Path) -> None:  # type: ignore[no-untyped-def]
    """地企合作 with the demo's projects and figures, the one whose problem went 交办→销号 selected."""
    window.show_page(window.projects)
    settle()
    page = window.projects
    page.table.selectRow(next(i for i, p in enumerate(page.model.rows) if p.problems))
    settle()
    window.grab().save(str(path))
    print(path)


def stats_projects(window, settle, path: Path) -> None:  # type: ignore[no-untyped-def]
    """统计's 地企合作 tab: the period's 签约数, 开工率, 投产率, 资金到位率, by 责任单位."""
    from PySide6.QtWidgets import QWidget

    window.show_page(window.stats)
    settle()
    tabs = window.stats.tabs
    tabs.setCurrentWidget(window.stats.findChild(QWidget, "stats-projects"))
    settle()
    window.grab().save(str(path))
    print(path)
    tabs.setCurrentIndex(0)


def ledger_import(window, settle, tmp: Path, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 上级交办清单 in its sender's layout, previewed on the import page with 上级交办 as the source."""
    from tests.test_exchange_problem_ledger import ledger_xlsx

    page = window.exchange
    window.show_page(window.exchange)
    page.choose_paths([ledger_xlsx(tmp / "上级交办问题清单（第三批）.xlsx")])
    page.ledger_source.setCurrentIndex(page.ledger_source.findData("上级交办"))
    page.dry_run.setChecked(True)
    page.import_button.click()
    settle()
    page.import_files.selectRow(0)
    settle()
    window.grab().save(str(path))
    print(path)


def revisit_dialog(window, settle, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 回访评价 dialog over the ledger, as a person sees it before choosing the result."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

    from app.domain import ProblemStatus
    from app.workflow import Action
    from ui.widgets.workflow_dialogs import ActionDialog

    ledger = window.ledger
    window.show_page(window.ledger)
    ledger.status.setCurrentIndex(ledger.status.findData(ProblemStatus.SOLVED.value))
    settle()
    row = next(i for i, p in enumerate(ledger.model.rows) if Action.EVALUATE in p.actions)
    ledger.table.selectRow(row)
    settle()
    ledger.buttons[Action.EVALUATE].click()
    settle()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ActionDialog) and w.isVisible())
    dialog.findChild(QLineEdit, "evaluator").setText("王建国")
    dialog.findChild(QLineEdit, "evaluatorPosition").setText("总经理")
    method = dialog.findChild(QComboBox, "method")
    method.setCurrentIndex(method.findData("电话"))
    settle()
    shot = window.grab()
    painter = QPainter(shot)
    inner = dialog.grab()
    at = QPoint((shot.width() - inner.width()) // 2, (shot.height() - inner.height()) // 2)
    painter.drawPixmap(at, inner)
    painter.setPen(QColor("#666666"))
    painter.drawRect(at.x() - 1, at.y() - 1, inner.width() + 1, inner.height() + 1)  # offscreen has no frame
    painter.end()
    shot.save(str(path))
    print(path)
    dialog.reject()
    ledger.status.setCurrentIndex(0)


def _over(window, dialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window with `dialog` drawn over its middle, framed (offscreen dialogs have none)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    shot = window.grab()
    painter = QPainter(shot)
    inner = dialog.grab()
    at = QPoint((shot.width() - inner.width()) // 2, max(0, (shot.height() - inner.height()) // 2))
    painter.drawPixmap(at, inner)
    painter.setPen(QColor("#666666"))
    painter.drawRect(at.x() - 1, at.y() - 1, inner.width() + 1, inner.height() + 1)
    painter.end()
    shot.save(str(path))
    print(path)


def policy_screens(window, settle, out: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 27 parts 2–3: a policy changed in its dialog, a company's 申报/兑现 recorded, and the
    统计 page's policy figures (by policy) for the year."""
    from PySide6.QtWidgets import QApplication

    from ui.widgets.policy_dialogs import ClaimDialog, PolicyDialog

    page = window.policies
    window.show_page(page)
    settle()
    page.table.selectRow(next(i for i, p in enumerate(page.model.rows) if p.title.startswith("关于支持专精特新")))
    settle()
    page.edit_button.click()
    settle()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PolicyDialog) and w.isVisible())
    _over(window, dialog, out / f"4d-policy-dialog{suffix}.png")
    dialog.reject()
    settle()
    page.claim_button.click()
    settle()
    claim = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ClaimDialog) and w.isVisible())
    services = window.ctx.services
    claim.picker.set_enterprise(services.enterprises.search("恒达")[0])
    settle()
    claim.applied_on.setChecked(True)
    settle()
    _over(window, claim, out / f"4e-claim-dialog{suffix}.png")
    claim.reject()
    settle()
    stats = window.stats
    window.show_page(stats)
    settle()
    stats.tabs.setCurrentIndex(stats.tabs.count() - 1)
    settle()
    window.grab().save(str(out / f"5b-stats-policies{suffix}.png"))
    print(out / f"5b-stats-policies{suffix}.png")


if __name__ == "__main__":
    main()
