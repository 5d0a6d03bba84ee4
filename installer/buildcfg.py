"""Constants shared by `satchel.spec`, `build.py` and the smoke tests (no imports of ours).

Change what goes into a build here, in one place.
"""

from __future__ import annotations

APP_NAME = "Satchel"
EXE_NAME = "satchel"  # the executable and the dist/ folder
APP_ID = "org.satchel.Satchel"  # reverse-DNS id: macOS bundle id, desktop file name base
MIME_TYPE = "application/x-satchel-bundle"
BUNDLE_UTI = "org.satchel.bundle"  # macOS uniform type identifier for .satchel files
MAINTAINER = "Satchel maintainers <satchel@example.org>"
HOMEPAGE = "https://example.org/satchel"
SUMMARY = "Offline-first desktop app for paid online courses"
DESCRIPTION = """\
Satchel lets learners buy courses from a store, study them offline (Markdown lessons,
PDFs, audio, video, quizzes) and sync progress later. Goals, dated study plans, spaced
reviews and recommendations are computed on the computer. Institutions can preconfigure
it with /etc/satchel/institution.toml."""

# Our own packages: every submodule and every data file inside them goes into the build.
OUR_PACKAGES = ("app", "ui", "sync", "scoring", "store", "bundle")

# Qt modules the app never uses. Excluding them keeps them out even if a dependency
# would pull them in; `build.py` refuses to build when our code imports one of them.
EXCLUDED_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCanvasPainter", "QtConcurrent", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtNetworkAuth", "QtNfc", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
    "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

# Qt modules the app needs even if no `import` shows it (plugins come with them).
REQUIRED_QT_MODULES = (
    "QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork",
    "QtMultimedia", "QtMultimediaWidgets", "QtPdf", "QtPdfWidgets",
)

# Python packages that are installed in the dev venv but never needed at run time.
EXCLUDED_PYTHON = (
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "schemathesis",
    "mypy", "mypyc", "importlinter", "grimp", "PyInstaller", "IPython", "matplotlib",
    "sqlalchemy.testing", "alembic.testing", "keyrings.alt", "psycopg2", "yaml",
)

# Qt platform plugins kept: desktop (X11, Wayland), headless (offscreen, minimal),
# Windows and macOS. The embedded-device ones (eglfs, linuxfb, vnc, vkkhrdisplay) go.
KEPT_PLATFORM_PLUGINS = (
    "qxcb", "qwayland", "qwayland-egl", "qwayland-generic", "qoffscreen", "qminimal",
    "qwindows", "qcocoa", "qdirect2d",
)
# Whole plugin folders dropped: only used on embedded Linux devices.
DROPPED_PLUGIN_DIRS = ("egldeviceintegrations", "generic")
# Single plugins dropped: the on-screen virtual keyboard (pulls QtQuick's keyboard, 1.5 MB,
# plus QML imports); desktop input methods (IBus, compose) stay for Chinese input.
DROPPED_PLUGINS = ("libqtvirtualkeyboardplugin",)
# Qt libraries only the dropped plugins need (their dependency scan added them).
DROPPED_LIB_PREFIXES = ("libQt6EglFSDeviceIntegration", "libQt6EglFsKmsSupport",
                        "libQt6VirtualKeyboard")

# Qt's own translations kept (the app's languages); the other ~30 languages are dropped.
QT_TRANSLATION_LANGS = ("en", "zh_CN")

# Debian packages the frozen app needs on a fresh system. Measured: with exactly these, the
# installed .deb passes its self-test in a minimal Debian 12 root, offscreen and on X11.
DEB_DEPENDS = (
    "libgl1", "libegl1", "fontconfig-config", "fonts-dejavu-core", "libxkbcommon0",
    "libdbus-1-3",
)
# ...because PyInstaller bundles the X11 libraries the xcb platform plugin loads from the
# build machine. `build.py` checks they were bundled (soname -> Debian package to install
# on the build machine when one is missing); libxcb1 itself comes with libgl1.
BUNDLED_X11_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libpulse.so.0": "libpulse0",
}
DEB_RECOMMENDS = ("gnome-keyring | kwalletmanager | keepassxc", "libpulse0", "xdg-utils")


if __name__ == "__main__":  # `python3 installer/buildcfg.py`: the packages a build machine needs
    print(" ".join(sorted(set(BUNDLED_X11_LIBS.values()))))
