"""走访: the visit form, built for typing at the company's meeting table, and
the list of recorded visits.

The form follows the paper record from top to bottom (and Tab does too):
enterprise, date (today), way, cadres present, people met, production status,
what was discussed, policies explained, the problems raised (added inline),
the follow-up plan. Ctrl+S saves the visit and its problems in one unit of
work. While anything is typed and unsaved, a draft is written every few
seconds (app.drafts); a draft left by a crash is offered at the next start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import CodeListKind, OperationStatus, ProblemScope, ProblemSource, Trend, VisitWay
from app.drafts import Draft
from app.errors import ProblemInputError, UserError, ValidationError
from app.fields import TYPING
from app.services.cadres import AssignmentView, CadreView
from app.services.policies import PolicyView
from app.services.problems import ProblemInput, ProblemView
from app.services.visits import VisitInput, VisitView
from ui.context import Context
from ui.domain_text import fill, shown
from ui.format import long_day
from ui.models.columns import visit_columns
from ui.models.table import RowTableModel
from ui.operations import REPORTED, Change
from ui.printing import print_visit
from ui.views.page import Page, setup_table, sortable
from ui.widgets.date_field import DateField
from ui.widgets.enterprise_picker import EnterprisePicker
from ui.widgets.history import HistoryView
from ui.widgets.text_limit import LimitedTextEdit, TextLimit, limited, with_note

DRAFT_KIND = "visit"


def _text_box(name: str, height: int = 64) -> LimitedTextEdit:
    box = LimitedTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)  # Tab moves on, as on the paper form
    box.setFixedHeight(height)
    return box


def _select_data(combo: QComboBox, value: object, default: int = 0) -> None:
    """Select the item whose data is `value` (the stored coded value), else `default`."""
    i = combo.findData(value)
    combo.setCurrentIndex(i if i >= 0 else default)


def _fill_checklist(widget: QListWidget, values: list[tuple[str, str]], checked: set[str]) -> None:
    """(label, data) items with check boxes; keeps the given values checked."""
    widget.clear()
    for label, data in values:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if data in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)


def _checked(widget: QListWidget) -> list[str]:
    return [str(widget.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class ProblemCard(QFrame):
    """One problem raised at the visit, typed inline."""

    remove_requested = Signal(object)
    edited = Signal()

    def __init__(self, number: int, categories: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel()
        self.set_number(number)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(self.tr("（请选择类别）"), "")
        for c in categories:
            self.category.addItem(c, c)
        self.source = QComboBox()
        self.source.setObjectName("source")
        fill(self.source, ProblemSource)
        self.scope = QComboBox()
        self.scope.setObjectName("scope")
        fill(self.scope, ProblemScope)
        self.description = _text_box("description", 52)
        self.description.setPlaceholderText(self.tr("企业反映的问题（按企业的原话）"))
        self.description_limit = limited(self.description, TYPING.description)
        self.demand = QLineEdit()
        self.demand.setObjectName("demand")
        self.demand.setPlaceholderText(self.tr("企业诉求：希望解决什么、怎么解决"))
        self.demand_limit = limited(self.demand, TYPING.demand)
        remove = QPushButton(self.tr("删除此问题"))
        remove.setObjectName("removeProblem")
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.category, 0, 1)
        grid.addWidget(self.source, 0, 2)
        grid.addWidget(self.scope, 0, 3)
        grid.addWidget(remove, 0, 4)
        grid.addWidget(with_note(self.description, self.description_limit), 1, 0, 1, 5)
        grid.addWidget(with_note(self.demand, self.demand_limit), 2, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        for signal in (self.category.currentIndexChanged, self.source.currentIndexChanged,
                       self.scope.currentIndexChanged, self.description.textChanged, self.demand.textChanged):
            signal.connect(self.edited)
        self.remove_button = remove

    def set_number(self, n: int) -> None:
        self.title.setText(self.tr("问题 {n}").format(n=n))

    def focus_widgets(self) -> list[QWidget]:
        return [self.category, self.source, self.scope, self.description, self.demand, self.remove_button]

    def widget_for(self, field: str) -> QWidget:
        """The box of a problem field named in a service's ValidationError."""
        return {"问题类别": self.category, "问题描述": self.description,  # not shown: the service's field names
                "企业诉求": self.demand, "问题来源": self.source, "问题性质": self.scope}.get(field, self.description)

    def to_data(self) -> dict[str, str]:
        return {"category": str(self.category.currentData() or ""), "source": str(self.source.currentData()),
                "scope": str(self.scope.currentData()), "description": self.description.toPlainText(),
                "demand": self.demand.text()}

    def load(self, d: dict[str, Any]) -> None:
        i = self.category.findData(d.get("category", ""))
        if i < 0 and d.get("category"):
            self.category.addItem(str(d["category"]), d["category"])  # a category since removed: keep it
            i = self.category.count() - 1
        self.category.setCurrentIndex(max(i, 0))
        _select_data(self.source, d.get("source", ProblemSource.VISIT.value))
        _select_data(self.scope, d.get("scope", ProblemScope.INDIVIDUAL.value))
        self.description.setPlainText(str(d.get("description", "")))
        self.demand.setText(str(d.get("demand", "")))

    def to_input(self, enterprise_id: str) -> ProblemInput:
        d = self.to_data()
        return ProblemInput(enterprise_id=enterprise_id, category=d["category"], description=d["description"],
                            demand=d["demand"], source=d["source"], scope=d["scope"])


