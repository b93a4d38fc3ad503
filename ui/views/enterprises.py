"""企业: a searchable, sortable list of enterprises (paged, sorted in SQL) and
the selected one's page: its profile (editable, with the credit code and
phone checked as they are typed), its assigned cadres, and its visits and
problems as one timeline. Create, edit and (soft) delete with confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import INDUSTRY_SECTIONS, EnterpriseSize
from app.errors import UserError, ValidationError
from app.fields import TYPING
from app.services import Services
from app.services.cadres import AssignmentView
from app.services.enterprises import EnterpriseInput, EnterpriseView
from app.services.problems import ProblemFilter, ProblemView
from app.services.visits import VisitView
from app.standards import credit_code, phone
from ui.context import Context
from ui.domain_text import fill, shown
from ui.format import day
from ui.models.columns import assignment_columns, enterprise_columns
from ui.models.table import Column, RowTableModel
from ui.operations import REPORTED, Change
from ui.printing import print_enterprise, print_policy_sheet
from ui.views.page import Page, confirm, setup_table
from ui.widgets.history import HistoryView
from ui.widgets.merge_dialog import MergeDialog
from ui.widgets.policy_dialogs import ClaimDialog
from ui.widgets.text_limit import LimitedTextEdit, limited, with_note

PAGE_SIZE = 200
#: translate("Context", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate


@dataclass(frozen=True)
class TimelineItem:
    """A visit or a problem, on one line of the enterprise's timeline."""

    on: date
    visit: VisitView | None = None
    problem: ProblemView | None = None


@dataclass(frozen=True)
class EnterpriseDetail:
    enterprise: EnterpriseView
    assignments: list[AssignmentView]
    timeline: list[TimelineItem]


def load_detail(services: Services, enterprise_id: str) -> EnterpriseDetail:
    e = services.enterprises.get(enterprise_id)
    visits: list[VisitView] = services.visits.list(enterprise_id=enterprise_id, limit=500)
    problems: list[ProblemView] = services.problems.search(ProblemFilter(enterprise_id=enterprise_id),
                                                           limit=1000).rows
    items = [TimelineItem(v.visit_date, visit=v) for v in visits]
    items += [TimelineItem(p.received_date, problem=p) for p in problems]
    items.sort(key=lambda i: (i.on, i.visit is None), reverse=True)
    return EnterpriseDetail(e, services.cadres.assignments(enterprise_id=enterprise_id), items)


def _kind(i: TimelineItem) -> str:
    return translate("EnterprisesPage", "走访") if i.visit else translate("EnterprisesPage", "问题")


def _text(i: TimelineItem) -> str:
    if i.visit is not None:
        return translate("EnterprisesPage", "{way}：{text}").format(
            way=shown(i.visit.way), text=i.visit.discussion or i.visit.people_met)
    assert i.problem is not None
    return translate("EnterprisesPage", "【{category}】{description}").format(
        category=i.problem.category, description=i.problem.description)


def _status(i: TimelineItem) -> str:
    if i.visit is not None:
        return translate("EnterprisesPage", "问题 {n} 个").format(n=len(i.visit.problem_ids))
    assert i.problem is not None
    if i.problem.overdue:
        return translate("EnterprisesPage", "{status}（逾期）").format(status=shown(i.problem.status))
    return shown(i.problem.status)


def _timeline_columns() -> list[Column[TimelineItem]]:
    return [
        Column(translate("EnterprisesPage", "日期"), lambda i: day(i.on)),
        Column(translate("EnterprisesPage", "类型"), _kind),
        Column(translate("EnterprisesPage", "内容"), _text),
        Column(translate("EnterprisesPage", "状态"), _status),
    ]


#: Service field names (ValidationError.field) → the form's field, for inline errors.
_FIELD_OF_LABEL = {"企业名称": "name", "统一社会信用代码": "credit_code",  # not shown: the service's field names
                   "联系电话": "contact_phone", "行政区划代码": "region_code"}


