"""The window shows what the acting person's role forbids as disabled (app.services.access):
the ledger's workflow buttons and the import page. The services refuse it regardless
(tests/test_roles.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services import Services
from app.workflow import Action
from tests.conftest import TODAY
from tests.factories import assign, cadre, enterprise, problem
from tests.ui.conftest import idle
from ui.context import Context
from ui.views.exchange import ExchangePage
from ui.views.ledger import LedgerPage

D0 = TODAY - timedelta(days=20)


def _office(services: Services) -> dict[str, str]:
    s = services
    mine = enterprise(s, "河阳县恒达铝业有限公司")
    other = enterprise(s, "河阳县长青电子科技有限公司")
    s.cadres.assign(cadre(s, "李强"), mine, start=D0)
    ids = {"mine": problem(s, mine, received=D0), "other": problem(s, other, category="用工", received=D0)}
    for pid in ids.values():
        assign(s, pid, on=D0 + timedelta(days=1))
    s.access.add("测试员", "办公室")
    s.access.add("王芳", "领导")
    s.access.add("李强", "干部")
    return ids


def _enabled_for(qtbot: QtBot, ctx: Context, actor: str, problem_id: str) -> set[Action]:
    ctx.services.db.actor = actor
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    idle(qtbot, ctx)
    row = next(i for i, p in enumerate(page.model.rows) if p.id == problem_id)
    page.table.selectRow(row)
    idle(qtbot, ctx)
    return {a for a, b in page.buttons.items() if b.isEnabled()}


def test_the_ledger_disables_the_steps_a_role_may_not_take(qtbot: QtBot, ctx: Context, services: Services,
                                                           tmp_path: Path) -> None:
    ids = _office(services)
    legal = set(services.problems.get(ids["mine"]).actions)
    assert Action.SOLVE in legal and Action.SUPERVISE in legal
    assert _enabled_for(qtbot, ctx, "测试员（营商办）", ids["mine"]) == legal
    assert _enabled_for(qtbot, ctx, "李强", ids["mine"]) == legal & {Action.RECORD_PROGRESS, Action.EVALUATE}
    assert _enabled_for(qtbot, ctx, "李强", ids["other"]) == set()
    assert _enabled_for(qtbot, ctx, "王芳", ids["mine"]) == set()
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    idle(qtbot, ctx)
    assert not page.unit_supervise.isEnabled()
    page.grab().save(str(tmp_path / "ledger-leader.png"))


def test_the_import_page_lets_a_leader_preview_and_export_only(qtbot: QtBot, ctx: Context,
                                                               services: Services, tmp_path: Path) -> None:
    _office(services)
    services.exchange.export(tmp_path / "ledger.xlsx")
    ctx.services.db.actor = "王芳"
    page = ExchangePage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    idle(qtbot, ctx)
    page.choose_paths([tmp_path / "ledger.xlsx"])
    assert page.import_button.isEnabled() and page.dry_run.isChecked() and not page.dry_run.isEnabled()
    assert not page.merge_button.isEnabled()
    assert page.role_note.isVisible() and "王芳（领导）不能导入" in page.role_note.text()
    page.grab().save(str(tmp_path / "exchange-leader.png"))
    # Office staff: as before.
    ctx.services.db.actor = "测试员"
    page.reload()
    idle(qtbot, ctx)
    assert page.merge_button.isEnabled() and page.dry_run.isEnabled() and not page.role_note.isVisible()
