"""The 政策库's own writes in the window: a policy added, changed (refused when changed elsewhere
since it was opened) and deleted; a company's 申报/兑现 recorded with the service's rules (兑现 before
申报 refused, in the dialog, which stays open); the 统计 page's policy figures; the enterprise page's
政策明白纸 button."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.enterprises import EnterpriseInput
from app.services.policies import PolicyInput
from app.services.visits import VisitInput
from tests.conftest import TODAY
from tests.test_policies import _library
from tests.ui.conftest import idle, ok, shown
from tests.ui.test_printing import chosen  # noqa: F401 - the save dialog's stand-in (a fixture)
from ui.context import Context
from ui.views.policies import PoliciesPage
from ui.widgets.policy_dialogs import ClaimDialog, PolicyDialog, split_list

#: Screenshots go here when set (docs/screenshots), else to the test's folder.
SHOTS = os.environ.get("ZHUQI_SHOTS", "")


def _shot(widget: object, tmp_path: Path, name: str) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    widget.grab().save(str(Path(SHOTS or tmp_path) / name))


def _gone(dialog: object) -> bool:
    """Closed (the window's dialogs delete themselves on closing)."""
    import shiboken6
    from PySide6.QtWidgets import QWidget

    return not shiboken6.isValid(dialog) or (isinstance(dialog, QWidget) and not dialog.isVisible())


def _page(qtbot: QtBot, ctx: Context) -> PoliciesPage:
    page = PoliciesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    idle(qtbot, ctx)
    return page


def _select(page: PoliciesPage, title: str) -> None:
    row = next(i for i, p in enumerate(page.model.rows) if p.title == title)
    page.table.selectRow(row)


def test_a_policy_is_added_changed_and_deleted_in_the_window(qtbot: QtBot, ctx: Context, services: Services,
                                                              tmp_path: Path) -> None:
    page = _page(qtbot, ctx)
    assert not page.edit_button.isEnabled() and not page.claim_button.isEnabled()
    dialog = page.add_policy()
    dialog.title.setText("河阳县科技型中小企业研发奖补办法")
    dialog.issuer.setText("河阳县科学技术局")
    dialog.doc_number.setText("河科〔2026〕5号")
    dialog.valid_from.setText("2026-07-01")
    dialog.valid_to.setText("2026年3月1日")
    dialog.industries.setText("c、i")
    dialog.sizes["小型"].setChecked(True)
    dialog.tags.setText("科技型，专精特新")
    dialog.benefits.setPlainText("按研发投入的10%给予奖补，最高50万元")
    ok(dialog)
    idle(qtbot, ctx)
    # Refused by the service: the dialog stays open and says why.
    assert dialog.isVisible() and "早于有效期起" in dialog.error.text()
    dialog.valid_to.setText("2028-12-31")
    dialog.issued.setText("2026年13月1日")
    ok(dialog)
    assert dialog.isVisible() and dialog.error.text().startswith("发布日期“2026年13月1日”")
    dialog.issued.setText("2026-06-10")
    _shot(dialog, tmp_path, "27-policy-dialog.png")
    ok(dialog)
    idle(qtbot, ctx)
    assert _gone(dialog)
    [p] = services.policies.list()
    assert (p.title, p.doc_number, p.industries, p.sizes, p.tags) == (
        "河阳县科技型中小企业研发奖补办法", "河科〔2026〕5号", ("C", "I"), ("小型",), ("科技型", "专精特新"))
    assert (p.valid_from, p.valid_to, p.issued_date) == (dt.date(2026, 7, 1), dt.date(2028, 12, 31),
                                                         dt.date(2026, 6, 10))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)

    _select(page, p.title)
    idle(qtbot, ctx)
    page.edit_policy()
    idle(qtbot, ctx)
    edit = shown(PolicyDialog)
    assert edit.tags.text() == "科技型、专精特新" and edit.valid_to.text() == "2028-12-31"
    edit.benefits.setPlainText("按研发投入的15%给予奖补，最高80万元")
    # Someone else changes the policy meanwhile: this save is refused, nothing overwritten.
    services.policies.update(p.id, PolicyInput(p.title, notes="县科技局修订"))
    ok(edit)
    idle(qtbot, ctx)
    assert edit.isVisible() and "已被其他窗口或导入修改" in edit.error.text()
    assert "15%" not in services.policies.get(p.id).benefits
    edit.reject()
    idle(qtbot, ctx)
    assert _gone(edit)
    _select(page, p.title)
    idle(qtbot, ctx)
    page.edit_policy()
    idle(qtbot, ctx)
    edit = shown(PolicyDialog)
    edit.benefits.setPlainText("按研发投入的15%给予奖补，最高80万元")
    ok(edit)
    idle(qtbot, ctx)
    assert _gone(edit) and services.policies.get(p.id).benefits.startswith("按研发投入的15%")

    _select(page, p.title)
    page.delete_policy()
    box = shown(QMessageBox, "confirmDeletePolicy")
    box.button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, ctx)
    assert services.policies.list() == []
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)


