"""A completed course earns a signed PDF certificate that `satchel-bundle verify-certificate`
accepts; study time exports as CSV and a printable PDF progress report — driven from the
real Settings screen on the real store."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

from support import buy_and_download, wait_idle  # type: ignore[import-not-found]


def _settings(window: Any) -> Any:
    screen = window.go("settings")
    wait_idle(window)
    return screen


def _pdf_pages(path: Path) -> int:
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    doc.load(str(path))
    count = doc.pageCount()
    doc.close()
    return count


def test_completed_course_earns_a_certificate_that_verifies(window: Any, qtbot: Any,
                                                            tmp_path: Path,
                                                            test_store: Any) -> None:
    from bundle.certificate import read_certificate_file
    from bundle.cli import main as bundle_cli

    buy_and_download(window)
    services = window.controller.services
    settings = _settings(window)
    assert settings.cert_course.findData("paid-course") >= 0
    items = list(services.library.manifest("paid-course").items())
    for item in items[:-1]:
        services.progress.complete("paid-course", item)
    target = tmp_path / "cert.pdf"
    settings.certificate_to("paid-course", target)
    qtbot.waitUntil(lambda: "not complete" in settings.data_message.text(), timeout=20_000)
    assert not target.exists()

    services.progress.complete("paid-course", items[-1])
    settings.certificate_to("paid-course", target)
    qtbot.waitUntil(lambda: target.exists() and "saved" in settings.data_message.text(),
                    timeout=20_000)
    assert _pdf_pages(target) == 1  # a real PDF, readable by a PDF viewer
    signed = read_certificate_file(target)
    assert signed.certificate.learner_name == "Ada"
    assert signed.certificate.course_title == "Paid numbers"
    assert signed.certificate.code in settings.data_message.text()
    keys = tmp_path / "keys.json"
    keys.write_text(services.client.keys().model_dump_json(), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = bundle_cli(["verify-certificate", str(target), "--store-key", str(keys)])
    assert code == 0, out.getvalue()
    assert "Ada completed “Paid numbers”" in out.getvalue()


def test_study_time_csv_and_progress_report_pdf(window: Any, qtbot: Any,
                                                tmp_path: Path) -> None:
    buy_and_download(window)
    services = window.controller.services
    manifest = services.library.manifest("paid-course")
    lesson = next(i for i in manifest.items() if i.id == "l-add")
    services.progress.studied("paid-course", lesson, 150)
    quiz = services.library.course("paid-course").quiz("check")
    for q in quiz.questions[:3]:
        services.quiz.record_answer("paid-course", "check", q, "x", q.id != "q2", 1, 10)
    settings = _settings(window)
    target = tmp_path / "study.csv"
    settings.export_csv_to(target)
    qtbot.waitUntil(lambda: "Exported" in settings.data_message.text(), timeout=10_000)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    by_item = {r["item_id"]: r for r in rows}
    assert by_item["l-add"]["study_minutes"] == "2.5"
    assert by_item["l-add"]["item"] == "Adding numbers"
    assert (by_item["check"]["answers"], by_item["check"]["correct_answers"]) == ("3", "2")
    report = tmp_path / "report.pdf"
    settings.data_message.clear()
    settings.export_report_to(report)
    qtbot.waitUntil(lambda: "Exported" in settings.data_message.text(), timeout=10_000)
    assert _pdf_pages(report) >= 1
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    doc.load(str(report))
    text = doc.getAllText(0).text()
    doc.close()
    assert "Progress report" in text and "Adding numbers" in text and "Paid numbers" in text
