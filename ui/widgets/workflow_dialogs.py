"""The dialog each workflow action opens: it asks for exactly what that action
needs (a unit and 办理类型 for 交办, a result for 办结, the company's evaluator, method
and result for 回访评价 — with no default result, a new date for 申请延期, approve or
refuse for 审批延期, a level and answer date for 督办 …) and the service call that
performs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import CLOSE_CHECKS, Evaluation, RevisitMethod
from app.fields import TYPING
from app.services import Services
from app.services.problems import AssignInput, ExtensionView, ProblemView, RevisitInput, SuperviseInput
from app.stages import Handling
from app.workflow import Action
from ui.domain_text import fill, shown
from ui.format import day
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
    Action.ASSIST_REPLY: QT_TRANSLATE_NOOP("ActionDialog", "协办意见"),
}
#: The four things offices check before 销号 (app.domain.CLOSE_CHECKS), as the window asks them.
_CHECK_LABELS = {
    "check_solved": QT_TRANSLATE_NOOP("ActionDialog", "问题是否解决"),
    "check_answered": QT_TRANSLATE_NOOP("ActionDialog", "是否答复企业"),
    "check_contacted": QT_TRANSLATE_NOOP("ActionDialog", "责任单位是否对接企业"),
    "check_satisfied": QT_TRANSLATE_NOOP("ActionDialog", "企业负责人是否满意"),
}
#: The supervision level offered first (a value of the 督办级别 code list).
DEFAULT_LEVEL = "督办"  # not shown


def _translated(text: object) -> str:
    """`text` marked by QT_TRANSLATE_NOOP (typed `object` by PySide6), in the window's language."""
    return QCoreApplication.translate("ActionDialog", str(text))


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
    revisit: RevisitInput | None = None
    approve: bool = False
    unit: str = ""
    supervise: SuperviseInput | None = None


def perform(services: Services, problem_id: str, r: ActionRequest, actor: str) -> ProblemView:
    """Run the action through the problem service (on a worker thread)."""
    p = services.problems
    a = r.action
    if a is Action.ASSIST_REPLY:
        return p.assist_reply(problem_id, r.unit, r.text, actor=actor, on=r.on)
    if a is Action.DECIDE_EXTENSION:
        return p.decide_extension(problem_id, r.approve, r.text, actor=actor, on=r.on)
    if a is Action.SUPERVISE:
        assert r.supervise is not None
        records = p.supervise([problem_id], r.supervise, actor=actor, on=r.on)
        return replace(p.get(problem_id), changes=records[0].changes)
    if a in (Action.ASSIGN, Action.CLAIM):
        assert r.assign is not None
        return p.assign(problem_id, r.assign, actor=actor, on=r.on, claimed=a is Action.CLAIM)
    if a is Action.RECORD_PROGRESS:
        return p.record_progress(problem_id, r.text, actor=actor, on=r.on)
    if a is Action.SOLVE:
        return p.solve(problem_id, r.text, actor=actor, on=r.on)
    if a is Action.EVALUATE:
        assert r.revisit is not None
        return p.evaluate(problem_id, r.revisit, actor=actor, on=r.on)
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
    handling: QComboBox | None = None
    own_deadline: QCheckBox | None = None
    checks: list[QCheckBox] = field(default_factory=list)
    evaluator: QLineEdit | None = None
    position: QLineEdit | None = None
    method: QComboBox | None = None
    approve: QRadioButton | None = None
    refuse: QRadioButton | None = None
    unit: QComboBox | None = None
    level: QComboBox | None = None