def _with_message(box: QWidget, message: QLabel) -> QWidget:
    """A field with its (usually hidden) message under it, as one form row."""
    holder = QWidget()
    v = QVBoxLayout(holder)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(2)
    v.addWidget(box)
    v.addWidget(message)
    return holder


class EnterpriseForm(QWidget):
    """The profile, checked as it is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enterpriseForm")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        # The rows keep their natural height; the spare height of the pane goes below the last.
        outer.addLayout(form)
        outer.addStretch(1)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.code = QLineEdit()
        self.code.setObjectName("creditCode")
        self.code.setPlaceholderText(self.tr("18 位，例如 914403001922038216"))
        self.code_error = self._error_label("creditCodeError")
        self.region = QLineEdit()
        self.region.setObjectName("region")
        self.region_code = QLineEdit()
        self.region_code.setObjectName("regionCode")
        self.region_code.setMaxLength(6)
        self.address = QLineEdit()
        self.industry = QComboBox()
        self.industry.setObjectName("industry")
        self.industry.addItem(self.tr("（未填）"), "")
        for code, label in INDUSTRY_SECTIONS.items():
            self.industry.addItem(self.tr("{code} {label}").format(code=code, label=shown(label)), code)
        # Its longest sections (D 电力、热力、燃气及水生产和供应业, longer still in English) would set the
        # form's width: the box takes the row's width and shows the whole name in its list and tooltip.
        self.industry.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.industry.setMinimumContentsLength(14)
        self.industry.currentIndexChanged.connect(lambda _i: self.industry.setToolTip(self.industry.currentText()))
        self.industry_text = QLineEdit()
        self.size_box = QComboBox()
        self.size_box.setObjectName("enterpriseSize")
        self.size_box.addItem(self.tr("（未填）"), "")
        fill(self.size_box, EnterpriseSize)
        self.above = QCheckBox(self.tr("规模以上（规上）"))
        self.above.setObjectName("aboveScale")
        self.four = QCheckBox(self.tr("四上企业"))
        self.four.setObjectName("fourAbove")
        self.legal = QLineEdit()
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setObjectName("contactPhone")
        self.phone_error = self._error_label("phoneError")
        self.chain = QLineEdit()
        self.tags = QLabel()
        self.tags.setObjectName("tags")
        self.tags.setWordWrap(True)
        # A label in a form takes any spare height; keep it one line tall, the spare goes below.
        self.tags.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.notes = LimitedTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)
        self.name_error = self._error_label("nameError")
        for box, limit in ((self.name, TYPING.enterprise_name), (self.region, TYPING.region),
                           (self.address, TYPING.address), (self.industry_text, TYPING.industry),
                           (self.legal, TYPING.person), (self.contact, TYPING.person), (self.chain, TYPING.chain)):
            box.setMaxLength(limit)  # as the service takes them
        notes_limit = limited(self.notes, TYPING.notes)
        # A message about a field sits right under it, in the same row: no empty row, no gap.
        form.addRow(self.tr("企业名称"), _with_message(self.name, self.name_error))
        form.addRow(self.tr("统一社会信用代码"), _with_message(self.code, self.code_error))
        size_row = QHBoxLayout()
        size_row.addWidget(self.size_box)
        size_row.addWidget(self.above)
        size_row.addWidget(self.four)
        size_row.addStretch(1)
        region_row = QHBoxLayout()
        region_row.addWidget(self.region, 2)
        region_row.addWidget(QLabel(self.tr("区划代码")))
        region_row.addWidget(self.region_code, 1)
        form.addRow(self.tr("乡镇/街道"), region_row)
        form.addRow(self.tr("地址"), self.address)
        form.addRow(self.tr("行业门类"), self.industry)
        form.addRow(self.tr("行业"), self.industry_text)
        form.addRow(self.tr("企业规模"), size_row)
        form.addRow(self.tr("法定代表人"), self.legal)
        form.addRow(self.tr("联系人"), self.contact)
        form.addRow(self.tr("联系电话"), _with_message(self.phone, self.phone_error))
        form.addRow(self.tr("产业链"), self.chain)
        form.addRow(self.tr("标签"), self.tags)
        form.addRow(self.tr("备注"), with_note(self.notes, notes_limit))
        self.code.textEdited.connect(self._check_code)
        self.phone.textEdited.connect(self._check_phone)
        self._tags: tuple[str, ...] = ()

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setStyleSheet("color:#c62828")
        label.setWordWrap(True)
        # As tall as its text, never more: a wrapping label would take the form's spare height.
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        label.hide()
        return label

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _check_code(self, text: str) -> None:
        """Inline: a new code must pass GB 32100's check (a typed code is never overridden)."""
        value = text.strip()
        self._show(self.code_error, "" if not value else credit_code.check(value).reason)

    def _check_phone(self, text: str) -> None:
        reason = ""
        if text.strip():
            try:
                phone.normalise(text)
            except phone.PhoneError as exc:
                reason = str(exc)
        self._show(self.phone_error, reason)

    def has_errors(self) -> bool:
        return any(label.isVisible() for label in (self.code_error, self.phone_error, self.name_error))

    def show_validation(self, exc: ValidationError) -> bool:
        """Put a service's ValidationError beside its field; False if no field matches."""
        label = {"name": self.name_error, "credit_code": self.code_error,
                 "contact_phone": self.phone_error}.get(_FIELD_OF_LABEL.get(exc.field, ""))
        if label is None:
            return False
        self._show(label, exc.reason)
        return True

    def load(self, e: EnterpriseView | None) -> None:
        for label in (self.code_error, self.phone_error, self.name_error):
            self._show(label, "")
        self.name.setText(e.name if e else "")
        self.code.setText((e.credit_code or "") if e else "")
        self.region.setText(e.region_name if e else "")
        self.region_code.setText((e.region_code or "") if e else "")
        self.address.setText(e.address if e else "")
        self.industry.setCurrentIndex(max(0, self.industry.findData((e.industry_code or "") if e else "")))
        self.industry_text.setText(e.industry_text if e else "")
        self.size_box.setCurrentIndex(max(0, self.size_box.findData((e.size or "") if e else "")))
        self.above.setChecked(bool(e and e.above_scale))
        self.four.setChecked(bool(e and e.four_above))
        self.legal.setText(e.legal_representative if e else "")
        self.contact.setText(e.contact_person if e else "")
        self.phone.setText(e.contact_phone if e else "")
        self.chain.setText(e.industrial_chain if e else "")
        self._tags = e.tags if e else ()
        self.tags.setText(self.tr("、").join(self._tags) or self.tr("（无）"))
        self.notes.setPlainText(e.notes if e else "")

    def to_input(self, keep_override: bool) -> EnterpriseInput:
        return EnterpriseInput(
            name=self.name.text(), credit_code=self.code.text() or None,
            allow_checksum_override=keep_override, region_name=self.region.text(),
            region_code=self.region_code.text() or None, address=self.address.text(),
            industry_code=self.industry.currentData() or None, industry_text=self.industry_text.text(),
            size=self.size_box.currentData() or None, above_scale=self.above.isChecked(), tags=self._tags,
            legal_representative=self.legal.text(), contact_person=self.contact.text(),
            contact_phone=self.phone.text(), industrial_chain=self.chain.text(), notes=self.notes.toPlainText(),
            four_above=self.four.isChecked(),
        )


