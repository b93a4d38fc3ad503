"""The 政策库's dialogs: one policy added or changed (its fields as the 政策汇编 has them; a save
checks the revision it was opened at, so a policy changed meanwhile elsewhere is refused plainly),
and a company's 申报/兑现 of a policy (the service's rules: no date after today, no 兑现 before the
申报, no amount without a 兑现日期). A refused save keeps the dialog open and says why in it."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain import EnterpriseSize
from app.errors import UserError
from app.services.enterprises import EnterpriseView
from app.services.policies import ClaimView, PolicyInput, PolicyView
from app.standards import dates
from ui.context import Context
from ui.domain_text import shown
from ui.format import day
from ui.widgets.date_field import DateField
from ui.widgets.enterprise_picker import EnterprisePicker
from ui.widgets.form_dialog import WriteDialog

#: What may stand between the items typed in one box (、 ，, ；; spaces).
_SPLIT = re.compile("[、，,；; \u3000]+")  # not shown


def split_list(text: str) -> tuple[str, ...]:
    """Items typed in one box: 专精特新、规上工业 (、，, ; or spaces between)."""
    return tuple(t for t in _SPLIT.split(text) if t)


class PolicyDialog(WriteDialog[PolicyView]):
    """新增政策 / 修改政策: the policy's fields; 保存 saves through the service (off the GUI thread)."""

    def __init__(self, ctx: Context, policy: PolicyView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, name="policyDialog")
        self.setWindowTitle(self.tr("修改政策") if policy else self.tr("新增政策"))
        self.policy = policy
        self.title = QLineEdit()
        self.title.setObjectName("policyTitle")
        self.issuer = QLineEdit()
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText(self.tr("如 豫政办〔2025〕12号"))
        self.issued = QLineEdit()
        self.valid_from = QLineEdit()
        self.valid_to = QLineEdit()
        for line in (self.issued, self.valid_from, self.valid_to):
            line.setPlaceholderText(self.tr("如 2026-06-10，可不填"))
        self.valid_to.setToolTip(self.tr("有效期的最后一天；不填为长期有效"))
        self.industries = QLineEdit()
        self.industries.setPlaceholderText(self.tr("国民经济行业门类字母，如 C、F；不填为不限"))
        self.sizes = {s.value: QCheckBox(shown(s.value)) for s in EnterpriseSize}
        size_row = QHBoxLayout()
        for check in self.sizes.values():
            size_row.addWidget(check)
        size_row.addStretch(1)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("企业标签，如 专精特新、规上工业；不填为不限"))
        self.eligibility = QPlainTextEdit()
        self.benefits = QPlainTextEdit()
        self.benefits.setObjectName("policyBenefits")
        self.how_to_apply = QPlainTextEdit()
        self.contact_unit = QLineEdit()
        self.notes = QPlainTextEdit()
        for text in (self.eligibility, self.benefits, self.how_to_apply, self.notes):
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 3 + 12)

        form = self.form
        form.addRow(self.tr("政策名称"), self.title)
        form.addRow(self.tr("发文单位"), self.issuer)
        form.addRow(self.tr("文号"), self.doc_number)
        form.addRow(self.tr("发布日期"), self.issued)
        form.addRow(self.tr("有效期起"), self.valid_from)
        form.addRow(self.tr("有效期至"), self.valid_to)
        form.addRow(self.tr("适用行业门类"), self.industries)
        form.addRow(self.tr("适用企业规模"), size_row)
        form.addRow(self.tr("适用企业标签"), self.tags)
        form.addRow(self.tr("适用对象"), self.eligibility)
        form.addRow(self.tr("支持内容"), self.benefits)
        form.addRow(self.tr("申报方式"), self.how_to_apply)
        form.addRow(self.tr("联系单位"), self.contact_unit)
        form.addRow(self.tr("备注"), self.notes)
        self.setMinimumWidth(620)
        if policy is not None:
            self._load(policy)

    def _load(self, p: PolicyView) -> None:
        self.title.setText(p.title)
        self.issuer.setText(p.issuer)
        self.doc_number.setText(p.doc_number)
        self.issued.setText(day(p.issued_date))
        self.valid_from.setText(day(p.valid_from))
        self.valid_to.setText(day(p.valid_to))
        self.industries.setText(self.tr("、").join(p.industries))
        for value, box in self.sizes.items():
            box.setChecked(value in p.sizes)
        self.tags.setText(self.tr("、").join(p.tags))
        self.eligibility.setPlainText(p.eligibility)
        self.benefits.setPlainText(p.benefits)
        self.how_to_apply.setPlainText(p.how_to_apply)
        self.contact_unit.setText(p.contact_unit)
        self.notes.setPlainText(p.notes)

    def _date(self, label: str, box: QLineEdit) -> date | None:
        text = box.text().strip()
        if not text:
            return None
        try:
            return dates.parse(text)
        except dates.DateError as exc:
            box.setFocus()
            raise UserError(self.tr("{field}“{value}”：{reason}").format(field=label, value=text,
                                                                       reason=str(exc))) from None

    def data(self) -> PolicyInput:
        """What the form says, as the service takes it (UserError for a date that cannot be read)."""
        return PolicyInput(
            title=self.title.text(), issuer=self.issuer.text(), doc_number=self.doc_number.text(),
            issued_date=self._date(self.tr("发布日期"), self.issued),
            valid_from=self._date(self.tr("有效期起"), self.valid_from),
            valid_to=self._date(self.tr("有效期至"), self.valid_to),
            industries=split_list(self.industries.text()),
            sizes=tuple(v for v, box in self.sizes.items() if box.isChecked()),
            tags=split_list(self.tags.text()), eligibility=self.eligibility.toPlainText(),
            benefits=self.benefits.toPlainText(), how_to_apply=self.how_to_apply.toPlainText(),
            contact_unit=self.contact_unit.text(), notes=self.notes.toPlainText())

    def save(self) -> None:
        try:
            data = self.data()
        except UserError as exc:
            self.refuse(str(exc))
            return
        policies = self.ctx.services.policies
        p = self.policy
        if p is None:
            self.write(lambda: policies.add(data))
        else:
            self.write(lambda: policies.update(p.id, data, expected_revision=p.revision))


