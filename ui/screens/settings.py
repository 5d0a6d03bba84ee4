"""Settings: account and devices, sync, language, theme, interests, spaced reviews (the
target retention, with the daily review load it implies and which parameters the scheduler
uses), storage, your data, and About (the version, the update check, who manages this copy).

Settings an institution locked (`app.provisioning`) are shown read-only with "Set by
<organisation>"; locked settings without a control here are listed in the About card.

Language and theme switch at runtime (no restart). The store URL and the storage folder
apply at the next start (they decide where the services connect and write). Export writes a
JSON zip on the worker; "Delete my data" closes this profile and removes it from this
computer (its database, its keyring entry, the course files no other profile uses). GUI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import app as app_pkg
from app.errors import UserError, is_user_error
from app.settings import Settings
from ui.format import size, sync_status_text, when
from ui.messages import error_text
from ui.screens.base import Screen, card, muted, section


class SettingsScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setSpacing(14)
        grid.setContentsMargins(0, 4, 8, 8)
        s = controller.settings

        # account
        acc, al = card()
        self.account_title = section()
        self.account_label = QLabel()
        self.account_label.setObjectName("accountLabel")
        self.account_label.setWordWrap(True)
        self.keyring_label = muted()
        self.keyring_label.setObjectName("keyringMessage")
        row = QHBoxLayout()
        self.signin_button = QPushButton()
        self.signin_button.setObjectName("settingsSignIn")
        self.signin_button.clicked.connect(self.sign_in)
        self.signout_button = QPushButton()
        self.signout_button.setObjectName("signOut")
        self.signout_button.clicked.connect(self.sign_out)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("settingsSwitchProfile")
        self.switch_button.clicked.connect(self.controller.switch_profile)
        row.addWidget(self.signin_button)
        row.addWidget(self.signout_button)
        row.addWidget(self.switch_button)
        row.addStretch(1)
        self.devices_title = QLabel()
        self.devices = QListWidget()
        self.devices.setObjectName("deviceList")
        self.devices.setMaximumHeight(120)
        # what the list last showed (devices, or why they could not be loaded): the list is
        # rewritten from it when the language changes
        self._devices_shown: list[Any] | BaseException = []
        drow = QHBoxLayout()
        self.devices_button = QPushButton()
        self.devices_button.clicked.connect(self.load_devices)
        self.revoke_button = QPushButton()
        self.revoke_button.setObjectName("revokeDevice")
        self.revoke_button.clicked.connect(self.revoke_device)
        drow.addWidget(self.devices_button)
        drow.addWidget(self.revoke_button)
        drow.addStretch(1)
        for w in (self.account_title, self.account_label, self.keyring_label):
            al.addWidget(w)
        al.addLayout(row)
        al.addWidget(self.devices_title)
        al.addWidget(self.devices)
        al.addLayout(drow)
        grid.addWidget(acc, 0, 0)

        # sync
        syn, sl = card()
        self.sync_title = section()
        form = QFormLayout()
        self.auto_sync = QCheckBox()
        self.auto_sync.setObjectName("autoSync")
        self.auto_sync.setChecked(bool(s["auto_sync"]))
        self.auto_sync.toggled.connect(lambda v: self._set("auto_sync", bool(v)))
        self.interval = QSpinBox()
        self.interval.setRange(1, 1440)
        self.interval.setValue(int(s["sync_interval_min"]))
        self.interval.valueChanged.connect(lambda v: self._set("sync_interval_min", int(v)))
        self.store_url = QLineEdit(str(s["store_url"]))
        self.store_url.setObjectName("storeUrl")
        self.store_url.editingFinished.connect(self._store_url_changed)
        # the store address applies at the next start: say so plainly when it was changed
        self.store_note = muted()
        self.store_note.setObjectName("storeUrlNote")
        self.store_note.setWordWrap(True)
        self.store_note.hide()
        self.l_interval, self.l_store = QLabel(), QLabel()
        form.addRow(self.auto_sync)
        form.addRow(self.l_interval, self.interval)
        form.addRow(self.l_store, self.store_url)
        form.addRow(self.store_note)
        self.lock_notes: dict[str, QLabel] = {}
        self._lock_rows(form, {"auto_sync": self.auto_sync, "sync_interval_min": self.interval,
                               "store_url": self.store_url})
        self.sync_status = muted()
        self.sync_status.setObjectName("settingsSyncStatus")
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(lambda: controller.sync_now())
        sl.addWidget(self.sync_title)
        sl.addLayout(form)
        sl.addWidget(self.sync_status)
        sl.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(syn, 0, 1)

        # appearance & language
        app_card, pl = card()
        self.look_title = section()
        pform = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.theme = QComboBox()
        self.theme.setObjectName("themeCombo")
        self.interests = QLineEdit(", ".join(str(i) for i in s["interests"]))
        self.interests.setObjectName("interests")
        self.interests.editingFinished.connect(self._interests_changed)
        self.daily = QSpinBox()
        self.daily.setRange(5, 960)
        self.daily.setValue(int(s["study_minutes_per_day"]))
        self.daily.valueChanged.connect(lambda v: self._set("study_minutes_per_day", int(v)))
        self.l_language, self.l_theme, self.l_interests, self.l_daily = (QLabel() for _ in
                                                                           range(4))
        pform.addRow(self.l_language, self.language)
        pform.addRow(self.l_theme, self.theme)
        pform.addRow(self.l_interests, self.interests)
        pform.addRow(self.l_daily, self.daily)
        self._lock_rows(pform, {"language": self.language, "theme": self.theme,
                                "interests": self.interests,
                                "study_minutes_per_day": self.daily})
        pl.addWidget(self.look_title)
        pl.addLayout(pform)
        self.language_note = muted()
        pl.addWidget(self.language_note)
        grid.addWidget(app_card, 1, 0)

        # storage & data
        data, dl = card()
        self.data_title = section()
        self.storage_label = muted()
        self.storage_label.setObjectName("storageLabel")
        srow = QHBoxLayout()
        self.storage_button = QPushButton()
        self.storage_button.clicked.connect(self.choose_storage)
        srow.addWidget(self.storage_button)
        srow.addStretch(1)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportData")
        self.export_button.clicked.connect(self.choose_export)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteData")
        self.delete_button.clicked.connect(self.delete_data)
        self.csv_button = QPushButton()
        self.csv_button.setObjectName("exportCsv")
        self.csv_button.clicked.connect(self.choose_csv)
        self.report_button = QPushButton()
        self.report_button.setObjectName("exportReport")
        self.report_button.clicked.connect(self.choose_report)
        erow = QHBoxLayout()
        erow.addWidget(self.export_button)
        erow.addWidget(self.csv_button)
        erow.addWidget(self.report_button)
        erow.addStretch(1)
        drow2 = QHBoxLayout()
        self.cert_course = QComboBox()
        self.cert_course.setObjectName("certificateCourse")
        self.cert_button = QPushButton()
        self.cert_button.setObjectName("getCertificate")
        self.cert_button.clicked.connect(self.choose_certificate)
        drow2.addWidget(self.cert_course, 1)
        drow2.addWidget(self.cert_button)
        drow2.addStretch(1)
        drow2.addWidget(self.delete_button)
        self.data_message = muted()
        self.data_message.setObjectName("dataMessage")
        dl.addWidget(self.data_title)
        dl.addWidget(self.storage_label)
        if self._lock("storage_dir", self.storage_button):
            dl.addWidget(self.lock_notes["storage_dir"])
        dl.addLayout(srow)
        dl.addLayout(erow)
        dl.addLayout(drow2)
        dl.addWidget(self.data_message)
        grid.addWidget(data, 1, 1)

        # spaced reviews: target retention, the load it implies, the model's parameters
        rev, rl = card()
        self.reviews_title = section()
        rform = QFormLayout()
        self.retention = QSpinBox()
        self.retention.setObjectName("targetRetention")
        self.retention.setRange(70, 97)
        self.retention.setSuffix(" %")
        self.retention.setMaximumWidth(120)
        self.retention.setValue(round(float(s["target_retention"]) * 100))
        self.retention.valueChanged.connect(self._retention_changed)
        self.l_retention = QLabel()
        rform.addRow(self.l_retention, self.retention)
        self._lock_rows(rform, {"target_retention": self.retention})
        self.retention_note = muted()
        self.review_load = QLabel()
        self.review_load.setObjectName("reviewLoad")
        self.review_load.setWordWrap(True)
        self.review_model = muted()
        self.review_model.setObjectName("reviewModel")
        self.review_model.setWordWrap(True)
        self._outlook: Any = None
        rl.addWidget(self.reviews_title)
        rl.addLayout(rform)
        for w in (self.retention_note, self.review_load, self.review_model):
            rl.addWidget(w)
        grid.addWidget(rev, 2, 0, 1, 2)

        # about: version, who manages this copy, the update check
        about, abl = card()
        self.about_title = section()
        self.version_label = QLabel()
        self.version_label.setObjectName("appVersion")
        self.managed_label = muted()
        self.managed_label.setObjectName("managedBy")
        self.other_locks = muted()
        self.other_locks.setObjectName("otherLockedSettings")
        arow = QHBoxLayout()
        self.about_button = QPushButton()
        self.about_button.setObjectName("aboutButton")
        self.about_button.clicked.connect(lambda: self._about(check=False))
        self.update_button = QPushButton()
        self.update_button.setObjectName("settingsCheckUpdates")
        self.update_button.clicked.connect(lambda: self._about(check=True))
        arow.addWidget(self.about_button)
        arow.addWidget(self.update_button)
        arow.addStretch(1)
        for w in (self.about_title, self.version_label, self.managed_label, self.other_locks):
            abl.addWidget(w)
        abl.addLayout(arow)
        grid.addWidget(about, 3, 0, 1, 2)

        # privacy: what the coaches of an institution's classes can see
        privacy, pl = card()
        self.privacy_title = section()
        self.privacy_label = muted()
        self.privacy_label.setObjectName("privacyCoaches")
        self.privacy_label.setWordWrap(True)
        pl.addWidget(self.privacy_title)
        pl.addWidget(self.privacy_label)
        # the learner's own classes, their coaches, and the way in and out of a class
        self.my_groups: Any = None  # app.services.institutions.MyGroups, once loaded
        self.classes_label = muted()
        self.classes_label.setObjectName("privacyClasses")
        self.classes_rows = QVBoxLayout()
        self.join_class_button = QPushButton()
        self.join_class_button.setObjectName("joinClassButton")
        self.join_class_button.clicked.connect(self.show_join_class)
        jrow = QHBoxLayout()
        jrow.addWidget(self.join_class_button)
        jrow.addStretch(1)
        pl.addWidget(self.classes_label)
        pl.addLayout(self.classes_rows)
        pl.addLayout(jrow)
        grid.addWidget(privacy, 4, 0, 1, 2)
        grid.setRowStretch(5, 1)
        scroll.setWidget(body)
        self.layout_.addWidget(scroll, 1)

        self.language.currentIndexChanged.connect(self._language_changed)
        self.theme.currentIndexChanged.connect(self._theme_changed)
        self.listen(controller.accountChanged, self.refresh_account)
        self.listen(controller.syncStatusChanged, self._sync_status)
        self.listen(controller.dataChanged,
                    lambda topic: self.load_classes() if topic == "groups" else None)
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------
    def coach_sees(self) -> dict[str, str]:
        """`sync.institutions.COACH_SEES` in the interface language, by key."""
        return {
            "name": self.tr("your display name and email address"),
            "completion": self.tr("which lessons and quizzes of the class's courses you "
                                  "completed"),
            "study_time": self.tr("your study time per week in those courses"),
            "quiz_results": self.tr("your quiz answers as right or wrong, per skill and per "
                                    "question"),
            "outcome": self.tr("your outcome score in those courses"),
            "goal": self.tr("whether your goal for a course is on track or behind (not its "
                            "title)"),
            "last_sync": self.tr("when your app last synced"),
        }

    def privacy_text(self) -> str:
        """What the coaches of a class (group) the learner joined can see: exactly the
        store's `sync.institutions.COACH_SEES`, in this order."""
        seen = list(self.coach_sees().values())
        intro = self.tr(
            "When you join a class of your institution (with its code, or because %1 set "
            "this copy up to), the class's coaches can see, for the class's courses only:"
        ).replace("%1", self._organisation())
        outro = self.tr(
            "All of it comes from what this app synced to the store; nothing else about you "
            "(notes, bookmarks, other courses, what you typed) is shown to them.")
        return "\n".join([intro, *("• " + line for line in seen), outro])

    def retranslate(self) -> None:
        s = self.controller.settings
        self.title.setText(self.tr("Settings"))
        self.account_title.setText(self.tr("Account and devices"))
        self.signin_button.setText(self.tr("Sign in…"))
        self.signout_button.setText(self.tr("Sign out"))
        self.switch_button.setText(self.tr("Switch profile…"))
        self.devices_title.setText(self.tr("Devices signed in to your account:"))
        self.devices_button.setText(self.tr("Show devices"))
        self.revoke_button.setText(self.tr("Sign this device out"))
        self.sync_title.setText(self.tr("Sync"))
        self.auto_sync.setText(self.tr("Sync automatically when online"))
        self.l_interval.setText(self.tr("Minutes between syncs"))
        self.l_store.setText(self.tr("Store address"))
        self.store_url.setPlaceholderText(self.tr("empty: the built-in demo store"))
        self.sync_button.setText(self.tr("Sync now"))
        self.look_title.setText(self.tr("Language and appearance"))
        self.l_language.setText(self.tr("Language"))
        self.l_theme.setText(self.tr("Theme"))
        self.l_interests.setText(self.tr("Your interests"))
        self.interests.setPlaceholderText(self.tr("e.g. python, statistics, guitar"))
        self.l_daily.setText(self.tr("Study minutes per day"))
        self.language_note.setText(self.tr("The language changes at once; no restart needed."))
        self._fill(self.language, [("system", self.tr("System default")), ("en", "English"),
                                   ("zh_CN", "简体中文")], s["language"])
        self._fill(self.theme, [("system", self.tr("System default")),
                                ("light", self.tr("Light")), ("dark", self.tr("Dark"))],
                   s["theme"])
        self.reviews_title.setText(self.tr("Spaced reviews"))
        self.l_retention.setText(self.tr("Target retention"))
        self.retention_note.setText(self.tr(
            "How many of your review questions you want to still know when they come up. "
            "Higher means shorter gaps, so more reviews a day."))
        self._show_outlook(self._outlook)
        self.data_title.setText(self.tr("Storage and your data"))
        self.storage_button.setText(self.tr("Change download folder…"))
        self.export_button.setText(self.tr("Export my data…"))
        self.export_button.setToolTip(self.tr("Everything Satchel keeps about you, as JSON "
                                              "files in a zip"))
        self.csv_button.setText(self.tr("Study time (CSV)…"))
        self.report_button.setText(self.tr("Progress report (PDF)…"))
        self.cert_button.setText(self.tr("Get certificate…"))
        self.cert_button.setToolTip(self.tr("A signed PDF certificate for a course you "
                                            "completed (every lesson and quiz)"))
        self.delete_button.setText(self.tr("Delete my data on this computer…"))
        self._retranslate_institution()
        self.refresh_account()
        self._fill_devices()
        self._sync_status(self.controller.sync_status)
        self._show_storage()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]], value: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        for data, label in items:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        combo.blockSignals(False)

    def activated(self) -> None:
        self.refresh_account()
        self.load_classes()
        self._show_storage()
        services_ = self.controller.services
        if services_ is not None:
            self.call(services_.library.entries, on_done=self._fill_cert_courses)
        self.load_outlook()
        services = self.controller.services
        if services is not None and services.account.signed_in:
            self.load_devices()

    # -- the learner's classes (Privacy) ----------------------------------------------------
    def load_classes(self) -> None:
        """The learner's classes from the store; offline, the list kept in the profile."""
        services = self.controller.services
        if services is None:
            return
        self.call(services.institutions.my_groups, on_done=self._classes_loaded)

    def _classes_loaded(self, groups: Any) -> None:
        self.my_groups = groups
        self._show_classes()

    def classes_text(self) -> str:
        mine = self.my_groups
        if mine is None:
            return ""
        if not mine.groups:
            text = self.tr("You are not in any class.")
        else:
            sees = self.coach_sees()
            lines = []
            for g in mine.groups:
                lines.append(self.tr("%1 (%2)").replace("%1", g.name)
                             .replace("%2", g.organisation_name))
                if g.role == "coach":
                    lines.append("  " + self.tr("You coach this class."))
                    continue
                coaches = ", ".join(g.coaches) or self.tr("no coach yet")
                lines.append("  " + self.tr("Coaches: %1").replace("%1", coaches))
                lines.append("  " + self.tr("They can see: %1").replace(
                    "%1", "; ".join(sees.get(k, k) for k in g.coach_sees)))
            text = "\n".join([self.tr("Your classes:"), *lines])
        if not mine.live and mine.fetched_at is not None:
            day = mine.fetched_at.astimezone().date()
            stamp = QLocale().toString(QDate(day.year, day.month, day.day),
                                       QLocale.FormatType.ShortFormat)
            text += "\n" + self.tr("(as of %1; the store cannot be reached right now)") \
                .replace("%1", stamp)
        return text

    def _show_classes(self) -> None:
        self.classes_label.setText(self.classes_text())
        while self.classes_rows.count():
            item = self.classes_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        mine = self.my_groups
        if mine is None or not mine.live:
            return
        for g in mine.groups:
            if g.role != "learner":
                continue
            button = QPushButton(self.tr("Leave %1…").replace("%1", g.name))
            button.setObjectName(f"leaveClass_{g.id}")
            button.clicked.connect(lambda _c=False, group=g: self.ask_leave_class(group))
            self.classes_rows.addWidget(button)

    def show_join_class(self) -> QWidget:
        from ui.dialogs.join_class import JoinClassDialog

        dialog = JoinClassDialog(self.controller, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.joined.connect(lambda _g: self.load_classes())
        dialog.open()
        return dialog

    def ask_leave_class(self, group: Any) -> QWidget:
        from ui.dialogs.confirm import confirm

        return confirm(self, self.tr("Leave the class"),
                       self.tr("Leave %1? Its coaches will no longer see your progress; you "
                               "can join again with the class code.").replace("%1", group.name),
                       lambda: self.leave_class(group.id), name="leaveClassBox")

    def leave_class(self, group_id: str) -> None:
        services = self.controller.services
        if services is None:
            return
        self.call(services.institutions.leave, group_id, on_done=lambda _r: self.load_classes(),
                  on_error=self._classes_failed)

    def _classes_failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.classes_label.setText(error_text(exc))
        else:
            self._error(exc)

    # -- institution: locked settings, managed-by, version ------------------------------------
    def _lock(self, name: str, widget: QWidget) -> bool:
        """Make the control of a setting the institution locked read-only; True if locked."""
        if not self.controller.settings.is_locked(name):
            return False
        widget.setEnabled(False)
        note = muted()
        note.setObjectName(f"locked_{name}")
        self.lock_notes[name] = note
        return True

    def _lock_rows(self, form: QFormLayout, widgets: dict[str, QWidget]) -> None:
        for name, widget in widgets.items():
            if self._lock(name, widget):
                row, _role = form.getWidgetPosition(widget)
                form.insertRow(row + 1, "", self.lock_notes[name])

    def _organisation(self) -> str:
        return self.controller.institution.organisation or self.tr("your organisation")

    def _retranslate_institution(self) -> None:
        inst = self.controller.institution
        note = self.tr("Set by %1").replace("%1", self._organisation())
        for label in self.lock_notes.values():
            label.setText(note)
        self.about_title.setText(self.tr("About Satchel"))
        self.privacy_title.setText(self.tr("Privacy"))
        self.privacy_label.setText(self.privacy_text())
        self.join_class_button.setText(self.tr("Join a class…"))
        self._show_classes()
        self.version_label.setText(self.tr("Satchel %1").replace("%1", app_pkg.__version__))
        text = ""
        if inst.is_managed:
            text = self.tr("Managed by %1.").replace("%1", self._organisation())
            if inst.support:
                text += " " + self.tr("Help: %1").replace("%1", inst.support)
        self.managed_label.setText(text)
        self.managed_label.setVisible(bool(text))
        shown = set(self.lock_notes)
        names = {"send_usage_stats": self.tr("Share anonymous usage statistics"),
                 "daily_review_limit": self.tr("Most review questions per day")}
        others = [f"{names.get(n) or Settings.spec(n).description}: "
                  f"{self._value_text(self.controller.settings[n])}"
                  for n in sorted(self.controller.settings.locked() - shown)]
        self.other_locks.setText((note + ":\n" + "\n".join(others)) if others else "")
        self.other_locks.setVisible(bool(others))
        self.about_button.setText(self.tr("About Satchel…"))
        self.update_button.setText(self.tr("Check for updates…"))

    def _value_text(self, value: Any) -> str:
        if isinstance(value, bool):
            return self.tr("on") if value else self.tr("off")
        if isinstance(value, list):
            return ", ".join(map(str, value)) or "—"
        return str(value) if value != "" else "—"

    def _about(self, check: bool) -> None:
        if self.window_ is not None:
            self.window_.show_about(check=check)
        else:
            from ui.dialogs.about import open_about

            open_about(self.controller, self, check=check)

    @Slot()
    def _store_url_changed(self) -> None:
        text = self.store_url.text().strip()
        if self._set("store_url", text):
            self._store_note()

    def _store_note(self) -> None:
        services = self.controller.services
        if services is None:
            return
        wanted = str(self.controller.settings["store_url"]).rstrip("/")
        current = services.store_url.rstrip("/")
        embedded = services.app.embedded_store is not None
        pending = (wanted != current) if wanted else not embedded
        self.store_note.setText(self.tr(
            "Satchel connects to %1 after a restart; until then it keeps using %2.")
            .replace("%1", wanted or self.tr("the built-in demo store")).replace("%2", current))
        self.store_note.setVisible(pending)

    def _set(self, name: str, value: Any) -> bool:
        try:
            self.controller.apply_setting(name, value)
        except UserError as exc:
            from ui.errors import show_user_error

            show_user_error(exc, self)
            return False
        return True

    # -- spaced reviews ---------------------------------------------------------------------
    def _retention_changed(self, percent: int) -> None:
        if self._set("target_retention", percent / 100):
            self.load_outlook()

    def load_outlook(self) -> None:
        if self.controller.services is None:
            return
        self.call(self.services.quiz.review_outlook, on_done=self._show_outlook)

    def _show_outlook(self, outlook: Any) -> None:
        self._outlook = outlook
        if outlook is None:
            self.review_load.setText("")
            self.review_model.setText("")
            return
        current = round(outlook.retention, 2)

        def per_day(r: float) -> str:
            return self.tr("%1 reviews a day").replace("%1", f"{outlook.loads[r]:.1f}")

        if outlook.questions == 0:
            load = self.tr("You have not answered any question yet, so no review is due. "
                           "Reviews start the day after your first quiz.")
        else:
            load = (self.tr("At %1 %: about %2 over the next 30 days, for the %3 questions "
                            "you have answered.")
                    .replace("%1", f"{current * 100:.0f}").replace("%2", per_day(current))
                    .replace("%3", str(outlook.questions)))
            others = [self.tr("%1 %: %2").replace("%1", f"{r * 100:.0f}")
                      .replace("%2", per_day(r)) for r in sorted(outlook.loads) if r != current]
            if others:
                load += " " + self.tr("For comparison: %1.").replace("%1", "; ".join(others))
        self.review_load.setText(load)
        m = outlook.model
        if m.fitted:
            model = (self.tr("Review times are fitted to you: FSRS parameters learned from "
                             "your own %1 reviews (re-fitted as you review more).")
                     .replace("%1", str(m.fitted_on)))
        else:
            model = (self.tr("Review times use the standard FSRS parameters until you have "
                             "%1 reviews at least a day apart (you have %2); then Satchel "
                             "fits them to how you remember.")
                     .replace("%1", str(m.needed)).replace("%2", str(m.long_term_reviews)))
        self.review_model.setText(model)

    # -- account ----------------------------------------------------------------------------
    @Slot()
    def refresh_account(self) -> None:
        services = self.controller.services
        if services is None:
            return
        user = services.account.current_user
        signed = services.account.signed_in
        if signed:
            self.account_label.setText(self.tr("Signed in as %1 (%2).")
                                       .replace("%1", user.display_name or user.email)
                                       .replace("%2", user.email))
        else:
            self.account_label.setText(self.tr(
                "This is %1's profile. It is not signed in to the store: your work is kept "
                "here; sign in to sync it.").replace("%1", user.email))
        if services.account.remembered:
            note = self.tr("This profile opens without a password on this computer. Sign "
                           "out to lock it: then only your password opens it.")
        elif self.controller.app is not None and not self.controller.app.keyring_available:
            note = self.tr("This computer has no secure password store (keyring): Satchel "
                           "asks for your password when it starts, and that works offline. "
                           "To be asked less often, install and unlock GNOME Keyring or "
                           "KWallet.")
        else:
            note = self.tr("This profile needs your password to open.")
        self.keyring_label.setText(note)
        self.keyring_label.setVisible(True)
        self.signin_button.setVisible(not signed)
        for w in (self.devices_title, self.devices, self.devices_button, self.revoke_button):
            w.setVisible(signed)
        self.store_url.setToolTip(services.store_url)

    def sign_in(self) -> None:
        from ui.dialogs.login import LoginDialog

        dialog = LoginDialog(self.controller, self)
        dialog.login_email.setText(self.services.account.current_user.email)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signedIn.connect(self.refresh_account)
        dialog.open()

    def sign_out(self) -> None:
        self.controller.sign_out()

    def load_devices(self) -> None:
        self.call(self.services.account.devices, on_done=self._show_devices,
                  on_error=self._devices_failed)

    def _devices_failed(self, exc: BaseException) -> None:
        if is_user_error(exc):  # offline: say so in the list, no dialog
            self._devices_shown = exc
            self._fill_devices()
        else:
            self._error(exc)

    def _show_devices(self, devices: list[Any]) -> None:
        self._devices_shown = list(devices)
        self._fill_devices()

    def _fill_devices(self) -> None:
        """(Re)write the device list in the current language from what was last loaded."""
        shown = self._devices_shown
        current = self.devices.currentRow()
        self.devices.clear()
        if isinstance(shown, BaseException):
            self.devices.addItem(error_text(shown))
            return
        for d in shown:
            label = d.name + (" — " + self.tr("this device") if d.current else "")
            if d.revoked_at is not None:
                label += " — " + self.tr("signed out")
            else:
                label += " — " + self.tr("last seen %1").replace("%1", when(d.last_seen_at))
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.devices.addItem(item)
        if 0 <= current < self.devices.count():
            self.devices.setCurrentRow(current)

    def revoke_device(self) -> None:
        item = self.devices.currentItem()
        if item is not None:
            self.call(self.services.account.revoke_device, item.data(Qt.ItemDataRole.UserRole),
                      on_done=lambda _r: self.load_devices(), on_error=self._error)

    def _error(self, exc: BaseException) -> None:
        from ui.errors import report_exception

        report_exception(exc, self)

    # -- sync -------------------------------------------------------------------------------
    @Slot(object)
    def _sync_status(self, status: Any) -> None:
        text, offline = sync_status_text(status)
        if offline:
            text = self.tr("Offline: your work is kept and sent when the store is back.") + \
                " " + text
        self.sync_status.setText(text)

    # -- language & look --------------------------------------------------------------------
    @Slot(int)
    def _language_changed(self, _index: int) -> None:
        value = self.language.currentData()
        if self._set("language", value):
            from ui.i18n import set_language

            app = QApplication.instance()
            assert isinstance(app, QApplication)
            set_language(app, value)

    @Slot(int)
    def _theme_changed(self, _index: int) -> None:
        value = self.theme.currentData()
        if self._set("theme", value):
            from ui.icons import clear_cache
            from ui.theme import apply_theme

            app = QApplication.instance()
            assert isinstance(app, QApplication)
            clear_cache()
            apply_theme(app, value)

    def _interests_changed(self) -> None:
        items = [i.strip() for i in self.interests.text().split(",") if i.strip()]
        self._set("interests", items)

    # -- storage & data -------------------------------------------------------------------
    def _show_storage(self) -> None:
        services = self.controller.services
        if services is None:
            return
        folder = services.library.downloads_dir
        chosen = self.controller.settings["storage_dir"]
        self.call(services.library.storage_used, on_done=lambda used: self.storage_label.setText(
            self.tr("Downloads are kept in %1 (%2 used).").replace("%1", str(folder))
            .replace("%2", size(used)) + (" " + self.tr("Changes to %1 at the next start.")
                                          .replace("%1", chosen)
                                          if chosen and Path(chosen) != folder else "")))

    def choose_storage(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a download folder"))
        if folder:
            self._set("storage_dir", folder)
            self._show_storage()

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export my data"),
                                              str(Path.home() / "satchel-export.zip"),
                                              self.tr("Zip files (*.zip)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self.data_message.setText(self.tr("Exporting…"))
        self.call(self.services.data.export, path,
                  on_done=lambda p: self.data_message.setText(
                      self.tr("Exported to %1.").replace("%1", str(p))),
                  on_error=self._data_failed)

    # -- study time CSV, progress report PDF, certificates ----------------------------------
    def _study_rows(self) -> Any:
        from app.services.study_report import study_rows

        services = self.services
        titles = {}
        for e in services.library.entries():
            manifest = services.library.manifest(e.course_id)
            items = {i.id: i.title for i in manifest.items()} if manifest else {}
            titles[e.course_id] = (e.title, items)
        user = services.account.current_user
        return study_rows(services.db, user.user_id if user else None, titles)

    def _learner(self) -> str:
        user = self.services.account.current_user
        return (user.display_name or user.email) if user else ""

    def choose_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Study time (CSV)"),
                                              str(Path.home() / "satchel-study-time.csv"),
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_csv_to(Path(path))

    def export_csv_to(self, path: Path) -> None:
        from app.services.study_report import write_csv

        self.data_message.setText(self.tr("Exporting…"))
        self.call(lambda: write_csv(self._study_rows(), path), on_done=self._exported,
                  on_error=self._data_failed)

    def choose_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Progress report (PDF)"),
                                              str(Path.home() / "satchel-progress.pdf"),
                                              self.tr("PDF files (*.pdf)"))
        if path:
            self.export_report_to(Path(path))

    def export_report_to(self, path: Path) -> None:
        from ui.reports import write_progress_report

        self.data_message.setText(self.tr("Exporting…"))
        learner = self._learner()
        # the rows are read on the worker; the PDF is drawn on the GUI thread (QPainter)
        self.call(self._study_rows, on_done=lambda rows: self._exported(
            write_progress_report(learner, rows, path)), on_error=self._data_failed)

    def _exported(self, path: Path) -> None:
        self.data_message.setText(self.tr("Exported to %1.").replace("%1", str(path)))

    def _fill_cert_courses(self, entries: list[Any]) -> None:
        current = self.cert_course.currentData()
        self.cert_course.clear()
        for e in entries:
            self.cert_course.addItem(e.title, e.course_id)
        self.cert_course.setCurrentIndex(max(0, self.cert_course.findData(current)))
        self.cert_button.setEnabled(self.cert_course.count() > 0)

    def choose_certificate(self) -> None:
        course_id = self.cert_course.currentData()
        if not course_id:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the certificate"),
            str(Path.home() / f"satchel-certificate-{course_id}.pdf"),
            self.tr("PDF files (*.pdf)"))
        if path:
            self.certificate_to(course_id, Path(path))

    def certificate_to(self, course_id: str, path: Path) -> None:
        from app.services.certificates import earn_certificate
        from ui.reports import write_certificate

        services = self.services
        self.data_message.setText(self.tr("Asking the store for your certificate…"))
        self.call(earn_certificate, services.client, services.sync, course_id,
                  on_done=lambda signed: self.data_message.setText(
                      self.tr("Certificate %1 saved to %2.")
                      .replace("%1", signed.certificate.code)
                      .replace("%2", str(write_certificate(signed, path)))),
                  on_error=self._data_failed)

    def _data_failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            from ui.messages import error_text

            self.data_message.setText(error_text(exc))
        else:
            self._error(exc)

    def delete_data(self) -> None:
        from ui.dialogs.confirm import confirm

        confirm(self, self.tr("Delete my data"),
                self.tr("Delete your profile from this computer: your learning record, "
                        "notes, goals and the downloaded courses no other profile uses? "
                        "Anything not yet synced is lost. Your account and purchases in the "
                        "store are kept, and what was synced comes back when you sign in."),
                self.confirmed_delete, name="confirmDelete")

    def confirmed_delete(self) -> None:
        self.data_message.setText(self.tr("Deleting…"))
        self.controller.reset_local_data()
