"""The lesson player: Markdown text, PDF, audio/video with transcript, or a quiz.

`LessonView.show_lesson(prepared)` takes a `PreparedLesson` (built off the GUI thread by
`app.services.lessons.prepare_lesson`), so showing it does no I/O. Signals:

* `reachedEnd` — the learner scrolled to the end of a text, reached the last PDF page, or
  the media played to the end ("viewed" completion);
* `mediaPosition(float)` — seconds into audio/video, for resume points and notes.

The media page keeps the stretches of the recording actually played (`take_played`): a
position that advances while playing counts, a jump (seeking) does not, so a recording's
completion follows the share the learner heard or watched.

Text goes to a `QTextBrowser` (images from the bundle added as document resources, external
links opened in the browser). PDFs use `QPdfView` (continuous pages on white). Audio/video
use `QMediaPlayer` + `QAudioOutput` + `QVideoWidget`, created only when a media lesson is
first shown. The quiz page is a `QuizView`.

Zoom (View → Zoom, the `text_size` setting) scales the lesson text, its headings and code,
and the PDF pages; code blocks never wrap and scroll sideways. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.lessons import PreparedLesson
from app.services.markdown_html import LESSON_CSS
from ui.format import seconds_clock
from ui.widgets.quiz_view import QuizView


def _scale() -> float:
    from PySide6.QtWidgets import QApplication

    from ui.theme import text_scale

    app = QApplication.instance()
    return text_scale(app) if isinstance(app, QApplication) else 1.0


def lesson_css(scale: float) -> str:
    """The lesson style sheet with its point sizes zoomed by ``scale``."""
    from ui.theme import _POINTS

    if scale == 1.0:
        return LESSON_CSS
    return _POINTS.sub(lambda m: f"{float(m.group(1)) * scale:.2f}pt", LESSON_CSS)


def make_text_browser(object_name: str = "lessonText") -> QTextBrowser:
    browser = QTextBrowser()
    browser.setObjectName(object_name)
    browser.setOpenExternalLinks(True)
    browser.setOpenLinks(True)
    browser.document().setDefaultStyleSheet(lesson_css(_scale()))
    browser.document().setDocumentMargin(12)
    # long lines of code are not wrapped (<pre>): the page scrolls sideways instead
    browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return browser


class _TextPage(QWidget):
    reachedEnd = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser = make_text_browser()
        layout.addWidget(self.browser)
        self.browser.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.browser.verticalScrollBar().rangeChanged.connect(lambda *_: self._scrolled())
        self._ended = False
        self._lesson: PreparedLesson | None = None
        self._zoom = _scale()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ApplicationFontChange, QEvent.Type.FontChange) \
                and hasattr(self, "_zoom") and _scale() != self._zoom:
            self.rezoom()
        return super().event(event)

    def rezoom(self) -> None:
        """Show the lesson again at the current zoom, at the same place."""
        self._zoom = _scale()
        self.browser.document().setDefaultStyleSheet(lesson_css(self._zoom))
        if self._lesson is not None:
            where = self.position()
            ended = self._ended
            self.show(self._lesson)
            self._ended = ended
            self.seek(where)

    def show(self, lesson: PreparedLesson) -> None:  # type: ignore[override]
        self._ended = False
        self._lesson = lesson
        doc = self.browser.document()
        doc.clear()
        for src, data in lesson.images.items():
            image = QImage.fromData(data)
            if not image.isNull():
                doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(src), image)
        self.browser.setHtml(lesson.html)
        self.browser.verticalScrollBar().setValue(0)

    @Slot()
    def _scrolled(self) -> None:
        bar = self.browser.verticalScrollBar()
        if not self._ended and self.browser.isVisible() and bar.value() >= bar.maximum():
            self._ended = True
            self.reachedEnd.emit()

    def position(self) -> dict[str, Any]:
        bar = self.browser.verticalScrollBar()
        frac = bar.value() / bar.maximum() if bar.maximum() else 0.0
        return {"scroll": round(frac, 4)}

    def seek(self, position: dict[str, Any]) -> None:
        bar = self.browser.verticalScrollBar()
        bar.setValue(int(float(position.get("scroll", 0)) * bar.maximum()))


class _PdfPage(QWidget):
    reachedEnd = Signal()

    def __init__(self) -> None:
        super().__init__()
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setDocument(self.document)
        self.apply_zoom()
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        layout.addWidget(self.view)
        self.page_label = QLabel()
        self.page_label.setObjectName("muted")
        layout.addWidget(self.page_label)
        self._buffer: QBuffer | None = None

    def apply_zoom(self) -> None:
        """Normal size fits the page to the width; zoomed sizes scale from there."""
        from PySide6.QtPdfWidgets import QPdfView

        scale = _scale()
        if scale == 1.0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:
            fit = self._fit_factor()
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(fit * scale)

    def _fit_factor(self) -> float:
        """The zoom factor at which the first page fills the view's width."""
        if self.document.pageCount() == 0:
            return 1.0
        points = self.document.pagePointSize(0).width()
        pixels = points / 72 * self.logicalDpiX()
        width = self.view.viewport().width() - 12
        return max(0.1, width / pixels) if pixels > 0 and width > 0 else 1.0

    def zoom_factor(self) -> float:
        return float(self.view.zoomFactor())

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ApplicationFontChange, QEvent.Type.FontChange) \
                and hasattr(self, "_buffer"):
            self.apply_zoom()
        return super().event(event)

    def show(self, lesson: PreparedLesson) -> None:  # type: ignore[override]
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(lesson.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.apply_zoom()
        self._page_changed(0)

    @Slot(int)
    def _page_changed(self, page: int) -> None:
        count = self.document.pageCount()
        self.page_label.setText(
            self.tr("Page %1 of %2").replace("%1", str(page + 1)).replace("%2", str(count))
        )
        if count and page >= count - 1:
            self.reachedEnd.emit()

    def position(self) -> dict[str, Any]:
        return {"page": self.view.pageNavigator().currentPage()}

    def seek(self, position: dict[str, Any]) -> None:
        from PySide6.QtCore import QPointF

        self.view.pageNavigator().jump(int(position.get("page", 0)), QPointF(), 0)


MAX_TICK_MS = 1500  # a larger step between two positions while playing is a seek


class _MediaPage(QWidget):
    reachedEnd = Signal()
    mediaPosition = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        from ui.qt_compat import quiet_optional_library_logs

        quiet_optional_library_logs()  # before QtMultimedia loads its optional libraries
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget()
        self.video.setObjectName("videoWidget")
        self.video.setMinimumHeight(240)
        self.player.setVideoOutput(self.video)
        from ui.qt_compat import settle_virtual_overrides

        settle_virtual_overrides(self.player, self.audio, self.video)  # see there: a deadlock
        self.player.positionChanged.connect(self._position)
        self.player.durationChanged.connect(self._duration)
        self.player.playbackStateChanged.connect(self._state)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.errorOccurred.connect(self._error)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tcol = QVBoxLayout(top)
        tcol.setContentsMargins(0, 0, 0, 0)
        self.art = QLabel()
        self.art.setObjectName("audioArt")
        self.art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.art.setMinimumHeight(90)
        tcol.addWidget(self.video, 1)
        tcol.addWidget(self.art, 1)
        controls = QHBoxLayout()
        self.play_button = QPushButton()
        self.play_button.setObjectName("playPause")
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("mediaSlider")
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setObjectName("mediaTime")
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        tcol.addLayout(controls)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorBanner")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        tcol.addWidget(self.error_label)
        splitter.addWidget(top)
        tr_box = QWidget()
        tr_col = QVBoxLayout(tr_box)
        tr_col.setContentsMargins(0, 4, 0, 0)
        self.transcript_title = QLabel()
        self.transcript_title.setObjectName("sectionTitle")
        self.transcript = make_text_browser("transcript")
        tr_col.addWidget(self.transcript_title)
        tr_col.addWidget(self.transcript)
        splitter.addWidget(tr_box)
        splitter.setSizes([320, 260])
        layout.addWidget(splitter)
        self.transcript_box = tr_box
        self._duration_ms = 0
        self._segments: list[tuple[float, float]] = []  # played since the last take
        self._last_ms: int | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.transcript_title.setText(self.tr("Transcript"))
        self._state()
        self.art.setText("♪  " + self.tr("Audio lesson"))

    def show(self, lesson: PreparedLesson) -> None:  # type: ignore[override]
        self.player.stop()
        self._segments = []
        self._last_ms = None
        self.error_label.hide()
        is_video = lesson.kind == "video"
        self.video.setVisible(is_video)
        self.art.setVisible(not is_video)
        self.transcript.setHtml(lesson.transcript_html)
        self.transcript_box.setVisible(bool(lesson.transcript_html))
        assert lesson.media_path is not None
        self.player.setSource(QUrl.fromLocalFile(str(lesson.media_path)))

    @Slot()
    def toggle(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def stop(self) -> None:
        self.player.stop()

    @Slot(int)
    def _position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        total = seconds_clock(self._duration_ms / 1000)
        self.time_label.setText(f"{seconds_clock(ms / 1000)} / {total}")
        from PySide6.QtMultimedia import QMediaPlayer

        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        last = self._last_ms
        if playing and last is not None and 0 < ms - last <= MAX_TICK_MS:
            self._segments.append((last / 1000, ms / 1000))
        self._last_ms = ms
        self.mediaPosition.emit(ms / 1000)

    def take_played(self) -> list[tuple[float, float]]:
        """The stretches played since the last call, in seconds from the start."""
        out, self._segments = self._segments, []
        return out

    @property
    def media_seconds(self) -> float:
        return self._duration_ms / 1000

    @Slot(int)
    def _duration(self, ms: int) -> None:
        self._duration_ms = ms
        self.slider.setRange(0, ms)
        self._position(self.player.position())

    @Slot()
    def _state(self, *_: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    @Slot(object)
    def _status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.reachedEnd.emit()

    @Slot(object, str)
    def _error(self, _error: object, message: str) -> None:
        self.error_label.setText(self.tr("This media file cannot be played: %1")
                                 .replace("%1", message))
        self.error_label.show()

    def position(self) -> dict[str, Any]:
        return {"seconds": round(self.player.position() / 1000, 1)}

    def seek(self, position: dict[str, Any]) -> None:
        self.player.setPosition(int(float(position.get("seconds", 0)) * 1000))


class LessonView(QWidget):
    """Shows one prepared lesson of any kind."""

    reachedEnd = Signal()
    mediaPosition = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.message = QLabel()
        self.message.setObjectName("lessonMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack.addWidget(self.message)
        self.text_page = _TextPage()
        self.text_page.reachedEnd.connect(self.reachedEnd)
        self.stack.addWidget(self.text_page)
        self.quiz_view = QuizView()
        self.stack.addWidget(self.quiz_view)
        self._pdf: _PdfPage | None = None
        self._media: _MediaPage | None = None
        self.lesson: PreparedLesson | None = None

    @property
    def pdf_page(self) -> _PdfPage:
        if self._pdf is None:
            self._pdf = _PdfPage()
            self._pdf.reachedEnd.connect(self.reachedEnd)
            self.stack.addWidget(self._pdf)
        return self._pdf

    @property
    def media_page(self) -> _MediaPage:
        if self._media is None:
            self._media = _MediaPage()
            self._media.reachedEnd.connect(self.reachedEnd)
            self._media.mediaPosition.connect(self.mediaPosition)
            self.stack.addWidget(self._media)
        return self._media

    def show_message(self, text: str) -> None:
        self.stop()
        self.lesson = None
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def show_lesson(self, lesson: PreparedLesson) -> None:
        self.stop()
        self.lesson = lesson
        if lesson.kind == "text":
            self.stack.setCurrentWidget(self.text_page)
            self.text_page.show(lesson)
        elif lesson.kind == "pdf":
            page = self.pdf_page
            self.stack.setCurrentWidget(page)
            page.show(lesson)
        elif lesson.kind in ("audio", "video"):
            media = self.media_page
            self.stack.setCurrentWidget(media)
            media.show(lesson)
        elif lesson.kind == "quiz" and lesson.quiz is not None:
            self.stack.setCurrentWidget(self.quiz_view)
            self.quiz_view.set_quiz(lesson.quiz, title=lesson.item.title)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def position(self) -> dict[str, Any]:
        page = self.stack.currentWidget()
        getter = getattr(page, "position", None)
        return getter() if getter is not None else {}

    def seek(self, position: dict[str, Any]) -> None:
        page = self.stack.currentWidget()
        seeker = getattr(page, "seek", None)
        if seeker is not None and position:
            seeker(position)

    def stop(self) -> None:
        if self._media is not None:
            self._media.stop()

    def take_played(self) -> list[tuple[float, float]]:
        """Stretches of the shown recording played since the last call (none otherwise)."""
        if self._media is not None and self.stack.currentWidget() is self._media:
            return self._media.take_played()
        return []

    def media_seconds(self) -> float:
        if self._media is not None and self.stack.currentWidget() is self._media:
            return self._media.media_seconds
        return 0.0

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._media is not None:
            self._media.retranslate()
        super().changeEvent(event)
