"""The main window: a sidebar of screens, the screen stack, and the status bar.

Screens are imported and built lazily, the first time they are shown, so the first paint
only pays for the shell (cold start) and heavy modules (QtCharts, QtMultimedia, QtPdf) load
when needed. Each screen is a QWidget with optional ``activated()`` (called every time it
becomes visible; refresh data there, in the background) and ``retranslate()``.

While no profile is open the stack shows the profile switcher (`ui.screens.profiles`) and
the sidebar is disabled; the screens are built for the open profile and dropped when it
closes, so nothing of one account stays on screen for the next.

Status bar: sync status text, an offline banner, the last sync time and "Sync now".
File menu: "Switch profile…", "Sign out", "Quit". Help menu: "Check for updates…" and
"About Satchel" (`ui.dialogs.about`). The title names the organisation that manages this
copy, if any.
Shortcuts: Ctrl+1..8 screens, Ctrl+F search the store, F5 sync now, Ctrl+Shift+P switch
profile, Ctrl+Q quit.
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

    def _build_actions(self) -> None:
        self.screen_actions: list[QAction] = []
        for i, spec in enumerate(SCREENS):
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            act.triggered.connect(lambda _=False, k=spec.key: self.go(k))
            self.addAction(act)
            self.screen_actions.append(act)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.sync_action = QAction(self)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(self.sync_now)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)
        for act in (self.find_action, self.sync_action, self.quit_action):
            self.addAction(act)
        self._build_file_menu()
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.setObjectName("helpMenu")
        self.update_action = self.help_menu.addAction("")
        self.update_action.setObjectName("checkForUpdates")
        self.update_action.triggered.connect(lambda: self.show_about(check=True))
        self.about_action = self.help_menu.addAction("")
        self.about_action.setObjectName("aboutSatchel")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(lambda: self.show_about())
        self.about_dialog: QWidget | None = None

    def _build_file_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.setObjectName("fileMenu")
        self.switch_profile_action = self.file_menu.addAction("")
        self.switch_profile_action.setObjectName("switchProfile")
        self.switch_profile_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.switch_profile_action.triggered.connect(self.controller.switch_profile)
        self.sign_out_action = self.file_menu.addAction("")
        self.sign_out_action.setObjectName("signOutAction")
        self.sign_out_action.triggered.connect(self.controller.sign_out)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self._profile_actions_enabled(False)

    def _profile_actions_enabled(self, open_: bool) -> None:
        self.sign_out_action.setEnabled(open_)
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
        }
        return titles[key]

    def retranslate(self) -> None:
        org = self.controller.institution.organisation
        self.setWindowTitle(self.tr("Satchel — %1").replace("%1", org) if org
                            else self.tr("Satchel"))
        self.file_menu.setTitle(self.tr("&File"))
        self.switch_profile_action.setText(self.tr("Switch profile…"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.quit_action.setText(self.tr("Quit"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.update_action.setText(self.tr("Check for updates…"))
        self.about_action.setText(self.tr("About Satchel"))
        for i, spec in enumerate(SCREENS):
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
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:  # light/dark: re-tint the icons
            for i, spec in enumerate(SCREENS):
                self.sidebar.item(i).setIcon(icon(spec.icon))
        super().changeEvent(event)

    # -- navigation ---------------------------------------------------------------------
    @Slot(int)
    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(SCREENS):
            self.go(SCREENS[row].key)

    def go(self, key: str, **kwargs: Any) -> QWidget | None:
        """Show screen ``key`` (building it on first use); kwargs go to its ``open(...)``."""
        self.current_key = key
        row = SCREEN_KEYS.index(key)
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
            spec = SCREENS[SCREEN_KEYS.index(key)]
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
        self._profile_actions_enabled(False)
        self.offline_banner.hide()
        self.sync_label.clear()
        self.loading.setText(self.tr("Closing the profile…"))
        self._refresh_account_label()

    @Slot()
    def _drop_screens(self) -> None:
        """Screens belong to one profile: dropped when it closes, rebuilt for the next."""
        for screen in self.screens.values():
            dispose = getattr(screen, "dispose", None)
            if dispose is not None:
                dispose()
            self.stack.removeWidget(screen)
            screen.deleteLater()
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