class EnterprisesPage(Page):
    watches = Change.ENTERPRISES | Change.VISITS | Change.PROBLEMS | Change.CADRES

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("enterprisesPage")
        self._sort = ("name", False)
        self._generation = 0
        self._count = -1
        self.current: EnterpriseView | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("enterpriseSearch")
        self.search.setPlaceholderText(self.tr("搜索企业名称、信用代码、联系人（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.above_only = QCheckBox(self.tr("只看规上企业"))
        self.new_button = QPushButton(self.tr("新建企业"))
        self.new_button.setObjectName("newEnterprise")
        self.new_button.clicked.connect(self.new_enterprise)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.above_only)
        bar.addWidget(self.new_button)
        root.addLayout(bar)

        self.model: RowTableModel[EnterpriseView] = RowTableModel(enterprise_columns(), parent=self)
        self.model.more_requested.connect(self._fetch_more)
        self.table = QTableView()
        self.table.setObjectName("enterpriseTable")
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=0)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.model.sort_requested.connect(self._sort_by)
        fm = self.table.fontMetrics()
        for col, width in enumerate((0, 150, 90, 120, 90, 40)):
            if width:  # never narrower than its title (English titles are longer)
                title = str(self.model.headerData(col, Qt.Orientation.Horizontal))
                self.table.setColumnWidth(col, max(width, fm.horizontalAdvance(title) + 18))
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.count_label = QLabel()

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.count_label)

        self.detail = QTabWidget()
        self.detail.setObjectName("enterpriseDetail")
        self.form = EnterpriseForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        profile = QWidget()
        pv = QVBoxLayout(profile)
        pv.setContentsMargins(0, 0, 0, 0)
        self.form_error = QLabel()
        self.form_error.setObjectName("enterpriseError")
        self.form_error.setStyleSheet("color:#c62828;font-weight:bold")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        pv.addWidget(self.form_error)
        pv.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.setObjectName("deleteEnterprise")
        self.delete_button.clicked.connect(self.confirm_delete)
        self.merge_button = QPushButton(self.tr("合并重复…"))
        self.merge_button.setObjectName("mergeEnterprise")
        self.merge_button.clicked.connect(self.merge_duplicate)
        self.print_button = QPushButton(self.tr("打印企业档案…"))
        self.print_button.clicked.connect(self.print_current)
        # 惠企政策 for this company, in one button's menu (the row stays as wide as it was at 1366 px).
        self.policy_button = QToolButton()
        self.policy_button.setObjectName("enterprisePolicies")
        self.policy_button.setText(self.tr("惠企政策"))
        self.policy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.policy_button)
        self.policy_sheet_action = menu.addAction(self.tr("打印政策明白纸…"))
        self.policy_sheet_action.setToolTip(self.tr("适合该企业的现行惠企政策：支持内容、申报方式、联系单位，"
                                                    "标出已宣讲、已申报、已兑现的"))
        self.policy_sheet_action.triggered.connect(self.print_policy_sheet)
        self.claim_action = menu.addAction(self.tr("登记政策申报/兑现…"))
        self.claim_action.setToolTip(self.tr("记录该企业对一项政策的申报日期，以及兑现日期和金额"))
        self.claim_action.triggered.connect(self.record_claim)
        self.policy_button.setMenu(menu)
        self.save_button = QPushButton(self.tr("保存（Ctrl+S）"))
        self.save_button.setObjectName("saveEnterprise")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.policy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        pv.addLayout(buttons)
        self.detail.addTab(profile, self.tr("基本信息"))
        self.cadre_model: RowTableModel[AssignmentView] = RowTableModel(assignment_columns(), parent=self)
        cadres = QTableView()
        cadres.setModel(self.cadre_model)
        setup_table(cadres, stretch_column=2)
        self.detail.addTab(cadres, self.tr("包联干部"))
        self.timeline_model: RowTableModel[TimelineItem] = RowTableModel(_timeline_columns(), parent=self)
        timeline = QTableView()
        timeline.setObjectName("enterpriseTimeline")
        timeline.setModel(self.timeline_model)
        setup_table(timeline, stretch_column=2)
        timeline.setColumnWidth(0, 92)
        timeline.setColumnWidth(1, 48)
        self.detail.addTab(timeline, self.tr("走访和问题"))
        self.history = HistoryView(ctx)
        self.detail.addTab(self.history, self.tr("历史"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 480])
        root.addWidget(self.splitter, 1)
        self._set_current(None)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self._query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.above_only.toggled.connect(lambda _b: self._query())

    def title(self) -> str:
        return self.tr("企业")

    # ---- list -------------------------------------------------------------------
    def reload(self) -> None:
        self._query()
        if self.current is not None:
            self.open_enterprise(self.current.id)

    def _query(self) -> None:
        self._generation += 1
        generation = self._generation
        self.model.loading = True
        text, above = self.search.text(), True if self.above_only.isChecked() else None
        sort, desc = self._sort
        search = self.ctx.services.enterprises.search

        def first_page() -> tuple[list[EnterpriseView], int]:
            rows = search(text, above_scale=above, limit=PAGE_SIZE, offset=0, sort=sort, descending=desc)
            return rows, self.ctx.services.enterprises.count() if not text and above is None else -1

        self.ctx.ops.read(first_page, lambda r: self._show(r, generation), key="enterprise-list")

    def _show(self, result: tuple[list[EnterpriseView], int], generation: int) -> None:
        if generation != self._generation:
            return
        rows, count = result
        # While a page comes back full there may be more: the model asks for them as the view scrolls.
        self.model.set_rows(rows, total=len(rows) + 1 if len(rows) == PAGE_SIZE else len(rows))
        self._count = count
        self._update_count()

    def _fetch_more(self, offset: int) -> None:
        self.model.loading = True
        generation = self._generation
        text, above = self.search.text(), True if self.above_only.isChecked() else None
        sort, desc = self._sort
        search = self.ctx.services.enterprises.search

        def arrived(rows: list[EnterpriseView]) -> None:
            if generation != self._generation:
                return
            self.model.total = len(self.model.rows) + len(rows) + (1 if len(rows) == PAGE_SIZE else 0)
            self.model.append(rows)
            self._update_count()

        self.ctx.ops.read(lambda: search(text, above_scale=above, limit=PAGE_SIZE, offset=offset, sort=sort,
                                         descending=desc), arrived, key="enterprise-more")

    def _update_count(self) -> None:
        shown = len(self.model.rows)
        if self._count >= 0:
            self.count_label.setText(self.tr("共 {total} 家企业，已显示 {shown} 家").format(
                total=self._count, shown=shown))
        else:
            more = self.model.canFetchMore()
            self.count_label.setText((self.tr("已显示 {shown} 家（向下滚动显示更多）") if more
                                      else self.tr("找到 {shown} 家")).format(shown=shown))

    def _sort_by(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self._query()

    # ---- detail ----------------------------------------------------------------
    def _selected(self, _a: QItemSelection, _b: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        e = self.model.row_at(rows[0]) if rows else None
        if e is not None:
            self.open_enterprise(e.id)

    def open_enterprise(self, enterprise_id: str) -> None:
        self.ctx.ops.read(lambda: load_detail(self.ctx.services, enterprise_id), self._show_detail,
                          key="enterprise-detail")

    def _show_detail(self, d: EnterpriseDetail) -> None:
        self._set_current(d.enterprise)
        self.cadre_model.set_rows(d.assignments)
        self.timeline_model.set_rows(d.timeline)
        self.history.load(d.enterprise.id)

    def _set_current(self, e: EnterpriseView | None) -> None:
        self.current = e
        self.form.load(e)
        self.form_error.hide()
        self.delete_button.setEnabled(e is not None)
        self.merge_button.setEnabled(e is not None)
        self.print_button.setEnabled(e is not None)
        self.policy_button.setEnabled(e is not None)
        if e is None:
            self.cadre_model.set_rows([])
            self.timeline_model.set_rows([])
            self.history.load(None)

    def new_enterprise(self) -> None:
        self.table.clearSelection()
        self._set_current(None)
        self.detail.setCurrentIndex(0)
        self.form.name.setFocus()

    def save(self) -> bool:
        self.form._check_code(self.form.code.text())
        self.form._check_phone(self.form.phone.text())
        current = self.current
        # A code kept earlier despite its check character (from an imported roster) may stay as it is.
        keep = bool(current and current.credit_code_override and self.form.code.text().strip() == current.credit_code)
        if keep:
            self.form._show(self.form.code_error, "")
        if self.form.has_errors():
            self._error(self.tr("请先改正标红的内容"))
            return True
        data = self.form.to_input(keep)
        services = self.ctx.services

        def write() -> EnterpriseView:
            if current is None:
                return services.enterprises.create(data)
            return services.enterprises.update(current.id, data)

        def failed(exc: Exception) -> None:
            if isinstance(exc, ValidationError) and self.form.show_validation(exc):
                self._error(self.tr("未保存：{reason}").format(reason=str(exc)))
            elif isinstance(exc, UserError):
                self._error(self.tr("未保存：{reason}").format(reason=str(exc)))
            else:
                self.ctx.errors.report(self, exc)

        self.ctx.ops.write(write, self._saved, changes=REPORTED, failed=failed, source=self)
        return True

    def _saved(self, e: EnterpriseView) -> None:
        self._set_current(e)
        self.form_error.setStyleSheet("color:#2e7d32")
        self.form_error.setText(self.tr("已保存：{name}").format(name=e.name))
        self.form_error.show()
        self._query()

    def _error(self, text: str) -> None:
        self.form_error.setStyleSheet("color:#c62828;font-weight:bold")
        self.form_error.setText(text)
        self.form_error.show()

    def confirm_delete(self) -> None:
        e = self.current
        if e is None:
            return
        confirm(self, "confirmDelete", self.tr("删除企业"),
                self.tr("删除“{name}”？删除后不再出现在列表和统计中，记录保留，可由管理员恢复。").format(name=e.name),
                self.tr("删除"), lambda: self.ctx.ops.write(
                    lambda: self.ctx.services.enterprises.delete(e.id), lambda _r: self._deleted(),
                    changes=REPORTED, source=self), icon=QMessageBox.Icon.Warning)

    def merge_duplicate(self) -> None:
        """Pick a duplicate of the current enterprise, confirm, merge it off the GUI thread."""
        if self.current is None:
            return
        dialog = MergeDialog(self.ctx, self.current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def confirmed() -> None:
            p = dialog.preview
            if p is None:
                return
            merge = self.ctx.services.enterprises.merge_duplicate
            self.ctx.ops.write(lambda: merge(p.keep.id, p.duplicate.id,
                                             expected_revisions=(p.keep.revision, p.duplicate.revision)),
                               self._merged, changes=REPORTED, failed=self._merge_failed, source=self)

        dialog.accepted.connect(confirmed)
        dialog.open()

    def _merged(self, e: EnterpriseView) -> None:
        def shown(d: EnterpriseDetail) -> None:
            self._show_detail(d)
            self.form_error.setStyleSheet("color:#2e7d32")
            self.form_error.setText(self.tr("已合并，保留：{name}").format(name=e.name))
            self.form_error.show()

        self._query()
        self.ctx.ops.read(lambda: load_detail(self.ctx.services, e.id), shown, key="enterprise-detail")

    def _merge_failed(self, exc: Exception) -> None:
        if isinstance(exc, UserError):
            self._error(self.tr("未合并：{reason}").format(reason=str(exc)))
        else:
            self.ctx.errors.report(self, exc)

    def _deleted(self) -> None:
        self._set_current(None)
        self._query()

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def print_current(self) -> bool:
        if self.current is not None:
            print_enterprise(self.ctx, self, self.current.id, self.current.name)
        return True

    def record_claim(self) -> ClaimDialog | None:
        """登记政策申报/兑现 for this company: the policy chosen among those explained to it or fitting it."""
        if self.current is None:
            return None
        dialog = ClaimDialog(self.ctx, None, self.current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_policy_sheet(self) -> None:
        if self.current is not None:
            print_policy_sheet(self.ctx, self, self.current.id, self.current.name)

    def save_layout(self) -> None:
        self.ctx.settings.set_state("enterprises/header", self.table.horizontalHeader().saveState())
        self.ctx.settings.set_state("enterprises/splitter", self.splitter.saveState())