class ActionDialog(QDialog):
    def __init__(self, action: Action, problems: Sequence[ProblemView], today: date, units: Sequence[str],
                 parent: QWidget | None = None, *, levels: Sequence[str] = (),
                 pending: ExtensionView | None = None, answered: Sequence[str] = (),
                 about: str | None = None) -> None:
        super().__init__(parent)
        self.action = action
        self.today = today
        self.setObjectName(f"action-{action.name.lower()}")
        self.setWindowTitle(shown(action))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        if about is not None:
            pass
        elif len(problems) == 1:
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
            self._revisit_fields(form)
        if action is Action.ASSIST_REPLY:
            self.f.unit = QComboBox()
            self.f.unit.setObjectName("assistUnit")
            waiting = [u for u in (problems[0].assist_units if problems else ()) if u not in answered]
            self.f.unit.addItems(waiting)
            form.addRow(self.tr("协办单位"), self.f.unit)
        if action is Action.DECIDE_EXTENSION:
            about_request = self.tr("{who}于 {on} 申请将办结时限由 {old} 延至 {new}：{reason}").format(
                who=pending.requested_by or self.tr("责任单位"), on=day(pending.requested_date),
                old=day(pending.old_deadline), new=day(pending.new_deadline), reason=pending.reason) \
                if pending else self.tr("没有等待审批的延期申请")
            request_label = QLabel(about_request)
            request_label.setWordWrap(True)
            form.addRow(self.tr("延期申请"), request_label)
            self.f.approve = QRadioButton(self.tr("批准"))
            self.f.approve.setObjectName("approve")
            self.f.refuse = QRadioButton(self.tr("不予批准"))
            self.f.refuse.setObjectName("refuse")
            group = QButtonGroup(self)
            for b in (self.f.approve, self.f.refuse):
                group.addButton(b)
                b.toggled.connect(self._update_ok)
            choice = QVBoxLayout()
            choice.addWidget(self.f.approve)
            choice.addWidget(self.f.refuse)
            form.addRow(self.tr("审批"), choice)
        if action is Action.SUPERVISE:
            self.f.level = QComboBox()
            self.f.level.setObjectName("level")
            for level in levels:
                self.f.level.addItem(level, level)
            self.f.level.setCurrentIndex(max(0, self.f.level.findData(DEFAULT_LEVEL)))
            form.addRow(self.tr("督办级别"), self.f.level)
            self.f.deadline = DateField(today + timedelta(days=5), what=self.tr("要求反馈日期"))
            self.f.deadline.setObjectName("answerBy")
            self.f.deadline.set_limits(earliest=today)
            self.f.deadline.problem_changed.connect(self._update_ok)
            form.addRow(self.tr("要求反馈日期"), self.f.deadline)
        if action in _TEXT_FIELD or action in (Action.EVALUATE, Action.CLOSE, Action.DECIDE_EXTENSION,
                                               Action.SUPERVISE):
            self.f.text = LimitedTextEdit()
            self.f.text.setObjectName("text")
            self.f.text.setTabChangesFocus(True)
            self.f.text.setFixedHeight(90)
            limit = limited(self.f.text, TYPING.workflow_text)
            label = {Action.EVALUATE: self.tr("评价意见"), Action.CLOSE: self.tr("说明（可不填）"),
                     Action.DECIDE_EXTENSION: self.tr("审批意见（不予批准时必填）"),
                     Action.SUPERVISE: self.tr("督办意见")}.get(action, _translated(_TEXT_FIELD.get(action, "")))
            form.addRow(label, with_note(self.f.text, limit))
            self.f.text.textChanged.connect(self._update_ok)
        if action is Action.DEFER:
            self.f.policy = QLineEdit()
            self.f.policy.setObjectName("policy")
            self.f.policy.setPlaceholderText(self.tr("例如：《基本农田保护条例》"))
            form.addRow(self.tr("政策依据"), self.f.policy)
            self.f.policy.textChanged.connect(self._update_ok)
        if action in (Action.RESUME, Action.EXTEND):
            current = problems[0].deadline if problems and problems[0].deadline else today
            start = max(current, today)
            self.f.deadline = DateField(start + timedelta(days=14 if action is Action.EXTEND else 7),
                                        what=self.tr("新的办结时限"))
            self.f.deadline.setObjectName("newDeadline")
            self.f.deadline.set_limits(earliest=today)
            self.f.deadline.problem_changed.connect(self._update_ok)
            form.addRow(self.tr("新的办结时限"), self.f.deadline)
        if action is Action.EXTEND:
            note = QLabel(self.tr("须在办结时限届满前申请；经审批同意后才改变时限，按期办结率仍按原定时限计算。"))
            note.setWordWrap(True)
            form.addRow("", note)
        if action is Action.CLOSE:
            note = QLabel(self.tr("销号须有企业满意的回访评价，且回访时确认了：{checks}。").format(
                checks=self.tr("、").join(_translated(_CHECK_LABELS[name]) for name, _label in CLOSE_CHECKS)))
            note.setWordWrap(True)
            form.addRow("", note)
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
        f.handling = QComboBox()
        f.handling.setObjectName("handling")
        fill(f.handling, Handling)
        form.addRow(self.tr("办理类型"), f.handling)
        f.own_deadline = QCheckBox(self.tr("指定更早的办结时限"))
        f.own_deadline.setObjectName("ownDeadline")
        form.addRow("", f.own_deadline)
        f.deadline = DateField(self.today + timedelta(days=7), what=self.tr("指定的时限"))
        f.deadline.setObjectName("deadline")
        f.deadline.set_limits(earliest=self.today)
        f.deadline.problem_changed.connect(self._update_ok)
        f.deadline.setEnabled(False)
        f.own_deadline.toggled.connect(f.deadline.setEnabled)
        f.own_deadline.toggled.connect(self._update_ok)
        form.addRow(self.tr("指定的时限"), f.deadline)
        limits = QLabel(self.tr("时限按工作日计算（含调休）：一般问题、复杂问题按“设置 → 时限规则”，"
                                "需上级协调的按月报告进展。"))
        limits.setWordWrap(True)
        form.addRow("", limits)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        form.addRow(self.tr("交办说明"), self.note)

    def _revisit_fields(self, form: QFormLayout) -> None:
        """回访评价: who at the company, how, the result (no default: the person must choose)."""
        f = self.f
        f.evaluator = QLineEdit()
        f.evaluator.setObjectName("evaluator")
        f.evaluator.setMaxLength(TYPING.person)
        f.evaluator.setPlaceholderText(self.tr("企业负责人或联系人，不是干部本人"))
        f.evaluator.textChanged.connect(self._update_ok)
        form.addRow(self.tr("企业评价人"), f.evaluator)
        f.position = QLineEdit()
        f.position.setObjectName("evaluatorPosition")
        f.position.setMaxLength(TYPING.person)
        form.addRow(self.tr("职务"), f.position)
        f.method = QComboBox()
        f.method.setObjectName("method")
        f.method.addItem(self.tr("（请选择）"), "")
        fill(f.method, RevisitMethod)
        f.method.currentIndexChanged.connect(self._update_ok)
        form.addRow(self.tr("回访方式"), f.method)
        f.evaluation = QComboBox()
        f.evaluation.setObjectName("evaluation")
        f.evaluation.addItem(self.tr("（请选择企业的评价）"), "")
        fill(f.evaluation, Evaluation)
        f.evaluation.currentIndexChanged.connect(self._update_ok)
        form.addRow(self.tr("评价结果"), f.evaluation)
        back = QLabel(self.tr("评价为不满意或非常不满意的，问题自动退回重办，不计为办结。"))
        back.setWordWrap(True)
        form.addRow("", back)
        checks = QLabel(self.tr("回访时向企业确认（销号前须四项均为“是”）："))
        form.addRow(checks)
        for name, _label in CLOSE_CHECKS:
            box = QCheckBox(_translated(_CHECK_LABELS[name]))
            box.setObjectName(name)
            self.f.checks.append(box)
            form.addRow("", box)

    def _update_ok(self) -> None:
        ok = True
        f = self.f
        if self.action in _TEXT_FIELD and f.text is not None:
            ok = bool(f.text.toPlainText().strip())
        if f.evaluator is not None and f.method is not None and f.evaluation is not None:
            ok = ok and bool(f.evaluator.text().strip()) and bool(f.method.currentData()) \
                and bool(f.evaluation.currentData())
        if f.approve is not None and f.refuse is not None:
            chosen = f.approve.isChecked() or f.refuse.isChecked()
            reason = f.text is not None and bool(f.text.toPlainText().strip())
            ok = ok and chosen and (f.approve.isChecked() or reason)
        if f.unit is not None:
            ok = ok and f.unit.count() > 0
        if f.level is not None:
            ok = ok and f.level.count() > 0
        if f.policy is not None:
            ok = ok and bool(f.policy.text().strip())
        if f.lead is not None:
            ok = ok and bool(f.lead.currentData())
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
        if f.lead is not None and f.assists is not None and f.handling is not None:
            assists = tuple(f.assists.item(i).text() for i in range(f.assists.count())
                            if f.assists.item(i).checkState() == Qt.CheckState.Checked)
            own = f.own_deadline is not None and f.own_deadline.isChecked() and f.deadline is not None
            assign = AssignInput(
                lead_unit=str(f.lead.currentData()), assist_units=assists,
                responsible_person=f.person.text() if f.person else "",
                responsible_phone=f.phone.text() if f.phone else "",
                handling=Handling(str(f.handling.currentData())),
                deadline=f.deadline.value() if own and f.deadline is not None else None,
                note=self.note.text(),
            )
        revisit = None
        if f.evaluator is not None and f.method is not None and f.evaluation is not None:
            checks = [c.isChecked() for c in f.checks]
            revisit = RevisitInput(
                result=str(f.evaluation.currentData()), evaluator=f.evaluator.text(),
                method=str(f.method.currentData()),
                evaluator_position=f.position.text() if f.position else "", comment=text,
                check_solved=checks[0], check_answered=checks[1], check_contacted=checks[2],
                check_satisfied=checks[3])
        supervise = None
        if f.level is not None:
            supervise = SuperviseInput(str(f.level.currentData()), f.deadline.value() if f.deadline else None, text)
        new_deadline = None
        if f.deadline is not None and self.action in (Action.RESUME, Action.EXTEND):
            new_deadline = f.deadline.value()
        return ActionRequest(
            action=self.action, on=on, text=text, policy=f.policy.text().strip() if f.policy else "",
            evaluation=str(f.evaluation.currentData()) if f.evaluation else "",
            new_deadline=new_deadline, assign=assign, revisit=revisit,
            approve=bool(f.approve and f.approve.isChecked()), unit=f.unit.currentText() if f.unit else "",
            supervise=supervise,
        )

