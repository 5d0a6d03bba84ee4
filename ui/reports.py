"""PDFs a learner can hand on: a course certificate and a printable progress report.

Both are drawn with `QPdfWriter` + `QPainter` (A4). The certificate PDF carries the store's
signed claim appended after the PDF (`bundle.certificate.embed`), so
``satchel-bundle verify-certificate FILE`` checks the very file. GUI thread (QPainter on a
QPdfWriter is fine off it too, but keep it simple); writes one file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from app.errors import StorageError
from app.services.study_report import StudyRow
from bundle.certificate import embed
from sync.protocol import SignedCertificate


def tr(text: str) -> str:
    return QCoreApplication.translate("Reports", text)


def _writer(buffer: QBuffer, title: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Satchel")
    writer.setResolution(144)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    return writer


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _save(path: Path, data: bytes) -> Path:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise StorageError(f"Could not write the export to {path}: {exc.strerror}") from exc
    return path


def certificate_pdf(signed: SignedCertificate) -> bytes:
    """The certificate as PDF bytes (with the signed claim appended)."""
    c = signed.certificate
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, tr("Certificate of completion"))
    painter = QPainter(writer)
    page = QRectF(0, 0, writer.width(), writer.height())
    painter.setPen(QPen(QColor("#2f6fde"), 6))
    painter.drawRect(page.adjusted(10, 10, -10, -10))
    painter.setPen(QColor("#1f2328"))
    y = page.height() * 0.14

    def line(text: str, size: float, bold: bool = False, gap: float = 1.0) -> None:
        nonlocal y
        painter.setFont(_font(size, bold))
        height = painter.fontMetrics().height() * 2.2 * gap
        painter.drawText(QRectF(40, y, page.width() - 80, height),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), text)
        y += height

    line(tr("Certificate of completion"), 26, bold=True, gap=1.4)
    line(tr("This certifies that"), 13)
    line(c.learner_name, 22, bold=True, gap=1.2)
    line(tr("completed the course"), 13)
    line(c.course_title, 20, bold=True, gap=1.3)
    line(tr("on %1 (version %2)").replace("%1", c.completed_on)
         .replace("%2", c.course_version), 12, gap=1.6)
    line(tr("Verification code: %1").replace("%1", c.code), 14, bold=True)
    line(tr("Issued by %1 and signed with its key %2.").replace("%1", c.store)
         .replace("%2", signed.key_id), 10)
    line(tr("Check it offline with: satchel-bundle verify-certificate FILE, or online at "
            "the store (POST /v1/certificates/verify)."), 9)
    painter.end()
    buffer.close()
    return embed(bytes(buffer.data().data()), signed)


def write_certificate(signed: SignedCertificate, path: Path) -> Path:
    return _save(path, certificate_pdf(signed))


def progress_report_pdf(learner: str, rows: list[StudyRow], today: date | None = None) -> bytes:
    """A printable table: per course and lesson, minutes studied, answers, right, done."""
    today = today or date.today()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, tr("Progress report"))
    painter = QPainter(writer)
    width, height = writer.width(), writer.height()
    cols = [(tr("Lesson or quiz"), 0.50), (tr("Minutes"), 0.12), (tr("Answers"), 0.12),
            (tr("Right"), 0.12), (tr("Done"), 0.14)]
    y = 0.0

    def heading() -> None:
        nonlocal y
        painter.setFont(_font(18, True))
        h = painter.fontMetrics().height() * 1.6
        painter.drawText(QRectF(0, y, width, h), int(Qt.AlignmentFlag.AlignLeft),
                         tr("Progress report"))
        y += h
        painter.setFont(_font(11))
        h = painter.fontMetrics().height() * 1.8
        painter.drawText(QRectF(0, y, width, h), int(Qt.AlignmentFlag.AlignLeft),
                         tr("%1 — %2").replace("%1", learner).replace("%2", today.isoformat()))
        y += h

    def row(cells: list[str], bold: bool = False) -> None:
        nonlocal y
        painter.setFont(_font(10, bold))
        h = painter.fontMetrics().height() * 1.5
        if y + h > height:
            writer.newPage()
            y = 0.0
        x = 0.0
        for (_name, share), text in zip(cols, cells, strict=True):
            w = width * share
            painter.drawText(QRectF(x, y, w - 8, h), int(Qt.AlignmentFlag.AlignVCenter),
                             painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                              int(w - 8)))
            x += w
        y += h

    heading()
    course = None
    total_minutes = 0.0
    for r in rows:
        if r.course_id != course:
            course = r.course_id
            y += 10
            row([r.course, "", "", "", ""], bold=True)
            row([name for name, _s in cols], bold=True)
        total_minutes += r.study_minutes
        row([r.item, f"{r.study_minutes:g}", str(r.answers), str(r.correct_answers),
             "✓" if r.completed else ""])
    y += 10
    row([tr("Total"), f"{round(total_minutes, 1):g}", str(sum(r.answers for r in rows)),
         str(sum(r.correct_answers for r in rows)), str(sum(r.completed for r in rows))],
        bold=True)
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def write_progress_report(learner: str, rows: list[StudyRow], path: Path) -> Path:
    return _save(path, progress_report_pdf(learner, rows))


__all__ = ["certificate_pdf", "progress_report_pdf", "write_certificate",
           "write_progress_report"]
