"""Merge rules: per-field last-writer-wins by HLC with tombstones converges whatever the order
of delivery (property test), and two devices editing the same goal and note offline end up
identical whichever syncs first (against the real store)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from kit import Device, StoreKit

from app.db.models import Goal, Note
from sync.merge import Stamped, coalesce, is_deleted, merge_fields, merged, new_event_ids
from sync.protocol import DELETED_FIELD, FieldValue, RecordChange, format_hlc

FIELDS = ["title", "body", "hours", DELETED_FIELD]

write = st.tuples(
    st.sampled_from(FIELDS),
    st.integers(0, 40),  # wall ms (small range: many ties on wall time)
    st.integers(0, 3),  # counter
    st.sampled_from(["dev-a", "dev-b", "dev-c"]),
    st.one_of(st.booleans(), st.integers(-3, 3), st.text(max_size=3)),
)


def _change(w: tuple[str, int, int, str, Any]) -> dict[str, Stamped]:
    name, wall, counter, node, value = w
    if name == DELETED_FIELD:
        value = bool(value)
    return {name: Stamped(value, format_hlc(1_700_000_000_000 + wall, counter, node))}


def _apply_all(changes: list[dict[str, Stamped]]) -> dict[str, Stamped]:
    state: dict[str, Stamped] = {}
    for change in changes:
        state = merged(state, change)
    return state


@settings(max_examples=150, deadline=None)
@given(st.lists(write, max_size=25), st.randoms(use_true_random=False))
def test_any_delivery_order_and_duplication_gives_the_same_record(
    writes: list[tuple[str, int, int, str, Any]], rnd: random.Random
) -> None:
    changes = [_change(w) for w in writes]
    expected = _apply_all(changes)
    shuffled = changes + rnd.sample(changes, k=len(changes) // 2)  # with duplicates
    rnd.shuffle(shuffled)
    assert _apply_all(shuffled) == expected
    # Two replicas that each saw half, then exchanged states, agree too.
    left, right = _apply_all(shuffled[::2]), _apply_all(shuffled[1::2])
    assert merged(left, right) == merged(right, left) == expected
    # The winner of every field is its greatest-clock write.
    for name in {n for c in changes for n in c}:
        top = max((c[name] for c in changes if name in c), key=lambda s: s.hlc)
        assert expected[name].hlc == top.hlc


def test_counter_and_node_break_ties_by_number_not_by_text() -> None:
    older = Stamped("old", format_hlc(1_700_000_000_000, 9, "dev-b"))
    newer = Stamped("new", format_hlc(1_700_000_000_000, 10, "dev-a"))
    assert merge_fields({"title": older}, {"title": newer}) == {"title": newer}
    assert merge_fields({"title": newer}, {"title": older}) == {}


def test_tombstone_wins_over_older_writes_and_a_later_undelete_wins_over_it() -> None:
    t = [format_hlc(1_700_000_000_000 + i, 0, "d") for i in range(3)]
    state = _apply_all([{"title": Stamped("x", t[0])}, {DELETED_FIELD: Stamped(True, t[1])}])
    assert is_deleted(state)
    assert is_deleted(merged(state, {DELETED_FIELD: Stamped(False, t[0])}))
    assert not is_deleted(merged(state, {DELETED_FIELD: Stamped(False, t[2])}))


def test_coalescing_an_outbox_batch_keeps_each_fields_winner() -> None:
    hlc = [format_hlc(1_700_000_000_000 + i, 0, "d") for i in range(3)]
    changes = [
        RecordChange(collection="notes", record_id="n", fields={
            "body": FieldValue(value="a", hlc=hlc[0]), "anchor": FieldValue(value=1, hlc=hlc[0])}),
        RecordChange(collection="goals", record_id="g", fields={
            "title": FieldValue(value="g", hlc=hlc[1])}),
        RecordChange(collection="notes", record_id="n", fields={
            "body": FieldValue(value="b", hlc=hlc[2])}),
    ]
    out = coalesce(changes)
    assert [(c.collection, c.record_id) for c in out] == [("notes", "n"), ("goals", "g")]
    assert out[0].fields["body"].value == "b" and out[0].fields["anchor"].value == 1


def test_events_merge_as_a_union() -> None:
    assert new_event_ids({"a", "b"}, ["b", "c", "c", "d"]) == ["c", "d"]


def _scenario(kit: StoreKit, root: Path, order: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both devices edit the same goal and note offline, then sync in ``order``."""
    email = kit.new_email()
    a = Device(root / "a", kit.url, email, register=True)
    b = Device(root / "b", kit.url, email)
    try:
        a.edit(Goal, "goal-1", title="Read", hours_per_week=2.0)
        a.edit(Note, "note-1", course_id="c1", body="v1")
        assert a.engine.sync_now().ok and b.engine.sync_now().ok

        # Offline on both: a edits first (older clock), b later (newer clock).
        a.edit(Goal, "goal-1", title="Read more", hours_per_week=4.0)
        a.edit(Note, "note-1", body="edited on a")
        b.clock.update(a.clock.now())  # b's edits happen after a's
        b.edit(Goal, "goal-1", title="Read daily", status="active")
        b.edit(Note, "note-1", deleted=True)
        first, second = (a, b) if order == "ab" else (b, a)
        for dev in (first, second, first):
            assert dev.engine.sync_now().ok
        ga, gb = a.record(Goal, "goal-1"), b.record(Goal, "goal-1")
        na, nb = a.record(Note, "note-1"), b.record(Note, "note-1")
        assert ga == gb and na == nb
        assert ga is not None and na is not None
        return ga, na
    finally:
        a.close()
        b.close()


def test_two_devices_converge_identically_whichever_syncs_first(
    kit: StoreKit, work: Path
) -> None:
    goal_ab, note_ab = _scenario(kit, work / "ab", "ab")
    goal_ba, note_ba = _scenario(kit, work / "ba", "ba")
    for goal in (goal_ab, goal_ba):
        assert goal["title"] == "Read daily"  # b's later write wins the field
        assert goal["hours_per_week"] == 4.0  # only a changed it: kept
    for note in (note_ab, note_ba):
        assert note["deleted"] is True  # b's later tombstone wins over a's earlier edit
        assert note["body"] == "edited on a"  # the field itself still merges
    values = ("title", "hours_per_week", "status", "deleted")
    assert {k: goal_ab[k] for k in values} == {k: goal_ba[k] for k in values}
    fields = ("body", "deleted")
    assert {k: note_ab[k] for k in fields} == {k: note_ba[k] for k in fields}
