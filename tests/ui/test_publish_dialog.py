"""File → Publish a course…: instructors only; a demo-like course goes through the dialog
(local check, upload with progress, the store's report, the creator agreement) into the
real store's catalog; a broken course shows its problems and is not uploaded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from store import accounts
from store.db.models import CourseVersion, Upload

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "python-foundations"


def _make_instructor(window: Any, test_store: Any) -> str:
    email = window.controller.services.account.current_user.email
    with test_store.ctx.db.write() as session:
        accounts.set_role(session, email, instructor=True, admin=None)
    return str(email)


def _demo_copy(tmp_path: Path, course_id: str) -> Path:
    folder = tmp_path / course_id
    shutil.copytree(DEMO, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["id"] = course_id
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return folder


def _open_dialog(window: Any, qtbot: Any) -> Any:
    window.check_roles()
    qtbot.waitUntil(window.publish_action.isVisible, timeout=20_000)
    assert window.publish_action in window.file_menu.actions()
    window.publish_action.trigger()
    return window.publish_dialog


def test_a_learner_does_not_see_the_publish_entry(window: Any) -> None:
    window.check_roles()
    assert window.controller.worker.wait_idle(20_000)
    assert not window.publish_action.isVisible()


def test_an_instructor_publishes_a_course_from_the_dialog(
    window: Any, qtbot: Any, test_store: Any, tmp_path: Path
) -> None:
    _make_instructor(window, test_store)
    dialog = _open_dialog(window, qtbot)
    course_id = "python-foundations-published"
    folder = _demo_copy(tmp_path, course_id)
    dialog.path_edit.setText(str(folder))
    dialog.upload_button.click()
    qtbot.waitUntil(lambda: dialog.upload is not None or "Refused" in dialog.status.text(),
                    timeout=30_000)  # fmt: skip
    assert dialog.upload is not None, dialog.status.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert course_id in dialog.report.toPlainText()
    assert "Copyright check" in dialog.report.toPlainText()
    assert dialog.encrypt_box.isChecked()  # a folder is encrypted unless the author says not
    assert "Encrypted: the store gives the key only to buyers' devices." in \
        dialog.report.toPlainText()
    # the first publish needs the creator agreement
    assert dialog.agreement.isVisible() and dialog.agreement.toPlainText().strip()
    assert not dialog.publish_button.isEnabled()
    dialog.accept_box.setChecked(True)
    assert dialog.publish_button.isEnabled()
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None or "Refused" in dialog.status.text(),
                    timeout=30_000)  # fmt: skip
    assert dialog.outcome is not None and dialog.outcome.status == "published"
    assert "Published" in dialog.status.text()
    r = httpx.get(f"{test_store.url}/v1/catalog/courses/{course_id}")
    assert r.status_code == 200 and r.json()["title"]
    assert r.json()["bundle"]["encrypted"] is True

    # a new version of the course, with a changelog; the agreement is accepted already
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["version"] = "99.0.0"
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    dialog.changelog.setText("Clearer examples")
    dialog.encrypt_box.setChecked(False)  # a free course may go unencrypted
    dialog.upload_button.click()
    qtbot.waitUntil(lambda: (dialog.upload is not None and dialog.outcome is None)
                    or "Refused" in dialog.status.text(), timeout=30_000)  # fmt: skip
    assert "Changelog: Clearer examples" in dialog.report.toPlainText(), dialog.status.text()
    assert not dialog.accept_box.isVisible() and dialog.publish_button.isEnabled()
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None or "Refused" in dialog.status.text(),
                    timeout=30_000)  # fmt: skip
    assert dialog.outcome is not None and dialog.outcome.version == "99.0.0"
    r = httpx.get(f"{test_store.url}/v1/catalog/courses/{course_id}")
    assert r.json()["version"] == "99.0.0" and r.json()["bundle"]["encrypted"] is False


def test_a_broken_course_shows_its_problems_and_is_not_uploaded(
    window: Any, qtbot: Any, test_store: Any, tmp_path: Path
) -> None:
    _make_instructor(window, test_store)
    user_id = window.controller.services.account.current_user.user_id
    dialog = _open_dialog(window, qtbot)
    folder = _demo_copy(tmp_path, "python-foundations-broken")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    first = manifest["outline"][0]["items"][0]["path"]
    (folder / first).unlink()
    dialog.path_edit.setText(str(folder))
    dialog.upload_button.click()
    qtbot.waitUntil(lambda: "problem" in dialog.status.text(), timeout=20_000)
    assert first in dialog.report.toPlainText()
    assert dialog.upload is None and not dialog.publish_button.isEnabled()
    with test_store.ctx.db.session(write=False) as session:
        uploads = session.scalar(
            select(func.count()).select_from(Upload).where(Upload.owner_id == user_id)
        )
        drafts = session.scalar(
            select(func.count()).select_from(CourseVersion)
            .where(CourseVersion.author_id == user_id)
        )  # fmt: skip
    assert uploads == 0 and drafts == 0


def test_the_stores_refusal_is_shown_plainly(
    window: Any, qtbot: Any, test_store: Any, tmp_path: Path
) -> None:
    _make_instructor(window, test_store)
    dialog = _open_dialog(window, qtbot)
    dialog.path_edit.setText(str(_demo_copy(tmp_path, "free-course")))  # another's course id
    dialog.upload_button.click()
    qtbot.waitUntil(lambda: "Refused" in dialog.status.text(), timeout=30_000)
    assert "belongs to another instructor" in dialog.status.text()
    assert dialog.upload is None and not dialog.publish_button.isEnabled()
    assert dialog.upload_button.isEnabled()


def _publish_as_another_instructor(test_store: Any, folder: Path, tmp_path: Path) -> None:
    """Another author publishes ``folder`` over HTTP (the CLI's upload, then publish)."""
    from bundle.pack import pack
    from bundle.publish import upload_bundle
    from store.copyright import AGREEMENT_VERSION

    email = f"original-{tmp_path.name}@example.org"
    with httpx.Client(base_url=test_store.url, timeout=60.0) as c:
        r = c.post("/v1/auth/register", json={"email": email, "password": "password123"})
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        with test_store.ctx.db.write() as session:
            accounts.set_role(session, email, instructor=True, admin=None)
        draft = upload_bundle(c, auth, pack(folder, tmp_path / "original.satchel"))
        r = c.post(f"/v1/publish/drafts/{draft['id']}/publish", headers=auth,
                   json={"accept_agreement": AGREEMENT_VERSION})
        assert r.status_code == 200, r.text


def test_a_near_copy_of_another_authors_course_is_held_for_review(
    qtbot: Any, fresh_store: Any, tmp_path: Path
) -> None:
    """The copyright check at publish: another author's course copied under a new id is
    held for an administrator, and the dialog says so; nothing is listed."""
    from support import _window  # type: ignore[import-not-found]

    windows = _window(qtbot, fresh_store.url)
    window = next(windows)
    try:
        _held(window, qtbot, fresh_store, tmp_path)
    finally:
        next(windows, None)


def _held(window: Any, qtbot: Any, test_store: Any, tmp_path: Path) -> None:
    _publish_as_another_instructor(test_store, _demo_copy(tmp_path / "a", "original-course"),
                                   tmp_path)
    _make_instructor(window, test_store)
    dialog = _open_dialog(window, qtbot)
    dialog.path_edit.setText(str(_demo_copy(tmp_path / "b", "copied-course")))
    dialog.upload_button.click()
    qtbot.waitUntil(lambda: dialog.upload is not None or "Refused" in dialog.status.text(),
                    timeout=30_000)  # fmt: skip
    assert dialog.upload is not None, dialog.status.text()
    if dialog.accept_box.isVisible():
        dialog.accept_box.setChecked(True)
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None or "Refused" in dialog.status.text(),
                    timeout=30_000)  # fmt: skip
    assert dialog.outcome is not None and dialog.outcome.status == "held", dialog.status.text()
    assert "is held: an administrator reviews its resemblance" in dialog.status.text()
    assert httpx.get(f"{test_store.url}/v1/catalog/courses/copied-course").status_code == 404
