"""地企合作: the projects an office follows with companies and central/provincial enterprises —
listed with their stage and 资金到位率, filtered by 责任单位 and stage, the figures (签约数, 开工率,
投产率, 资金到位率) above, the selected project's details and the problems it raised below; and
the dialogs to add or edit a project and to record a stage date or a year's investment."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import CodeListKind, ProjectStage
from app.errors import UserError
from app.services.access import Permissions
from app.services.projects import (
    COOPERATION_TYPES,
    MAX_WAN,
    STAGE_WORDS,
    ProjectInput,
    ProjectProblem,
    ProjectStats,
    ProjectView,
)
from ui.context import Context
from ui.domain_text import shown
from ui.format import day
from ui.models.table import Column, RowTableModel
from ui.operations import REPORTED, Change
from ui.views.page import Page, selected_row, setup_table, sortable
from ui.widgets.date_field import DateField
from ui.widgets.enterprise_picker import EnterprisePicker
from ui.widgets.form_dialog import FormDialog

translate = QCoreApplication.translate


def stage_words() -> dict[str, str]:
    """The stages a date is recorded for, as the window names them."""
    names = (translate("Projects", "签约"), translate("Projects", "开工"), translate("Projects", "投产"),
             translate("Projects", "达效"))
    return dict(zip(STAGE_WORDS, names, strict=True))


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def project_columns() -> list[Column[ProjectView]]:
    return [
        Column(translate("Projects", "阶段"), lambda p: shown(p.stage)),
        Column(translate("Projects", "项目名称"), lambda p: p.name, tooltip=lambda p: p.name),
        Column(translate("Projects", "合作方"), lambda p: p.partner, tooltip=lambda p: p.partner),
        Column(translate("Projects", "责任单位"), lambda p: p.unit),
        Column(translate("Projects", "签约日期"), lambda p: day(p.signed_date)),
        Column(translate("Projects", "计划投资（万元）"), lambda p: str(p.planned) if p.investments else ""),
        Column(translate("Projects", "到位资金（万元）"), lambda p: str(p.paid_in) if p.investments else ""),
        Column(translate("Projects", "资金到位率"), lambda p: pct(p.paid_in_rate)),
        Column(translate("Projects", "项目问题"),
               lambda p: (translate("Projects", "{n}（未销号 {open}）").format(n=p.problems, open=p.open_problems)
                          if p.open_problems else str(p.problems)) if p.problems else ""),
    ]


class ProjectsPage(Page):
    watches = Change.PROJECTS | Change.PROBLEMS | Change.ENTERPRISES | Change.CODE_LISTS

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("projectsPage")
        self._generation = 0
        self._permissions = Permissions(restricted=False)
        self._code_units: list[str] = []

        self.search = QLineEdit()
        self.search.setObjectName("projectSearch")
        self.search.setPlaceholderText(self.tr("搜索项目名称、合作方、合作类型、行业、责任领导"))
        self.search.setClearButtonEnabled(True)
        self.unit = QComboBox()
        self.unit.setObjectName("projectUnit")
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit.addItem(self.tr("全部责任单位"), "")
        self.stage = QComboBox()
        self.stage.setObjectName("projectStage")
        self.stage.addItem(self.tr("全部阶段"), "")
        for st in ProjectStage:
            self.stage.addItem(shown(st), st.value)
        self.add_button = QPushButton(self.tr("新增项目…"))
        self.add_button.setObjectName("addProject")
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.setObjectName("editProject")
        self.stage_button = QPushButton(self.tr("登记阶段…"))
        self.stage_button.setObjectName("recordStage")
        self.invest_button = QPushButton(self.tr("登记投资…"))
        self.invest_button.setObjectName("recordInvestment")
        self.link_button = QPushButton(self.tr("关联问题…"))
        self.link_button.setObjectName("linkProblem")
        self.link_button.setToolTip(self.tr("把涉及企业的一个未销号问题记为本项目提出的问题"))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.unit)
        top.addWidget(self.stage)
        for b in (self.add_button, self.edit_button, self.stage_button, self.invest_button, self.link_button):
            top.addWidget(b)

        self.figures = QLabel()
        self.figures.setObjectName("projectFigures")
        self.figures.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("projectMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        self.model: RowTableModel[ProjectView] = RowTableModel(project_columns(), sort_in_python=True)
        self.table = QTableView()
        self.table.setObjectName("projectTable")
        self.table.setModel(self.model)
        fm = self.table.fontMetrics()
        date_width = fm.horizontalAdvance("2026-12-31") + 16
        stage = max(fm.horizontalAdvance(shown(st)) for st in ProjectStage) + 16
        setup_table(self.table, stretch_column=1, widths={0: stage, 2: 190, 3: 110, 4: date_width, 5: 110, 6: 110,
                                                          7: 90, 8: 110})
        sortable(self.table)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.detail = QTextBrowser()
        self.detail.setObjectName("projectDetail")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._anchor)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.figures)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._query)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.unit.currentIndexChanged.connect(lambda _i: self._query())
        self.stage.currentIndexChanged.connect(lambda _i: self._query())
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(lambda: self.open_editor(selected_row(self.table, self.model)))
        self.stage_button.clicked.connect(self.open_stage_dialog)
        self.invest_button.clicked.connect(self.open_investment_dialog)
        self.link_button.clicked.connect(self.open_link_dialog)
        self._enable()

    def title(self) -> str:
        return self.tr("地企合作")

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def reload(self) -> None:
        services = self.ctx.services
        self.ctx.ops.read(services.projects.units, self._show_units, key="project-units")
        self.ctx.ops.read(lambda: services.code_lists.values(CodeListKind.UNIT), self._keep_units,
                          key="project-code-units")
        self.ctx.ops.read(services.access.permissions, self._set_permissions, key="project-permissions")
        self.ctx.ops.read(services.projects.figures, self._show_figures, key="project-figures")
        self._query()

    def _set_permissions(self, permissions: Permissions) -> None:
        self._permissions = permissions
        self._enable()

    def _enable(self) -> None:
        office = self._permissions.office
        chosen = selected_row(self.table, self.model) is not None
        self.add_button.setEnabled(office)
        for b in (self.edit_button, self.stage_button, self.invest_button, self.link_button):
            b.setEnabled(office and chosen)

    def _keep_units(self, units: list[str]) -> None:
        self._code_units = units

    def _show_units(self, units: list[str]) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(self.tr("全部责任单位"), "")
        for u in units:
            self.unit.addItem(u, u)
        self.unit.setCurrentIndex(max(0, self.unit.findData(current)))
        self.unit.blockSignals(False)

    def _show_figures(self, stats: ProjectStats) -> None:
        t = stats.total
        self.figures.setText(self.tr(
            "签约 {signed} 个，开工 {started} 个（开工率 {start}），投产 {producing} 个（投产率 {production}），"
            "达效 {effective} 个；计划投资 {planned} 万元，到位 {paid} 万元（资金到位率 {paid_rate}）").format(
            signed=t.signed, started=t.started, start=pct(t.start_rate), producing=t.producing,
            production=pct(t.production_rate), effective=t.effective, planned=t.planned, paid=t.paid_in,
            paid_rate=pct(t.paid_in_rate)))

    def _query(self) -> None:
        self._generation += 1
        generation = self._generation
        text, unit, stage = self.search.text(), self.unit.currentData() or "", self.stage.currentData() or ""
        projects = self.ctx.services.projects
        self.ctx.ops.read(lambda: projects.list(text=text, unit=unit, stage=stage),
                          lambda rows: self._show(rows, generation), key="project-list")

    def _show(self, rows: list[ProjectView], generation: int) -> None:
        if generation != self._generation:
            return
        chosen = selected_row(self.table, self.model)
        self.model.set_rows(rows)
        if chosen is not None:
            for i, p in enumerate(self.model.rows):
                if p.id == chosen.id:
                    self.table.selectRow(i)
                    return
        self.detail.clear()
        self._enable()

    def _selected(self) -> None:
        self._enable()
        p = selected_row(self.table, self.model)
        if p is None:
            self.detail.clear()
            return
        self.detail.setHtml(self.detail_html(p, []))
        projects = self.ctx.services.projects
        self.ctx.ops.read(lambda: projects.problems(p.id), lambda rows: self._show_problems(p, rows),
                          key="project-problems")

    def _show_problems(self, p: ProjectView, problems: list[ProjectProblem]) -> None:
        if selected_row(self.table, self.model) != p:
            return
        self.detail.setHtml(self.detail_html(p, problems))

    def detail_html(self, p: ProjectView, problems: list[ProjectProblem]) -> str:
        money = self.tr("{total} 万元").format(total=p.total_investment) if p.total_investment is not None else ""
        rows = [
            (self.tr("阶段"), shown(p.stage)), (self.tr("合作方"), p.partner),
            (self.tr("合作类型"), p.cooperation_type),
            (self.tr("涉及企业"), translate("Columns", "、").join(p.enterprise_names)), (self.tr("所属行业"), p.sector),
            (self.tr("计划总投资"), money), (self.tr("签约日期"), day(p.signed_date)),
            (self.tr("开工日期"), day(p.started_date)), (self.tr("投产日期"), day(p.producing_date)),
            (self.tr("达效日期"), day(p.effective_date)), (self.tr("责任领导"), p.leader),
            (self.tr("责任单位"), p.unit), (self.tr("备注"), p.notes),
        ]
        if p.investments:
            years = self.tr("；").join(
                self.tr("{year} 年计划 {planned}、到位 {paid}").format(year=i.year, planned=i.planned, paid=i.paid_in)
                for i in p.investments)
            rows.append((self.tr("逐年投资（万元）"), years))
            rows.append((self.tr("资金到位率"), pct(p.paid_in_rate)))
        body = "".join(f"<tr><td style='color:#555;padding-right:12px;white-space:nowrap'>{escape(k)}</td>"
                       f"<td>{escape(v)}</td></tr>" for k, v in rows if v)
        html = f"<h3>{escape(p.name)}</h3><table cellspacing='4'>{body}</table>"
        if problems:
            where = self.tr("（{enterprise}，主办：{unit}）")
            # Office staff may unlink a problem from the project: a link after it (the problem stays).
            words = self.tr("取消关联")
            unlink = f" <a href='unlink:{{id}}'>{escape(words)}</a>" if self._permissions.office else ""
            items = "".join(
                f"<li>[{escape(shown(q.status))}] {escape(q.description)}<span style='color:#555'>"
                f"{escape(where.format(enterprise=q.enterprise_name, unit=q.lead_unit or '—'))}</span>"
                f"{unlink.format(id=escape(q.id))}</li>"
                for q in problems)
            heading = self.tr("项目问题")
            html += f"<h4>{escape(heading)}</h4><ul>{items}</ul>"
        return html

    # ---- writes ---------------------------------------------------------------
    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color:#c62828" if error else "color:#2e7d32")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, UserError):
            self._say(self.tr("未保存：{reason}").format(reason=str(exc)), error=True)
        else:
            self.ctx.errors.report(self, exc)

    def _saved(self, p: ProjectView) -> None:
        self._say(self.tr("已保存：{name}").format(name=p.name))
        self._stale = True
        self.activate()

    def open_editor(self, current: ProjectView | None) -> ProjectDialog:
        dialog = ProjectDialog(self.ctx, current, self._code_units, self)
        dialog.accepted.connect(lambda: self.save_project(current, dialog.to_input()))
        dialog.open()
        return dialog

    def save_project(self, current: ProjectView | None, data: ProjectInput) -> None:
        projects = self.ctx.services.projects
        self._say("")

        def write() -> ProjectView:
            if current is None:
                return projects.add(data)
            return projects.update(current.id, data, expected_revision=current.revision)

        self.ctx.ops.write(write, self._saved, changes=REPORTED, failed=self._failed, source=self)

    def open_stage_dialog(self) -> StageDialog | None:
        p = selected_row(self.table, self.model)
        if p is None:
            return None
        dialog = StageDialog(p, self.ctx.services.clock.today(), self)
        dialog.accepted.connect(lambda: self.record_stage(p, dialog.stage_word(), dialog.day.value()))
        dialog.open()
        return dialog

    def record_stage(self, p: ProjectView, word: str, when: date) -> None:
        projects = self.ctx.services.projects
        self._say("")
        self.ctx.ops.write(lambda: projects.record_stage(p.id, word, when, expected_revision=p.revision),
                           self._saved, changes=REPORTED, failed=self._failed, source=self)

    def open_investment_dialog(self) -> InvestmentDialog | None:
        p = selected_row(self.table, self.model)
        if p is None:
            return None
        dialog = InvestmentDialog(p, self.ctx.services.clock.today().year, self)
        dialog.accepted.connect(lambda: self.record_investment(p, dialog.year.value(), dialog.planned.value(),
                                                               dialog.paid_in.value()))
        dialog.open()
        return dialog

    def record_investment(self, p: ProjectView, year: int, planned: int, paid_in: int) -> None:
        projects = self.ctx.services.projects
        self._say("")
        self.ctx.ops.write(lambda: projects.record_investment(p.id, year, planned=planned, paid_in=paid_in),
                           self._saved, changes=REPORTED, failed=self._failed, source=self)


    def open_link_dialog(self) -> LinkProblemDialog | None:
        p = selected_row(self.table, self.model)
        if p is None:
            return None
        dialog = LinkProblemDialog(p, self)
        projects = self.ctx.services.projects
        self.ctx.ops.read(lambda: projects.linkable_problems(p.id), dialog.show_problems, key="project-linkable")
        dialog.accepted.connect(lambda: self.link_problem(p, dialog.problem_id()))
        dialog.open()
        return dialog

    def link_problem(self, p: ProjectView, problem_id: str) -> None:
        if not problem_id:
            return
        projects = self.ctx.services.projects
        self._say("")
        self.ctx.ops.write(lambda: projects.link_problem(p.id, problem_id),
                           lambda _c: self._relinked(self.tr("已关联到项目：{name}").format(name=p.name)),
                           changes=REPORTED, failed=self._failed, source=self)

    def unlink_problem(self, p: ProjectView, problem_id: str) -> None:
        projects = self.ctx.services.projects
        self._say("")
        self.ctx.ops.write(lambda: projects.link_problem(None, problem_id),
                           lambda _c: self._relinked(self.tr("已取消关联：{name}").format(name=p.name)),
                           changes=REPORTED, failed=self._failed, source=self)

    def _anchor(self, url: QUrl) -> None:
        p = selected_row(self.table, self.model)
        if p is not None and url.scheme() == "unlink" and self._permissions.office:
            self.unlink_problem(p, url.path())

    def _relinked(self, text: str) -> None:
        self._say(text)
        self._stale = True
        self.activate()


def _money_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_WAN)
    box.setGroupSeparatorShown(False)
    box.setSuffix(" " + translate("Projects", "万元"))
    return box


class ProjectDialog(FormDialog):
    """A project's particulars; its stage dates are recorded with 登记阶段 (a new project may be
    entered as signed on a date)."""

    def __init__(self, ctx: Context, current: ProjectView | None, units: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, name="projectDialog")
        self.setWindowTitle(self.tr("新增地企合作项目") if current is None else self.tr("修改地企合作项目"))
        self.current = current
        self.name = QLineEdit(current.name if current else "")
        self.partner = QLineEdit(current.partner if current else "")
        self.partner.setPlaceholderText(self.tr("如 中国建材集团有限公司"))
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(["", *COOPERATION_TYPES])
        self.kind.setCurrentText(current.cooperation_type if current else "")
        self.sector = QLineEdit(current.sector if current else "")
        self.total = _money_box()
        self.total.setSpecialValueText(self.tr("未填"))
        self.total.setValue(current.total_investment or 0 if current else 0)
        self.leader = QLineEdit(current.leader if current else "")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(["", *units])
        self.unit.setCurrentText(current.unit if current else "")
        self.notes = QLineEdit(current.notes if current else "")
        self.picker = EnterprisePicker(ctx)
        self.enterprises = QListWidget()
        self.enterprises.setObjectName("projectEnterprises")
        self.enterprises.setMaximumHeight(72)
        self.enterprises.setToolTip(self.tr("双击移除"))
        if current:
            for eid, name in zip(current.enterprise_ids, current.enterprise_names):
                self._add_enterprise(eid, name)
        self.picker.chosen.connect(self._picked)
        self.enterprises.itemDoubleClicked.connect(
            lambda item: self.enterprises.takeItem(self.enterprises.row(item)))
        self.signed = QCheckBox(self.tr("已签约"))
        self.signed_day = DateField(date.today(), what=self.tr("签约日期"))
        self.signed_day.setEnabled(False)
        self.signed.toggled.connect(self.signed_day.setEnabled)
        signed_row = QHBoxLayout()
        signed_row.addWidget(self.signed)
        signed_row.addWidget(self.signed_day, 1)

        form = self.form
        form.addRow(self.tr("项目名称"), self.name)
        form.addRow(self.tr("合作方"), self.partner)
        form.addRow(self.tr("合作类型"), self.kind)
        form.addRow(self.tr("涉及企业"), self.picker)
        form.addRow("", self.enterprises)
        form.addRow(self.tr("所属行业"), self.sector)
        form.addRow(self.tr("计划总投资"), self.total)
        if current is None:
            form.addRow(self.tr("签约日期"), signed_row)
        form.addRow(self.tr("责任领导"), self.leader)
        form.addRow(self.tr("责任单位"), self.unit)
        form.addRow(self.tr("备注"), self.notes)
        self.resize(560, self.sizeHint().height())

    def _picked(self, eid: str) -> None:
        e = self.picker.enterprise
        if eid and e is not None:
            self._add_enterprise(e.id, e.name)
            self.picker.clear()

    def _add_enterprise(self, eid: str, name: str) -> None:
        if eid in self.enterprise_ids():
            return
        item = QListWidgetItem(name, self.enterprises)
        item.setData(Qt.ItemDataRole.UserRole, eid)

    def enterprise_ids(self) -> tuple[str, ...]:
        return tuple(str(self.enterprises.item(i).data(Qt.ItemDataRole.UserRole))
                     for i in range(self.enterprises.count()))

    def to_input(self) -> ProjectInput:
        base = self.current.as_input() if self.current else ProjectInput("")
        signed = self.signed_day.value() if self.current is None and self.signed.isChecked() else base.signed_date
        return ProjectInput(
            self.name.text(), self.partner.text(), self.kind.currentText(), self.enterprise_ids(), self.sector.text(),
            self.total.value() or None, signed, base.started_date, base.producing_date, base.effective_date,
            self.leader.text(), self.unit.currentText(), self.notes.text())


class StageDialog(FormDialog):
    """The date a project reached 签约, 开工, 投产 or 达效 (the next stage offered first)."""

    def __init__(self, p: ProjectView, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="stageDialog")
        self.setWindowTitle(self.tr("登记项目阶段：{name}").format(name=p.name))
        self.stage = QComboBox()
        names = stage_words()
        for word in STAGE_WORDS:
            self.stage.addItem(names[word], word)
        reached = [p.signed_date, p.started_date, p.producing_date, p.effective_date]
        self.stage.setCurrentIndex(min(sum(d is not None for d in reached), len(STAGE_WORDS) - 1))
        self.day = DateField(today, what=self.tr("日期"))
        self.form.addRow(self.tr("阶段"), self.stage)
        self.form.addRow(self.tr("日期"), self.day)

    def stage_word(self) -> str:
        return str(self.stage.currentData())


class InvestmentDialog(FormDialog):
    """A year's planned investment and paid-in funds of a project (万元)."""

    def __init__(self, p: ProjectView, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="investmentDialog")
        self.setWindowTitle(self.tr("登记项目投资：{name}").format(name=p.name))
        self.year = QSpinBox()
        self.year.setRange(1990, year + 10)
        self.year.setValue(year)
        self.planned = _money_box()
        self.paid_in = _money_box()
        known = {i.year: i for i in p.investments}

        def fill(y: int) -> None:
            row = known.get(y)
            self.planned.setValue(row.planned if row else 0)
            self.paid_in.setValue(row.paid_in if row else 0)
        self.year.valueChanged.connect(fill)
        fill(year)
        self.form.addRow(self.tr("年度"), self.year)
        self.form.addRow(self.tr("计划投资"), self.planned)
        self.form.addRow(self.tr("到位资金"), self.paid_in)