def test_a_claim_is_recorded_from_the_selected_policy(qtbot: QtBot, ctx: Context, services: Services,
                                                      tmp_path: Path) -> None:
    ids = _library(services)
    e = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", industry_code="C", size="小型",
                                                    tags=("专精特新",)))
    services.policies.record_claim(e.id, ids["关于支持专"], applied=dt.date(2026, 5, 10))
    page = _page(qtbot, ctx)
    _select(page, "关于支持专精特新中小企业高质量发展的若干措施")
    idle(qtbot, ctx)
    dialog = page.record_claim()
    assert isinstance(dialog, ClaimDialog) and not dialog.ok.isEnabled()
    dialog.picker.set_enterprise(e)
    idle(qtbot, ctx)
    # What is on record is shown and kept.
    assert "已申报" in dialog.on_record.text() and dialog.applied_on.isChecked()
    assert dialog.applied.value() == dt.date(2026, 5, 10)
    dialog.granted_on.setChecked(True)
    dialog.granted.set_value(dt.date(2026, 5, 1))
    dialog.amount.setText("1,000,000")
    ok(dialog)
    idle(qtbot, ctx)
    assert dialog.isVisible() and "早于申报日期" in dialog.error.text()
    dialog.granted.set_value(TODAY + dt.timedelta(days=1))
    ok(dialog)
    assert dialog.isVisible() and "兑现日期不能晚于" in dialog.error.text()
    dialog.granted.set_value(dt.date(2026, 6, 10))
    dialog.amount.setText("一百万")
    ok(dialog)
    assert dialog.isVisible() and "应为不小于 0 的整数" in dialog.error.text()
    dialog.amount.setText("1,000,000")
    _shot(dialog, tmp_path, "27-claim-dialog.png")
    ok(dialog)
    idle(qtbot, ctx)
    assert _gone(dialog)
    [c] = services.policies.claims(enterprise_id=e.id)
    assert (c.applied_date, c.granted_date, c.amount) == (dt.date(2026, 5, 10), dt.date(2026, 6, 10), 1_000_000)
    # The policy's reach below it follows.
    qtbot.waitUntil(lambda: "1 家已兑现，兑现金额 1000000 元" in page.detail.toPlainText(), timeout=5000)


def test_the_stats_page_shows_the_policy_figures(qtbot: QtBot, ctx: Context, services: Services,
                                                 tmp_path: Path) -> None:
    from tests.factories import cadre, enterprise
    from ui.views.stats import StatsPage

    ids = _library(services)
    a, b = enterprise(services, "河阳县甲公司", region="城关镇"), enterprise(services, "河阳县乙公司", region="河口镇")
    zhang = cadre(services, "张伟", "工信局")
    services.visits.create(VisitInput(a, dt.date(2026, 6, 3), cadre_ids=(zhang,),
                                      policy_ids=(ids["关于支持专"], ids["河阳县小微"])))
    services.visits.create(VisitInput(b, dt.date(2026, 6, 5), cadre_ids=(zhang,), policy_ids=(ids["关于支持专"],)))
    services.policies.record_claim(a, ids["关于支持专"], applied=dt.date(2026, 6, 4), granted=dt.date(2026, 6, 12),
                                   amount=300_000)
    page = StatsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    idle(qtbot, ctx)
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "政策宣传兑现"
    assert page.policy_summary.text().startswith(
        "期内走访宣讲政策 2 项、3 次，覆盖企业 2 家；企业申报 1 件，兑现 1 件、300,000 元。")
    m = page.policy_models["policy"]
    rows = [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]
    assert rows[0] == ["关于支持专精特新中小企业高质量发展的若干措施", "2", "2", "1", "1", "300,000"]
    assert [m.data(m.index(0, 0)) for m in (page.policy_models["unit"],)] == ["工信局"]
    assert page.policy_models["region"].rowCount() == 2
    _shot(page, tmp_path, "27-stats-policies.png")