@dataclass(frozen=True)
class VisitForEditing:
    """A recorded visit and the problems already raised at it (shown read-only)."""

    visit: VisitView
    problems: list[ProblemView]


@dataclass(frozen=True)
class _FormLists:
    categories: list[str]
    policies: list[str]


class VisitForm(QWidget):
    """The form itself; knows how to become a draft and a VisitInput."""

    saved = Signal(object)  # VisitView

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("visitForm")
        self.draft_id = ctx.drafts.new_id()
        self.dirty = False
        self._loading = False
        self._categories: list[str] = []
        #: Cadres ticked in a restored draft, ticked again once the enterprise's cadres are listed.
        self._pending_cadres: list[str] = []
        #: Library policies to tick once the company's suggestions arrive (a draft's, a recorded visit's).
        self._pending_library: list[str] = []
        self.cards: list[ProblemCard] = []
        #: The recorded visit being changed; None while a new visit is typed.
        self.editing: VisitView | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.editing_label = QLabel()
        self.editing_label.setObjectName("editingVisit")
        self.editing_label.setStyleSheet("color:#1565c0;font-weight:bold")
        self.editing_label.hide()
        outer.addWidget(self.editing_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area = scroll
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        v = QVBoxLayout(body)

        basics = QGroupBox(self.tr("基本情况"))
        form = QFormLayout(basics)
        self.picker = EnterprisePicker(ctx)
        self.picker.chosen.connect(self._enterprise_chosen)
        form.addRow(self.tr("走访企业"), self.picker)
        row = QHBoxLayout()
        today = ctx.services.clock.today()
        self.date = DateField(today, what=self.tr("走访日期"))
        self.date.setObjectName("visitDate")
        self.date.set_limits(latest=today)
        self.date.problem_changed.connect(self._date_problem)
        self.way = QComboBox()
        self.way.setObjectName("way")
        fill(self.way, VisitWay)
        row.addWidget(self.date)
        row.addWidget(QLabel(self.tr("走访方式")))
        row.addWidget(self.way)
        row.addStretch(1)
        form.addRow(self.tr("走访日期"), row)
        self.cadres = QListWidget()
        self.cadres.setObjectName("cadres")
        self.cadres.setFixedHeight(70)
        self.cadres.setFlow(QListWidget.Flow.LeftToRight)
        self.cadres.setWrapping(True)
        form.addRow(self.tr("走访干部"), self.cadres)
        self.people = QLineEdit()
        self.people.setObjectName("peopleMet")
        self.people.setPlaceholderText(self.tr("姓名、职务，如：王建国（总经理）"))
        self.limits: list[TextLimit] = [limited(self.people, TYPING.people_met)]
        form.addRow(self.tr("企业接待人员"), with_note(self.people, self.limits[-1]))
        v.addWidget(basics)

        ops_box = QGroupBox(self.tr("生产经营情况"))
        of = QFormLayout(ops_box)
        row2 = QHBoxLayout()
        self.status = QComboBox()
        self.status.setObjectName("operationStatus")
        fill(self.status, OperationStatus)
        self.employees = QLineEdit()
        self.employees.setObjectName("employees")
        self.employees.setValidator(QIntValidator(0, 10_000_000, self))
        self.employees.setMaximumWidth(90)
        self.orders = QComboBox()
        self.orders.setObjectName("orderTrend")
        self.revenue = QComboBox()
        self.revenue.setObjectName("revenueTrend")
        for combo in (self.orders, self.revenue):
            combo.addItem(self.tr("（未了解）"), "")
            fill(combo, Trend)
        for label, w in ((None, self.status), (self.tr("从业人数"), self.employees),
                         (self.tr("订单"), self.orders), (self.tr("营收"), self.revenue)):
            if label:
                row2.addWidget(QLabel(label))
            row2.addWidget(w)
        row2.addStretch(1)
        of.addRow(self.tr("生产状况"), row2)
        self.operation_notes = _text_box("operationNotes", 48)
        self.limits.append(limited(self.operation_notes, TYPING.operation_notes))
        of.addRow(self.tr("经营情况说明"), with_note(self.operation_notes, self.limits[-1]))
        v.addWidget(ops_box)

        talk = QGroupBox(self.tr("交流与政策宣传"))
        tf = QFormLayout(talk)
        self.discussion = _text_box("discussion", 80)
        self.limits.append(limited(self.discussion, TYPING.discussion))
        tf.addRow(self.tr("交流内容"), with_note(self.discussion, self.limits[-1]))
        self.policies = QListWidget()
        self.policies.setObjectName("policies")
        self.policies.setFixedHeight(70)
        self.policies.setFlow(QListWidget.Flow.LeftToRight)
        self.policies.setWrapping(True)
        tf.addRow(self.tr("宣传政策"), self.policies)
        self.library = QListWidget()
        self.library.setObjectName("libraryPolicies")
        self.library.setFixedHeight(96)
        self.library.setToolTip(self.tr("政策库中今天有效、本企业可享受的政策（按行业门类、企业规模和企业标签），"
                                        "勾选本次走访宣讲过的"))
        tf.addRow(self.tr("适合本企业的政策"), self.library)
        v.addWidget(talk)

        self.problems_box = QGroupBox(self.tr("企业反映的问题"))
        self.problems_layout = QVBoxLayout(self.problems_box)
        self.add_problem_button = QPushButton(self.tr("添加问题"))
        self.add_problem_button.setObjectName("addProblem")
        self.add_problem_button.clicked.connect(lambda: self.add_problem(focus=True))
        self.no_problems = QLabel(self.tr("本次走访未记录问题。企业反映问题时点“添加问题”。"))
        self.existing_problems = QLabel()
        self.existing_problems.setObjectName("existingProblems")
        self.existing_problems.setWordWrap(True)
        self.existing_problems.setStyleSheet("color:#444")
        self.existing_problems.hide()
        self.problems_layout.addWidget(self.existing_problems)
        self.problems_layout.addWidget(self.no_problems)
        self.problems_layout.addWidget(self.add_problem_button, 0, Qt.AlignmentFlag.AlignLeft)
        v.addWidget(self.problems_box)

        plan = QGroupBox(self.tr("下一步工作打算"))
        pl = QVBoxLayout(plan)
        self.follow_up = _text_box("followUp", 52)
        self.limits.append(limited(self.follow_up, TYPING.follow_up))
        pl.addWidget(with_note(self.follow_up, self.limits[-1]))
        v.addWidget(plan)
        v.addStretch(1)

        buttons = QHBoxLayout()
        # What became of the last save, beside the button that was pressed (the person's eyes are
        # there, not at the top of a form scrolled down): the reason it was refused, in red, or
        # what was saved; the draft's autosave time otherwise.
        status = QVBoxLayout()
        status.setSpacing(0)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c62828;font-weight:bold")
        self.error.hide()
        self.draft_label = QLabel()
        self.draft_label.setObjectName("draftStatus")
        self.draft_label.setStyleSheet("color:#666")
        status.addWidget(self.error)
        status.addWidget(self.draft_label)
        self.discard_button = QPushButton(self.tr("放弃"))
        self.discard_button.setObjectName("discardVisit")
        self.save_button = QPushButton(self.tr("保存走访记录（Ctrl+S）"))
        self.save_button.setObjectName("saveVisit")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addLayout(status, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        for signal in (self.date.dateChanged, self.way.currentIndexChanged, self.people.textChanged,
                       self.status.currentIndexChanged, self.employees.textChanged,
                       self.orders.currentIndexChanged, self.revenue.currentIndexChanged,
                       self.operation_notes.textChanged, self.discussion.textChanged,
                       self.follow_up.textChanged, self.picker.textChanged, self.cadres.itemChanged,
                       self.policies.itemChanged, self.library.itemChanged):
            signal.connect(self._edited)
        self._autosave = QTimer(self)
        self._autosave.setInterval(max(1, ctx.settings.autosave_seconds) * 1000)
        self._autosave.timeout.connect(self.save_draft)
        self._autosave.start()
        self._fix_tab_order()

    # ---- lists ---------------------------------------------------------------
    def load_lists(self) -> None:
        services = self.ctx.services

        def lists() -> _FormLists:
            return _FormLists(services.code_lists.values(CodeListKind.CATEGORY),
                              services.code_lists.values(CodeListKind.POLICY))

        self.ctx.ops.read(lists, self._fill_lists, key="visit-lists")

    def _fill_lists(self, lists: _FormLists) -> None:
        self._categories = lists.categories
        loading, self._loading = self._loading, True
        _fill_checklist(self.policies, [(p, p) for p in lists.policies], set(_checked(self.policies)))
        self._loading = loading

    def _enterprise_chosen(self, enterprise_id: str) -> None:
        if not enterprise_id:
            return
        services = self.ctx.services
        today = services.clock.today()

        def cadres() -> tuple[list[AssignmentView], CadreView | None]:
            profile = services.profile.get()
            return (services.cadres.assignments(enterprise_id=enterprise_id, active_on=today),
                    services.cadres.find(profile.name, profile.unit))

        self.ctx.ops.read(cadres, lambda r: self._show_cadres(*r), key="visit-cadres")
        editing = self.editing.id if self.editing is not None else ""

        def library() -> list[PolicyView]:
            fits = services.policies.suggest(enterprise_id)
            ids = {p.id for p in fits}
            # A recorded visit keeps the policies explained at it, even those no longer in force.
            return fits + [p for p in services.policies.explained(visit_id=editing) if p.id not in ids] \
                if editing else fits

        self.ctx.ops.read(library, self._show_library, key="visit-library")

    def _show_library(self, rows: list[PolicyView]) -> None:
        """The library's policies the company may claim, to tick those explained."""
        checked = set(_checked(self.library)) | set(self._pending_library)
        self._pending_library = []
        items = [(self.tr("{title}（{number}）").format(title=p.title, number=p.doc_number) if p.doc_number
                  else p.title, p.id) for p in rows]
        loading, self._loading = self._loading, True
        _fill_checklist(self.library, items, checked)
        for i, p in enumerate(rows):
            self.library.item(i).setToolTip(p.benefits)
        self._loading = loading

    def library_ids(self) -> list[str]:
        """The library policies ticked (with those still waiting for the list to arrive)."""
        return list(dict.fromkeys([*_checked(self.library), *self._pending_library]))

    def _show_cadres(self, rows: list[AssignmentView], me: CadreView | None = None) -> None:
        """The enterprise's assigned cadres, and the cadre using this window (who may visit a
        company assigned to someone else); a new visit ticks the one using the window."""
        items = [(self.tr("{name}（{unit}）").format(name=a.cadre_name, unit=a.cadre_unit) if a.cadre_unit
                  else a.cadre_name, a.cadre_id) for a in rows]
        listed = {a.cadre_id for a in rows}
        if me is not None and me.id not in listed:
            items.append((self.tr("{name}（{unit}）").format(name=me.name, unit=me.unit) if me.unit else me.name,
                          me.id))
            listed.add(me.id)
        checked = set(_checked(self.cadres)) | set(self._pending_cadres)
        if me is not None and self.editing is None and not self._pending_cadres:  # a draft says who was there
            checked.add(me.id)
        self._pending_cadres = []
        # A recorded visit keeps the cadres who were there, even if no longer assigned.
        if self.editing is not None:
            items += [(name, cid) for cid, name in zip(self.editing.cadre_ids, self.editing.cadre_names)
                      if cid not in listed]
        loading, self._loading = self._loading, True
        _fill_checklist(self.cadres, items, checked)
        self._loading = loading

    # ---- problems ------------------------------------------------------------
    def add_problem(self, focus: bool = False) -> ProblemCard:
        card = ProblemCard(len(self.cards) + 1, self._categories)
        card.remove_requested.connect(self._remove_problem)
        card.edited.connect(self._edited)
        self.cards.append(card)
        self.problems_layout.insertWidget(self.problems_layout.count() - 1, card)
        self.no_problems.hide()
        self._fix_tab_order()
        if focus:
            card.category.setFocus()
        self._edited()
        return card

    def _remove_problem(self, card: ProblemCard) -> None:
        self.cards.remove(card)
        card.deleteLater()
        for i, c in enumerate(self.cards, start=1):
            c.set_number(i)
        self.no_problems.setVisible(not self.cards)
        self._fix_tab_order()
        self._edited()

    def _fix_tab_order(self) -> None:
        """Tab follows the paper form, including the problems added inline."""
        chain: list[QWidget] = [self.picker, self.date, self.way, self.cadres, self.people, self.status,
                                self.employees, self.orders, self.revenue, self.operation_notes,
                                self.discussion, self.policies, self.library]
        for card in self.cards:
            chain.extend(card.focus_widgets())
        chain += [self.add_problem_button, self.follow_up, self.save_button]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    # ---- state ----------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True

    def is_empty(self) -> bool:
        d = self.to_data()
        return not (d["enterprise_name"] or d["people_met"] or d["discussion"] or d["operation_notes"]
                    or d["follow_up_plan"] or d["problems"] or d["employees"])

    def to_data(self) -> dict[str, Any]:
        e = self.picker.enterprise
        return {
            "enterprise_id": e.id if e else "", "enterprise_name": self.picker.text(),
            "visit_date": self.date.value().isoformat(), "way": str(self.way.currentData()),
            "cadre_ids": _checked(self.cadres), "people_met": self.people.text(),
            "operation_status": str(self.status.currentData()), "employees": self.employees.text(),
            "order_trend": self.orders.currentData(), "revenue_trend": self.revenue.currentData(),
            "operation_notes": self.operation_notes.toPlainText(), "discussion": self.discussion.toPlainText(),
            "policies": _checked(self.policies), "library_policies": self.library_ids(),
            "problems": [c.to_data() for c in self.cards],
            "follow_up_plan": self.follow_up.toPlainText(),
        }

    def load_data(self, d: dict[str, Any]) -> None:
        """Fill the form from a draft."""
        self._loading = True
        try:
            if d.get("enterprise_id"):
                try:
                    self.picker.set_enterprise(self.ctx.services.enterprises.get(str(d["enterprise_id"])))
                except UserError:
                    self.picker.setText(str(d.get("enterprise_name", "")))
            else:
                self.picker.setText(str(d.get("enterprise_name", "")))
            self.date.set_value(date.fromisoformat(str(d.get("visit_date"))))
            _select_data(self.way, d.get("way", VisitWay.ON_SITE.value))
            self.people.setText(str(d.get("people_met", "")))
            _select_data(self.status, d.get("operation_status", OperationStatus.NORMAL.value))
            self.employees.setText(str(d.get("employees", "")))
            self.orders.setCurrentIndex(max(0, self.orders.findData(d.get("order_trend") or "")))
            self.revenue.setCurrentIndex(max(0, self.revenue.findData(d.get("revenue_trend") or "")))
            self.operation_notes.setPlainText(str(d.get("operation_notes", "")))
            self.discussion.setPlainText(str(d.get("discussion", "")))
            self.follow_up.setPlainText(str(d.get("follow_up_plan", "")))
            wanted = set(d.get("policies", []))
            for i in range(self.policies.count()):
                item = self.policies.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked)
            self._pending_cadres = list(d.get("cadre_ids", []))
            self._pending_library = [str(x) for x in d.get("library_policies", [])]
            for card in list(self.cards):
                self._remove_problem(card)
            for p in d.get("problems", []):
                self.add_problem().load(p)
        finally:
            self._loading = False
        self.dirty = True  # restored, not yet saved

    def title(self) -> str:
        name = self.picker.text().strip() or self.tr("（未选企业）")
        return f"{name} {long_day(self.date.value())}"

    def edit(self, loaded: VisitForEditing) -> None:
        """Fill the form with a recorded visit to change it; its problems are listed read-only
        (their own workflow changes them) and new ones can be added."""
        v = loaded.visit
        self.reset()
        self._loading = True
        try:
            self.editing = v
            self.picker.set_enterprise(self.ctx.services.enterprises.get(v.enterprise_id))
            self.picker.setEnabled(False)  # its problems belong to this enterprise
            self.date.set_limits(latest=max(v.visit_date, self.ctx.services.clock.today()))
            self.date.set_value(v.visit_date)
            _select_data(self.way, v.way)
            self.people.setText(v.people_met)
            _select_data(self.status, v.operation_status)
            self.employees.setText("" if v.employees is None else str(v.employees))
            self.orders.setCurrentIndex(max(0, self.orders.findData(v.order_trend or "")))
            self.revenue.setCurrentIndex(max(0, self.revenue.findData(v.revenue_trend or "")))
            self.operation_notes.setPlainText(v.operation_notes)
            self.discussion.setPlainText(v.discussion)
            self.follow_up.setPlainText(v.follow_up_plan)
            wanted = set(v.policies_explained)
            for i in range(self.policies.count()):
                item = self.policies.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked)
            self._pending_cadres = list(v.cadre_ids)
            self._pending_library = list(v.policy_ids)
            lines = [self.tr("{n}. 【{category}】{description}（{status}）").format(
                n=i, category=p.category, description=p.description, status=shown(p.status))
                for i, p in enumerate(loaded.problems, start=1)]
            self.existing_problems.setText(self.tr("已记录的问题（在问题台账中办理）：\n{problems}").format(
                problems="\n".join(lines)))
            self.existing_problems.setVisible(bool(lines))
            self.no_problems.setVisible(not lines)
            self.editing_label.setText(self.tr("正在修改走访记录：{title}").format(title=self.title()))
            self.editing_label.show()
            self.save_button.setText(self.tr("保存修改（Ctrl+S）"))
            self.discard_button.setText(self.tr("取消修改"))
        finally:
            self._loading = False
        self.dirty = False

    def save_draft(self) -> None:
        if not self.dirty or self.is_empty():
            return
        drafts, data, title = self.ctx.drafts, self.to_data(), self.title()
        if self.editing is not None:
            # Restored as a change to that visit, at the revision it was loaded at (never a second visit).
            data.update(editing_id=self.editing.id, editing_revision=self.editing.revision)
            title = self.tr("修改：{title}").format(title=title)
        did, db_id = self.draft_id, self.ctx.services.installation_id
        self.ctx.ops.read(lambda: drafts.save(did, DRAFT_KIND, title, db_id, data), self._draft_saved,
                          key=f"draft-{did}")

    def _draft_saved(self, d: Draft) -> None:
        saved = d.saved_at.astimezone().strftime("%H:%M:%S")
        self.draft_label.setText(self.tr("草稿已自动保存 {time}").format(time=saved))

    def discard(self) -> None:
        """Forget the typing and its draft; a fresh form."""
        self.ctx.drafts.discard(self.draft_id)
        self.reset()

    def reset(self) -> None:
        self._loading = True
        self.draft_id = self.ctx.drafts.new_id()
        self.picker.set_enterprise(None)
        self.picker.clear()
        self.cadres.clear()
        self.library.clear()
        self._pending_library = []
        today = self.ctx.services.clock.today()
        self.date.set_limits(latest=today)
        self.date.set_value(today)
        for w in (self.people, self.employees):
            w.clear()
        for t in (self.operation_notes, self.discussion, self.follow_up):
            t.clear()
        for combo in (self.way, self.status, self.orders, self.revenue):
            combo.setCurrentIndex(0)
        for i in range(self.policies.count()):
            self.policies.item(i).setCheckState(Qt.CheckState.Unchecked)
        for card in list(self.cards):
            self._remove_problem(card)
        self.editing = None
        self.picker.setEnabled(True)
        self.editing_label.hide()
        self.existing_problems.hide()
        self.no_problems.show()
        self.save_button.setText(self.tr("保存走访记录（Ctrl+S）"))
        self.discard_button.setText(self.tr("放弃"))
        self.error.hide()
        self.draft_label.clear()
        self._loading = False
        self.dirty = False

    # ---- saving -----------------------------------------------------------------
    def to_input(self) -> tuple[VisitInput, tuple[ProblemInput, ...]]:
        e = self.picker.enterprise
        if e is None:
            raise _FieldError(self.picker, self.tr("请先选择走访的企业（在“走访企业”中输入名称并从列表中选择）"))
        if self.date.problem():
            raise _FieldError(self.date, self.date.problem())
        employees = self.employees.text().strip()
        visit = VisitInput(
            enterprise_id=e.id, visit_date=self.date.value(), way=str(self.way.currentData()),
            cadre_ids=tuple(_checked(self.cadres)), people_met=self.people.text(),
            discussion=self.discussion.toPlainText(), operation_status=str(self.status.currentData()),
            employees=int(employees) if employees else None, order_trend=self.orders.currentData() or None,
            revenue_trend=self.revenue.currentData() or None, operation_notes=self.operation_notes.toPlainText(),
            policies_explained=tuple(_checked(self.policies)), follow_up_plan=self.follow_up.toPlainText(),
            policy_ids=tuple(self.library_ids()),
        )
        return visit, tuple(c.to_input(e.id) for c in self.cards)

    def save(self, then: Callable[[], None] | None = None) -> None:
        try:
            visit, problems = self.to_input()
        except _FieldError as exc:
            self._show_error(self.tr("未保存：{reason}").format(reason=str(exc)), exc.widget)
            return
        services, actor, did = self.ctx.services, self.ctx.services.actor, self.draft_id
        editing = self.editing
        self.save_button.setEnabled(False)

        def write() -> VisitView:
            if editing is None:
                return services.visits.create(visit, problems, actor)
            return services.visits.update(editing.id, visit, problems, actor, expected_revision=editing.revision)

        def done(v: VisitView) -> None:
            self.ctx.drafts.discard(did)
            self.save_button.setEnabled(True)
            self.reset()
            self.draft_label.setText((self.tr("已保存修改：{enterprise} {date}，问题 {n} 个") if editing else
                                      self.tr("已保存：{enterprise} {date}，问题 {n} 个")).format(
                enterprise=v.enterprise_name, date=long_day(v.visit_date), n=len(v.problem_ids)))
            # The emptied form starts again at its top, ready for the next visit.
            self.scroll_area.verticalScrollBar().setValue(0)
            if self.isVisible():
                self.picker.setFocus()
            self.saved.emit(v)
            if then is not None:
                then()

        def failed(exc: Exception) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, UserError):
                self._show_error(self.tr("未保存：{reason}").format(reason=str(exc)), self._widget_for(exc))
            else:
                self.ctx.errors.report(self, exc)

        self.ctx.ops.write(write, done, failed=failed, changes=REPORTED)

    def _widget_for(self, exc: UserError) -> QWidget | None:
        """The box a service's refusal is about, to take the person there."""
        if isinstance(exc, ProblemInputError) and 0 < exc.number <= len(self.cards):
            return self.cards[exc.number - 1].widget_for(exc.inner.field)
        if isinstance(exc, ValidationError):
            return {"走访日期": self.date, "走访方式": self.way, "企业接待人员": self.people,  # not shown: field names
                    "交流内容": self.discussion, "生产经营状况": self.status, "从业人数": self.employees,
                    "订单趋势": self.orders, "营收趋势": self.revenue, "生产经营情况": self.operation_notes,
                    "宣传政策": self.policies, "下一步工作打算": self.follow_up, "干部": self.cadres,
                    "企业": self.picker}.get(exc.field)
        return None

    def _show_error(self, text: str, widget: QWidget | None = None) -> None:
        """Why the visit was not saved, beside the save button; the box at fault is shown and
        takes the focus, so the next keys typed mend it."""
        self.error.setText(text)
        self.error.show()
        self.draft_label.clear()  # no "已保存 …" of an earlier visit beside a refusal
        if widget is not None and self.isVisible():
            self.scroll_area.ensureWidgetVisible(widget, 0, 40)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _date_problem(self, problem: str) -> None:
        if problem:
            self._show_error(problem)
        elif self.error.isVisible():
            self.error.hide()


