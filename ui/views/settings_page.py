"""设置: who I am (stamped on exports and reports), this installation's ID,
the data folder, backups, the working-day calendar and stage time limits, the
report font and the language."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import backups
from app.domain import CadreRole
from app.errors import UserError
from app.paths import data_dir
from app.services.profile import Profile
from ui.context import Context
from ui.domain_text import fill
from ui.i18n import available_languages
from ui.operations import REPORTED, Change
from ui.views.page import Page


class SettingsPage(Page):
    watches = Change.PROFILE | Change.PROBLEMS

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("settingsPage")
        root = QVBoxLayout(self)
        root.setContentsMargins(12, 12, 12, 12)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        root.addLayout(columns)
        root.addStretch(1)

        me = QGroupBox(self.tr("使用人（印在导出的工作簿和打印的报表上）"))
        form = QFormLayout(me)
        self.name = QLineEdit()
        self.name.setObjectName("profileName")
        self.unit = QLineEdit()
        self.unit.setObjectName("profileUnit")
        self.role = QComboBox()
        self.role.setObjectName("profileRole")
        self.role.addItem(self.tr("（不填）"), "")
        fill(self.role, CadreRole)
        self.phone = QLineEdit()
        self.save_profile = QPushButton(self.tr("保存"))
        self.save_profile.setObjectName("saveProfile")
        self.save_profile.clicked.connect(self.save)
        self.profile_result = QLabel()
        self.profile_result.setWordWrap(True)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.save_profile, self.profile_result)
        left.addWidget(me)

        place = QGroupBox(self.tr("本机"))
        pf = QFormLayout(place)
        self.installation = QLineEdit(ctx.services.installation_id)
        self.installation.setObjectName("installationId")
        self.installation.setReadOnly(True)
        copy = QPushButton(self.tr("复制"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.installation.text()))
        row = QHBoxLayout()
        row.addWidget(self.installation, 1)
        row.addWidget(copy)
        pf.addRow(self.tr("本机安装编号"), row)
        db_path = ctx.services.database_path
        self.database = QLabel(ctx.services.database_location)
        self.database.setWordWrap(True)
        pf.addRow(self.tr("数据库"), self.database)
        folder = QLabel(str(data_dir()))
        folder.setWordWrap(True)
        open_folder = QPushButton(self.tr("打开数据文件夹"))
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir()))))
        pf.addRow(self.tr("数据文件夹"), folder)
        pf.addRow("", open_folder)
        about = QPushButton(self.tr("关于助企走访台账…"))
        about.setObjectName("aboutButton")
        about.clicked.connect(self._show_about)
        pf.addRow("", about)
        left.addWidget(place)

        backup_box = QGroupBox(self.tr("备份"))
        bf = QVBoxLayout(backup_box)
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backupStatus")
        self.backup_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_button.setEnabled(db_path is not None)
        open_backups = QPushButton(self.tr("打开备份文件夹"))
        open_backups.setEnabled(db_path is not None)
        if db_path is not None:
            open_backups.clicked.connect(lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(backups.backup_folder(db_path)))))
        buttons.addWidget(self.backup_button)
        buttons.addWidget(open_backups)
        buttons.addStretch(1)
        bf.addWidget(self.backup_label)
        bf.addLayout(buttons)
        right.addWidget(backup_box)

        prefs = QGroupBox(self.tr("报表和界面"))
        rf = QFormLayout(prefs)
        self.font_file = QLineEdit(ctx.settings.report_font)
        self.font_file.setObjectName("reportFont")
        self.font_file.setPlaceholderText(self.tr("自动选择（优先使用本机已安装的公文字体）"))
        self.font_file.setReadOnly(True)
        choose = QPushButton(self.tr("选择…"))
        choose.clicked.connect(self._choose_font)
        clear = QPushButton(self.tr("自动"))
        clear.clicked.connect(lambda: self._set_font(""))
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_file, 1)
        font_row.addWidget(choose)
        font_row.addWidget(clear)
        rf.addRow(self.tr("报表字体"), font_row)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in available_languages().items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.settings.language)))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.language_note = QLabel()
        rf.addRow(self.tr("界面语言"), self.language)
        rf.addRow("", self.language_note)
        right.addWidget(prefs)
        from ui.widgets.calendar_settings import CalendarSettings

        self.calendar = CalendarSettings(ctx)
        right.addWidget(self.calendar)

    def title(self) -> str:
        return self.tr("设置")

    def reload(self) -> None:
        self.ctx.ops.read(self.ctx.services.profile.get, self._show_profile, key="profile")
        self._show_backups()
        self.calendar.reload()

    def _show_profile(self, p: Profile) -> None:
        self.name.setText(p.name)
        self.unit.setText(p.unit)
        self.role.setCurrentIndex(max(0, self.role.findData(p.role)))
        self.phone.setText(p.phone)

    def save(self) -> bool:
        name, unit, role, phone = self.name.text(), self.unit.text(), self.role.currentData(), self.phone.text()
        profile = self.ctx.services.profile

        def failed(exc: Exception) -> None:
            if isinstance(exc, UserError):
                self.profile_result.setStyleSheet("color:#c62828")
                self.profile_result.setText(str(exc))
            else:
                self.ctx.errors.report(self, exc)

        def done(p: Profile) -> None:
            self.profile_result.setStyleSheet("color:#2e7d32")
            self.profile_result.setText(self.tr("已保存：{who}").format(who=p.label))

        self.ctx.ops.write(lambda: profile.set(name, unit, role, phone), done, failed=failed,
                           changes=REPORTED, source=self)
        return True

    def _show_backups(self) -> None:
        path = self.ctx.services.database_path
        if path is None:
            self.backup_label.setText(self.tr("此数据库不是本机文件，由数据库服务器负责备份。"))
            return
        self.ctx.ops.read(lambda: backups.list_backups(path), self._list_backups, key="backups")

    def _list_backups(self, items: list[backups.BackupInfo]) -> None:
        if not items:
            self.backup_label.setText(self.tr("还没有备份。程序每天首次启动时自动备份。"))
            return
        newest = items[0]
        self.backup_label.setText(self.tr("共 {n} 份备份，最新：{name}（{time}）。程序每天首次启动时自动备份。").format(
            n=len(items), name=newest.path.name, time=newest.created.astimezone().strftime("%Y-%m-%d %H:%M")))

    def backup_now(self) -> None:
        path = self.ctx.services.database_path
        if path is None:
            return
        self.backup_label.setText(self.tr("正在备份……"))
        self.ctx.ops.write(lambda: backups.make_backup(path), lambda _b: self._show_backups(), changes=Change.NONE)

    def _choose_font(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择报表字体"), "",
                                                self.tr("TrueType 字体 (*.ttf *.ttc)"))
        if chosen:
            self._set_font(chosen)

    def _set_font(self, path: str) -> None:
        self.ctx.settings.report_font = path
        self.font_file.setText(path)

    def _language_changed(self) -> None:
        self.ctx.settings.language = str(self.language.currentData())
        self.language_note.setText(self.tr("重新启动程序后生效"))

    def _show_about(self) -> None:
        from ui.widgets.about import AboutDialog

        services = self.ctx.services
        dialog = AboutDialog(services.installation_id, services.database_location, self)
        dialog.open()