class LinkProblemDialog(QDialog):
    """Pick one of the project's enterprises' problems not yet 销号 and raised by no project, to
    record it as raised by the project."""

    def __init__(self, p: ProjectView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkProblemDialog")
        self.setWindowTitle(self.tr("关联问题：{name}").format(name=p.name))
        self.hint = QLabel(self.tr("正在读取涉及企业的问题…"))
        self.hint.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("linkableProblems")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("关联"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.problems.itemDoubleClicked.connect(lambda _item: self.accept())
        self.problems.currentRowChanged.connect(lambda _r: self._enable())
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)
        self._enable()
        self.resize(620, 360)

    def show_problems(self, problems: list[ProjectProblem]) -> None:
        self.problems.clear()
        for q in problems:
            text = self.tr("[{status}] {enterprise}：{description}").format(
                status=shown(q.status), enterprise=q.enterprise_name, description=q.description)
            item = QListWidgetItem(text, self.problems)
            item.setData(Qt.ItemDataRole.UserRole, q.id)
            item.setToolTip(q.description)
        self.hint.setText(self.tr("选择涉及企业的一个未销号问题（已关联其他项目的不列出）：") if problems
                          else self.tr("涉及企业没有可关联的未销号问题。"))
        if problems:
            self.problems.setCurrentRow(0)
        self._enable()

    def _enable(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.problems.currentItem() is not None)

    def problem_id(self) -> str:
        item = self.problems.currentItem()
        return "" if item is None else str(item.data(Qt.ItemDataRole.UserRole))
