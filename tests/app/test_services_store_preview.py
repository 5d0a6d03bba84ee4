# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""Free-preview lessons through the catalog service against a real store: the preview
lesson of a paid course opens before buying, with its picture, from a cache that is not
fetched twice; other lessons are refused plainly; a damaged download is not kept."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import (  # type: ignore[import-not-found]  # noqa: F401
    app_services,
    memory_keyring,
    new_email,
    services,
    test_store,
)

from app.errors import UserError
from app.services.store_preview import NotPreviewable


def test_the_preview_lesson_of_a_paid_course_opens_before_buying(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "paid-course" not in services.library.owned_ids()
    fetched: list[str] = []
    real = services.client.preview_file

    def counting(url: str, out: Any, **kw: Any) -> tuple[int, str]:
        fetched.append(url.rsplit("/files/", 1)[1])
        return tuple(real(url, out, **kw))  # type: ignore[return-value]

    monkeypatch.setattr(services.client, "preview_file", counting)
    lesson = services.catalog.open_preview("paid-course", "l-add")
    assert lesson.kind == "text" and lesson.item.title == "Adding numbers"
    assert "<strong>combining</strong>" in lesson.html
    assert [data[:8] for data in lesson.images.values()] == [b"\x89PNG\r\n\x1a\n"]
    assert sorted(fetched) == ["lessons/add.md", "media/dots.png"]
    # Opened again: nothing is downloaded twice.
    again = services.catalog.open_preview("paid-course", "l-add")
    assert again.html == lesson.html and sorted(fetched) == ["lessons/add.md", "media/dots.png"]
    # Nothing was bought.
    assert "paid-course" not in services.library.owned_ids()


@pytest.mark.parametrize("item_id", ["l-pdf", "l-audio", "check", "no-such-item"])
def test_other_lessons_are_refused_plainly(services: Any, item_id: str) -> None:
    with pytest.raises(NotPreviewable, match="buy the course"):
        services.catalog.open_preview("paid-course", item_id)


def test_a_damaged_preview_file_is_not_kept(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def tampered(url: str, out: Any, **kw: Any) -> tuple[int, str]:
        out.write(b"tampered")
        return 8, hashlib.sha256(b"tampered").hexdigest()

    monkeypatch.setattr(services.client, "preview_file", tampered)
    with pytest.raises(UserError, match="damaged"):
        services.catalog.open_preview("paid-course", "l-add")
    files = services.catalog.previews.root / "files"
    assert not files.exists() or list(files.iterdir()) == []
    monkeypatch.undo()
    lesson = services.catalog.open_preview("paid-course", "l-add")
    stored = sorted(files.iterdir())
    assert [p.suffix for p in stored] == [".md", ".png"]
    assert all(p.stem == hashlib.sha256(p.read_bytes()).hexdigest() for p in stored)
    assert "combining" in lesson.html
