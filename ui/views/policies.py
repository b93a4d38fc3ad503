"""政策库: the policies cadres explain on visits — searchable by text and tag, the expired ones
marked 失效 — with the selected one's content (支持内容, 申报方式 …) below, and the import of an
office's 政策汇编 (the same import as 数据交换's, which recognises a policy list)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import INDUSTRY_SECTIONS, CodeListKind
from app.exchange import POLICY_LIST, ImportReport
from app.services.policies import PolicyReach, PolicyView
from ui.context import Context
from ui.domain_text import shown
from ui.format import day
from ui.models.columns import MUTED
from ui.models.table import OVERDUE_RED, Column, RowTableModel
from ui.operations import REPORTED, Change, Job
from ui.views.page import Page, confirm, selected_row, setup_table, sortable
from ui.widgets.policy_dialogs import ClaimDialog, PolicyDialog

#: translate("Policies", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate
#: The rejections spelled out under an import's summary (the rest are in the rejection workbook).
SHOWN_REJECTIONS = 5


def state_text(p: PolicyView) -> str:
    if p.expired:
        return translate("Policies", "失效")
    if p.not_yet:
        return translate("Policies", "未生效")
    return translate("Policies", "有效")


def _state_color(p: PolicyView) -> QColor | None:
    return OVERDUE_RED if p.expired else MUTED if p.not_yet else None


def _who(p: PolicyView) -> str:
    industries = (f"{c} {INDUSTRY_SECTIONS.get(c, '')}".strip() for c in p.industries)
    parts = [*p.tags, *(shown(s) for s in p.sizes), *industries]
    return translate("Columns", "、").join(parts)


def policy_columns() -> list[Column[PolicyView]]:
    return [
        Column(translate("Policies", "状态"), state_text, color=_state_color),
        Column(translate("Policies", "政策名称"), lambda p: p.title, tooltip=lambda p: p.title),
        Column(translate("Policies", "文号"), lambda p: p.doc_number),
        Column(translate("Policies", "发文单位"), lambda p: p.issuer),
        Column(translate("Policies", "发布日期"), lambda p: day(p.issued_date)),
        Column(translate("Policies", "有效期至"),
               lambda p: day(p.valid_to) if p.valid_to else translate("Policies", "长期"),
               color=_state_color),
        Column(translate("Policies", "适用企业"), _who, tooltip=lambda p: p.eligibility),
        Column(translate("Policies", "联系单位"), lambda p: p.contact_unit),
    ]


class PoliciesPage(Page):
    watches = Change.POLICIES | Change.CODE_LISTS

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("policiesPage")
        self._generation = 0

        self.search = QLineEdit()
        self.search.setObjectName("policySearch")
        self.search.setPlaceholderText(self.tr("搜索政策名称、文号、发文单位、适用对象、支持内容"))
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.tag.setObjectName("policyTag")
        self.tag.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag.addItem(self.tr("全部企业标签"), "")
        self.valid_only = QCheckBox(self.tr("只看有效的"))
        self.valid_only.setObjectName("policyValidOnly")
        self.import_button = QPushButton(self.tr("导入政策汇编…"))
        self.import_button.setObjectName("importPolicies")
        self.import_button.setToolTip(self.tr("导入本单位或上级整理的政策清单（Excel）：同一文号的政策再次导入时更新，不会重复"))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.tag)
        top.addWidget(self.valid_only)
        top.addWidget(self.import_button)
        self.add_button = QPushButton(self.tr("新增政策…"))
        self.add_button.setObjectName("addPolicy")
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.setObjectName("editPolicy")
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.setObjectName("deletePolicy")
        self.claim_button = QPushButton(self.tr("登记申报/兑现…"))
        self.claim_button.setObjectName("claimPolicy")
        self.claim_button.setToolTip(self.tr("记录企业对所选政策的申报日期，以及兑现日期和金额"))
        actions = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button, self.claim_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.add_button.clicked.connect(self.add_policy)
        self.edit_button.clicked.connect(self.edit_policy)
        self.delete_button.clicked.connect(self.delete_policy)
        self.claim_button.clicked.connect(self.record_claim)

        self.count = QLabel()
        self.count.setObjectName("policyCount")
        self.import_summary = QLabel()
        self.import_summary.setObjectName("policyImportSummary")
        self.import_summary.setWordWrap(True)
        self.import_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_summary.setVisible(False)

        self.model: RowTableModel[PolicyView] = RowTableModel(policy_columns(), sort_in_python=True)
        self.table = QTableView()
        self.table.setObjectName("policyTable")
        self.table.setModel(self.model)
        fm = self.table.fontMetrics()
        # 状态 as wide as its longest word in the window's language (Not yet in force), 发布日期 as a date.
        state = max(fm.horizontalAdvance(t) for t in (translate("Policies", "有效"), translate("Policies", "失效"),
                                                       translate("Policies", "未生效"))) + 16
        date_width = fm.horizontalAdvance("2026-12-31") + 16
        setup_table(self.table, stretch_column=1, widths={0: state, 2: 150, 3: 180, 4: date_width, 5: date_width,
                                                          6: 160, 7: 150})
        sortable(self.table)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.detail = QTextBrowser()
        self.detail.setObjectName("policyDetail")
        self.detail.setOpenExternalLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.import_summary)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        self._selection_changed()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._query)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.tag.currentIndexChanged.connect(lambda _i: self._query())
        self.valid_only.toggled.connect(lambda _on: self._query())
        self.import_button.clicked.connect(self._pick_file)

    def title(self) -> str:
        return self.tr("政策库")

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def reload(self) -> None:
        code_lists = self.ctx.services.code_lists
        self.ctx.ops.read(lambda: code_lists.values(CodeListKind.TAG), self._show_tags, key="policy-tags")
        self._query()

    def _show_tags(self, tags: list[str]) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("全部企业标签"), "")
        for t in tags:
            self.tag.addItem(t, t)
        self.tag.setCurrentIndex(max(0, self.tag.findData(current)))
        self.tag.blockSignals(False)
        # As wide as the longest tag now, not at the next layout pass.
        self.tag.setMinimumWidth(self.tag.sizeHint().width())
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def _query(self) -> None:
        self._generation += 1
        generation = self._generation
        text, tag, valid = self.search.text(), self.tag.currentData() or "", self.valid_only.isChecked()
        policies = self.ctx.services.policies
        self.ctx.ops.read(lambda: policies.list(text=text, tag=tag, valid=valid),
                          lambda rows: self._show(rows, generation), key="policy-list")

    def _show(self, rows: list[PolicyView], generation: int) -> None:
        if generation != self._generation:
            return
        chosen = selected_row(self.table, self.model)
        self.model.set_rows(rows)
        expired = sum(p.expired for p in rows)
        self.count.setText(self.tr("共 {n} 项政策，其中失效 {expired} 项").format(n=len(rows), expired=expired))
        if chosen is not None:
            for i, p in enumerate(self.model.rows):
                if p.id == chosen.id:
                    self.table.selectRow(i)
                    return
        self.detail.clear()
        self._selection_changed()

    # ---- one policy -------------------------------------------------------------
    def add_policy(self) -> PolicyDialog:
        dialog = PolicyDialog(self.ctx, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_policy(self) -> None:
        """The selected policy as it is now (another installation's or user's change included) in the
        dialog; its save is refused if the policy changes again before it."""
        p = selected_row(self.table, self.model)
        if p is None:
            return
        policies = self.ctx.services.policies
        self.ctx.ops.read(lambda: policies.get(p.id), self._open_edit, key="policy-edit")

    def _open_edit(self, p: PolicyView) -> None:
        dialog = PolicyDialog(self.ctx, p, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def delete_policy(self) -> None:
        p = selected_row(self.table, self.model)
        if p is None:
            return
        policies = self.ctx.services.policies

        def delete() -> None:
            self.ctx.ops.write(lambda: policies.delete(p.id), lambda _r: None, changes=REPORTED)

        confirm(self, "confirmDeletePolicy", self.tr("删除政策"),
                self.tr("删除政策“{title}”？\n走访中宣讲过它的记录和企业的申报、兑现记录仍保留在历史中，"
                        "但不再列出和统计。").format(title=p.title),
                self.tr("删除"), delete, icon=QMessageBox.Icon.Warning)

    def record_claim(self) -> ClaimDialog | None:
        p = selected_row(self.table, self.model)
        if p is None:
            return None
        dialog = ClaimDialog(self.ctx, p, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _selection_changed(self) -> None:
        chosen = selected_row(self.table, self.model) is not None
        for b in (self.edit_button, self.delete_button, self.claim_button):
            b.setEnabled(chosen)

    def _selected(self) -> None:
        self._selection_changed()
        p = selected_row(self.table, self.model)
        if p is None:
            self.detail.clear()
            return
        self.detail.setHtml(self.detail_html(p))
        policies = self.ctx.services.policies
        self.ctx.ops.read(lambda: policies.reach(p.id), lambda r: self._show_reach(p, r), key="policy-reach")

    def _show_reach(self, p: PolicyView, reach: PolicyReach) -> None:
        if selected_row(self.table, self.model) != p:
            return
        self.detail.setHtml(self.detail_html(p, reach))

    def detail_html(self, p: PolicyView, reach: PolicyReach | None = None) -> str:
        from html import escape

        valid = self.tr("{start} 至 {end}").format(start=day(p.valid_from) or "—",
                                                   end=day(p.valid_to) or self.tr("长期"))
        rows = [
            (self.tr("状态"), state_text(p)), (self.tr("发文单位"), p.issuer), (self.tr("文号"), p.doc_number),
            (self.tr("发布日期"), day(p.issued_date)), (self.tr("有效期"), valid),
            (self.tr("适用对象"), p.eligibility), (self.tr("适用企业"), _who(p)), (self.tr("支持内容"), p.benefits),
            (self.tr("申报方式"), p.how_to_apply), (self.tr("联系单位"), p.contact_unit), (self.tr("备注"), p.notes),
        ]
        if reach is not None:
            rows.append((self.tr("宣传兑现"), self.tr(
                "已向 {explained} 家企业宣讲，{applied} 家申报，{granted} 家已兑现，兑现金额 {amount} 元").format(
                explained=reach.explained, applied=reach.applied, granted=reach.granted, amount=reach.amount)))
        body = "".join(f"<tr><td style='color:#555;padding-right:12px;white-space:nowrap'>{escape(k)}</td>"
                       f"<td>{escape(v)}</td></tr>" for k, v in rows if v)
        return f"<h3>{escape(p.title)}</h3><table cellspacing='4'>{body}</table>"

    # ---- import ---------------------------------------------------------------
    def _pick_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择政策汇编"), self.ctx.settings.last_folder,
                                                self.tr("Excel 或 CSV (*.xlsx *.xlsm *.xls *.csv)"))
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """Import an office's list of policies (off the GUI thread), then show what it did."""
        exchange = self.ctx.services.exchange
        self.import_button.setEnabled(False)

        def work(job: Job) -> ImportReport:
            return exchange.import_paths([path], progress=job.progress, cancel=lambda: job.cancelled)

        def failed(exc: Exception) -> None:
            self.import_button.setEnabled(True)
            self._say(str(exc))

        self.ctx.ops.long(self.tr("正在导入政策汇编……"), work, self._imported, changes=REPORTED,
                          failed=failed, parent=self)

    def _imported(self, report: ImportReport) -> None:
        self.import_button.setEnabled(True)
        lines = []
        for f in report.files:
            name = Path(f.path).name
            if f.error:
                lines.append(f.error)
                continue
            c = f.counts.get("policies", {})
            if f.kind != POLICY_LIST:
                lines.append(self.tr("{file} 不是政策汇编（已按{kind}导入，见“数据交换”页）").format(
                    file=name, kind=f.kind))
                continue
            counts = {k: c.get(k, 0) for k in ("created", "updated", "unchanged", "rejected")}
            lines.append(self.tr(
                "{file}：新增 {created} 项，更新 {updated} 项，未变 {unchanged} 项，未导入 {rejected} 行").format(
                file=name, **counts))
            for r in f.rejections[:SHOWN_REJECTIONS]:
                lines.append(self.tr("  第 {row} 行 {column}“{value}”：{reason}").format(
                    row=r.row, column=r.column, value=r.value, reason=r.reason))
            if len(f.rejections) > SHOWN_REJECTIONS:
                lines.append(self.tr("  ……另有 {n} 行未导入").format(n=len(f.rejections) - SHOWN_REJECTIONS))
        self._say("\n".join(lines))

    def _say(self, text: str) -> None:
        self.import_summary.setText(text)
        self.import_summary.setVisible(bool(text))
