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
    for row, name in enumerate(names):
        window.nav.setCurrentRow(row)
        settle()
        if name == "enterprises":
            window.enterprises.table.selectRow(0)
            settle()
        if name == "ledger":
            window.ledger.table.selectRow(2)
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
    window.nav.setCurrentRow(2)
    settle()
    window.grab().save(str(args.out / f"3b-visit-list{suffix}.png"))
    window.visits.form.dirty = False
    window.close()


if __name__ == "__main__":
    main()