class ClaimDialog(WriteDialog[ClaimView]):
    """登记申报/兑现: a company's 申报日期, and later its 兑现日期 and amount (元), for one policy. From
    the 政策库 the policy is given and the company picked; from the enterprise page the company is
    given and the policy chosen among those explained to it, then those that fit it. What is already
    on record is shown and kept unless changed."""

    def __init__(self, ctx: Context, policy: PolicyView | None, enterprise: EnterpriseView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, name="claimDialog")
        self.setWindowTitle(self.tr("登记政策申报、兑现"))
        self.policy = policy
        today = ctx.services.clock.today()
        self.picker = EnterprisePicker(ctx)
        self.picker.chosen.connect(self._chosen)
        self.on_record = QLabel()
        self.on_record.setObjectName("claimOnRecord")
        self.on_record.setWordWrap(True)
        self.applied_on = QCheckBox(self.tr("已申报"))
        self.applied_on.setObjectName("claimApplied")
        self.applied = DateField(today, what=self.tr("申报日期"))
        self.granted_on = QCheckBox(self.tr("已兑现"))
        self.granted_on.setObjectName("claimGranted")
        self.granted = DateField(today, what=self.tr("兑现日期"))
        for field in (self.applied, self.granted):
            field.set_limits(latest=today)
        self.amount = QLineEdit()
        self.amount.setObjectName("claimAmount")
        self.amount.setPlaceholderText(self.tr("元，整数；兑现后填写"))
        self.notes = QLineEdit()
        self.applied_on.toggled.connect(self._enable)
        self.granted_on.toggled.connect(self._enable)
        applied_row, granted_row = QHBoxLayout(), QHBoxLayout()
        applied_row.addWidget(self.applied_on)
        applied_row.addWidget(self.applied, 1)
        granted_row.addWidget(self.granted_on)
        granted_row.addWidget(self.granted, 1)
        #: Without a given policy: the company's policies to choose from.
        self.policy_box: QComboBox | None = None
        self._choices: list[PolicyView] = []
        shown_policy: QWidget
        if policy is not None:
            name = QLabel(policy.title)
            name.setWordWrap(True)
            name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown_policy = name
        else:
            self.policy_box = QComboBox()
            self.policy_box.setObjectName("claimPolicy")
            self.policy_box.currentIndexChanged.connect(self._policy_chosen)
            shown_policy = self.policy_box
        form = self.form
        form.addRow(self.tr("企业"), self.picker)
        form.addRow(self.tr("政策"), shown_policy)
        form.addRow("", self.on_record)
        form.addRow(self.tr("申报日期"), applied_row)
        form.addRow(self.tr("兑现日期"), granted_row)
        form.addRow(self.tr("兑现金额（元）"), self.amount)
        form.addRow(self.tr("备注"), self.notes)
        self.setMinimumWidth(520)
        self._enable()
        if enterprise is not None:
            self.picker.set_enterprise(enterprise)

    def _enable(self) -> None:
        self.applied.setEnabled(self.applied_on.isChecked())
        self.granted.setEnabled(self.granted_on.isChecked())
        self.amount.setEnabled(self.granted_on.isChecked())
        self.ok.setEnabled(self.picker.enterprise is not None and self.policy is not None
                           and (self.applied_on.isChecked() or self.granted_on.isChecked()))

    def _chosen(self, enterprise_id: str) -> None:
        if self.policy_box is not None:
            self._load_policies(enterprise_id)
        else:
            self._load_record()

    def _load_policies(self, enterprise_id: str) -> None:
        """The company's policies: those explained to it at visits first, then those that fit it."""
        assert self.policy_box is not None
        self.policy_box.clear()
        self.policy = None
        self._load_record()
        if not enterprise_id:
            return
        policies = self.ctx.services.policies

        def read() -> tuple[list[PolicyView], set[str]]:
            told = policies.explained(enterprise_id=enterprise_id)
            ids = {p.id for p in told}
            return told + [p for p in policies.suggest(enterprise_id) if p.id not in ids], ids

        self.ctx.ops.read(read, lambda found: self._show_policies(enterprise_id, *found),
                          key=f"claim-policies-{id(self)}")

    def _show_policies(self, enterprise_id: str, rows: list[PolicyView], told: set[str]) -> None:
        e = self.picker.enterprise
        if e is None or e.id != enterprise_id or self.policy_box is None:
            return
        self._choices = rows
        self.policy_box.blockSignals(True)
        self.policy_box.clear()
        for p in rows:
            self.policy_box.addItem(self.tr("{title}（已宣讲）").format(title=p.title) if p.id in told else p.title,
                                    p.id)
        self.policy_box.blockSignals(False)
        if not rows:
            self.on_record.setText(self.tr("该企业没有宣讲过的政策，政策库中也没有适合它的有效政策"))
            return
        self.policy_box.setCurrentIndex(0)
        self._policy_chosen(0)

    def _policy_chosen(self, index: int) -> None:
        self.policy = self._choices[index] if 0 <= index < len(self._choices) else None
        self._load_record()

    def _load_record(self) -> None:
        """Show what is on record for the company and policy chosen (and fill the form with it)."""
        self.on_record.clear()
        self.applied_on.setChecked(False)
        self.granted_on.setChecked(False)
        self.amount.clear()
        self.notes.clear()
        self._enable()
        e, p = self.picker.enterprise, self.policy
        if e is None or p is None:
            return
        policies, eid, pid = self.ctx.services.policies, e.id, p.id
        self.ctx.ops.read(lambda: policies.claims(enterprise_id=eid, policy_id=pid),
                          lambda rows: self._show_record(eid, pid, rows), key=f"claim-{id(self)}")

    def _show_record(self, enterprise_id: str, policy_id: str, rows: list[ClaimView]) -> None:
        e, p = self.picker.enterprise, self.policy
        if e is None or e.id != enterprise_id or p is None or p.id != policy_id:
            return
        if not rows:
            self.on_record.setText(self.tr("尚未登记该企业对这项政策的申报、兑现"))
            return
        c = rows[0]
        self.on_record.setText(self.tr("已登记：{state}（申报 {applied}，兑现 {granted}，金额 {amount}）").format(
            state=self._state(c), applied=day(c.applied_date) or "—", granted=day(c.granted_date) or "—",
            amount=self.tr("{n} 元").format(n=c.amount) if c.amount is not None else "—"))
        if c.applied_date:
            self.applied_on.setChecked(True)
            self.applied.set_value(c.applied_date)
        if c.granted_date:
            self.granted_on.setChecked(True)
            self.granted.set_value(c.granted_date)
        if c.amount is not None:
            self.amount.setText(str(c.amount))
        self.notes.setText(c.notes)

    def _state(self, c: ClaimView) -> str:
        return self.tr("已兑现") if c.granted_date else self.tr("已申报") if c.applied_date else self.tr("未申报")

    def save(self) -> None:
        e, p = self.picker.enterprise, self.policy
        if e is None or p is None:
            return
        for on, field in ((self.applied_on, self.applied), (self.granted_on, self.granted)):
            if on.isChecked() and field.problem():
                self.refuse(field.problem())
                field.setFocus()
                return
        text = re.sub("[,，]", "", self.amount.text().strip())  # not shown
        amount: int | None = None
        if self.granted_on.isChecked() and text:
            if not text.isdigit():
                self.amount.setFocus()
                self.refuse(self.tr("兑现金额（元）“{value}”：应为不小于 0 的整数").format(value=text))
                return
            amount = int(text)
        applied = self.applied.value() if self.applied_on.isChecked() else None
        granted = self.granted.value() if self.granted_on.isChecked() else None
        notes = self.notes.text()
        policies, pid = self.ctx.services.policies, p.id
        self.write(lambda: policies.record_claim(e.id, pid, applied=applied, granted=granted, amount=amount,
                                                 notes=notes))
