"""The main window: a sidebar of screens, the screen stack, and the status bar.

Screens are imported and built lazily, the first time they are shown, so the first paint
only pays for the shell (cold start) and heavy modules (QtCharts, QtMultimedia, QtPdf) load
when needed. Each screen is a QWidget with optional ``activated()`` (called every time it
becomes visible; refresh data there, in the background) and ``retranslate()``.

While no profile is open the stack shows the profile switcher (`ui.screens.profiles`) and
the sidebar is disabled; the screens are built for the open profile and dropped when it
closes, so nothing of one account stays on screen for the next.

Status bar: sync status text, an offline banner, the last sync time and "Sync now".
Menus list every action with its shortcut: File (Sync now F5, Export my data Ctrl+Shift+E,
Switch profile Ctrl+Shift+P, Sign out, Quit Ctrl+Q), Edit (Search the store Ctrl+F,
Settings Ctrl+,), View (Zoom in Ctrl+=, Zoom out Ctrl+-, Actual size Ctrl+0: all text and
PDFs, kept in the `text_size` setting), Go (the eight screens, Ctrl+1..8, then Teaching for
accounts the store gives the instructor role, Coaching for accounts that coach a class, Store
status for store administrators, Ctrl+9…: asked when a profile opens),
Help (Keyboard shortcuts F1, Check for updates…, About Satchel). The title names the organisation
that manages this copy, if any.
GUI thread only.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.icons import icon

if TYPE_CHECKING:
    from ui.controller import Controller

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    module: str
    cls: str
    icon: str


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("home", "ui.screens.home", "HomeScreen", "home"),
    ScreenSpec("store", "ui.screens.store", "StoreScreen", "store"),
    ScreenSpec("library", "ui.screens.library", "LibraryScreen", "library"),
    ScreenSpec("course", "ui.screens.course", "CourseScreen", "course"),
    ScreenSpec("quiz", "ui.screens.quiz", "QuizScreen", "quiz"),
    ScreenSpec("goals", "ui.screens.goals", "GoalsScreen", "goals"),
    ScreenSpec("progress", "ui.screens.progress", "ProgressScreen", "progress"),
    ScreenSpec("settings", "ui.screens.settings", "SettingsScreen", "settings"),
)
SCREEN_KEYS = tuple(s.key for s in SCREENS)
#: Offered after the eight, only to accounts the store gives the instructor role (Ctrl+9).
TEACHING = ScreenSpec("teaching", "ui.screens.teaching", "TeachingScreen", "progress")
#: Offered only to store administrators.
STORE_STATUS = ScreenSpec("store_status", "ui.screens.store_status", "StoreStatusScreen",
                          "settings")
#: Offered only to accounts that coach a class (group) of an organisation.
COACHING = ScreenSpec("coach", "ui.screens.coach", "CoachScreen", "progress")
#: The screens offered by role, in sidebar order after the eight ("coach": the account
#: coaches a class, `GET /v1/coach/groups` is not empty).
ROLE_SCREENS: tuple[tuple[ScreenSpec, str], ...] = ((TEACHING, "instructor"),
                                                    (COACHING, "coach"),
                                                    (STORE_STATUS, "admin"))


class MainWindow(QMainWindow):
    """Sidebar + stacked screens + status bar."""

    screenChanged = Signal(str)
    firstPainted = Signal()  # once, right after the window was first painted

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.controller = controller
        self.resize(1180, 760)
        self.setMinimumSize(QSize(860, 560))
        self.screens: dict[str, QWidget] = {}
        self.specs: list[ScreenSpec] = list(SCREENS)  # + the ROLE_SCREENS this account has
        self.current_key = "home"
        self._ready_once = False
        self._painted = False

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(188)
        self.sidebar.setIconSize(QSize(18, 18))
        self.sidebar.setUniformItemSizes(True)
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for spec in SCREENS:
            item = QListWidgetItem(icon(spec.icon), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._row_changed)
        row.addWidget(self.sidebar)

        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(18, 12, 18, 6)
        self.stack = QStackedWidget()
        self.loading = QLabel()
        self.loading.setObjectName("loadingLabel")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        col.addWidget(self.stack)
        row.addWidget(right, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_actions()
        self.retranslate()

        controller.ready.connect(self._on_ready)
        controller.profilesNeeded.connect(self.show_profiles)
        controller.profileClosed.connect(self._profile_closed)
        controller.startupFailed.connect(self._on_startup_failed)
        controller.syncStatusChanged.connect(self._on_sync_status)
        controller.dataReset.connect(self._drop_screens)
        self.profiles_page: QWidget | None = None
        self.sidebar.setCurrentRow(0)

    # -- construction -------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.offline_banner = QLabel()
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.hide()
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncStatus")
        self.account_label = QLabel()
        self.account_label.setObjectName("accountStatus")
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setFlat(True)
        self.sync_button.clicked.connect(self.sync_now)
        bar.addWidget(self.offline_banner)
        bar.addWidget(self.sync_label, 1)
        bar.addPermanentWidget(self.account_label)
        bar.addPermanentWidget(self.sync_button)

    def _action(self, name: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: Callable[..., Any], app_wide: bool = False) -> QAction:
        act = QAction(self)
        act.setObjectName(name)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if app_wide:
            act.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        act.triggered.connect(lambda _=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.screen_actions: list[QAction] = []
        for i, spec in enumerate(SCREENS):
            act = self._action(f"go_{spec.key}", f"Ctrl+{i + 1}",
                               lambda k=spec.key: self.go(k), app_wide=True)
            self.screen_actions.append(act)
        self.find_action = self._action("findAction", QKeySequence.StandardKey.Find,
                                        self.focus_search)
        self.sync_action = self._action("syncAction", "F5", self.sync_now)
        self.quit_action = self._action("quitAction", "Ctrl+Q", self.close, app_wide=True)
        self.switch_profile_action = self._action("switchProfile", "Ctrl+Shift+P",
                                                  self.controller.switch_profile)
        self.sign_out_action = self._action("signOutAction", None, self.controller.sign_out)
        self.export_action = self._action("exportAction", "Ctrl+Shift+E", self.export_data)
        self.publish_action = self._action("publishAction", None, self.show_publish)
        self.publish_action.setVisible(False)  # instructors only: see set_offered
        self.publish_dialog: QWidget | None = None
        self.settings_action = self._action("settingsAction", "Ctrl+,",
                                            lambda: self.go("settings"))
        self.zoom_in_action = self._action("zoomIn", "Ctrl+=", lambda: self.zoom(1),
                                           app_wide=True)
        # Ctrl++ and Ctrl+Shift+= are the same key on most keyboards; both zoom in
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = self._action("zoomOut", "Ctrl+-", lambda: self.zoom(-1),
                                            app_wide=True)
        self.zoom_reset_action = self._action("zoomReset", "Ctrl+0", lambda: self.zoom(0),
                                              app_wide=True)
        self.shortcuts_action = self._action("shortcutsAction", "F1", self.show_shortcuts)
        self.update_action = self._action("checkForUpdates", None,
                                          lambda: self.show_about(check=True))
        self.about_action = self._action("aboutSatchel", None, lambda: self.show_about())
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_dialog: QWidget | None = None
        self.shortcuts_dialog: QWidget | None = None

        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.setObjectName("fileMenu")
        for act in (self.sync_action, self.export_action, self.publish_action, None,
                    self.switch_profile_action,
                    self.sign_out_action, None, self.quit_action):
            self.file_menu.addSeparator() if act is None else self.file_menu.addAction(act)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.setObjectName("editMenu")
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.settings_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.setObjectName("viewMenu")
        for act in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            self.view_menu.addAction(act)
        self.go_menu = bar.addMenu("")
        self.go_menu.setObjectName("goMenu")
        for act in self.screen_actions:
            self.go_menu.addAction(act)
        self.help_menu = bar.addMenu("")
        self.help_menu.setObjectName("helpMenu")
        for act in (self.shortcuts_action, None, self.update_action, self.about_action):
            self.help_menu.addSeparator() if act is None else self.help_menu.addAction(act)
        self._profile_actions_enabled(False)

    def menu_actions(self) -> list[tuple[str, list[QAction]]]:
        """(menu title, its actions) for every menu: what Help → Keyboard shortcuts lists."""
        return [(m.title().replace("&", ""),
                 [a for a in m.actions() if not a.isSeparator() and a.isVisible()])
                for m in (self.file_menu, self.edit_menu, self.view_menu, self.go_menu,
                          self.help_menu)]

    def _profile_actions_enabled(self, open_: bool) -> None:
        self.sign_out_action.setEnabled(open_)
        self.export_action.setEnabled(open_)
        self.settings_action.setEnabled(open_)
        self.sync_action.setEnabled(open_)
        self.sync_button.setEnabled(open_)
        self.find_action.setEnabled(open_)
        for act in self.screen_actions:
            act.setEnabled(open_)
        self.sidebar.setEnabled(open_)

    def screen_title(self, key: str) -> str:
        titles = {
            "home": self.tr("Home"),
            "store": self.tr("Store"),
            "library": self.tr("Library"),
            "course": self.tr("Course"),
            "quiz": self.tr("Quiz"),
            "goals": self.tr("Goals & Plan"),
            "progress": self.tr("Progress"),
            "settings": self.tr("Settings"),
            "teaching": self.tr("Teaching"),
            "store_status": self.tr("Store status"),
            "coach": self.tr("Coaching"),
        }
        return titles[key]

    def retranslate(self) -> None:
        org = self.controller.institution.organisation
        self.setWindowTitle(self.tr("Satchel — %1").replace("%1", org) if org
                            else self.tr("Satchel"))
        self.file_menu.setTitle(self.tr("&File"))
        self.sync_action.setText(self.tr("Sync now"))
        self.export_action.setText(self.tr("Export my data…"))
        self.publish_action.setText(self.tr("Publish a course…"))
        self.switch_profile_action.setText(self.tr("Switch profile…"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.quit_action.setText(self.tr("Quit"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.find_action.setText(self.tr("Search the store"))
        self.settings_action.setText(self.tr("Settings…"))
        self.view_menu.setTitle(self.tr("&View"))
        self.zoom_in_action.setText(self.tr("Zoom in"))
        self.zoom_out_action.setText(self.tr("Zoom out"))
        self.zoom_reset_action.setText(self.tr("Actual size"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.shortcuts_action.setText(self.tr("Keyboard shortcuts"))
        self.update_action.setText(self.tr("Check for updates…"))
        self.about_action.setText(self.tr("About Satchel"))
        for i, spec in enumerate(self.specs):
            self.screen_actions[i].setText(self.screen_title(spec.key))
            item = self.sidebar.item(i)
            item.setText(self.screen_title(spec.key))
            item.setToolTip(self.tr("%1 (Ctrl+%2)").replace("%1", self.screen_title(spec.key))
                            .replace("%2", str(i + 1)))
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setToolTip(self.tr("Send and fetch changes now (F5)"))
        self.offline_banner.setText(self.tr("Offline — your work is saved and will sync later"))
        self.loading.setText(self.tr("Opening your library…"))
        self._on_sync_status(self.controller.sync_status)
        self._refresh_account_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            import shiboken6

            # while the window is being destroyed its menus go first: nothing to translate
            if all(shiboken6.isValid(m) for m in (self.file_menu, self.edit_menu,
                                                   self.view_menu, self.go_menu,
                                                   self.help_menu)):
                self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:  # light/dark: re-tint the icons
            for i, spec in enumerate(self.specs):
                self.sidebar.item(i).setIcon(icon(spec.icon))
        super().changeEvent(event)

    # -- navigation ---------------------------------------------------------------------
    @Slot(int)
    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.go(self.specs[row].key)

    def go(self, key: str, **kwargs: Any) -> QWidget | None:
        """Show screen ``key`` (building it on first use); kwargs go to its ``open(...)``."""
        keys = [s.key for s in self.specs]
        if key not in keys:  # e.g. Teaching after the account lost the role
            key = "home"
        self.current_key = key
        row = keys.index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        if not self.controller.is_ready:
            if self.profiles_page is None or self.stack.currentWidget() is not \
                    self.profiles_page:
                self.stack.setCurrentWidget(self.loading)
            return None
        screen = self.screen(key)
        self.stack.setCurrentWidget(screen)
        if kwargs and hasattr(screen, "open"):
            screen.open(**kwargs)
        elif hasattr(screen, "activated"):
            screen.activated()
        self.screenChanged.emit(key)
        return screen

    def screen(self, key: str) -> QWidget:
        """The screen widget for ``key``, built on first use."""
        if key not in self.screens:
            spec = next(s for s in self.specs if s.key == key)
            module = importlib.import_module(spec.module)
            factory: Callable[..., QWidget] = getattr(module, spec.cls)
            widget = factory(self.controller, self)
            widget.setObjectName(f"screen_{key}")
            self.screens[key] = widget
            self.stack.addWidget(widget)
        return self.screens[key]

    def show_about(self, check: bool = False) -> QWidget:
        """The About dialog (version, who manages this copy); ``check``: look for updates."""
        import shiboken6

        from ui.dialogs.about import AboutDialog, open_about

        dialog = self.about_dialog
        if isinstance(dialog, AboutDialog) and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.raise_()
            if check:
                dialog.check()
            return dialog
        self.about_dialog = open_about(self.controller, self, check=check)
        return self.about_dialog

    def zoom(self, direction: int) -> int:
        """Zoom all text and PDFs one step in (1), out (-1) or back to normal (0); the size
        is kept in the `text_size` setting. Returns the new size in percent."""
        from PySide6.QtWidgets import QApplication

        from ui.theme import set_text_size, zoom_step

        percent = zoom_step(int(self.controller.settings["text_size"]), direction)
        try:
            self.controller.apply_setting("text_size", percent)
        except Exception as exc:  # a locked setting: say so, keep the size
            from app.errors import is_user_error
            from ui.errors import show_user_error

            if not is_user_error(exc):
                raise
            show_user_error(exc, self)  # type: ignore[arg-type]
            return int(self.controller.settings["text_size"])
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        set_text_size(app, percent)
        self.statusBar().showMessage(self.tr("Text size %1%").replace("%1", str(percent)), 2500)
        return percent

    def show_shortcuts(self) -> QWidget:
        """Help → Keyboard shortcuts: every menu action with its shortcut."""
        import shiboken6

        from ui.dialogs.shortcuts import ShortcutsDialog

        dialog = self.shortcuts_dialog
        if not (isinstance(dialog, ShortcutsDialog) and shiboken6.isValid(dialog)):
            dialog = ShortcutsDialog(self)
            self.shortcuts_dialog = dialog
        assert isinstance(dialog, ShortcutsDialog)
        dialog.fill(self.menu_actions())
        if dialog.isVisible():
            dialog.raise_()
        dialog.show()
        return dialog

    @Slot()
    def export_data(self) -> None:
        screen = self.go("settings")
        if screen is not None and hasattr(screen, "choose_export"):
            screen.choose_export()

    @Slot()
    def focus_search(self) -> None:
        screen = self.go("store")
        if screen is not None and hasattr(screen, "focus_search"):
            screen.focus_search()

    # -- controller signals -------------------------------------------------------------
    @Slot()
    def _on_ready(self) -> None:
        if not self._ready_once:
            self._ready_once = True
            self.controller.accountChanged.connect(self._refresh_account_label)
            from ui.dialogs.purchase import PurchaseConfirmer

            self.purchases = PurchaseConfirmer(self.controller, self)  # queued purchases
        self._profile_actions_enabled(True)
        self._refresh_account_label()
        self.go(self.current_key)
        self.join_provisioned_class()
        self.check_roles()

    # -- the screens offered by role (Teaching, Coaching, Store status) ----------------------
    def check_roles(self) -> None:
        """Ask the store (on the worker) for this account's roles; offer the screens of
        `ROLE_SCREENS` it has, and File → Publish a course… to instructors."""
        services = self.controller.services
        if services is None:
            return

        def roles() -> set[str]:
            found = services.account.roles()
            if services.institutions.coach_groups():
                found.add("coach")
            return found

        def done(roles: set[str]) -> None:
            if self.controller.services is services:
                for spec, role in ROLE_SCREENS:
                    self.set_offered(spec, role in roles)

        self.controller.worker.run(roles, on_done=done, owner=self)

    def join_provisioned_class(self) -> None:
        """Join the class institution.toml names (`[store] group_code`), once per profile."""
        services, code = self.controller.services, self.controller.institution.group_code
        if services is not None and code:
            self.controller.worker.run(services.institutions.join_provisioned, code,
                                       owner=self)

    @property
    def teaching_offered(self) -> bool:
        return TEACHING in self.specs

    def set_offered(self, spec: ScreenSpec, on: bool) -> None:
        """Show or hide a role's screen in the sidebar and the Go menu (keeping the order of
        `ROLE_SCREENS`; shortcuts Ctrl+9… follow the sidebar). Teaching brings File →
        Publish a course… with it."""
        if spec is TEACHING:
            self.publish_action.setVisible(on)
        if on == (spec in self.specs):
            return
        if on:
            order = [s for s, _r in ROLE_SCREENS]
            row = len(SCREENS) + sum(1 for s in self.specs[len(SCREENS):]
                                     if order.index(s) < order.index(spec))  # fmt: skip
            self.specs.insert(row, spec)
            item = QListWidgetItem(icon(spec.icon), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.sidebar.insertItem(row, item)
            act = self._action(f"go_{spec.key}", None,
                               lambda k=spec.key: self.go(k), app_wide=True)  # fmt: skip
            self.screen_actions.insert(row, act)
            self.go_menu.addAction(act)
        else:
            row = self.specs.index(spec)
            if self.current_key == spec.key:
                self.go("home")
            self.specs.pop(row)
            self.sidebar.takeItem(row)
            act = self.screen_actions.pop(row)
            self.go_menu.removeAction(act)
            self.removeAction(act)
            act.deleteLater()
            screen = self.screens.pop(spec.key, None)
            if screen is not None:
                self._drop_screen(screen)
        for i, a in enumerate(self.screen_actions):
            a.setShortcut(QKeySequence(f"Ctrl+{i + 1}") if i < 9 else QKeySequence())
        self.retranslate()

    @Slot()
    def show_publish(self) -> None:
        from ui.dialogs.publish import PublishDialog

        if self.publish_dialog is None:
            self.publish_dialog = PublishDialog(self.controller, self)
        if self.publish_dialog.isVisible():
            self.publish_dialog.raise_()
        else:
            self.publish_dialog.show()

    @Slot()
    def show_profiles(self) -> None:
        """Show the profile switcher (no profile is open)."""
        if self.profiles_page is None:  # built like the screens: imported by name, lazily
            module = importlib.import_module("ui.screens.profiles")
            self.profiles_page = module.ProfilesScreen(self.controller, self)
            self.stack.addWidget(self.profiles_page)
        page: Any = self.profiles_page
        page.show_profiles()
        self._profile_actions_enabled(False)
        self._refresh_account_label()
        self.stack.setCurrentWidget(page)

    @Slot()
    def _profile_closed(self) -> None:
        """The open profile closed: drop its screens, nothing of it stays on screen."""
        self._drop_screens()
        self.current_key = "home"
        for spec, _role in ROLE_SCREENS:
            self.set_offered(spec, False)  # Teaching's also hides File → Publish a course…
        self._profile_actions_enabled(False)
        if self.publish_dialog is not None:
            self.publish_dialog.close()
            self.publish_dialog.deleteLater()
            self.publish_dialog = None
        self.offline_banner.hide()
        self.sync_label.clear()
        self.loading.setText(self.tr("Closing the profile…"))
        self._refresh_account_label()

    @Slot()
    def _drop_screen(self, screen: QWidget) -> None:
        """Cut a screen from its profile (`Screen.dispose`) and delete it."""
        dispose = getattr(screen, "dispose", None)
        if dispose is not None:
            dispose()
        self.stack.removeWidget(screen)
        screen.deleteLater()

    def _drop_screens(self) -> None:
        """Screens belong to one profile: dropped when it closes, rebuilt for the next."""
        for screen in self.screens.values():
            self._drop_screen(screen)
        self.screens.clear()
        self.stack.setCurrentWidget(self.loading)

    @Slot(object)
    def _on_startup_failed(self, exc: BaseException) -> None:
        self.loading.setText(
            self.tr("Satchel could not open your data:") + "\n" + str(exc)
        )

    @Slot(object)
    def _on_sync_status(self, status: Any) -> None:
        from ui.format import sync_status_text

        text, offline = sync_status_text(status)
        self.sync_label.setText(text)
        self.offline_banner.setVisible(offline)

    @Slot()
    def _refresh_account_label(self) -> None:
        account = self.controller.account_summary()
        if account is None:
            self.account_label.setText(self.tr("No profile open"))
        else:
            services = self.controller.services
            if services is not None and not services.account.signed_in:
                account = self.tr("%1 — not signed in to the store").replace("%1", account)
            self.account_label.setText(account)

    @Slot()
    def sync_now(self) -> None:
        self.controller.sync_now()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.firstPainted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        for screen in self.screens.values():
            closer = getattr(screen, "shutdown", None)
            if closer is not None:
                closer()
        super().closeEvent(event)