class _FieldError(UserError):
    """A refusal found in the form itself, with the box it is about."""

    def __init__(self, widget: QWidget, reason: str) -> None:
        super().__init__(reason)
        self.widget = widget


class VisitsPage(Page):
    watches = Change.VISITS | Change.ENTERPRISES | Change.CODE_LISTS | Change.CADRES

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("visitsPage")
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        self.tabs = QTabWidget()
        self.form = VisitForm(ctx)
        self.form.discard_button.clicked.connect(self.confirm_discard)
        self.tabs.addTab(self.form, self.tr("填写走访记录"))
        listing = QWidget()
        lv = QVBoxLayout(listing)
        self.model: RowTableModel[VisitView] = RowTableModel(visit_columns(), sort_in_python=True, parent=self)
        self.table = QTableView()
        self.table.setObjectName("visitTable")
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=5)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)  # one visit to print or change
        sortable(self.table, 0, Qt.SortOrder.DescendingOrder)  # newest first, as the service lists them
        for col, width in enumerate((100, 240, 80, 160, 60)):
            self.table.setColumnWidth(col, width)
        self.history = HistoryView(ctx)
        self.table.selectionModel().selectionChanged.connect(self._show_history)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        history_box = QGroupBox(self.tr("所选走访记录的修改历史"))
        hv = QVBoxLayout(history_box)
        hv.setContentsMargins(4, 4, 4, 4)
        hv.addWidget(self.history)
        split.addWidget(history_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lv.addWidget(split, 1)
        bar = QHBoxLayout()
        self.list_label = QLabel()
        self.print_button = QPushButton(self.tr("打印走访记录…"))
        self.print_button.setObjectName("printVisit")
        self.print_button.clicked.connect(self.print_current)
        self.revisit_button = QPushButton(self.tr("打印回访评价表…"))
        self.revisit_button.setObjectName("printRevisitForm")
        self.revisit_button.setToolTip(self.tr("该次走访中已办结、待企业评价的全部问题，一张表供企业签字"))
        self.revisit_button.clicked.connect(self.print_revisit_form)
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.setObjectName("editVisit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        bar.addWidget(self.list_label, 1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.revisit_button)
        bar.addWidget(self.print_button)
        lv.addLayout(bar)
        self.tabs.addTab(listing, self.tr("走访记录"))
        root.addWidget(self.tabs)
        self.form.saved.connect(lambda _v: self.reload())

    def title(self) -> str:
        return self.tr("走访")

    def reload(self) -> None:
        self.form.load_lists()
        self.ctx.ops.read(lambda: self.ctx.services.visits.list(limit=500), self._show_visits, key="visit-list")

    def _show_visits(self, rows: list[VisitView]) -> None:
        self.model.set_rows(rows)
        self._show_history()
        self.list_label.setText(self.tr("最近 {n} 次走访").format(n=len(rows)))

    def _show_history(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        v = self.model.row_at(rows[0]) if rows else None
        self.history.load(v.id if v else None)

    def edit_selected(self) -> None:
        """Open the selected visit in the form (asking first if typing would be lost)."""
        rows = self.table.selectionModel().selectedRows()
        v = self.model.row_at(rows[0]) if rows else None
        if v is None:
            self.list_label.setText(self.tr("请先在列表中选择要修改的走访记录"))
            return
        if self.form.dirty and not self.form.is_empty():
            self.tabs.setCurrentWidget(self.form)
            self.ask_unsaved(lambda: self.open_visit(v.id))
        else:
            self.open_visit(v.id)

    def open_visit(self, visit_id: str) -> None:
        services = self.ctx.services

        def load() -> VisitForEditing:
            v = services.visits.get(visit_id)
            return VisitForEditing(v, [services.problems.get(pid) for pid in v.problem_ids])

        def loaded(data: VisitForEditing) -> None:
            self.form.edit(data)
            self.tabs.setCurrentWidget(self.form)
            self.form.discussion.setFocus()

        self.ctx.ops.read(load, loaded, key="visit-edit")

    def new_visit(self) -> None:
        """Ctrl+N: a fresh form (asking first if something typed would be lost)."""
        self.tabs.setCurrentWidget(self.form)
        if self.form.dirty and not self.form.is_empty():
            self.ask_unsaved(self.form.discard)
        else:
            self.form.reset()
        self.form.picker.setFocus()

    def confirm_discard(self) -> None:
        if self.form.is_empty() or (self.form.editing is not None and not self.form.dirty):
            self.form.reset()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("放弃走访记录"),
                          self.tr("放弃正在填写的走访记录？已填写的内容和草稿将被删除。"),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmDiscard")
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("放弃"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        def clicked(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Discard:
                self.form.discard()

        box.buttonClicked.connect(clicked)
        box.open()

    def ask_unsaved(self, proceed: Callable[[], None]) -> None:
        """保存 / 放弃 / 取消 for unsaved typing; `proceed` runs after 保存 succeeded or 放弃."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("走访记录尚未保存"),
                          self.tr("正在填写的走访记录（{title}）尚未保存。").format(title=self.form.title()),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("unsavedVisit")
        box.setInformativeText(self.tr("保存：保存后继续；放弃：删除已填写的内容；取消：回到表单。"))
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("保存"))
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("放弃"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def clicked(button: object) -> None:
            which = box.standardButton(button)  # type: ignore[arg-type]
            if which == QMessageBox.StandardButton.Save:
                self.form.save(then=proceed)
            elif which == QMessageBox.StandardButton.Discard:
                self.form.discard()
                proceed()

        box.buttonClicked.connect(clicked)
        box.open()

    def can_close(self, proceed: Callable[[], None]) -> bool:
        if not self.form.dirty or self.form.is_empty():
            return True
        self.tabs.setCurrentWidget(self.form)
        self.ask_unsaved(proceed)
        return False

    def offer_drafts(self) -> None:
        """At start: drafts left by a crash are offered for restoring."""
        drafts, bad = self.ctx.drafts.pending(self.ctx.services.installation_id, DRAFT_KIND)
        for b in bad:
            self.ctx.errors.log(ValueError(f"unreadable draft kept aside: {b.path} ({b.reason})"))
        if not drafts:
            return
        newest = drafts[0]
        titles = "\n".join(self.tr("· {title}（{time}）").format(
            title=d.title, time=d.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")) for d in drafts)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("恢复草稿"),
                          self.tr("上次关闭前有未保存的走访记录：\n{titles}\n\n是否恢复？").format(titles=titles),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window())
        box.setObjectName("restoreDrafts")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("恢复"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("以后再说"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.restore(newest))
        box.open()

    def restore(self, draft: Draft) -> None:
        editing = draft.data.get("editing_id")
        if not editing:
            self._restored(draft)
            return
        services = self.ctx.services

        def load() -> VisitForEditing:
            v = services.visits.get(str(editing))
            return VisitForEditing(v, [services.problems.get(pid) for pid in v.problem_ids])

        def loaded(data: VisitForEditing) -> None:
            self.form.edit(data)
            # The revision the typing started from: a visit changed since is refused when saved.
            revision = draft.data.get("editing_revision")
            if isinstance(revision, int) and self.form.editing is not None:
                self.form.editing = replace(self.form.editing, revision=revision)
            self._restored(draft)

        def gone(exc: Exception) -> None:
            if not isinstance(exc, UserError):
                self.ctx.errors.report(self, exc)
                return
            # The visit was deleted meanwhile: the typing is kept as a new visit to save or discard.
            self._restored(draft)
            self.form.draft_label.setText(self.tr("草稿所修改的走访记录已不存在，已作为新的走访记录恢复：{title}")
                                          .format(title=draft.title))

        self.ctx.ops.read(load, loaded, key="visit-edit", failed=gone)

    def _restored(self, draft: Draft) -> None:
        self.form.load_data(draft.data)
        self.form.draft_id = draft.id  # keep writing the same draft file
        label = self.tr("已恢复未保存的修改：{title}") if self.form.editing else self.tr("已恢复草稿：{title}")
        self.form.draft_label.setText(label.format(title=self.form.title()))
        # The restored typing is shown where it can be finished: this screen, its form.
        self.show_requested.emit()
        self.tabs.setCurrentWidget(self.form)
        self.window().activateWindow()

    def save(self) -> bool:
        self.tabs.setCurrentWidget(self.form)
        self.form.save()
        return True

    def print_current(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        v = self.model.row_at(rows[0]) if rows else None
        if v is None:
            self.tabs.setCurrentIndex(1)
            self.list_label.setText(self.tr("请先在列表中选择要打印的走访记录"))
            return True
        print_visit(self.ctx, self, v)
        return True

    def print_revisit_form(self) -> None:
        """回访评价表 of every solved problem of the selected visit, for the company's signature."""
        from ui.printing import print_revisit_form

        rows = self.table.selectionModel().selectedRows()
        v = self.model.row_at(rows[0]) if rows else None
        if v is None:
            self.list_label.setText(self.tr("请先在列表中选择一次走访"))
            return
        print_revisit_form(self.ctx, self, v.enterprise_name, visit_id=v.id)

    def focus_search(self) -> bool:
        self.tabs.setCurrentWidget(self.form)
        self.form.picker.setFocus()
        return True
