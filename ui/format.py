"""Formatting of values for display (prices, durations, dates, sync status), translated.

Plain functions; call on the GUI thread (they use the installed translators).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

_DECIMALS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3}
_SYMBOLS = {"USD": "$", "EUR": "€", "CNY": "¥", "GBP": "£", "JPY": "¥"}


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Format", text, disambiguation, n)


def money(amount: int, currency: str) -> str:
    """Integer minor units → '$12.00', '¥68.00'; 0 → 'Free'."""
    if amount == 0:
        return QCoreApplication.translate("Format", "Free")
    decimals = _DECIMALS.get(currency, 2)
    major, minor = divmod(amount, 10**decimals) if decimals else (amount, 0)
    number = f"{major:,}" + (f".{minor:0{decimals}d}" if decimals else "")
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def minutes(total: float) -> str:
    total_min = round(total)
    if total_min < 60:
        return QCoreApplication.translate("Format", "%n min", None, total_min)
    hours, mins = divmod(total_min, 60)
    if mins == 0:
        return QCoreApplication.translate("Format", "%n h", None, hours)
    return QCoreApplication.translate("Format", "%1 h %2 min").replace(
        "%1", str(hours)).replace("%2", str(mins))


def seconds_clock(seconds: float) -> str:
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def size(num_bytes: int | float) -> str:
    value = float(num_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def rate(bytes_per_second: float) -> str:
    """'350.0 KB/s'."""
    return QCoreApplication.translate("Format", "%1/s").replace("%1", size(bytes_per_second))


def time_left(seconds: float) -> str:
    """'4 s left', '3 min left', '1 h 5 min left' (rounded up)."""
    s = max(0, int(seconds + 0.999))
    if s < 60:
        return QCoreApplication.translate("Format", "%n s left", None, s)
    mins = (s + 59) // 60
    if mins < 60:
        return QCoreApplication.translate("Format", "%n min left", None, mins)
    return QCoreApplication.translate("Format", "%1 left").replace("%1", minutes(mins))


def day(d: date) -> str:
    today = date.today()
    delta = (d - today).days
    if delta == 0:
        return QCoreApplication.translate("Format", "Today")
    if delta == 1:
        return QCoreApplication.translate("Format", "Tomorrow")
    if delta == -1:
        return QCoreApplication.translate("Format", "Yesterday")
    return d.isoformat()


def quote(text: str) -> str:
    """``text`` in “curly quotes”; quotes already inside become ‘single’ ones, so a title
    that quotes something is never shown as “Finish “NumPy””."""
    inner = text.strip().replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def weekday(d: date) -> str:
    """The short name of the day of the week, in the interface language ('Sat', '周六')."""
    from PySide6.QtCore import QDate, QLocale

    return QLocale().dayName(QDate(d.year, d.month, d.day).dayOfWeek(),
                             QLocale.FormatType.ShortFormat)


def when(moment: datetime | None) -> str:
    """A past moment as 'just now', '5 min ago', '3 h ago' or a date."""
    if moment is None:
        return QCoreApplication.translate("Format", "never")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    secs = (datetime.now(UTC) - moment).total_seconds()
    if secs < 60:
        return QCoreApplication.translate("Format", "just now")
    if secs < 3600:
        return QCoreApplication.translate("Format", "%n min ago", None, int(secs // 60))
    if secs < 86400:
        return QCoreApplication.translate("Format", "%n h ago", None, int(secs // 3600))
    return moment.astimezone().date().isoformat()


def sync_status_text(status: Any) -> tuple[str, bool]:
    """(status bar text, offline?) for a `sync.status.SyncStatus` (or None before start)."""
    if status is None:
        return QCoreApplication.translate("Format", "Not synced yet"), False
    state = getattr(status.state, "value", str(status.state))
    last = QCoreApplication.translate("Format", "Last synced %1").replace(
        "%1", when(status.last_synced))
    from ui.messages import error_text, step_text

    if state == "syncing":
        step = step_text(status.step) if status.step else ""
        syncing = QCoreApplication.translate("Format", "Syncing…")
        return syncing + (f" ({step})" if step else ""), False
    if state == "offline":
        since = getattr(status, "offline_since", None)
        if since is None:
            return last, True
        local = since.astimezone()
        at = local.strftime("%H:%M") if local.date() == datetime.now().astimezone().date() \
            else f"{day(local.date())} {local.strftime('%H:%M')}"
        return QCoreApplication.translate("Format", "Offline — store unreachable since %1") \
            .replace("%1", at), True
    if state == "error":
        reason = error_text(status.reason or "")
        return QCoreApplication.translate("Format", "Sync problem: %1").replace("%1", reason), False
    if status.last_synced is None:
        return QCoreApplication.translate("Format", "Not synced yet"), False
    return last, False


def language_name(tag: str) -> str:
    if tag == "en":
        return QCoreApplication.translate("Format", "English")
    if tag in ("zh-CN", "zh_CN"):
        return QCoreApplication.translate("Format", "Chinese (Simplified)")
    return tag


def topic_name(topic: str) -> str:
    names = {
        "programming": QCoreApplication.translate("Format", "Programming"),
        "data": QCoreApplication.translate("Format", "Data"),
        "fitness": QCoreApplication.translate("Format", "Fitness"),
        "arts": QCoreApplication.translate("Format", "Arts & music"),
        "language": QCoreApplication.translate("Format", "Languages"),
        "finance": QCoreApplication.translate("Format", "Finance"),
        "other": QCoreApplication.translate("Format", "Other"),
    }
    return names.get(topic, topic)


def kind_name(kind: str) -> str:
    names = {
        "text": QCoreApplication.translate("Format", "Reading"),
        "pdf": QCoreApplication.translate("Format", "PDF"),
        "audio": QCoreApplication.translate("Format", "Audio"),
        "video": QCoreApplication.translate("Format", "Video"),
        "quiz": QCoreApplication.translate("Format", "Quiz"),
    }
    return names.get(kind, kind)
