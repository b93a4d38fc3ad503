"""The first start on an empty database: who I am (name, unit, role), and
whether to fill the database with demo data to try things out."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import CadreRole
from app.errors import UserError
from app.services.demo import DemoPerson, DemoSummary
from ui.context import Context
from ui.domain_text import fill
from ui.operations import REPORTED, Job


class FirstStartDialog(QDialog):
    """`offer_demo=False`: a database that has data but nobody named (made by the command line, or by an
    earlier version): who I am only — imports, undos and workflow steps are refused without it."""

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, offer_demo: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offer_demo = offer_demo
        self.setObjectName("firstStart" if offer_demo else "whoAmI")
        self.setWindowTitle(self.tr("欢迎使用助企走访台账") if offer_demo else self.tr("请填写使用人"))
        self.setMinimumWidth(480)
        v = QVBoxLayout(self)
        intro = QLabel(self.tr("这是第一次使用。请填写本人信息（会印在导出的工作簿和打印的报表上），"
                               "也可以先放入一份演示数据熟悉操作。") if offer_demo else
                       self.tr("这个数据库还没有设置使用人。导入、撤销、交办等操作会记下操作人，"
                               "请填写本人信息（以后可在“设置”页修改）。"))
        intro.setWordWrap(True)
        v.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.unit = QLineEdit()
        self.unit.setObjectName("unit")
        self.role = QComboBox()
        self.role.addItem(self.tr("（不填）"), "")
        fill(self.role, CadreRole)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("角色"), self.role)
        v.addLayout(form)
        self.demo = QCheckBox(self.tr("放入演示数据（虚构的河阳县约 200 家企业，您是其中一名包联干部；"
                                      "可随时换用新的数据库）"))
        self.demo.setObjectName("demo")
        self.demo.setChecked(offer_demo)
        self.demo.setVisible(offer_demo)
        v.addWidget(self.demo)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828")
        self.error.setWordWrap(True)
        v.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始使用"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("以后再说"))
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def _start(self) -> None:
        services = self.ctx.services
        name, unit, role = self.name.text().strip(), self.unit.text().strip(), self.role.currentData()
        if not self.offer_demo and not (name and unit):
            self.error.setText(self.tr("请填写姓名和单位"))
            return
        if name or unit:
            try:
                saved = services.profile.set(name, unit, role)  # small and quick; its errors belong in this dialog
            except UserError as exc:
                self.error.setText(str(exc))
                return
            self.ctx.ops.changed.emit(saved.changes, self)
        if not self.demo.isChecked():
            self.accept()
            return
        today = services.clock.today()
        # The person trying the program becomes one of the demo's cadres: 我包联的企业 and the
        # visit form then show their companies, not an empty list.
        me = DemoPerson(name, unit, role) if name else None

        def work(job: Job) -> DemoSummary:
            return services.generate_demo(scale=1, today=today, progress=job.message, me=me)

        self.ctx.ops.long(self.tr("正在生成演示数据……"), work, lambda _s: self.accept(), changes=REPORTED,
                          parent=self, cancellable=False)
