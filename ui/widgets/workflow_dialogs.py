"""The dialog each workflow action opens: it asks for exactly what that action
needs (a unit and deadline for 交办, a result for 办结, an evaluation for
企业评价, a reason for 退回重办 …) and the service call that performs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import Evaluation
from app.fields import TYPING
from app.services import Services
from app.services.problems import AssignInput, ProblemView
from app.workflow import Action, DeadlinePreset
from ui.domain_text import fill, shown
from ui.widgets.date_field import DateField
from ui.widgets.text_limit import LimitedTextEdit, limited, with_note

#: Actions whose text box must be filled, with its label (marked for lupdate, shown translated).
_TEXT_FIELD = {
    Action.RECORD_PROGRESS: QT_TRANSLATE_NOOP("ActionDialog", "办理进展"),
    Action.SOLVE: QT_TRANSLATE_NOOP("ActionDialog", "办理结果"),
    Action.REOPEN: QT_TRANSLATE_NOOP("ActionDialog", "退回原因"),
    Action.DEFER: QT_TRANSLATE_NOOP("ActionDialog", "暂不具备条件的原因"),
    Action.RESUME: QT_TRANSLATE_NOOP("ActionDialog", "恢复办理的原因"),
    Action.EXTEND: QT_TRANSLATE_NOOP("ActionDialog", "延期原因"),
    Action.ESCALATE: QT_TRANSLATE_NOOP("ActionDialog", "上报原因"),
}
#: The four things offices check before 销号.
CLOSE_CHECKS = (QT_TRANSLATE_NOOP("ActionDialog", "问题已实际解决"), QT_TRANSLATE_NOOP("ActionDialog", "已向企业反馈办理结果"),
                QT_TRANSLATE_NOOP("ActionDialog", "责任单位已与企业联系"),
                QT_TRANSLATE_NOOP("ActionDialog", "企业负责人表示满意"))


def _translated(text: str) -> str:
    return QCoreApplication.translate("ActionDialog", text)


@dataclass(frozen=True)
class ActionRequest:
    """What the person entered for one action."""

    action: Action
    on: date
    text: str = ""
    policy: str = ""
    evaluation: str = ""
    new_deadline: date | None = None
    assign: AssignInput | None = None


def perform(services: Services, problem_id: str, r: ActionRequest, actor: str) -> ProblemView:
    """Run the action through the problem service (on a worker thread)."""
    p = services.problems
    a = r.action
    if a in (Action.ASSIGN, Action.CLAIM):
        assert r.assign is not None
        return p.assign(problem_id, r.assign, actor=actor, on=r.on, claimed=a is Action.CLAIM)
    if a is Action.RECORD_PROGRESS:
        return p.record_progress(problem_id, r.text, actor=actor, on=r.on)
    if a is Action.SOLVE:
        return p.solve(problem_id, r.text, actor=actor, on=r.on)
    if a is Action.EVALUATE:
        return p.evaluate(problem_id, r.evaluation, r.text, actor=actor, on=r.on)
    if a is Action.CLOSE:
        return p.close(problem_id, actor=actor, on=r.on, note=r.text)
    if a is Action.REOPEN:
        return p.reopen(problem_id, r.text, actor=actor, on=r.on)
    if a is Action.DEFER:
        return p.defer(problem_id, r.text, r.policy, actor=actor, on=r.on)
    if a is Action.RESUME:
        assert r.new_deadline is not None
        return p.resume(problem_id, r.text, deadline=r.new_deadline, actor=actor, on=r.on)
    if a is Action.EXTEND:
        assert r.new_deadline is not None
        return p.extend(problem_id, r.text, r.new_deadline, actor=actor, on=r.on)
    if a is Action.ESCALATE:
        return p.escalate(problem_id, r.text, actor=actor, on=r.on)
    raise AssertionError(a)


@dataclass
class _Fields:
    text: LimitedTextEdit | None = None
    policy: QLineEdit | None = None
    evaluation: QComboBox | None = None
    deadline: DateField | None = None
    lead: QComboBox | None = None
    assists: QListWidget | None = None
    person: QLineEdit | None = None
    phone: QLineEdit | None = None
    preset: QComboBox | None = None
    checks: list[QCheckBox] = field(default_factory=list)


class ActionDialog(QDialog):
    def __init__(self, action: Action, problems: Sequence[ProblemView], today: date, units: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action = action
        self.today = today
        self.setObjectName(f"action-{action.name.lower()}")
        self.setWindowTitle(shown(action))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if len(problems) == 1:
            p = problems[0]
            about = self.tr("{enterprise}：{category} — {description}").format(
                enterprise=p.enterprise_name, category=p.category, description=p.description)
        else:
            about = self.tr("已选择 {n} 个问题").format(n=len(problems))
        head = QLabel(about)
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        layout.addLayout(form)
        self.date = DateField(today, what=self.tr("{action}日期").format(action=shown(action)))
        self.date.setObjectName("date")
        self.date.set_limits(latest=today)  # a future day is shown and refused, not turned into today
        self.date.problem_changed.connect(self._update_ok)
        self.date_problem = QLabel()
        self.date_problem.setObjectName("dateProblem")
        self.date_problem.setStyleSheet("color:#c62828")
        self.date_problem.setWordWrap(True)
        self.date_problem.hide()
        self.f = _Fields()
        if action in (Action.ASSIGN, Action.CLAIM):
            self._assign_fields(form, units)
        if action is Action.EVALUATE:
            self.f.evaluation = QComboBox()
            self.f.evaluation.setObjectName("evaluation")
            fill(self.f.evaluation, Evaluation)
            form.addRow(self.tr("企业评价"), self.f.evaluation)
        if action in _TEXT_FIELD or action in (Action.EVALUATE, Action.CLOSE):
            self.f.text = LimitedTextEdit()
            self.f.text.setObjectName("text")
            self.f.text.setTabChangesFocus(True)
            self.f.text.setFixedHeight(90)
            limit = limited(self.f.text, TYPING.workflow_text)
            label = {Action.EVALUATE: self.tr("评价意见"), Action.CLOSE: self.tr("说明（可不填）")}.get(
                action, _translated(_TEXT_FIELD.get(action, "")))
            form.addRow(label, with_note(self.f.text, limit))
            self.f.text.textChanged.connect(self._update_ok)
        if action is Action.DEFER:
            self.f.policy = QLineEdit()
            self.f.policy.setObjectName("policy")
            self.f.policy.setPlaceholderText(self.tr("例如：《基本农田保护条例》"))
            form.addRow(self.tr("政策依据"), self.f.policy)
            self.f.policy.textChanged.connect(self._update_ok)
        if action in (Action.RESUME, Action.EXTEND):
            self.f.deadline = DateField(today + timedelta(days=7), what=self.tr("新的办结时限"))
            self.f.deadline.setObjectName("newDeadline")
            self.f.deadline.set_limits(earliest=today)
            self.f.deadline.problem_changed.connect(self._update_ok)
            form.addRow(self.tr("新的办结时限"), self.f.deadline)
        if action is Action.CLOSE:
            for text in CLOSE_CHECKS:
                box = QCheckBox(_translated(text))
                box.toggled.connect(self._update_ok)
                self.f.checks.append(box)
                form.addRow("", box)
        form.addRow(self.tr("{action}日期").format(action=shown(action)), self.date)
        form.addRow("", self.date_problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(shown(action))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _assign_fields(self, form: QFormLayout, units: Sequence[str]) -> None:
        f = self.f
        f.lead = QComboBox()
        f.lead.setObjectName("leadUnit")
        f.lead.addItem(self.tr("（请选择）"), "")
        for u in units:
            f.lead.addItem(u, u)
        f.lead.currentIndexChanged.connect(self._update_ok)
        form.addRow(self.tr("主办单位"), f.lead)
        f.assists = QListWidget()
        f.assists.setObjectName("assistUnits")
        f.assists.setFixedHeight(96)
        for u in units:
            item = QListWidgetItem(u)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            f.assists.addItem(item)
        form.addRow(self.tr("协办单位（可多选）"), f.assists)
        f.person = QLineEdit()
        f.person.setObjectName("person")
        f.person.setMaxLength(TYPING.person)
        form.addRow(self.tr("责任人"), f.person)
        f.phone = QLineEdit()
        f.phone.setObjectName("phone")
        form.addRow(self.tr("责任人电话"), f.phone)
        f.preset = QComboBox()
        f.preset.setObjectName("preset")
        for preset in DeadlinePreset:
            f.preset.addItem(shown(preset), preset)
        f.preset.addItem(self.tr("指定日期"), None)
        f.preset.setCurrentIndex(list(DeadlinePreset).index(DeadlinePreset.ORDINARY_7))
        form.addRow(self.tr("办结时限"), f.preset)
        f.deadline = DateField(self.today + timedelta(days=7), what=self.tr("办结时限"))
        f.deadline.setObjectName("deadline")
        f.deadline.set_limits(earliest=self.today)
        f.deadline.problem_changed.connect(self._update_ok)
        f.deadline.setEnabled(False)
        f.preset.currentIndexChanged.connect(lambda _i: f.deadline and f.deadline.setEnabled(
            f.preset is not None and f.preset.currentData() is None))
        f.preset.currentIndexChanged.connect(self._update_ok)
        form.addRow(self.tr("指定的时限"), f.deadline)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        form.addRow(self.tr("交办说明"), self.note)

    def _update_ok(self) -> None:
        ok = True
        f = self.f
        if self.action in _TEXT_FIELD and f.text is not None:
            ok = bool(f.text.toPlainText().strip())
        if f.policy is not None:
            ok = ok and bool(f.policy.text().strip())
        if f.lead is not None:
            ok = ok and bool(f.lead.currentData())
        if f.checks:
            ok = ok and all(c.isChecked() for c in f.checks)
        # A date out of its range says why beside the dates; the action waits for a good one.
        problems = [d.problem() for d in (self.date, f.deadline) if d is not None and d.isEnabled() and d.problem()]
        self.date_problem.setText("\n".join(problems))
        self.date_problem.setVisible(bool(problems))
        ok = ok and not problems
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def request(self) -> ActionRequest:
        f = self.f
        on = self.date.value()
        text = f.text.toPlainText().strip() if f.text is not None else ""
        assign = None
        if f.lead is not None and f.assists is not None and f.preset is not None:
            assists = tuple(f.assists.item(i).text() for i in range(f.assists.count())
                            if f.assists.item(i).checkState() == Qt.CheckState.Checked)
            preset = f.preset.currentData()
            assign = AssignInput(
                lead_unit=str(f.lead.currentData()), assist_units=assists,
                responsible_person=f.person.text() if f.person else "",
                responsible_phone=f.phone.text() if f.phone else "",
                deadline=None if preset is not None or f.deadline is None else f.deadline.value(),
                deadline_preset=preset, note=self.note.text(),
            )
        return ActionRequest(
            action=self.action, on=on, text=text, policy=f.policy.text().strip() if f.policy else "",
            evaluation=str(f.evaluation.currentData()) if f.evaluation else "",
            new_deadline=f.deadline.value() if f.deadline is not None and assign is None else None,
            assign=assign,
        )