def test_the_enterprise_page_prints_the_policy_sheet(qtbot: QtBot, ctx: Context, services: Services,
                                                     chosen: list[str], tmp_path: Path) -> None:
    from pypdf import PdfReader

    from tests.ui.test_window import open_window

    ids = _library(services)
    services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", industry_code="C", size="小型",
                                                tags=("专精特新",)))
    services.enterprises.create(EnterpriseInput(name="河阳县大型物流有限公司", industry_code="G", size="大型"))
    services.policies.delete(ids["河阳县研发"])  # the one every company fits
    ctx.settings.open_after_print = False
    window = open_window(qtbot, ctx)
    window.show_page(window.enterprises)
    idle(qtbot, ctx)
    page = window.enterprises
    assert not page.policy_button.isEnabled()
    names = [e.name for e in page.model.rows]
    page.table.selectRow(names.index("河阳县恒达铝业有限公司"))
    idle(qtbot, ctx)
    assert page.policy_button.isEnabled()
    page.policy_sheet_action.trigger()
    idle(qtbot, ctx)
    out = tmp_path / "out" / "政策明白纸_河阳县恒达铝业有限公司_2026-06-15.pdf"
    assert Path(chosen[0]).name == out.name and out.exists()
    assert "惠企政策明白纸" in "".join(p.extract_text() for p in PdfReader(out).pages).replace(" ", "")
    page.table.selectRow(names.index("河阳县大型物流有限公司"))
    idle(qtbot, ctx)
    page.policy_sheet_action.trigger()
    idle(qtbot, ctx)
    box = shown(QMessageBox, "errorBox")
    assert "没有适合“河阳县大型物流有限公司”的有效政策" in box.text()
    box.accept()
    assert not (tmp_path / "out" / "政策明白纸_河阳县大型物流有限公司_2026-06-15.pdf").exists()


@pytest.mark.parametrize(("typed", "items"), [
    ("专精特新、规上工业", ("专精特新", "规上工业")), ("C, F；I", ("C", "F", "I")), ("  ", ()),
])
def test_lists_typed_in_one_box(typed: str, items: tuple[str, ...]) -> None:
    assert split_list(typed) == items


def test_a_claim_is_recorded_from_the_enterprise_with_its_policies_to_choose(
        qtbot: QtBot, ctx: Context, services: Services, tmp_path: Path) -> None:
    from ui.views.enterprises import EnterprisesPage

    ids = _library(services)
    e = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", industry_code="C", size="小型",
                                                    tags=("专精特新",)))
    # Explained at a visit: 小微 (it fits) and 稳岗返还 (expired since, still claimable).
    services.visits.create(VisitInput(e.id, dt.date(2025, 6, 1), policy_ids=(ids["河阳县小微"], ids["河阳县稳岗"])))
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    idle(qtbot, ctx)
    page.table.selectRow(0)
    idle(qtbot, ctx)
    dialog = page.record_claim()
    assert dialog is not None and dialog.policy_box is not None
    idle(qtbot, ctx)
    box = dialog.policy_box
    items = [box.itemText(i) for i in range(box.count())]
    # Those explained first (marked), then the others that fit today.
    assert items[:2] == ["河阳县小微企业首贷贴息办法（已宣讲）", "河阳县稳岗返还办法（已宣讲）"]
    assert "关于支持专精特新中小企业高质量发展的若干措施" in items and "河阳县促进外贸稳规模优结构若干措施" not in items
    box.setCurrentIndex(1)
    idle(qtbot, ctx)
    dialog.applied_on.setChecked(True)
    dialog.applied.set_value(dt.date(2025, 7, 1))
    dialog.granted_on.setChecked(True)
    dialog.granted.set_value(dt.date(2025, 9, 1))
    dialog.amount.setText("60000")
    _shot(page, tmp_path, "27-enterprise-page.png")
    ok(dialog)
    idle(qtbot, ctx)
    assert _gone(dialog)
    [c] = services.policies.claims(enterprise_id=e.id)
    assert (c.policy_title, c.applied_date, c.granted_date, c.amount) == (
        "河阳县稳岗返还办法", dt.date(2025, 7, 1), dt.date(2025, 9, 1), 60_000)
    # Opened again on that policy, what is on record is shown.
    dialog = page.record_claim()
    assert dialog is not None and dialog.policy_box is not None
    idle(qtbot, ctx)
    dialog.policy_box.setCurrentIndex(1)
    idle(qtbot, ctx)
    assert "已兑现" in dialog.on_record.text() and dialog.amount.text() == "60000"
    dialog.policy_box.setCurrentIndex(0)
    idle(qtbot, ctx)
    assert "尚未登记" in dialog.on_record.text() and not dialog.granted_on.isChecked()
    dialog.reject()
