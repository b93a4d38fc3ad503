"""The dialog each workflow action opens: it asks for exactly what that action
needs (a unit and deadline for 交办, a result for 办结, an evaluation for
企业评价, a reason for 退回重办 …) and the service call that performs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import Evaluation
from app.services import Services
from app.services.problems import AssignInput, ProblemView
from app.workflow import Action, DeadlinePreset
from ui.format import from_qdate, to_qdate

#: Actions whose text box must be filled, with its label.
_TEXT_FIELD = {
    Action.RECORD_PROGRESS: "办理进展",
    Action.SOLVE: "办理结果",
    Action.REOPEN: "退回原因",
    Action.DEFER: "暂不具备条件的原因",
    Action.RESUME: "恢复办理的原因",
    Action.EXTEND: "延期原因",
    Action.ESCALATE: "上报原因",
}
#: The four things offices check before 销号.
CLOSE_CHECKS = ("问题已实际解决", "已向企业反馈办理结果", "责任单位已与企业联系", "企业负责人表示满意")


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
    text: QPlainTextEdit | None = None
    policy: QLineEdit | None = None
    evaluation: QComboBox | None = None
    deadline: QDateEdit | None = None
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
        self.setWindowTitle(action.value)
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
        self.date = QDateEdit(to_qdate(today))
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(to_qdate(today))
        self.f = _Fields()
        if action in (Action.ASSIGN, Action.CLAIM):
            self._assign_fields(form, units)
        if action is Action.EVALUATE:
            self.f.evaluation = QComboBox()
            self.f.evaluation.setObjectName("evaluation")
            self.f.evaluation.addItems([e.value for e in Evaluation])
            form.addRow(self.tr("企业评价"), self.f.evaluation)
        if action in _TEXT_FIELD or action in (Action.EVALUATE, Action.CLOSE):
            self.f.text = QPlainTextEdit()
            self.f.text.setObjectName("text")
            self.f.text.setTabChangesFocus(True)
            self.f.text.setFixedHeight(90)
            label = {Action.EVALUATE: self.tr("评价意见"), Action.CLOSE: self.tr("说明（可不填）")}.get(
                action, self.tr(_TEXT_FIELD.get(action, "")))
            form.addRow(label, self.f.text)
            self.f.text.textChanged.connect(self._update_ok)
        if action is Action.DEFER:
            self.f.policy = QLineEdit()
            self.f.policy.setObjectName("policy")
            self.f.policy.setPlaceholderText(self.tr("例如：《基本农田保护条例》"))
            form.addRow(self.tr("政策依据"), self.f.policy)
            self.f.policy.textChanged.connect(self._update_ok)
        if action in (Action.RESUME, Action.EXTEND):
            self.f.deadline = QDateEdit(to_qdate(today).addDays(7))
            self.f.deadline.setObjectName("newDeadline")
            self.f.deadline.setCalendarPopup(True)
            self.f.deadline.setDisplayFormat("yyyy-MM-dd")
            self.f.deadline.setMinimumDate(to_qdate(today))
            form.addRow(self.tr("新的办结时限"), self.f.deadline)
        if action is Action.CLOSE:
            for text in CLOSE_CHECKS:
                box = QCheckBox(self.tr(text))
                box.toggled.connect(self._update_ok)
                self.f.checks.append(box)
                form.addRow("", box)
        form.addRow(self.tr("{action}日期").format(action=action.value), self.date)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action.value)
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
        form.addRow(self.tr("责任人"), f.person)
        f.phone = QLineEdit()
        f.phone.setObjectName("phone")
        form.addRow(self.tr("责任人电话"), f.phone)
        f.preset = QComboBox()
        f.preset.setObjectName("preset")
        for preset in DeadlinePreset:
            f.preset.addItem(preset.value, preset)
        f.preset.addItem(self.tr("指定日期"), None)
        f.preset.setCurrentIndex(list(DeadlinePreset).index(DeadlinePreset.ORDINARY_7))
        form.addRow(self.tr("办结时限"), f.preset)
        f.deadline = QDateEdit(to_qdate(self.today).addDays(7))
        f.deadline.setObjectName("deadline")
        f.deadline.setCalendarPopup(True)
        f.deadline.setDisplayFormat("yyyy-MM-dd")
        f.deadline.setMinimumDate(to_qdate(self.today))
        f.deadline.setEnabled(False)
        f.preset.currentIndexChanged.connect(lambda _i: f.deadline and f.deadline.setEnabled(
            f.preset is not None and f.preset.currentData() is None))
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
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def request(self) -> ActionRequest:
        f = self.f
        on = from_qdate(self.date.date())
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
                deadline=None if preset is not None or f.deadline is None else from_qdate(f.deadline.date()),
                deadline_preset=preset, note=self.note.text(),
            )
        return ActionRequest(
            action=self.action, on=on, text=text, policy=f.policy.text().strip() if f.policy else "",
            evaluation=f.evaluation.currentText() if f.evaluation else "",
            new_deadline=from_qdate(f.deadline.date()) if f.deadline is not None and assign is None else None,
            assign=assign,
        )

