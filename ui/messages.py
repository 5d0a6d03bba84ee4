"""Translated texts for what the Qt-free layers say: sync steps and plain error messages.

The domain (`app/`, `sync/`) stays free of Qt and speaks English: a sync status carries its
step ("Sending your progress") and reason, and every `UserError`/`SyncError` has a plain
English message. This module is the one place that maps them to the interface language:

* `step_text(step)` — a `SyncStatus.step` through the "SyncStatus" context;
* `error_text(exc_or_message)` — a message through the "Messages" context: fixed sentences
  are looked up as they are (listed below with `QT_TRANSLATE_NOOP` so `pyside6-lupdate`
  collects them), sentences with values in them (a folder, an amount, a course name) are
  matched by pattern and rebuilt from a translated template with %1, %2.

Anything not known here is shown in English, unchanged (never hidden). GUI thread only (the
installed translators are used).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: The steps of a sync cycle (`sync.engine.SyncEngine._run_cycle`).
SYNC_STEPS = (
    QT_TRANSLATE_NOOP("SyncStatus", "Connecting to the store"),
    QT_TRANSLATE_NOOP("SyncStatus", "Sending your progress"),
    QT_TRANSLATE_NOOP("SyncStatus", "Sending your ratings and reviews"),
    QT_TRANSLATE_NOOP("SyncStatus", "Updating the catalog"),
    QT_TRANSLATE_NOOP("SyncStatus", "Checking your courses"),
    QT_TRANSLATE_NOOP("SyncStatus", "Receiving progress from your other devices"),
    QT_TRANSLATE_NOOP("SyncStatus", "Checking pending purchases"),
)

#: Fixed messages of the services, the sync layer and the demo store.
KNOWN_MESSAGES = (
    # classes (groups) of an institution
    QT_TRANSLATE_NOOP("Messages", "There is no group with this code; check it with your "
                                  "teacher."),
    QT_TRANSLATE_NOOP("Messages", "A class code has at least 4 characters; check the code "
                                  "your teacher gave you."),
    QT_TRANSLATE_NOOP("Messages", "That is not a class code; check the code your teacher "
                                  "gave you."),
    # sync and sign-in
    QT_TRANSLATE_NOOP("Messages", "Choose between 1 and 5 stars."),
    QT_TRANSLATE_NOOP("Messages", "To encrypt a course, choose its folder (a packed .satchel "
                                  "file is published as it is)."),
    QT_TRANSLATE_NOOP("Messages", "Only a course you own can be rated."),
    QT_TRANSLATE_NOOP("Messages", "You have not rated this course."),
    QT_TRANSLATE_NOOP("Messages", "Sync stopped because of an unexpected problem; it was "
                                  "recorded in the log."),
    QT_TRANSLATE_NOOP("Messages", "Your sign-in has expired. Please sign in again."),
    QT_TRANSLATE_NOOP("Messages", "Sign in first to sync your progress."),
    QT_TRANSLATE_NOOP("Messages", "You are not signed in to the store. Sign in to sync."),
    QT_TRANSLATE_NOOP("Messages", "Your sign-in has expired or was revoked. Sign in again to "
                                  "sync; your offline progress is kept and will be sent then."),
    QT_TRANSLATE_NOOP("Messages", "The store no longer accepts this sign-in. Sign in again."),
    QT_TRANSLATE_NOOP("Messages", "The connection to the store was cut while reading its "
                                  "answer."),
    QT_TRANSLATE_NOOP("Messages", "The store sent an answer Satchel does not understand. The "
                                  "store may be newer than this app; check for an update."),
    QT_TRANSLATE_NOOP("Messages", "The store did not confirm every learning event it was "
                                  "sent; they stay queued and will be sent again."),
    QT_TRANSLATE_NOOP("Messages", "Please enter a valid email address, such as "
                                  "name@example.org."),
    QT_TRANSLATE_NOOP("Messages", "Choose a password with at least 8 characters."),
    QT_TRANSLATE_NOOP("Messages", "Please enter your password."),
    QT_TRANSLATE_NOOP("Messages", "Wrong email or password."),
    QT_TRANSLATE_NOOP("Messages", "Too many attempts; wait a minute and try again."),
    # course access
    QT_TRANSLATE_NOOP("Messages", "You do not have access to this course on this device yet. "
                                  "Buy it or connect to the store to check your purchases."),
    QT_TRANSLATE_NOOP("Messages", "This course is not in your purchases (it may have been "
                                  "refunded). Connect to the store to check."),
    QT_TRANSLATE_NOOP("Messages", "Your offline access has expired. Connect to the internet "
                                  "once so Satchel can renew it with the store."),
    # free previews in the Store
    QT_TRANSLATE_NOOP("Messages", "This lesson is not a free preview; buy the course to open "
                                  "it."),
    QT_TRANSLATE_NOOP("Messages", "This lesson is not a free preview."),
    QT_TRANSLATE_NOOP("Messages", "The store cannot be reached, and this preview was not "
                                  "opened on this computer before. Connect to the internet to "
                                  "open it."),
    QT_TRANSLATE_NOOP("Messages", "The store sent a damaged preview file; try again."),
    # library and downloads
    QT_TRANSLATE_NOOP("Messages", "This course is not downloaded yet. Download it from your "
                                  "Library to study it offline."),
    QT_TRANSLATE_NOOP("Messages", "The key for this paid course is missing on this device. "
                                  "Sync while online, then open the course again."),
    QT_TRANSLATE_NOOP("Messages", "This course was unlocked for another device key. Remove "
                                  "the download and download it again while signed in."),
    QT_TRANSLATE_NOOP("Messages", "Downloads need the store."),
    QT_TRANSLATE_NOOP("Messages", "Sign in to download your courses."),
    QT_TRANSLATE_NOOP("Messages", "Satchel cannot reach the store right now to download the "
                                  "course. What was downloaded is kept; resume the download "
                                  "when you are back online."),
    # store and purchases
    QT_TRANSLATE_NOOP("Messages", "This course's details are not on this computer yet, and "
                                  "the store cannot be reached. Connect to the internet to "
                                  "see them."),
    QT_TRANSLATE_NOOP("Messages", "Sign in or create an account to get this course."),
    QT_TRANSLATE_NOOP("Messages", "You are offline. Your purchase is saved; when you are back "
                                  "online Satchel will show you the price to confirm. Nothing "
                                  "is charged until then."),
    QT_TRANSLATE_NOOP("Messages", "Thank you! The course is in your library."),
    QT_TRANSLATE_NOOP("Messages", "The payment is not confirmed yet; Satchel will check "
                                  "again."),
    QT_TRANSLATE_NOOP("Messages", "That purchase no longer exists."),
    QT_TRANSLATE_NOOP("Messages", "A purchase of this course is already waiting; it will be "
                                  "completed when you are online."),
    QT_TRANSLATE_NOOP("Messages", "This purchase was already sent to the store; it cannot be "
                                  "cancelled here. Ask for a refund from your purchases "
                                  "instead."),
    QT_TRANSLATE_NOOP("Messages", "Satchel has not checked the current price yet. Connect to "
                                  "the store and confirm the price first."),
    QT_TRANSLATE_NOOP("Messages", "This purchase is closed; start a new one."),
    QT_TRANSLATE_NOOP("Messages", "You already own this course; nothing was charged. It "
                                  "appears in your library after the next sync."),
    QT_TRANSLATE_NOOP("Messages", "This course is no longer offered by the store."),
    QT_TRANSLATE_NOOP("Messages", "The store cancelled this order; you were not charged."),
    QT_TRANSLATE_NOOP("Messages", "The card was declined."),
    QT_TRANSLATE_NOOP("Messages", "This is not a sandbox test card. Use 4242 4242 4242 4242 "
                                  "(payment succeeds) or 4000 0000 0000 0002 (card "
                                  "declined)."),
    # notes, goals, progress
    QT_TRANSLATE_NOOP("Messages", "Write something first: the note is empty."),
    QT_TRANSLATE_NOOP("Messages", "That note no longer exists."),
    QT_TRANSLATE_NOOP("Messages", "Download the course first: the plan is made from its "
                                  "lessons."),
    QT_TRANSLATE_NOOP("Messages", "Give your goal a name, for example “Finish Python "
                                  "Foundations”."),
    QT_TRANSLATE_NOOP("Messages", "Pick a target date after today."),
    QT_TRANSLATE_NOOP("Messages", "Choose between 0.5 and 80 hours a week."),
    QT_TRANSLATE_NOOP("Messages", "This goal has no course or date to plan for."),
    QT_TRANSLATE_NOOP("Messages", "That goal no longer exists."),
    QT_TRANSLATE_NOOP("Messages", "Sign in first: Satchel keeps your answers under your "
                                  "account."),
    QT_TRANSLATE_NOOP("Messages", "Sign in first: Satchel keeps your progress under your "
                                  "account."),
    # coupons
    QT_TRANSLATE_NOOP("Messages", "Enter a coupon code."),
    QT_TRANSLATE_NOOP("Messages", "Sign in or create an account to use a coupon."),
    QT_TRANSLATE_NOOP("Messages", "The store refused the coupon."),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def _doing(fragment: str) -> str:
    """What the app was doing (" to sync", ...) as a verb phrase of the translation."""
    doing = {
        " to sync": QCoreApplication.translate("Messages", "to sync"),
        " to download the course": QCoreApplication.translate("Messages",
                                                               "to download the course"),
        " to buy the course": QCoreApplication.translate("Messages", "to buy the course"),
        " to finish the payment": QCoreApplication.translate("Messages",
                                                              "to finish the payment"),
        " to sign in": QCoreApplication.translate("Messages", "to sign in"),
        " to check the coupon": QCoreApplication.translate("Messages", "to check the coupon"),
        " to update the catalog": QCoreApplication.translate("Messages",
                                                              "to update the catalog"),
        " to show this course": QCoreApplication.translate("Messages", "to show this course"),
        " to open this preview": QCoreApplication.translate("Messages",
                                                             "to open this preview"),
        " to list your devices": QCoreApplication.translate("Messages",
                                                             "to list your devices"),
        " to sign that device out": QCoreApplication.translate("Messages",
                                                                "to sign that device out"),
        " to join the class": QCoreApplication.translate("Messages", "to join the class"),
        " to leave the class": QCoreApplication.translate("Messages", "to leave the class"),
        " to fetch the report": QCoreApplication.translate("Messages", "to fetch the report"),
        " to load your teaching figures": QCoreApplication.translate(
            "Messages", "to load your teaching figures"),
        " to load the store's status": QCoreApplication.translate(
            "Messages", "to load the store's status"),
    }
    return doing.get(fragment, fragment.strip())


def _cannot_reach(m: re.Match[str]) -> str:
    if not m["doing"]:
        return QCoreApplication.translate(
            "Messages", "Satchel cannot reach the store right now. Check your connection; "
                        "everything you do offline is kept and sent later.")
    return QCoreApplication.translate(
        "Messages", "Satchel cannot reach the store right now %1. Check your connection; "
                    "everything you do offline is kept and sent later.").replace(
        "%1", _doing(m["doing"]))


_Render = Callable[[re.Match[str]], str]

#: The store's refusals of a coupon (`store.coupons`), at "Apply" or when ordering (then
#: with "You were not charged." after them).
_COUPON = {
    "unknown": QT_TRANSLATE_NOOP("Messages", "There is no coupon '%1'."),
    "expired": QT_TRANSLATE_NOOP("Messages", "The coupon %1 expired on %2."),
    "used_up": QT_TRANSLATE_NOOP("Messages", "The coupon %1 has been used up (%2 uses)."),
    "other": QT_TRANSLATE_NOOP("Messages", "The coupon %1 is not for this course."),
}
_NOT_CHARGED = QT_TRANSLATE_NOOP("Messages", "You were not charged.")


def _coupon(kind: str) -> _Render:
    def render(m: re.Match[str]) -> str:
        groups = m.groupdict()
        text = QCoreApplication.translate("Messages", str(_COUPON[kind])).replace(
            "%1", m["code"]).replace("%2", groups.get("value") or "")
        if m["tail"]:
            text += " " + QCoreApplication.translate("Messages", str(_NOT_CHARGED))
        return text
    return render


_TAIL = r"(?P<tail> You were not charged\.)?"

_PATTERNS: tuple[tuple[re.Pattern[str], _Render], ...] = (
    (re.compile(r"There is no coupon '(?P<code>[^']*)'\." + _TAIL), _coupon("unknown")),
    (re.compile(r"The coupon (?P<code>\S+) expired on (?P<value>[\d-]+)\." + _TAIL),
     _coupon("expired")),
    (re.compile(r"The coupon (?P<code>\S+) has been used up \((?P<value>\w+) uses\)\."
                + _TAIL), _coupon("used_up")),
    (re.compile(r"The coupon (?P<code>\S+) is not for this course\." + _TAIL),
     _coupon("other")),
    (re.compile(r"Satchel cannot reach the store right now(?P<doing>( to [^.]+)?)\. Check "
                r"your connection; everything you do offline is kept and sent later\."),
     _cannot_reach),
    (re.compile(r"The store at (?P<url>\S+) could not be reached\. Check your internet "
                r"connection; Satchel keeps working offline and will sync later\."),
     lambda m: QCoreApplication.translate(
         "Messages", "The store at %1 could not be reached. Check your internet connection; "
                     "Satchel keeps working offline and will sync later.").replace(
         "%1", m["url"])),
    (re.compile(r"The store knows no class with the code '(?P<code>[^']+)' set by your "
                r"organisation \(\[store\] group_code in institution\.toml\); ask your IT "
                r"department to check it\."),
     lambda m: QCoreApplication.translate(
         "Messages", "The store knows no class with the code '%1' set by your organisation "
                     "([store] group_code in institution.toml); ask your IT department to "
                     "check it.").replace("%1", m["code"])),
    (re.compile(r"The connection to the store was interrupted \((?P<why>.*)\)\."),
     lambda m: QCoreApplication.translate(
         "Messages", "The connection to the store was interrupted (%1).").replace(
         "%1", m["why"])),
    (re.compile(r"The store had a problem \(HTTP (?P<status>\d+)\) and did not finish the "
                r"request\. Satchel will try again later\."),
     lambda m: QCoreApplication.translate(
         "Messages", "The store had a problem (HTTP %1) and did not finish the request. "
                     "Satchel will try again later.").replace("%1", m["status"])),
    (re.compile(r"The store refused the request \(HTTP (?P<status>[^)]+)\)\."),
     lambda m: QCoreApplication.translate(
         "Messages", "The store refused the request (HTTP %1).").replace("%1", m["status"])),
    (re.compile(r"There is not enough free disk space in (?P<dir>.+) to finish this download "
                r"\((?P<mb>[\d.]+ MB) more needed\)\. Free some space, then resume the "
                r"download; what was already downloaded is kept\.", re.DOTALL),
     lambda m: QCoreApplication.translate(
         "Messages", "There is not enough free disk space in %1 to finish this download "
                     "(%2 more needed). Free some space, then resume the download; what was "
                     "already downloaded is kept.").replace("%1", m["dir"]).replace(
         "%2", m["mb"])),
    (re.compile(r"The download of (?P<name>.+) arrived damaged \(its checksum does not "
                r"match\), so it was deleted\. Try the download again; if this keeps "
                r"happening, the store's copy may be broken\.", re.DOTALL),
     lambda m: QCoreApplication.translate(
         "Messages", "The download of %1 arrived damaged (its checksum does not match), so "
                     "it was deleted. Try the download again; if this keeps happening, the "
                     "store's copy may be broken.").replace("%1", m["name"])),
    (re.compile(r"The course file failed its checks: (?P<why>.+)\. It was deleted; try "
                r"downloading it again\.", re.DOTALL),
     lambda m: QCoreApplication.translate(
         "Messages", "The course file failed its checks: %1. It was deleted; try downloading "
                     "it again.").replace("%1", m["why"])),
    (re.compile(r"The connection was lost while downloading (?P<name>.+)\. What was "
                r"downloaded is kept; the download resumes when the store is reachable "
                r"again\.", re.DOTALL),
     lambda m: QCoreApplication.translate(
         "Messages", "The connection was lost while downloading %1. What was downloaded is "
                     "kept; the download resumes when the store is reachable again.").replace(
         "%1", m["name"])),
    (re.compile(r"The store stopped sending (?P<name>.+)\. The download is kept and resumes "
                r"next time\.", re.DOTALL),
     lambda m: QCoreApplication.translate(
         "Messages", "The store stopped sending %1. The download is kept and resumes next "
                     "time.").replace("%1", m["name"])),
    (re.compile(r"Enter a card number \(in the demo store use the test card (?P<card>[\d ]+)"
                r"\)\."),
     lambda m: QCoreApplication.translate(
         "Messages", "Enter a card number (in the demo store use the test card %1).").replace(
         "%1", m["card"])),
    (re.compile(r"The price of this course changed to (?P<price>[\d.]+ [A-Z]{3})\. Please "
                r"check the new price and buy again; you were not charged\."),
     lambda m: QCoreApplication.translate(
         "Messages", "The price of this course changed to %1. Please check the new price and "
                     "buy again; you were not charged.").replace("%1", m["price"])),
    (re.compile(r"This purchase was already started at (?P<price>[\d.]+ [A-Z]{3})\. Please "
                r"confirm that price to finish it\."),
     lambda m: QCoreApplication.translate(
         "Messages", "This purchase was already started at %1. Please confirm that price to "
                     "finish it.").replace("%1", m["price"])),
    (re.compile(r"The price changed before your order went through \((?P<why>.*)\)\. Please "
                r"confirm the new price; you were not charged (?P<price>[\d.]+ [A-Z]{3})\.",
                re.DOTALL),
     lambda m: QCoreApplication.translate(
         "Messages", "The price changed before your order went through. Please confirm the "
                     "new price; you were not charged %1.").replace("%1", m["price"])),
    (re.compile(r"A note can hold at most (?P<n>\d+) characters\."),
     lambda m: QCoreApplication.translate(
         "Messages", "A note can hold at most %1 characters.").replace("%1", m["n"])),
    (re.compile(r"Could not (?P<what>save your account details in|write the export to|"
                r"delete) (?P<path>.+): (?P<why>[^:]+)", re.DOTALL),
     lambda m: {
         "save your account details in": QCoreApplication.translate(
             "Messages", "Could not save your account details in %1: %2"),
         "write the export to": QCoreApplication.translate(
             "Messages", "Could not write the export to %1: %2"),
         "delete": QCoreApplication.translate("Messages", "Could not delete %1: %2"),
     }[m["what"]].replace("%1", m["path"]).replace("%2", m["why"])),
)


def step_text(step: str) -> str:
    """A sync step in the interface language."""
    return QCoreApplication.translate("SyncStatus", step)


def error_text(error: BaseException | str) -> str:
    """A plain message (of an exception, or as text) in the interface language."""
    message = str(error).strip()
    for pattern, render in _PATTERNS:
        m = pattern.fullmatch(message)
        if m is not None:
            return render(m)
    return _t(message)
